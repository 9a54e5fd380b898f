package gate

import (
	"slices"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// Gaps side by side compile to one ("~2 ~3" is "~5"), and a pattern with
// merged gaps matches where, and as far as, the same pattern with its
// gaps written out in gaps of at most maxGap does, at every token of
// every row of the gate's and guard's sets; the look-alike with a
// sentence boundary inside the gap is not matched by either.
func TestMergedGapsMatchAsWritten(t *testing.T) {
	p, err := compilePattern("<s> ~2 ~3 in", map[string]int{}, func(s string) []string { return []string{s} })
	if err != nil {
		t.Fatal(err)
	}
	if want := []element{{kind: elWord, key: "<s>"}, {kind: elGap, n: 5}, {kind: elWord, key: "in"}}; !slices.Equal(p, want) {
		t.Fatalf("compiled %v, want %v", p, want)
	}
	toks := []string{"<s>", "a", "b", "c", "d", "e", "in"}
	m := msgIndex{toks: toks, infos: make([]*keyInfo, len(toks)), off: make([]int32, len(toks)+1)}
	if end, ok := matchAt(p, &m, 0); !ok || end != len(toks) {
		t.Errorf("five words then in: %d %v, want a match to %d", end, ok, len(toks))
	}
	toks[3] = tokPause
	if _, ok := matchAt(p, &m, 0); ok {
		t.Error("a gap skips a pause")
	}

	g := Default()
	s := defaultCompose()
	// split writes each gap out in gaps of at most maxGap.
	split := func(p []element) []element {
		var out []element
		for _, e := range p {
			for e.kind == elGap && e.n > maxGap {
				out = append(out, element{kind: elGap, n: maxGap})
				e.n -= maxGap
			}
			out = append(out, e)
		}
		return out
	}
	var merged [][]element
	for _, r := range s.rules {
		for _, p := range r.patterns {
			if q := split(p); len(q) != len(p) {
				merged = append(merged, p)
			}
		}
	}
	for _, l := range s.unless {
		for _, p := range l.patterns {
			if q := split(p); len(q) != len(p) {
				merged = append(merged, p)
			}
		}
	}
	// Every eighth row: the written-out gaps try up to 343 paths a
	// position, and all rows would cost the package half a minute.
	texts := needTexts(t)
	step := 8
	if testing.Short() {
		step = 64
	}
	compared, matched, rows := 0, 0, 0
	for k := 0; k < len(texts); k += step {
		text := texts[k]
		rows++
		toks := g.tokenize(analysis.Of(text).Text, nil)
		m := s.indexMessage(msgIndex{}, toks)
		for _, p := range merged {
			q := split(p)
			for i := range toks {
				end, ok := matchAt(p, &m, i)
				wantEnd, wantOK := matchAt(q, &m, i)
				if ok != wantOK || end != wantEnd {
					t.Fatalf("%q at %d: merged gaps %d %v, written out %d %v", text, i, end, ok, wantEnd, wantOK)
				}
				compared++
				if ok {
					matched++
				}
			}
		}
	}
	t.Logf("%d patterns with merged gaps over %d rows: %d positions compared, %d matched", len(merged), rows, compared, matched)
	if matched < 100 {
		t.Fatalf("only %d matches: the comparison proves little", matched)
	}
}
