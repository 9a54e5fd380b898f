package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// recallFloor is the least recall@k the quantised scan may have against
// chromem's exhaustive search, on every corpus below.
const recallFloor = 0.98

// vectorState builds a state over the given vectors alone (no text), one
// file per 10 chunks, as newState would after loading them.
func vectorState(t testing.TB, vecs [][]float32) *state {
	t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	chunks := make([]chunk, len(vecs))
	var files []fileRec
	for i, v := range vecs {
		if i%10 == 0 {
			files = append(files, fileRec{root: "r", source: fmt.Sprintf("doc%06d.md", i/10), ingestedAt: now})
		}
		files[len(files)-1].chunks++
		chunks[i] = chunk{source: files[len(files)-1].source, text: "x", ordinal: i % 10, ingestedAt: now, vec: v}
	}
	st, err := newState("synthetic", len(vecs[0]), now, files, chunks, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.quant.wait()
	return st
}

// randomVectors returns n random unit vectors: the benchmark corpus, and
// the hardest case for the scan (no structure, similarities packed close).
func randomVectors(r *rand.Rand, n, dim int) [][]float32 {
	block := make([]float32, n*dim)
	out := make([][]float32, n)
	for i := range out {
		out[i] = block[i*dim : (i+1)*dim : (i+1)*dim]
		randomUnit(r, out[i])
	}
	return out
}

// topicVectors imitates real embeddings: documents around topic centres,
// a few dimensions with large values (as real models have), unit length;
// a query is a document's paraphrase (its vector moved a little).
func topicVectors(r *rand.Rand, n, dim, queries int) (docs, qs [][]float32) {
	const topics = 200
	centres := randomVectors(r, topics, dim)
	scale := make([]float32, dim)
	for j := range scale {
		scale[j] = float32(0.5 + r.Float64())
	}
	for _, j := range []int{3, 77, 300} {
		scale[j%dim] = 6
	}
	mk := func(base []float32, noise float64) []float32 {
		v := make([]float32, dim)
		for j := range v {
			v[j] = (base[j] + float32(noise*r.NormFloat64())) * scale[j]
		}
		normalise(v)
		return v
	}
	for range n {
		docs = append(docs, mk(centres[r.IntN(topics)], 0.04))
	}
	for range queries {
		qs = append(qs, mk(docs[r.IntN(n)], 0.02))
	}
	return docs, qs
}

// recallAt measures the quantised scan against chromem's exhaustive
// search at depth k over the queries: the share of the true top k found
// (a hit tied with the k-th true similarity counts, since ties at the cut
// may go either way). It fails if a hit's similarity is not the exact one
// or the hits are out of order.
func recallAt(t testing.TB, st *state, queries [][]float32, k int) float64 {
	t.Helper()
	if st.quant.wait() == nil {
		t.Fatal("the state has no quantised scan")
	}
	ctx := context.Background()
	found, total := 0, 0
	for qi, qv := range queries {
		exact := exhaustive(st, qv, k)
		got, err := st.vectorSearch(ctx, qv, "", k)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(exact) {
			t.Fatalf("query %d: %d hits, chromem gives %d", qi, len(got), len(exact))
		}
		cq := chromemVector(qv)
		for i, h := range got {
			if s := float64(chromemDot(cq, st.chunks[h.doc].vec)); s != h.sim {
				t.Fatalf("query %d: chunk %d has similarity %v, exactly %v", qi, h.doc, h.sim, s)
			}
			if i > 0 && (got[i-1].sim < h.sim || got[i-1].sim == h.sim && got[i-1].doc > h.doc) {
				t.Fatalf("query %d: hits out of order at %d", qi, i)
			}
			if h.sim >= exact[len(exact)-1].sim {
				found++
			}
		}
		total += len(exact)
	}
	return float64(found) / float64(total)
}

// exhaustive is chromem's exhaustive search, computed directly (chromem's
// own is far slower under the race detector): every similarity exactly as
// chromem computes it, best first, for the unit vectors ingest stores.
// TestQuantEdgeCases checks it against chromem itself.
func exhaustive(st *state, qv []float32, k int) []vecHit {
	cq := chromemVector(qv)
	var all []vecHit
	for i, c := range st.chunks {
		if c.vec != nil {
			all = append(all, vecHit{doc: i, sim: float64(chromemDot(cq, c.vec))})
		}
	}
	sortHits(all)
	return all[:min(k, len(all))]
}

func withQuantMin(t testing.TB, n int) {
	old := quantMinVectors
	quantMinVectors = n
	t.Cleanup(func() { quantMinVectors = old })
}

// TestQuantRecall holds the scan to the recall floor on 10k-vector
// corpora, re-ranking the share of them it re-ranks at 100k (0.5%, at
// least four candidates per hit); BenchmarkVectorRecall measures 100k.
func TestQuantRecall(t *testing.T) {
	n := 10_000
	if raceDetector {
		n = 2_000 // the race detector slows the scan twentyfold
		withQuantMin(t, n/2)
	}
	old := quantMinCandidates
	quantMinCandidates = old * n / 100_000
	t.Cleanup(func() { quantMinCandidates = old })
	r := rand.New(rand.NewPCG(7, 13))
	random := randomVectors(r, n, 768)
	randomQ := randomVectors(r, 40, 768)
	topic, topicQ := topicVectors(r, n, 384, 40)
	stock, stockQ := stockVectors(t, n-269)
	for _, c := range []struct {
		name    string
		vecs, q [][]float32
	}{{"random-768", random, randomQ}, {"topics-384", topic, topicQ}, {"stock-384", stock, stockQ}} {
		st := vectorState(t, c.vecs)
		if raceDetector {
			c.q = c.q[len(c.q)-16:] // the stock corpus's last are row questions
		}
		for _, k := range []int{10, 100} {
			rec := recallAt(t, st, c.q, k)
			t.Logf("%s: recall@%d = %.4f", c.name, k, rec)
			if rec < recallFloor {
				t.Errorf("%s: recall@%d = %.4f, below %.2f", c.name, k, rec, recallFloor)
			}
		}
	}
}

// TestQuantRecallKnowledge forces the scan onto the bundled knowledge base
// and its golden questions: real questions and documents, embedded by the
// test embedder (sparse vectors, unlike the dense ones above).
func TestQuantRecallKnowledge(t *testing.T) {
	withQuantMin(t, 0)
	old := quantMinCandidates
	quantMinCandidates = 0 // four candidates per hit: 40 of 269 at k=10
	t.Cleanup(func() { quantMinCandidates = old })
	ix := New(t.TempDir())
	emb := newFake("fake-embed", 768)
	ctx := context.Background()
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, emb, nil); err != nil {
		t.Fatal(err)
	}
	var queries [][]float32
	for _, g := range readGolden(t) {
		queries = append(queries, hashEmbed(g.Q, 768))
	}
	st := ix.st.Load()
	for _, k := range []int{10, 20} {
		rec := recallAt(t, st, queries, k)
		t.Logf("knowledge (%d chunks, %d questions): recall@%d = %.4f", len(st.chunks), len(queries), k, rec)
		if rec < recallFloor {
			t.Errorf("recall@%d = %.4f, below %.2f", k, rec, recallFloor)
		}
	}
}

// stockVectors is the corpus `cafebot serve` is benchmarked on
// (pkg/server/bench_test.go): the bundled knowledge base plus stock rows
// of 40 words each, embedded as the fake Ollama embeds (hashed word
// counts: sparse, non-negative). Its queries are the golden questions
// and, as a staff member would ask about a row, four of a row's words.
func stockVectors(t testing.TB, rows int) (docs, qs [][]float32) {
	t.Helper()
	const dim = ollamatest.DefaultEmbeddingDim
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, ollamaHash{}, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range ix.st.Load().chunks {
		docs = append(docs, c.vec)
	}
	r := rand.New(rand.NewPCG(1, uint64(rows)))
	var texts []string
	for i := range rows {
		ws := []string{fmt.Sprintf("item %d-%d", i/1000, i%1000)}
		for range 40 {
			ws = append(ws, fmt.Sprintf("w%d", int(r.ExpFloat64()*2000)%20000))
		}
		texts = append(texts, strings.Join(ws, " "))
		docs = append(docs, ollamatest.HashEmbedding(texts[i], dim))
	}
	for _, g := range readGolden(t) {
		qs = append(qs, ollamatest.HashEmbedding(g.Q, dim))
	}
	for range 40 {
		ws := strings.Fields(texts[r.IntN(rows)])
		var q []string
		for range 4 {
			q = append(q, ws[3+r.IntN(len(ws)-3)])
		}
		qs = append(qs, ollamatest.HashEmbedding(strings.Join(q, " "), dim))
	}
	return docs, qs
}

// ollamaHash embeds as the fake Ollama does.
type ollamaHash struct{}

func (ollamaHash) Model() string { return "hash" }

func (ollamaHash) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = ollamatest.HashEmbedding(t, ollamatest.DefaultEmbeddingDim)
	}
	return out, nil
}

// TestSmallIndexIsExhaustive: the bundled base stays on chromem's exact
// search, so its search goldens cannot change.
func TestSmallIndexIsExhaustive(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, newFake("fake-embed", 64), nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	if st.quant != nil || st.embedded >= quantMinVectors {
		t.Fatalf("%d chunks use the quantised scan (threshold %d)", st.embedded, quantMinVectors)
	}
	r := rand.New(rand.NewPCG(1, 2))
	big := vectorState(t, randomVectors(r, quantMinVectors, 32))
	if big.quant == nil {
		t.Fatalf("%d vectors do not use the quantised scan", quantMinVectors)
	}
}

// TestScanBlock checks the SWAR kernel against plain integer arithmetic,
// at the largest codes (where a lane would overflow if the spill were
// late) and at dimensions that are not a multiple of the spill (padded
// with zero codes, as buildQuant pads them).
func TestScanBlock(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, dim := range []int{1, 15, 16, 17, 100, 768, 1000} {
		for _, fill := range []string{"max", "random"} {
			codes := make([][quantBlock]uint8, dim)
			stride := (dim + quantSpill - 1) / quantSpill * quantSpill
			p := make([]uint8, stride)
			blk := make([]uint64, stride)
			for j := range dim {
				p[j] = queryMax
				if fill == "random" {
					p[j] = uint8(r.IntN(queryMax + 1))
				}
				for k := range quantBlock {
					u := uint8(codeMax)
					if fill == "random" {
						u = uint8(r.IntN(codeMax + 1))
					}
					codes[j][k] = u
					blk[j] |= uint64(u) << (4 * k)
				}
			}
			var got [quantBlock]uint32
			scanBlock(blk, p, &got)
			for k := range quantBlock {
				var want uint32
				for j := range dim {
					want += uint32(codes[j][k]) * uint32(p[j])
				}
				if got[k] != want {
					t.Fatalf("dim %d, %s: vector %d gives %d, want %d", dim, fill, k, got[k], want)
				}
			}
		}
	}
}

// TestQuantEdgeCases: a constant dimension, a vector count that is not a
// multiple of the block, fewer vectors than asked for, a query that is
// not unit length (chromem normalises it), a wrong dimension.
func TestQuantEdgeCases(t *testing.T) {
	withQuantMin(t, 1)
	r := rand.New(rand.NewPCG(5, 6))
	vecs := randomVectors(r, 37, 8)
	for _, v := range vecs {
		v[2] = 0 // constant dimension
		normalise(v)
	}
	st := vectorState(t, vecs)
	ctx := context.Background()
	q := slices.Clone(vecs[36])
	for j := range q {
		q[j] *= 3
	}
	got, err := st.vectorSearch(ctx, q, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	exact, err := st.chromemSearch(ctx, q, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, exact) {
		t.Fatalf("all 37 vectors: got %v\nwant %v", got, exact)
	}
	if ref := exhaustive(st, q, 100); !slices.Equal(ref, exact) {
		t.Fatalf("the tests' exhaustive search: %v\nchromem's: %v", ref, exact)
	}
	if got[0].doc != 36 {
		t.Fatalf("the query's own vector ranks %v", got[0])
	}
	if _, err := st.vectorSearch(ctx, q[:7], "", 5); err == nil {
		t.Fatal("a 7-dimensional query over 8-dimensional vectors gave no error")
	}
}

// TestQuantBuiltOnSecondSearch: a fresh snapshot does not build the scan
// for its first vector search (a one-question process never pays for
// it), the second starts the build, searches before it ends are chromem's
// own, and searches racing the build are safe (-race).
func TestQuantBuiltOnSecondSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	vecs := randomVectors(r, quantMinVectors+100, 48)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	chunks := make([]chunk, len(vecs))
	files := []fileRec{{root: "r", source: "all.md", chunks: len(vecs), ingestedAt: now}}
	for i, v := range vecs {
		chunks[i] = chunk{source: "all.md", text: "x", ordinal: i, ingestedAt: now, vec: v}
	}
	st, err := newState("synthetic", 48, now, files, chunks, nil)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-st.quant.done:
		t.Fatal("the scan was built before any search")
	case <-time.After(20 * time.Millisecond):
	}
	ctx := context.Background()
	qs := randomVectors(r, 8, 48)
	got, err := st.vectorSearch(ctx, qs[0], "", 10)
	if err != nil {
		t.Fatal(err)
	}
	exact, err := st.chromemSearch(ctx, qs[0], "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, exact) {
		t.Fatalf("the first search: %v, chromem gives %v", got, exact)
	}
	select {
	case <-st.quant.done:
		t.Fatal("the first search built the scan")
	case <-time.After(20 * time.Millisecond):
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			if _, err := st.vectorSearch(ctx, qs[g%len(qs)], "", 10); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	select {
	case <-st.quant.done:
	case <-time.After(30 * time.Second):
		t.Fatal("17 searches did not build the scan")
	}
	if st.quant.ready() == nil {
		t.Fatal("the scan was not built")
	}
}

func TestPrepareVectorScan(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 15))
	ix := &Index{}
	ix.st.Store(vectorState(t, randomVectors(r, 10, 8))) // small: no scan
	ix.PrepareVectorScan()
	ix.WaitVectorScan()
	withQuantMin(t, 10)
	st := vectorState(t, randomVectors(r, 10, 8))
	st.quant = newQuantSlot(st.chunks, st.dim) // unbuilt again
	ix.st.Store(st)
	ix.PrepareVectorScan()
	ix.WaitVectorScan()
	if st.quant.ready() == nil {
		t.Fatal("PrepareVectorScan and WaitVectorScan did not build the scan")
	}
}

func TestQuantCancelled(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	st := vectorState(t, randomVectors(r, 8192, 64))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.vectorSearch(ctx, randomVectors(r, 1, 64)[0], "", 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search: %v", err)
	}
}

// TestQuantConcurrent runs searches at once over one snapshot (run with
// -race): each must get what it gets alone.
func TestQuantConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	st := vectorState(t, randomVectors(r, 6000, 64))
	queries := randomVectors(r, 16, 64)
	ctx := context.Background()
	want := make([][]vecHit, len(queries))
	for i, q := range queries {
		var err error
		if want[i], err = st.vectorSearch(ctx, q, "", 20); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(queries)*4)
	for g := range 4 * len(queries) {
		wg.Go(func() {
			i := g % len(queries)
			got, err := st.vectorSearch(ctx, queries[i], "", 20)
			if err == nil && !slices.Equal(got, want[i]) {
				err = fmt.Errorf("query %d: concurrent result differs", i)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkVectorRecall reports the quantised scan's recall@10 and
// recall@100 against chromem's exhaustive search at 100k chunks: on the
// benchmark corpus (random vectors, BenchmarkSearchVector's) and on the
// stock corpus `cafebot serve` is benchmarked on, with its questions. The
// loop times the scan alone, as vectorSearch runs it.
func BenchmarkVectorRecall(b *testing.B) {
	const n = 100_000
	b.Run("corpus=random", func(b *testing.B) {
		f := getFixture(b, n)
		var qs [][]float32
		for _, q := range f.queries {
			qs = append(qs, f.emb.vecs[q])
		}
		benchRecall(b, f.st, qs)
	})
	b.Run("corpus=stock", func(b *testing.B) {
		dropFixtures()
		docs, qs := stockVectors(b, n-269)
		benchRecall(b, vectorState(b, docs), qs)
	})
}

func benchRecall(b *testing.B, st *state, qs [][]float32) {
	r10, r100 := recallAt(b, st, qs, 10), recallAt(b, st, qs, 100)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := st.vectorSearch(ctx, qs[i%len(qs)], "", 2*candidateDepth); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(r10, "recall@10")
	b.ReportMetric(r100, "recall@100")
	b.ReportMetric(float64(len(qs)), "queries")
}
