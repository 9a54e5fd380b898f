package ollamatest

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"

	"github.com/ollama/ollama/fs/ggml"
)

// Shape of the tiny F16 model. Its rows are 256 wide, the block size of
// the K quantizations, so Ollama quantizes it to Q4_K_M as it would a real
// model (narrower rows fall back to other types).
const (
	// TinyF16EmbeddingDim is the embedding length of the F16 model.
	TinyF16EmbeddingDim = 256

	tinyF16FF = 256
)

// GGML tensor kinds and general.file_type values used here.
const (
	kindF32     = 0
	kindF16     = 1
	fileTypeF32 = 0
	fileTypeF16 = 1
)

// f16s is a tensor's data converted to IEEE half precision.
type f16s []float32

func (d f16s) WriteTo(w io.Writer) (int64, error) {
	buf := make([]byte, 2*len(d))
	for i, x := range d {
		binary.LittleEndian.PutUint16(buf[2*i:], toHalf(x))
	}
	n, err := w.Write(buf)
	return int64(n), err
}

// toHalf rounds a float32 to the nearest float16 (ties away from zero is
// close enough for random weights); values beyond the range saturate and
// tiny ones flush to zero.
func toHalf(f float32) uint16 {
	bits := math.Float32bits(f)
	sign := uint16(bits>>16) & 0x8000
	exp := int(bits>>23&0xff) - 127 + 15
	mant := bits & 0x7fffff
	switch {
	case exp <= 0:
		return sign
	case exp >= 31:
		return sign | 0x7bff
	}
	h := uint32(exp)<<10 | mant>>13
	if mant&0x1000 != 0 {
		h++ // round; a carry into the exponent is still the right value
	}
	if h >= 0x7c00 {
		h = 0x7bff
	}
	return sign | uint16(h)
}

// WriteTinyF16GGUF writes a tiny random-weight llama chat model whose
// matrices are F16 and whose general.file_type is 1 (F16): the input
// Ollama can quantize. With f32 true the same model is written all F32
// (file type 0), the input Ollama v0.6.5 refuses to quantize. The model
// behaves as TinyChat: it streams vocabulary words until num_predict.
func WriteTinyF16GGUF(path string, f32 bool) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write tiny f16 gguf: %w", err)
	}
	if err := writeTinyF16(f, f32); err != nil {
		f.Close()
		return fmt.Errorf("write tiny f16 gguf: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write tiny f16 gguf: %w", err)
	}
	return nil
}

func writeTinyF16(w io.WriteSeeker, f32 bool) error {
	v := newTinyVocab()
	nv := len(v.tokens)
	const d = TinyF16EmbeddingDim
	headDim := d / tinyHeads
	fileType, matKind := uint32(fileTypeF16), uint32(kindF16)
	if f32 {
		fileType, matKind = fileTypeF32, kindF32
	}
	kv := ggml.KV{
		"general.architecture":                   "llama",
		"general.name":                           "cafebot-tiny-f16",
		"general.file_type":                      fileType,
		"llama.context_length":                   uint32(TinyContextLength),
		"llama.embedding_length":                 uint32(d),
		"llama.block_count":                      uint32(tinyBlocks),
		"llama.feed_forward_length":              uint32(tinyF16FF),
		"llama.attention.head_count":             uint32(tinyHeads),
		"llama.attention.head_count_kv":          uint32(tinyHeads),
		"llama.attention.layer_norm_rms_epsilon": float32(1e-5),
		"llama.rope.dimension_count":             uint32(headDim),
		"llama.rope.freq_base":                   float32(10000),
		"llama.vocab_size":                       uint32(nv),
		"tokenizer.ggml.model":                   "llama",
		"tokenizer.ggml.tokens":                  v.tokens,
		"tokenizer.ggml.scores":                  v.scores,
		"tokenizer.ggml.token_type":              v.types,
		"tokenizer.ggml.bos_token_id":            uint32(1),
		"tokenizer.ggml.eos_token_id":            uint32(2),
		"tokenizer.ggml.unknown_token_id":        uint32(0),
		"tokenizer.ggml.add_bos_token":           true,
		"tokenizer.ggml.add_eos_token":           false,
	}
	rng := rand.New(rand.NewPCG(0xcafe, 0xf16))
	normal := func(n int, std float64) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = float32(rng.NormFloat64() * std)
		}
		return out
	}
	ones := func(n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = 1
		}
		return out
	}
	// As in the F32 tiny model, dimension 0 carries a constant that the
	// output matrix turns into +big for whole words and -big for every
	// other token, so replies are words and never end early. The random
	// part of the output rows is small: 256 random terms would otherwise
	// drown the signal.
	embd := normal(nv*d, 0.3)
	for tok := range nv {
		embd[tok*d] = 8
	}
	out := normal(nv*d, 0.05)
	for tok := range nv {
		out[tok*d] = -5
		if v.word[tok] {
			out[tok*d] = 5
		}
	}
	mat := func(name string, data []float32, shape ...uint64) ggml.Tensor {
		var wt io.WriterTo = f16s(data)
		if matKind == kindF32 {
			wt = f32s(data)
		}
		return ggml.Tensor{Name: name, Kind: matKind, Shape: shape, WriterTo: wt}
	}
	// Norms stay F32, as llama.cpp converters write them.
	vec := func(name string, data []float32, n uint64) ggml.Tensor {
		return ggml.Tensor{Name: name, Kind: kindF32, Shape: []uint64{n}, WriterTo: f32s(data)}
	}
	ts := []ggml.Tensor{
		mat("token_embd.weight", embd, uint64(nv), d),
		vec("output_norm.weight", ones(d), d),
		mat("output.weight", out, uint64(nv), d),
	}
	for i := range tinyBlocks {
		p := fmt.Sprintf("blk.%d.", i)
		ts = append(ts,
			vec(p+"attn_norm.weight", ones(d), d),
			mat(p+"attn_q.weight", normal(d*d, 0.05), d, d),
			mat(p+"attn_k.weight", normal(d*d, 0.05), d, d),
			mat(p+"attn_v.weight", normal(d*d, 0.02), d, d),
			mat(p+"attn_output.weight", normal(d*d, 0.02), d, d),
			vec(p+"ffn_norm.weight", ones(d), d),
			mat(p+"ffn_gate.weight", normal(tinyF16FF*d, 0.02), tinyF16FF, d),
			mat(p+"ffn_up.weight", normal(tinyF16FF*d, 0.02), tinyF16FF, d),
			mat(p+"ffn_down.weight", normal(d*tinyF16FF, 0.02), d, tinyF16FF),
		)
	}
	return ggml.WriteGGUF(w, kv, ts)
}
