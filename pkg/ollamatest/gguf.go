package ollamatest

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/ollama/ollama/fs/ggml"
)

// Shape of the tiny model StartReal serves. The numbers are exported so
// tests can check what the real server reports.
const (
	// TinyContextLength is the llama.context_length of the tiny model.
	TinyContextLength = 4096
	// TinyEmbeddingDim is the embedding length of the tiny model, so the
	// length of every vector its /api/embed returns.
	TinyEmbeddingDim = 32
	// TinyFamily is the model family /api/show reports for the tiny model.
	TinyFamily = "llama"

	tinyBlocks = 2
	tinyHeads  = 4
	tinyFF     = 64
)

// tinyWords are the whole-word tokens of the tiny vocabulary. The model is
// biased to generate only these, so its random output reads as (nonsense)
// English instead of stray bytes.
var tinyWords = strings.Fields(`the a an and or but of to in on at for with from by is are was be it this that
	you your we our they i can will not no yes please thanks sorry hello
	coffee tea latte espresso cappuccino mocha milk oat almond soy sugar cup size small medium large
	cake brownie muffin croissant scone cookie bagel toast sandwich soup salad vegan gluten free dairy nut nuts
	allergen allergens contains menu price prices cost dollar dollars open close closed hours today sunday monday
	saturday morning evening store location street harbour order orders refund refunds receipt card cash payment
	loyalty points bonus top up balance account customer staff manager team catering event guests notice days
	week policy help question answer document documents know sure check ask call email phone number thank welcome
	great good fresh hot cold iced warm sweet daily special new our here there time minute minutes safe unsafe`)

// tinyChars are single-character tokens so any ASCII text tokenizes
// without falling back to bytes.
const tinyChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-/$%&*+=@#_<>[]{}"

// Token types as llama.cpp reads tokenizer.ggml.token_type.
const (
	tokNormal  = 1
	tokUnknown = 2
	tokControl = 3
	tokByte    = 6
)

type tinyVocab struct {
	tokens []string
	scores []float32
	types  []int32
	word   []bool // whole words: the only tokens the model is meant to emit
}

// newTinyVocab builds a SentencePiece ("llama") vocabulary: <unk>, <s>,
// </s>, the 256 byte-fallback tokens llama.cpp needs for any character
// outside the vocabulary (it aborts without them), single characters, and
// whole words with every prefix, because SentencePiece only merges
// adjacent pieces whose concatenation is itself a token.
func newTinyVocab() *tinyVocab {
	v := &tinyVocab{}
	index := map[string]int{}
	add := func(tok string, score float32, typ int32, word bool) {
		if i, ok := index[tok]; ok {
			v.word[i] = v.word[i] || word // a prefix of one word may be another word
			return
		}
		index[tok] = len(v.tokens)
		v.tokens = append(v.tokens, tok)
		v.scores = append(v.scores, score)
		v.types = append(v.types, typ)
		v.word = append(v.word, word)
	}
	add("<unk>", 0, tokUnknown, false)
	add("<s>", 0, tokControl, false)
	add("</s>", 0, tokControl, false)
	for b := range 256 {
		add(fmt.Sprintf("<0x%02X>", b), 0, tokByte, false)
	}
	add("▁", -1, tokNormal, false)
	for _, r := range tinyChars {
		s := string(r)
		if r == ' ' {
			continue // SentencePiece spells spaces as ▁
		}
		add(s, -1, tokNormal, false)
	}
	for _, w := range tinyWords {
		piece := "▁" + w
		runes := []rune(piece)
		for n := 2; n <= len(runes); n++ {
			// Longer pieces score higher so merges prefer whole words.
			add(string(runes[:n]), float32(n), tokNormal, n == len(runes))
		}
	}
	return v
}

// f32s is a tensor's data, written little-endian.
type f32s []float32

func (d f32s) WriteTo(w io.Writer) (int64, error) {
	if err := binary.Write(w, binary.LittleEndian, []float32(d)); err != nil {
		return 0, err
	}
	return int64(4 * len(d)), nil
}

// TinyKind selects one of the tiny models.
type TinyKind int

const (
	// TinyChat is a chat model that streams random vocabulary words, one
	// per chunk, until num_predict stops it.
	TinyChat TinyKind = iota
	// TinyEmbed carries llama.pooling_type, which llama.cpp ignores for
	// llama models but which makes Ollama list the model as an embedding
	// model (and refuse to chat with it), like a real embedding model.
	TinyEmbed
	// TinyGuard answers " safe" as its most likely token whatever the
	// prompt; with num_predict 1 it reads as a Llama Guard model that
	// finds nothing wrong.
	TinyGuard
)

// TinyKindFor returns the kind StartReal creates for a model name: names
// containing "embed" are TinyEmbed, names containing "guard" TinyGuard,
// all others TinyChat.
func TinyKindFor(name string) TinyKind {
	switch {
	case strings.Contains(name, "embed"):
		return TinyEmbed
	case strings.Contains(name, "guard"):
		return TinyGuard
	}
	return TinyChat
}

// WriteTinyGGUF writes a tiny random-weight llama model of the given kind
// to path: about 320 KB, the same bytes every time (so the same blob
// digest), generated once per test binary.
func WriteTinyGGUF(path string, kind TinyKind) error {
	b, err := tinyGGUF(kind)
	if err != nil {
		return fmt.Errorf("write tiny gguf: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write tiny gguf: %w", err)
	}
	return nil
}

func writeTinyGGUF(w io.WriteSeeker, kind TinyKind) error {
	v := newTinyVocab()
	nv := len(v.tokens)
	const d = TinyEmbeddingDim
	headDim := d / tinyHeads

	kv := ggml.KV{
		"general.architecture":                   "llama",
		"general.name":                           "cafebot-tiny",
		"general.file_type":                      uint32(0), // all F32
		"llama.context_length":                   uint32(TinyContextLength),
		"llama.embedding_length":                 uint32(d),
		"llama.block_count":                      uint32(tinyBlocks),
		"llama.feed_forward_length":              uint32(tinyFF),
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
	if kind == TinyEmbed {
		kv["llama.pooling_type"] = uint32(1) // mean
	}

	rng := rand.New(rand.NewPCG(0xcafe, 0xb07))
	normal := func(n int, std float64) f32s {
		out := make(f32s, n)
		for i := range out {
			out[i] = float32(rng.NormFloat64() * std)
		}
		return out
	}
	ones := func(n int) f32s {
		out := make(f32s, n)
		for i := range out {
			out[i] = 1
		}
		return out
	}

	// Every token embedding carries a large constant in dimension 0, and the
	// layers add only small random updates, so after the final norm the
	// hidden state always has a big positive component 0. The output matrix
	// gives whole words +5 and every other token -5 in that column: the
	// sampler then picks whole words almost surely and never </s>, so a reply
	// runs to num_predict and streams one word per chunk. The guard gives
	// only "▁safe" the boost, and a bigger one.
	embd := normal(nv*d, 1)
	for tok := range nv {
		embd[tok*d] = 4
	}
	out := normal(nv*d, 1)
	for tok := range nv {
		switch {
		case kind == TinyGuard && v.tokens[tok] == "▁safe":
			out[tok*d] = 10
		case kind != TinyGuard && v.word[tok]:
			out[tok*d] = 5
		default:
			out[tok*d] = -5
		}
	}

	t := func(name string, data f32s, shape ...uint64) ggml.Tensor {
		return ggml.Tensor{Name: name, Kind: 0, Shape: shape, WriterTo: data}
	}
	// Shapes are listed outermost first (rows, columns); WriteGGUF reverses
	// them into GGUF's innermost-first order.
	ts := []ggml.Tensor{
		t("token_embd.weight", embd, uint64(nv), d),
		t("output_norm.weight", ones(d), d),
		t("output.weight", out, uint64(nv), d),
	}
	for i := range tinyBlocks {
		p := fmt.Sprintf("blk.%d.", i)
		ts = append(ts,
			t(p+"attn_norm.weight", ones(d), d),
			t(p+"attn_q.weight", normal(d*d, 0.3), d, d),
			t(p+"attn_k.weight", normal(d*d, 0.3), d, d),
			t(p+"attn_v.weight", normal(d*d, 0.1), d, d),
			t(p+"attn_output.weight", normal(d*d, 0.1), d, d),
			t(p+"ffn_norm.weight", ones(d), d),
			t(p+"ffn_gate.weight", normal(tinyFF*d, 0.1), tinyFF, d),
			t(p+"ffn_up.weight", normal(tinyFF*d, 0.1), tinyFF, d),
			t(p+"ffn_down.weight", normal(d*tinyFF, 0.1), d, tinyFF),
		)
	}
	return ggml.WriteGGUF(w, kv, ts)
}
