package retrieval

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"github.com/philippgille/chromem-go"
)

// metaLocation is the chromem metadata key the location filter uses.
const metaLocation = "location"

// errNoEmbedFunc guards against chromem ever trying to embed by itself:
// every vector is computed by the caller's Embedder and passed in.
var errNoEmbedFunc = errors.New("retrieval: vectors are precomputed; chromem must not embed")

// buildCollection loads the chunks that have vectors into an in-memory
// chromem collection; a document's ID is its chunk index.
func buildCollection(chunks []chunk) (*chromem.Collection, error) {
	db := chromem.NewDB()
	coll, err := db.CreateCollection("chunks", nil, func(context.Context, string) ([]float32, error) {
		return nil, errNoEmbedFunc
	})
	if err != nil {
		return nil, fmt.Errorf("vector collection: %w", err)
	}
	// AddDocuments starts a goroutine per document; a few workers calling
	// AddDocument over ranges is much cheaper for 100k chunks.
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	ctx := context.Background()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(chunks); i += workers {
				c := &chunks[i]
				if c.vec == nil {
					continue
				}
				doc := chromem.Document{
					ID:        strconv.Itoa(i),
					Metadata:  map[string]string{metaLocation: locationKey(c.location)},
					Embedding: c.vec,
				}
				if err := coll.AddDocument(ctx, doc); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("vector collection: %w", err)
	}
	return coll, nil
}

// vecHit is one chunk ranked by cosine similarity.
type vecHit struct {
	doc int
	sim float64
}

// vectorSearch returns the n chunks most similar to qv. A large index
// without a location is searched by the quantised scan (vector_quant.go)
// once it is built; otherwise chromem searches exhaustively. With a location it asks chromem
// twice, for that location and for chain-wide chunks (no location), and
// merges.
func (st *state) vectorSearch(ctx context.Context, qv []float32, location string, n int) ([]vecHit, error) {
	if st.coll == nil || n <= 0 {
		return nil, nil
	}
	if q := st.quant.ready(); q != nil && locationKey(location) == "" {
		return q.search(ctx, qv, n)
	}
	return st.chromemSearch(ctx, qv, location, n)
}

// chromemSearch is vectorSearch by chromem's exhaustive scan.
func (st *state) chromemSearch(ctx context.Context, qv []float32, location string, n int) ([]vecHit, error) {
	n = min(n, st.coll.Count())
	var wheres []map[string]string
	if key := locationKey(location); key != "" {
		wheres = []map[string]string{{metaLocation: key}, {metaLocation: ""}}
	} else {
		wheres = []map[string]string{nil}
	}
	var out []vecHit
	for _, where := range wheres {
		res, err := st.coll.QueryEmbedding(ctx, qv, n, where, nil)
		if err != nil {
			return nil, fmt.Errorf("vector search: %w", err)
		}
		for _, r := range res {
			doc, err := strconv.Atoi(r.ID)
			if err != nil || doc < 0 || doc >= len(st.chunks) {
				return nil, fmt.Errorf("vector search: unknown document %q", r.ID)
			}
			out = append(out, vecHit{doc: doc, sim: float64(r.Similarity)})
		}
	}
	sortHits(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}
