package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/golden"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cafebot/cafebot/knowledge"
)

func ingestKB(t testing.TB, emb Embedder) (*Index, string) {
	t.Helper()
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(home)
	if _, err := ix.Ingest(context.Background(), []string{dir}, opts(), emb, nil); err != nil {
		t.Fatal(err)
	}
	return ix, home
}

func hitSources(res Results) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Source)
	}
	return out
}

func TestSearchModes(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 64)
	ix, _ := ingestKB(t, emb)
	tests := []struct {
		name       string
		opt        SearchOptions
		emb        Embedder
		wantMode   string
		wantNotice string
	}{
		{name: "hybrid rrf", opt: SearchOptions{Fusion: FusionRRF}, emb: emb, wantMode: ModeHybrid},
		{name: "hybrid score", opt: SearchOptions{Fusion: FusionScore}, emb: emb, wantMode: ModeHybrid},
		{name: "default fusion", emb: emb, wantMode: ModeHybrid},
		{name: "lexical forced", opt: SearchOptions{Mode: ModeLexical}, emb: emb, wantMode: ModeLexical},
		{name: "vector forced", opt: SearchOptions{Mode: ModeVector}, emb: emb, wantMode: ModeVector},
		{name: "no embedder", emb: nil, wantMode: ModeLexical, wantNotice: "no embedding model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, "how long do card refunds take", tt.opt, tt.emb)
			if err != nil {
				t.Fatal(err)
			}
			if res.Mode != tt.wantMode || !strings.Contains(res.Notice, tt.wantNotice) || (tt.wantNotice == "" && res.Notice != "") {
				t.Errorf("mode %q notice %q, want %q / %q", res.Mode, res.Notice, tt.wantMode, tt.wantNotice)
			}
			if len(res.Hits) == 0 || len(res.Hits) > DefaultK {
				t.Fatalf("%d hits", len(res.Hits))
			}
			if res.Hits[0].Section != "Refund policy > Card payments" {
				t.Errorf("best hit %s > %s, want the card payments section", res.Hits[0].Source, res.Hits[0].Section)
			}
			for i, h := range res.Hits {
				if h.Relevance < 0 || h.Relevance > 1 || math.IsNaN(h.Relevance) {
					t.Errorf("hit %d relevance %v outside [0,1]", i, h.Relevance)
				}
				if i > 0 && h.Score > res.Hits[i-1].Score {
					t.Errorf("hits not ordered by score: %v after %v", h.Score, res.Hits[i-1].Score)
				}
			}
		})
	}
	for _, bad := range []SearchOptions{{Fusion: "max"}, {Mode: "semantic"}} {
		if _, err := ix.Search(ctx, "refund", bad, emb); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}

func TestSearchRelevance(t *testing.T) {
	ctx := context.Background()
	ix, _ := ingestKB(t, nil)
	res, err := ix.Search(ctx, "refund card", SearchOptions{K: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Relevance != 1 {
		t.Errorf("fully covered query: %+v", res.Hits)
	}
	res, err = ix.Search(ctx, "refund quantum chromodynamics", SearchOptions{K: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Relevance >= DefaultMinRelevance {
		t.Errorf("mostly unknown query: %+v", res.Hits)
	}
	res, err = ix.Search(ctx, "the of and", SearchOptions{}, nil)
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("stop-word query: %+v err %v", res, err)
	}
}

func TestSearchLocationFilter(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 64)
	ix, _ := ingestKB(t, emb)
	for _, mode := range []string{ModeLexical, ModeVector, ""} {
		for _, tt := range []struct {
			location string
			want     []string // allowed locations of hits
			mustHave string
		}{
			{location: "Elm Road", want: []string{"", "Elm Road"}, mustHave: "locations/elm.md"},
			{location: "harbour street", want: []string{"", "Harbour Street"}, mustHave: "locations/harbour.md"},
			{location: "", want: []string{"", "Elm Road", "Harbour Street"}, mustHave: "locations/elm.md"},
		} {
			t.Run(mode+"/"+tt.location, func(t *testing.T) {
				res, err := ix.Search(ctx, "opening hours parking wifi refunds", SearchOptions{K: 20, Location: tt.location, Mode: mode}, emb)
				if err != nil {
					t.Fatal(err)
				}
				var locs []string
				for _, h := range res.Hits {
					if !slices.Contains(tt.want, h.Location) {
						t.Errorf("hit from %s (location %q) passed the filter", h.Source, h.Location)
					}
					locs = append(locs, h.Location)
				}
				if !slices.Contains(hitSources(res), tt.mustHave) {
					t.Errorf("hits %v miss %s", hitSources(res), tt.mustHave)
				}
				if !slices.Contains(locs, "") {
					t.Errorf("no chain-wide chunk among %d hits", len(locs))
				}
			})
		}
	}
}

func TestPersistenceRoundTrip(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 48)
	ix, home := ingestKB(t, emb)
	re, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ix.Stats(), re.Stats()); diff != "" {
		t.Errorf("stats (-before +after):\n%s", diff)
	}
	for _, q := range []string{"refund card", "oat latte price", "wifi password", "parking at harbour street"} {
		for _, opt := range []SearchOptions{{}, {Mode: ModeLexical}, {Mode: ModeVector, Location: "Elm Road"}} {
			a, err := ix.Search(ctx, q, opt, emb)
			if err != nil {
				t.Fatal(err)
			}
			b, err := re.Search(ctx, q, opt, emb)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a, b); diff != "" {
				t.Errorf("%q %+v (-before +after):\n%s", q, opt, diff)
			}
		}
	}
	// The in-memory snapshot survives byte for byte.
	opt := cmp.Options{
		cmp.AllowUnexported(state{}, fileRec{}, chunk{}, term{}),
		// segStore is the stored form of the lexicon's segments, which
		// TestDerivedMatchesFresh compares
		cmpopts.IgnoreFields(state{}, "lex", "coll", "locs", "segStore"),
		cmpopts.SortSlices(func(a, b term) bool { return a.id < b.id }),
	}
	if diff := cmp.Diff(ix.st.Load(), re.st.Load(), opt); diff != "" {
		t.Errorf("snapshot (-before +after):\n%s", diff)
	}
}

func TestOpenMissingAndCorrupt(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "does", "not", "exist"))
	if err != nil {
		t.Fatalf("missing dir: %v", err)
	}
	res, err := ix.Search(ctx, "refund", SearchOptions{}, nil)
	if err != nil || len(res.Hits) != 0 || !strings.Contains(res.Notice, "empty") {
		t.Errorf("search of an empty index: %+v err %v", res, err)
	}

	_, home := ingestKB(t, newFake("fake-embed", 16))
	good, err := os.ReadFile(filepath.Join(home, FileName))
	if err != nil {
		t.Fatal(err)
	}
	flip := slices.Clone(good)
	flip[len(flip)/2] ^= 0x40
	for name, data := range map[string][]byte{
		"truncated":     good[:len(good)-100],
		"flipped byte":  flip,
		"empty":         {},
		"not an index":  []byte("hello, this is not an index file at all"),
		"other version": append([]byte("CAFEIDX\x09"), good[8:]...),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "cafebot ingest --reembed") {
				t.Fatalf("err %v, want ErrCorrupt with the reembed hint", err)
			}
			// The way out: a new index over the same directory.
			rep, err := New(dir).Ingest(ctx, []string{writeKB(t)}, opts(), nil, nil)
			if err != nil || rep.Added != len(kb) {
				t.Fatalf("rebuild: %+v err %v", rep, err)
			}
			if _, err := Open(dir); err != nil {
				t.Errorf("open after rebuild: %v", err)
			}
		})
	}
}

func writeKB(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	return dir
}

func TestSaveFailureKeepsPreviousIndex(t *testing.T) {
	ctx := context.Background()
	ix, home := ingestKB(t, nil)
	before, err := os.ReadFile(ix.Path())
	if err != nil {
		t.Fatal(err)
	}
	stats := ix.Stats()
	syncFile = func(*os.File) error { return syscall.ENOSPC }
	t.Cleanup(func() { syncFile = (*os.File).Sync })

	dir := writeKB(t)
	writeFiles(t, dir, map[string]string{"info/extra.md": "# Extra\n\nMore text.\n"})
	_, err = ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "previous index is unchanged") {
		t.Fatalf("err %v, want ENOSPC with a reassuring message", err)
	}
	after, err := os.ReadFile(ix.Path())
	if err != nil || !slices.Equal(before, after) {
		t.Errorf("index file changed after a failed save (err %v)", err)
	}
	if diff := cmp.Diff(stats, ix.Stats()); diff != "" {
		t.Errorf("in-memory index changed (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(home)
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == LockName || e.Name() == ContactsName })
	if len(entries) != 1 {
		t.Errorf("index directory holds %d entries, want only %s (temp file left behind?)", len(entries), FileName)
	}
}

func TestConcurrentSearchDuringIngest(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 32)
	ix, _ := ingestKB(t, emb)
	dir := writeKB(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := ix.Search(ctx, "refund card parking", SearchOptions{Location: "Elm Road"}, emb)
				if err != nil || len(res.Hits) == 0 {
					errs <- errors.Join(err, errors.New("no hits"))
					return
				}
			}
		}()
	}
	for i := range 5 {
		writeFiles(t, dir, map[string]string{"info/changing.md": strings.Repeat("Changing text number. ", i+1)})
		if _, err := ix.Ingest(ctx, []string{dir}, opts(), emb, nil); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestGoldenQuestions checks that lexical search over the bundled knowledge
// base (what runs without any model) puts the expected document in the top
// three for every golden question.
func TestGoldenQuestions(t *testing.T) {
	ctx := context.Background()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	golden := readGolden(t)
	hits := 0
	for _, g := range golden {
		res, err := ix.Search(ctx, g.Q, SearchOptions{K: 3}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(hitSources(res), g.Want) {
			hits++
			continue
		}
		t.Errorf("%q: want %s in the top 3, got %v", g.Q, g.Want, hitSources(res))
	}
	t.Logf("golden hit rate (lexical, top 3): %d/%d = %.1f%%", hits, len(golden), 100*float64(hits)/float64(len(golden)))
}

// TestRelevanceThreshold measures how well DefaultMinRelevance separates
// golden (covered) questions from off-topic ones in lexical mode.
func TestRelevanceThreshold(t *testing.T) {
	ctx := context.Background()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	best := func(q string) float64 {
		res, err := ix.Search(ctx, q, SearchOptions{K: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			return 0
		}
		return res.Hits[0].Relevance
	}
	var on, off []float64
	for _, g := range readGolden(t) {
		on = append(on, best(g.Q))
	}
	for _, q := range readOffTopic(t) {
		off = append(off, best(q))
	}
	slices.Sort(on)
	slices.Sort(off)
	covered := len(on) - countBelow(on, DefaultMinRelevance)
	rejected := countBelow(off, DefaultMinRelevance)
	t.Logf("threshold %.2f: %d/%d golden questions pass, %d/%d off-topic rejected", DefaultMinRelevance, covered, len(on), rejected, len(off))
	t.Logf("golden relevance: min %.3f, 10th percentile %.3f, median %.3f", on[0], on[len(on)/10], on[len(on)/2])
	t.Logf("off-topic relevance: median %.3f, 90th percentile %.3f, max %.3f", off[len(off)/2], off[len(off)*9/10], off[len(off)-1])
	if covered != len(on) {
		t.Errorf("%d golden questions fall below the threshold", len(on)-covered)
	}
	if float64(rejected) < 0.8*float64(len(off)) {
		t.Errorf("only %d/%d off-topic questions are rejected", rejected, len(off))
	}
}

func countBelow(sorted []float64, x float64) int {
	n, _ := slices.BinarySearch(sorted, x)
	return n
}

// TestFusionOnGolden compares the two fusion methods on the golden
// questions with the deterministic fake embedder and checks that
// DefaultFusion is the better one.
func TestFusionOnGolden(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 768)
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, emb, nil); err != nil {
		t.Fatal(err)
	}
	type score struct {
		top1, top3 int
		mrr        float64
	}
	measure := func(opt SearchOptions) score {
		var s score
		for _, g := range readGolden(t) {
			opt.K = 10
			res, err := ix.Search(ctx, g.Q, opt, emb)
			if err != nil {
				t.Fatal(err)
			}
			if i := slices.Index(hitSources(res), g.Want); i >= 0 {
				s.mrr += 1 / float64(i+1)
				if i == 0 {
					s.top1++
				}
				if i < 3 {
					s.top3++
				}
			}
		}
		s.mrr /= float64(len(readGolden(t)))
		return s
	}
	results := map[string]score{}
	for name, opt := range map[string]SearchOptions{
		"lexical": {Mode: ModeLexical}, "vector": {Mode: ModeVector},
		FusionRRF: {Fusion: FusionRRF}, FusionScore: {Fusion: FusionScore},
	} {
		results[name] = measure(opt)
		t.Logf("%-8s hit@1 %d  hit@3 %d  MRR %.3f", name, results[name].top1, results[name].top3, results[name].mrr)
	}
	other := FusionRRF
	if DefaultFusion == FusionRRF {
		other = FusionScore
	}
	d, o := results[DefaultFusion], results[other]
	if d.top3 < o.top3 || (d.top3 == o.top3 && d.mrr < o.mrr) {
		t.Errorf("default fusion %s (%+v) is worse than %s (%+v)", DefaultFusion, d, other, o)
	}
}

// searchJSON mirrors `cafebot search --json`.
type searchJSON struct {
	Query   string       `json:"query"`
	Mode    string       `json:"mode"`
	Results []searchItem `json:"results"`
}

type searchItem struct {
	Source   string  `json:"source"`
	Section  string  `json:"section"`
	Location string  `json:"location,omitempty"`
	Score    float64 `json:"score"`
	Text     string  `json:"text"`
}

func TestLexicalGolden(t *testing.T) {
	ctx := context.Background()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150, Now: clock}, nil, nil); err != nil {
		t.Fatal(err)
	}
	var out []searchJSON
	for _, q := range []struct{ q, location string }{
		{q: "how long do I have to ask for a refund"},
		{q: "is the oat milk extra"},
		{q: "what time does harbour street open on sunday", location: "Harbour Street"},
		{q: "can I bring my dog inside"},
		{q: "how many points for a free drink"},
	} {
		res, err := ix.Search(ctx, q.q, SearchOptions{K: 3, Location: q.location}, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := searchJSON{Query: q.q, Mode: res.Mode, Results: []searchItem{}}
		for _, h := range res.Hits {
			s.Results = append(s.Results, searchItem{Source: h.Source, Section: h.Section, Location: h.Location, Score: math.Round(h.Score*1000) / 1000, Text: h.Text})
		}
		out = append(out, s)
	}
	got, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("..", "..", "testdata", "search", "lexical.golden"), got)
}

type recordingClient struct {
	model     string
	keepAlive time.Duration
	inputs    []string
}

func (r *recordingClient) Embed(_ context.Context, model string, inputs []string, keepAlive time.Duration) ([][]float32, error) {
	r.model, r.keepAlive, r.inputs = model, keepAlive, inputs
	out := make([][]float32, len(inputs))
	for i := range out {
		out[i] = []float32{float32(i + 1), 0}
	}
	return out, nil
}

func TestOllamaEmbedder(t *testing.T) {
	c := &recordingClient{}
	e := NewOllamaEmbedder(c, "cafebot-embed", 30*time.Minute)
	vecs, err := e.Embed(context.Background(), []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Model() != "cafebot-embed" || c.model != "cafebot-embed" || c.keepAlive != 30*time.Minute || !slices.Equal(c.inputs, []string{"a", "b"}) || len(vecs) != 2 {
		t.Errorf("embedder passed model %q keep-alive %v inputs %v; got %d vectors", c.model, c.keepAlive, c.inputs, len(vecs))
	}
}
