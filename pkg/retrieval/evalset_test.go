package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/knowledge"
)

func readPassageSet(t testing.TB, name string) []PassageCase {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "search", "passages-"+name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := ReadPassageCases(f)
	if err != nil {
		t.Fatalf("passages-%s.jsonl: %v", name, err)
	}
	return cases
}

// passageCases reads a passage set; "NAME-tune" and "NAME-test" are the
// halves of set NAME, split by a rule fixed before it was first measured:
// its odd lines (1st, 3rd, ...) are tuned on, its even lines are the test
// half, measured only to report.
func passageCases(t testing.TB, name string) []PassageCase {
	t.Helper()
	base, half, ok := strings.Cut(name, "-")
	if !ok {
		return readPassageSet(t, name)
	}
	var out []PassageCase
	for i, c := range readPassageSet(t, base) {
		if (half == "tune") == (i%2 == 0) {
			out = append(out, c)
		}
	}
	return out
}

func bundledIndex(t testing.TB) *Index {
	t.Helper()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), knowledge.FS(), "knowledge", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestPassageSetIsAnswerable checks the golden set itself: every case's
// string occurs in some chunk of its source, so a miss is retrieval's fault.
func TestPassageSetIsAnswerable(t *testing.T) {
	ix := bundledIndex(t)
	st := ix.st.Load()
	located := 0
	var all []PassageCase
	for _, name := range []string{"tuned", "tuned2", "tuned3", "tuned4", "blind", "blind2"} {
		all = append(all, readPassageSet(t, name)...)
	}
	for _, c := range all {
		if c.Location != "" {
			located++
		}
		found := false
		for i := range st.chunks {
			ch := &st.chunks[i]
			if ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%q: no chunk of %s contains %q", c.Q, c.Source, c.Contains)
		}
	}
	if len(all) < 230 || 3*located < len(all) {
		t.Errorf("%d cases, %d naming a location: want at least 230 and a third", len(all), located)
	}
}

// TestPassageGolden reports lexical hit@1, hit@3 and MRR on the tuned and
// the blind halves of the passage-level golden set and holds the floors
// measured when the ranking last changed.
func TestPassageGolden(t *testing.T) {
	ix := bundledIndex(t)
	for _, tt := range []struct {
		name       string
		hit1, hit3 float64 // floors, as shares of all cases
	}{
		// Before chain-aware retrieval: tuned 69.1% / 84.6%, blind 71.2% / 88.8%.
		// Before the cues, spelling correction and Anserini k1/b: 72.8% / 90.1%.
		// Before synonym expansion and the café synonyms: 75.3% / 91.4%.
		// FAQ answers at 0.7 (for Kettlewick, whose FAQ restates its
		// pages): 82.1% / 93.8% → 80.9% / 94.4%. "staff" searching
		// "team" (Bramble): 80.9% / 95.1%; delivery apps' names searching
		// "delivery" (Kettlewick) moved "my uber eats order was wrong who
		// refunds it" to rank 3: 80.2% / 95.1%.
		{name: "tuned", hit1: 0.80, hit3: 0.95},
		// Written before the cues and spelling correction; first sight
		// 72.1% / 84.4%; before synonym expansion 80.3% / 91.8%.
		// FAQ answers at 0.7: 88.5% / 96.7% → 90.2% / 96.7%.
		// The proximity re-rank (rank_proximity.go) lost "elm road bike
		// parking" to rank 3: 90.2% / 95.9%.
		// A store's own chunk over the chain page it covers
		// (rank_scope.go) put Elm Road's contact section above the kids
		// page for "do u have a kids corner at elm rd" and lifted "does
		// harbour street have a private room for a party" to first:
		// 89.3% / 95.9%.
		{name: "tuned2", hit1: 0.89, hit3: 0.95},
		// Customers' own words, avoiding the documents' (vocabulary
		// mismatch); written before any change, first sight 40.0% / 60.0%.
		// RM3 pseudo-relevance feedback (Anserini's defaults: 10 passages,
		// 10 terms, original weight 0.5) was tried against it and not kept:
		// over the whole index it lost hit@1 on every set (tuned 75.3% →
		// 67.9%, tuned2 80.3% → 73.8%, this set 40.0% → 35.0%); kept from
		// moving the first hit it changed hit@3 by one question either way
		// (tuned 91.4% → 90.7%, tuned2 91.8% → 91.8%, this set 60.0% →
		// 61.7%), because the first passages of a mismatched question are
		// the wrong ones and feed their own topic back. Synonym expansion
		// and the café synonyms (written after reading its misses, so this
		// set is tuned on): 40.0% / 60.0% → 70.0% / 88.3%. Counting a
		// named location's words as covered in its own pages (Kettlewick)
		// moved two chain-page answers to rank 2-3: 68.3% / 88.3%; FAQ
		// answers at 0.7: 68.3% / 90.0%.
		// The proximity re-rank: 68.3% / 95.0%.
		{name: "tuned3", hit1: 0.68, hit3: 0.95},
		// The odd lines of a fourth set in customers' words (90 questions,
		// 35 naming a location), written before synonym expansion; first
		// sight of this half 33.3% / 68.9%.
		// The proximity re-rank put Elm Road's own seating section above
		// the catering page's section on its private room for "can i
		// book the upstairs room at elm for a baby shower": 71.1% / 91.1%.
		{name: "tuned4-tune", hit1: 0.71, hit3: 0.91},
		// Its even lines, held out while tuning and measured once at the
		// end: first sight 33.3% / 60.0%, after 48.9% / 82.2%. The
		// Kettlewick work (more café language for British documents) cost
		// it one question at hit@3: 48.9% / 80.0%; not tuned back.
		// The proximity re-rank, measured once after it was fixed on the
		// tuned sets: 53.3% / 80.0%.
		{name: "tuned4-test", hit1: 0.53, hit3: 0.80},
		// Never tuned on; before this pass's changes 71.2% / 92.5%, after
		// them 80.0% / 96.2%.
		{name: "blind", hit1: 0.80, hit3: 0.96},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tuned := tt.name != "blind" && !strings.HasSuffix(tt.name, "-test")
			checkPassageFloors(t, ix, passageCases(t, tt.name), tt.name+" set", tuned, tt.hit1, tt.hit3)
		})
	}
}

// checkPassageFloors evaluates cases lexically on ix, logs the report's
// table under what (with -v, and misses set for a half that is tuned on,
// each miss too), holds hit@1 and hit@3 to their floors and returns the
// report for the caller's own floors.
func checkPassageFloors(t *testing.T, ix *Index, cases []PassageCase, what string, misses bool, hit1, hit3 float64) PassageReport {
	t.Helper()
	rep, err := ix.EvalPassages(context.Background(), cases, SearchOptions{Mode: ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s, lexical:\n%s", what, b.String())
	if testing.Verbose() && misses {
		for _, m := range rep.Misses {
			t.Logf("rank %d  %q (want %s %q) got %s", m.Rank, m.Case.Q, m.Case.Source, m.Case.Contains, m.Got)
		}
	}
	if r := rep.All.Rate(rep.All.Hit1); r < hit1 {
		t.Errorf("hit@1 %.3f below the floor %.3f", r, hit1)
	}
	if r := rep.All.Rate(rep.All.Hit3); r < hit3 {
		t.Errorf("hit@3 %.3f below the floor %.3f", r, hit3)
	}
	return rep
}
