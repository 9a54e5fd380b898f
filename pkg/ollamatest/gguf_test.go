package ollamatest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ollama/ollama/fs/ggml"
)

func TestTinyGGUFDecodes(t *testing.T) {
	for _, kind := range []TinyKind{TinyChat, TinyEmbed, TinyGuard} {
		path := filepath.Join(t.TempDir(), "tiny.gguf")
		if err := WriteTinyGGUF(path, kind); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		g, _, err := ggml.Decode(f, -1)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		kv := g.KV()
		if kv.Architecture() != "llama" || kv.ContextLength() != TinyContextLength || kv.EmbeddingLength() != TinyEmbeddingDim || kv.BlockCount() != tinyBlocks {
			t.Errorf("arch %q ctx %d embd %d blocks %d", kv.Architecture(), kv.ContextLength(), kv.EmbeddingLength(), kv.BlockCount())
		}
		_, hasPooling := kv["llama.pooling_type"]
		if hasPooling != (kind == TinyEmbed) {
			t.Errorf("kind %d: llama.pooling_type present = %v", kind, hasPooling)
		}
		if n := kv.Uint("vocab_size"); int(n) != len(newTinyVocab().tokens) {
			t.Errorf("vocab_size %d, want %d", n, len(newTinyVocab().tokens))
		}
		// token_embd, output_norm, output, and 9 tensors per block.
		if n := len(g.Tensors().Items()); n != 3+9*tinyBlocks {
			t.Errorf("%d tensors, want %d", n, 3+9*tinyBlocks)
		}
		fi, _ := f.Stat()
		if fi.Size() > 1<<20 {
			t.Errorf("file is %d bytes, want under 1 MiB", fi.Size())
		}
	}
}

func TestTinyVocab(t *testing.T) {
	v := newTinyVocab()
	// llama.cpp needs every byte-fallback token (it aborts on a character
	// it cannot spell otherwise) and finds the newline as <0x0A>.
	for _, tok := range []string{"<unk>", "<s>", "</s>", "<0x00>", "<0x0A>", "<0xFF>", "▁", "▁refund", "▁ref"} {
		if !slices.Contains(v.tokens, tok) {
			t.Errorf("vocabulary lacks %q", tok)
		}
	}
	if len(v.tokens) != len(v.scores) || len(v.tokens) != len(v.types) || len(v.tokens) != len(v.word) {
		t.Fatal("vocabulary arrays differ in length")
	}
	seen := map[string]bool{}
	for i, tok := range v.tokens {
		if seen[tok] {
			t.Errorf("duplicate token %q", tok)
		}
		seen[tok] = true
		if v.word[i] && v.types[i] != tokNormal {
			t.Errorf("whole word %q has type %d", tok, v.types[i])
		}
	}
	// "▁a" is both a prefix of "▁and" and a word of its own.
	if i := slices.Index(v.tokens, "▁a"); i < 0 || !v.word[i] {
		t.Error(`"▁a" should be marked as a whole word`)
	}
	if i := slices.Index(v.tokens, "▁ref"); v.word[i] {
		t.Error(`"▁ref" is only a prefix`)
	}
}

func TestTinyGGUFIsDeterministic(t *testing.T) {
	var a, b memFile
	if err := writeTinyGGUF(&a, TinyChat); err != nil {
		t.Fatal(err)
	}
	if err := writeTinyGGUF(&b, TinyChat); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.buf, b.buf) {
		t.Error("two writes of the tiny GGUF differ; the blob digest would change between runs")
	}
	cached, err := tinyGGUF(TinyChat)
	if err != nil || !bytes.Equal(cached, a.buf) {
		t.Errorf("cached GGUF differs from a fresh write (err %v)", err)
	}
}

func TestTinyKindFor(t *testing.T) {
	for name, want := range map[string]TinyKind{
		"cafebot-faq": TinyChat, "cafebot-tools": TinyChat, "cafebot-escalation": TinyChat,
		"cafebot-guard": TinyGuard, "cafebot-embed": TinyEmbed, "tiny": TinyChat,
	} {
		if got := TinyKindFor(name); got != want {
			t.Errorf("TinyKindFor(%q) = %d, want %d", name, got, want)
		}
	}
	if _, err := tinyGGUF(TinyKind(7)); err == nil {
		t.Error("tinyGGUF of an unknown kind succeeded")
	}
}
