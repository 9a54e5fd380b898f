package gate

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// The composed rules read a message through a per-message index
// (msgIndex: one map read per token, longer class entries matched once per
// token). These tests hold it to the plain reading it replaced, kept here
// as refFind: same rules, same words, same unless matches.

// refMatchAt is matchAt without the index: it reads the class maps per try.
func (s *composeSet) refMatchAt(p []element, toks []string, masks []classBits, i int) (int, bool) {
	if len(p) == 0 {
		return i, true
	}
	e := p[0]
	switch e.kind {
	case elWord:
		if i < len(toks) && toks[i] == e.key {
			return s.refMatchAt(p[1:], toks, masks, i+1)
		}
	case elClass:
		if i >= len(toks) {
			return 0, false
		}
		if masks[i].has(e.class) {
			if end, ok := s.refMatchAt(p[1:], toks, masks, i+1); ok {
				return end, true
			}
		}
		for _, seq := range s.multi[e.class][toks[i]] {
			if end, ok := seqAt(seq, toks, i); ok {
				if end2, ok := s.refMatchAt(p[1:], toks, masks, end); ok {
					return end2, true
				}
			}
		}
	case elGap:
		for skip := 0; skip <= e.n; skip++ {
			if skip > 0 && (i+skip-1 >= len(toks) || isBoundary(toks[i+skip-1])) {
				break
			}
			if end, ok := s.refMatchAt(p[1:], toks, masks, i+skip); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// refFind is find without the index.
func (s *composeSet) refFind(g *Gate, toks []string, ms []match) ([]composedMatch, []cover) {
	var out []composedMatch
	var cs []cover
	var done [maxRules / 64]uint64
	masks := make([]classBits, len(toks))
	for i, t := range toks {
		masks[i] = s.single[t]
	}
	for i, t := range toks {
		for _, ref := range s.unlessFirst[t] {
			if end, ok := s.refMatchAt(s.unless[ref.rule].patterns[ref.pattern], toks, masks, i); ok {
				cs = append(cs, cover{list: int(ref.rule), start: i, end: end})
			}
		}
	}
	for i, t := range toks {
		for _, ref := range s.first[t] {
			if done[ref.rule/64]&(1<<(ref.rule%64)) != 0 {
				continue
			}
			r := &s.rules[ref.rule]
			end, ok := s.refMatchAt(r.patterns[ref.pattern], toks, masks, i)
			if !ok || !r.counts(g, toks, ms, cs, i, end) {
				continue
			}
			done[ref.rule/64] |= 1 << (ref.rule % 64)
			out = append(out, composedMatch{rule: int(ref.rule), start: i, end: end})
		}
	}
	return out, cs
}

// devTexts returns the text of every row of testdata/gate/*.jsonl but the
// blind sets, which this package never reads.
func devTexts(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "gate", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), "blind") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var row struct {
				Text string `json:"text"`
			}
			if len(strings.TrimSpace(sc.Text())) == 0 {
				continue
			}
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			texts = append(texts, row.Text)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("only %d dev rows: the comparison would prove little", len(texts))
	}
	return texts
}

// compareFind requires find and refFind to agree on text, and reports
// whether any composed rule or unless pattern matched it.
func compareFind(t *testing.T, g *Gate, s *composeSet, text string) bool {
	t.Helper()
	toks := g.tokenize(analysis.Of(text).Text, nil)
	ms := g.findMatches(toks, nil)
	g.shadow(ms)
	got, gotCs := s.find(g, toks, ms, nil, nil)
	want, wantCs := s.refFind(g, toks, ms)
	if !slices.Equal(got, want) || !slices.Equal(gotCs, wantCs) {
		t.Errorf("%q:\nindexed  %v %v\nplain    %v %v", text, got, gotCs, want, wantCs)
	}
	return len(want)+len(wantCs) > 0
}

func TestComposeIndexNeverChangesResult(t *testing.T) {
	g := Default()
	s := defaultCompose()
	texts := devTexts(t)
	hit := 0
	for _, text := range texts {
		if compareFind(t, g, s, text) {
			hit++
		}
	}
	// The comparison means something only when rules match on many rows.
	if hit < len(texts)/20 {
		t.Fatalf("composed rules matched only %d of %d rows", hit, len(texts))
	}
	t.Logf("%d rows, %d with composed or unless matches", len(texts), hit)
}

// The index lives in fixed buffers; a message longer than them (more than
// 64 tokens, many longer entries) must read the same.
func TestComposeIndexLongMessages(t *testing.T) {
	g := Default()
	s := defaultCompose()
	texts := devTexts(t)
	past := 0
	for i := 0; i+12 <= len(texts); i += 97 {
		long := strings.Join(texts[i:i+12], ". ")
		if len(g.tokenize(analysis.Of(long).Text, nil)) > 64 {
			past++
		}
		compareFind(t, g, s, long)
	}
	if past < 20 {
		t.Fatalf("only %d messages past the 64-token buffers", past)
	}
	// Many longer entries at once: every "my" starts 30-odd of them.
	compareFind(t, g, s, strings.Repeat("my son my daughter my mum collapsed and is not breathing ", 12))
}

// An empty set (a gate without composed rules) finds nothing.
func TestComposeIndexEmptySet(t *testing.T) {
	g := Default()
	toks := g.tokenize("my friend collapsed and is not breathing", nil)
	got, cs := (&composeSet{}).find(g, toks, nil, nil, nil)
	if len(got) != 0 || len(cs) != 0 {
		t.Fatalf("empty set found %v %v", got, cs)
	}
}

// Every class entry of more than one key is in the key index, under its
// first key and class, in the class's order.
func TestComposeIndexKeepsEveryEntry(t *testing.T) {
	s := defaultCompose()
	n := 0
	for c, m := range s.multi {
		for k, seqs := range m {
			var got [][]string
			for _, e := range s.keys[k].multi {
				if e.class == c {
					got = append(got, e.seq)
				}
			}
			if !slices.EqualFunc(got, seqs, slices.Equal) {
				t.Fatalf("class %d key %q: index %v, class %v", c, k, got, seqs)
			}
			n += len(seqs)
		}
	}
	for k, bits := range s.single {
		if s.keys[k].single != bits {
			t.Fatalf("key %q: single %b, index %b", k, bits, s.keys[k].single)
		}
	}
	if n == 0 {
		t.Fatal("no longer entries: the test reads nothing")
	}
}
