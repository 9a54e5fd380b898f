package retrieval

import (
	chromem "github.com/philippgille/chromem-go"
	"runtime"

	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

const benchDim = 768

var benchSizes = []struct {
	name string
	n    int
}{{"chunks=1k", 1_000}, {"chunks=10k", 10_000}, {"chunks=100k", 100_000}}

// fixture is a synthetic index: Zipf-distributed words, 80 per chunk, and
// random 768-dimensional unit vectors; built once per size and shared.
type fixture struct {
	st      *state
	queries []string
	emb     *tableEmbedder
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*fixture{}
)

// tableEmbedder returns a fixed vector per query without any work, so a
// benchmark measures the index, not an embedder.
type tableEmbedder struct{ vecs map[string][]float32 }

func (e *tableEmbedder) Model() string { return "synthetic" }

func (e *tableEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = e.vecs[t]
	}
	return out, nil
}

// cpuTime returns the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func synthWord(i int) string { return "w" + strconv.Itoa(i) }

func randomUnit(r *rand.Rand, v []float32) {
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	normalise(v)
}

func getFixture(b *testing.B, n int) *fixture {
	b.Helper()
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f := fixtures[n]; f != nil {
		return f
	}
	const vocabSize, words, perFile = 20_000, 80, 10
	r := rand.New(rand.NewPCG(1, uint64(n)))
	zipf := rand.NewZipf(r, 1.1, 1, vocabSize-1)
	for i := range 50 {
		if w := synthWord(i); textnorm.Stem(w) != w || textnorm.IsStopWord(w) {
			b.Fatalf("synthetic word %q is not stem-stable", w)
		}
	}
	vb := newVocabBuilder(vocabSize)
	vecs := make([]float32, n*benchDim)
	chunks := make([]chunk, n)
	var files []fileRec
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	locations := []string{"", "", "Elm Road", "Harbour Street", "Riverside Campus"}
	for i := range chunks {
		if i%perFile == 0 {
			files = append(files, fileRec{root: "bench", source: fmt.Sprintf("docs/doc%06d.md", i/perFile), key: strconv.Itoa(i), ingestedAt: now})
		}
		f := &files[len(files)-1]
		f.chunks++
		ws := make([]string, words)
		for k := range ws {
			ws[k] = synthWord(int(zipf.Uint64()))
		}
		c := chunk{
			source:     f.source,
			section:    "Section " + ws[0] + " " + ws[1],
			location:   locations[(i/perFile)%len(locations)],
			text:       strings.Join(ws, " ") + ".",
			ordinal:    i % perFile,
			ingestedAt: now,
			vec:        vecs[i*benchDim : (i+1)*benchDim : (i+1)*benchDim],
		}
		// Terms straight from the word ids: stemming 8M synthetic words
		// would dominate the setup, and these words stem to themselves.
		tf := map[uint32]uint32{}
		for _, w := range ws {
			tf[vb.id(w)]++
		}
		for _, w := range ws[:2] {
			tf[vb.id(w)] += sectionWeight
		}
		for id, k := range tf {
			c.terms = append(c.terms, term{id: id, tf: k})
			c.length += k
		}
		randomUnit(r, c.vec)
		chunks[i] = c
	}
	st, err := newState("synthetic", benchDim, now, files, chunks, vb.words)
	if err != nil {
		b.Fatal(err)
	}
	emb := &tableEmbedder{vecs: map[string][]float32{}}
	var queries []string
	for range 32 {
		ws := []string{synthWord(20 + r.IntN(2000)), synthWord(20 + r.IntN(2000)), synthWord(r.IntN(20))}
		query := strings.Join(ws, " ")
		v := make([]float32, benchDim)
		randomUnit(r, v)
		emb.vecs[query] = v
		queries = append(queries, query)
	}
	// Searches measure the quantised scan built, as a server has it.
	st.quant.wait()
	f := &fixture{st: st, queries: queries, emb: emb}
	fixtures[n] = f
	return f
}

func benchSearch(b *testing.B, opt SearchOptions) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			f := getFixture(b, size.n)
			ix := &Index{}
			ix.st.Store(f.st)
			ctx := context.Background()
			// CPU time per search (all threads) as well: on a shared
			// machine it swings less than wall time.
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				res, err := ix.Search(ctx, f.queries[i%len(f.queries)], opt, f.emb)
				if err != nil || len(res.Hits) == 0 {
					b.Fatalf("search: %v (%d hits)", err, len(res.Hits))
				}
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
		})
	}
}

func BenchmarkSearchLexical(b *testing.B) { benchSearch(b, SearchOptions{Mode: ModeLexical}) }

func BenchmarkSearchVector(b *testing.B) { benchSearch(b, SearchOptions{Mode: ModeVector}) }

func BenchmarkSearchHybrid(b *testing.B) { benchSearch(b, SearchOptions{}) }

// BenchmarkSearchLexicalCold is a lexical search at 10k chunks with no
// chunk's proximity segments built yet, as the one search of `cafebot
// ask` has it: "stored" reads them from a format 4 file, "derived"
// tokenises the chunks' text again (a format 3 file, or any index before
// format 4).
func BenchmarkSearchLexicalCold(b *testing.B) {
	f := getFixture(b, benchSizes[1].n)
	opened := reopen(b, f.st).st.Load()
	for _, tc := range []struct {
		name string
		st   *state
	}{{"stored", opened}, {"derived", f.st}} {
		b.Run(tc.name, func(b *testing.B) {
			ix := &Index{}
			ix.st.Store(tc.st)
			ctx := context.Background()
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				b.StopTimer()
				clear(tc.st.lex.segs)
				b.StartTimer()
				res, err := ix.Search(ctx, f.queries[i%len(f.queries)], SearchOptions{Mode: ModeLexical}, nil)
				if err != nil || len(res.Hits) == 0 {
					b.Fatalf("search: %v (%d hits)", err, len(res.Hits))
				}
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, size := range benchSizes[1:] {
		b.Run(size.name, func(b *testing.B) {
			f := getFixture(b, size.n)
			dir := b.TempDir()
			if err := save(filepath.Join(dir, FileName), f.st); err != nil {
				b.Fatal(err)
			}
			info, err := os.Stat(filepath.Join(dir, FileName))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(info.Size())
			// The search benchmarks leave their fixtures (up to 100k chunks)
			// on the heap; with them live every GC during an open marks
			// hundreds of MB that `cafebot ask` never has, tripling the time.
			dropFixtures()
			// CPU time per open (all threads, GC included) is reported as
			// well: wall time swings with whatever else the machine runs.
			cpu0 := cpuTime()
			n := 0
			for b.Loop() {
				n++
				ix, err := Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				if s := ix.Stats(); s.Chunks != size.n || s.Embedded != size.n {
					b.Fatalf("opened %+v", s)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
		})
	}
}

// BenchmarkIngestUnchanged re-ingests 1,000 unchanged documents: the cost
// of the idempotency check (walk, read, hash), with no parse, embed or write.
func BenchmarkIngestUnchanged(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{}
	for i := range 1000 {
		files[fmt.Sprintf("section%02d/doc%04d.md", i%20, i)] = fmt.Sprintf(
			"# Document %d\n\n%s\n\n## Details\n\n%s\n", i,
			strings.Repeat(fmt.Sprintf("Paragraph about item %d and its price. ", i), 12),
			strings.Repeat("Refunds, loyalty points and opening hours. ", 10))
	}
	writeFiles(b, dir, files)
	emb := newFake("fake-embed", 64)
	ix := New(b.TempDir())
	ctx := context.Background()
	if _, err := ix.Ingest(ctx, []string{dir}, IngestOptions{Prune: true}, emb, nil); err != nil {
		b.Fatal(err)
	}
	calls := emb.calls.Load()
	for b.Loop() {
		rep, err := ix.Ingest(ctx, []string{dir}, IngestOptions{Prune: true}, emb, nil)
		if err != nil || rep.Unchanged != 1000 {
			b.Fatalf("re-ingest: %+v %v", rep, err)
		}
	}
	if emb.calls.Load() != calls {
		b.Fatalf("unchanged re-ingest called the embedder")
	}
}

// BenchmarkOpenChromemPersistent is the baseline BenchmarkOpen is measured
// against: the same 10k chunks in chromem-go's own persistent DB (one gob
// file per document), opened with NewPersistentDB.
func BenchmarkOpenChromemPersistent(b *testing.B) {
	f := getFixture(b, benchSizes[1].n)
	dir := b.TempDir()
	db, err := chromem.NewPersistentDB(dir, false)
	if err != nil {
		b.Fatal(err)
	}
	col, err := db.CreateCollection("chunks", nil, func(context.Context, string) ([]float32, error) {
		return nil, fmt.Errorf("no embedding function: vectors are precomputed")
	})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]chromem.Document, len(f.st.chunks))
	for i, c := range f.st.chunks {
		docs[i] = chromem.Document{ID: strconv.Itoa(i), Content: c.text, Embedding: c.vec,
			Metadata: map[string]string{"source": c.source, "section": c.section, "location": c.location}}
	}
	if err := col.AddDocuments(context.Background(), docs, 2); err != nil {
		b.Fatal(err)
	}
	b.Run(benchSizes[1].name, func(b *testing.B) {
		for b.Loop() {
			db, err := chromem.NewPersistentDB(dir, false)
			if err != nil {
				b.Fatal(err)
			}
			if n := db.GetCollection("chunks", nil).Count(); n != len(docs) {
				b.Fatalf("opened %d documents, want %d", n, len(docs))
			}
		}
	})
}

// dropFixtures forgets the cached fixtures and collects them, so a
// benchmark measures with the heap a real process would have.
func dropFixtures() {
	fixturesMu.Lock()
	clear(fixtures)
	fixturesMu.Unlock()
	runtime.GC()
}
