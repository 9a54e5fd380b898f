package guard

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// speedRows returns the texts of the labelled rows under testdata/guard
// (JSON Lines and the world files), without blind files and public
// rows, for tests that compare a fast path with the plain one: they read
// no labels and print no text unless the paths disagree.
func speedRows(t testing.TB) []string {
	t.Helper()
	root := filepath.Join("..", "..", "testdata", "guard")
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if strings.HasPrefix(base, "blind") || d.IsDir() && base == "public" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		jsonl := strings.HasSuffix(base, ".jsonl")
		if !jsonl && !(strings.HasSuffix(base, ".txt") && filepath.Base(filepath.Dir(p)) == "world") {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<24)
		for sc.Scan() {
			line := sc.Text()
			if jsonl {
				var row struct{ Text string }
				if json.Unmarshal([]byte(line), &row) == nil && row.Text != "" {
					out = append(out, row.Text)
				}
			} else if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 5000 {
		t.Fatalf("only %d rows read", len(out))
	}
	return out
}

// TestComposeIDsMatchStrings checks that matching composed rules by word
// number gives the very scores and cues of matching by word, with and
// without the needs prefilter, over every labelled guard row and the
// benign twins that share a rule's words but not its order.
func TestComposeIDsMatchStrings(t *testing.T) {
	cs := defaultCompose()
	texts := append(speedRows(t),
		"i will kill you", "kill you i will", "you will not be killed",
		"i'm going to smash your front window", "your front window, i'm going to smash it")
	fired := 0
	for _, text := range texts {
		norm := normalize(analysis.Of(text).Text)
		for _, prefilter := range []bool{true, false} {
			var got, want scoreSheet
			cs.scoreWith(norm, inputCategories, &got, prefilter)
			cs.scoreWithStrings(norm, inputCategories, &want, prefilter)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("prefilter %v: %q: by number %+v, by word %+v", prefilter, norm, got, want)
			}
			if prefilter && len(got.miss) > 0 {
				fired++
			}
		}
	}
	if fired < 1000 {
		t.Fatalf("only %d rows matched a composed rule: the comparison proves little", fired)
	}
}

// scoreWithStrings is scoreWith before word numbers: every lookup by word.
func (cs *composeSet) scoreWithStrings(norm string, cats []Category, sheet *scoreSheet, prefilter bool) {
	toks := strings.Fields(norm)
	var spans [8]span
	possible, fired := make([]uint64, (len(cs.rules)+63)/64), make([]uint64, (len(cs.rules)+63)/64)
	want := catMask(cats)
	if prefilter {
		seen := make([]uint32, len(cs.rules))
		for _, t := range toks {
			for _, p := range cs.needs[t] {
				seen[p.rule] |= 1 << p.bit
			}
		}
		for ri, m := range seen {
			if m == cs.required[ri] {
				possible[ri/64] |= 1 << (ri % 64)
			}
		}
	} else {
		for k := range possible {
			possible[k] = ^uint64(0)
		}
	}
	for i, t := range toks {
		for _, ri := range cs.first[t] {
			bit := uint64(1) << (ri % 64)
			if possible[ri/64]&bit == 0 || fired[ri/64]&bit != 0 {
				continue
			}
			r := &cs.rules[ri]
			if r.bit&want == 0 {
				continue
			}
			if end, ok := cs.matchStrings(r, toks, 0, i, true, spans[:0]); ok {
				if (r.cat == Threat || r.cat == Hate) && (deniedBefore(toks, i) || cs.topicBefore(toks, i)) {
					continue
				}
				fired[ri/64] |= bit
				sheet.add(r.cat, r.weight, quoteCue(r.label, strings.Join(toks[i:end], " ")))
			}
		}
	}
}

// matchStrings, the matching before word numbers (compose_ids.go), tries part k of r at token positions from pos (exactly pos when
// exact, else up to r.gap words later) and returns the end of the whole
// match.
func (cs *composeSet) matchStrings(r *crule, toks []string, k, pos int, exact bool, got []span) (int, bool) {
	if k == len(r.parts) {
		if !cs.accept(r, toks, got) {
			return 0, false
		}
		return got[len(got)-1].end, true
	}
	p := &r.parts[k]
	limit := pos
	if !exact {
		limit = pos + r.gap
	}
	for q := pos; q <= limit && q < len(toks); q++ {
		if q > pos && toks[q-1] == boundary && !r.across {
			break
		}
		if toks[q] == boundary && !r.across {
			break
		}
		// Every alternative, in file order, that starts with toks[q]:
		// what the index by first word gave.
		for ai := range p.alts {
			if p.alts[ai][0] != toks[q] {
				continue
			}
			if n, ok := seqAt(toks, q, p.alts[ai]); ok {
				if end, ok := cs.matchStrings(r, toks, k+1, q+n, false, append(got, span{q, q + n})); ok {
					return end, true
				}
			}
		}
	}
	if p.optional {
		return cs.matchStrings(r, toks, k+1, pos, exact && k == 0, got)
	}
	return 0, false
}

// BenchmarkComposeCompile is what the first check of a process waits for
// to compile the bundled composed rules (numbering them included).
func BenchmarkComposeCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compileBundled(composeJSON, composeYAML); err != nil {
			b.Fatal(err)
		}
	}
}
