package ollamatest

import (
	"math"
	"testing"
)

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot // the vectors are unit length
}

func TestHashEmbeddingSimilarity(t *testing.T) {
	q := HashEmbedding("Are refunds possible for cold coffee?", DefaultEmbeddingDim)
	related := HashEmbedding("Refund policy: we refund any coffee served cold.", DefaultEmbeddingDim)
	unrelated := HashEmbedding("Harbour Street opens at nine on Sundays.", DefaultEmbeddingDim)
	if rel, unrel := cosine(q, related), cosine(q, unrelated); rel <= unrel || rel < 0.5 {
		t.Errorf("cosine(query, related) = %.3f, cosine(query, unrelated) = %.3f; want related clearly closer", rel, unrel)
	}
	// Stemming makes word forms meet.
	if c := cosine(HashEmbedding("refunded", 64), HashEmbedding("Refunds", 64)); c < 0.999 {
		t.Errorf("cosine(refunded, Refunds) = %.3f, want 1", c)
	}
}

func TestHashEmbeddingShape(t *testing.T) {
	for _, text := range []string{"", "the and of", "café ☕ 日本", "one"} {
		for _, dim := range []int{1, 16, DefaultEmbeddingDim} {
			v := HashEmbedding(text, dim)
			if len(v) != dim {
				t.Fatalf("HashEmbedding(%q, %d) has length %d", text, dim, len(v))
			}
			if n := norm(v); math.Abs(n-1) > 1e-6 {
				t.Errorf("HashEmbedding(%q, %d) has norm %v, want 1", text, dim, n)
			}
		}
	}
	if len(HashEmbedding("x", 0)) != DefaultEmbeddingDim {
		t.Error("dim 0 should mean the default dimension")
	}
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

func FuzzHashEmbedding(f *testing.F) {
	for _, s := range []string{"", "refund", "Is the brownie gluten free?", "\xff\xfe", "don't"} {
		f.Add(s, 32)
	}
	f.Fuzz(func(t *testing.T, text string, dim int) {
		if dim < 1 || dim > 4096 {
			dim = DefaultEmbeddingDim
		}
		v := HashEmbedding(text, dim)
		if len(v) != dim {
			t.Fatalf("length %d, want %d", len(v), dim)
		}
		if n := norm(v); math.IsNaN(n) || math.Abs(n-1) > 1e-5 {
			t.Fatalf("HashEmbedding(%q) has norm %v", text, n)
		}
	})
}
