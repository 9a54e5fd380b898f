package ollamatest

import (
	"hash/fnv"
	"math"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// DefaultEmbeddingDim is the length of the vectors a fake embedding model
// returns unless EmbeddingDim says otherwise.
const DefaultEmbeddingDim = 384

// HashEmbedding returns the vector the fake embeds text to: every stemmed
// non-stop word (textnorm.Tokens) is hashed into one of dim buckets and the
// counts are L2-normalised. Texts that share words are therefore similar
// and texts that share none are (nearly) orthogonal, which is enough to
// test retrieval deterministically. A text with no words maps to a fixed
// unit vector rather than the zero vector, as a real model never returns
// zeros.
func HashEmbedding(text string, dim int) []float32 {
	if dim <= 0 {
		dim = DefaultEmbeddingDim
	}
	v := make([]float32, dim)
	toks := textnorm.Tokens(text)
	if len(toks) == 0 {
		toks = []string{"\x00"}
	}
	for _, tok := range toks {
		h := fnv.New64a()
		h.Write([]byte(tok))
		v[h.Sum64()%uint64(dim)]++
	}
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	norm := float32(math.Sqrt(sum))
	for i := range v {
		v[i] /= norm
	}
	return v
}
