package guard

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// holdsOn checks r on text by substring search, without the automaton.
func (r *strReq) holdsOn(text string) bool {
	if r == nil {
		return true
	}
	for _, l := range r.lits {
		if strings.Contains(text, l) == !r.all {
			return !r.all
		}
	}
	for _, s := range r.subs {
		if s.holdsOn(text) == !r.all {
			return !r.all
		}
	}
	return r.all
}

// TestFastReqOf: the fast requirement spells out what the regexp parser
// factors ("k(?:ill|nife)"), holds on every text the pattern matches and
// fails on texts missing a needed word; a piece that may be empty or is
// too short to tell needs nothing.
func TestFastReqOf(t *testing.T) {
	cases := []struct {
		pattern     string
		match, skip []string
		none        bool // no requirement at all
	}{
		{`\b(?:kill|knife|kick)\b`, []string{" kill ", " a knife ", " kick "}, []string{" kin ", " knit "}, false},
		{`\b(?:i|we) (?:stab|shoot|slap)(?: up)? (?:you|him)\b`, []string{" i stab you ", " we shoot up him "}, []string{" i stop you ", " shoot "}, false},
		{`\bsystem (?:prompt|message)s?\b`, []string{" the system prompts "}, []string{" the system is down ", " prompt "}, false},
		{`\b(?:a|an)? ?x\b`, []string{" x "}, nil, true},
		{`\b(?:dead|[a-z]+) end\b`, []string{" dead end ", " blind end "}, []string{" dead ", " blind "}, false},
		{`\b(?:dead|[a-z]+)\b`, []string{" dead ", " blind "}, nil, true},
		{`\bno+ way\b`, []string{" nooo way "}, []string{" no wya "}, false},
	}
	for _, c := range cases {
		req := fastReqOf(c.pattern)
		if (req == nil) != c.none {
			t.Errorf("%s: requirement %+v, want none=%v", c.pattern, req, c.none)
		}
		re := regexp.MustCompile(c.pattern)
		for _, m := range c.match {
			if !re.MatchString(m) {
				t.Fatalf("%s: test text %q does not match", c.pattern, m)
			}
			if !req.holdsOn(m) {
				t.Errorf("%s: requirement %+v fails on matching %q", c.pattern, req, m)
			}
		}
		for _, m := range c.skip {
			if re.MatchString(m) {
				t.Fatalf("%s: test text %q matches", c.pattern, m)
			}
			if req.holdsOn(m) {
				t.Errorf("%s: requirement %+v holds on %q, which lacks a needed word", c.pattern, req, m)
			}
		}
	}
}

// fastTexts returns the normalised texts of every every-th row of a few
// hand-written guard sets, harmful and benign (every 8th as many under
// the race detector).
func fastTexts(t *testing.T, every int) []string {
	t.Helper()
	if raceEnabled {
		every *= 8
	}
	var texts []string
	for _, f := range []string{"messages.jsonl", "dev11.jsonl", "dev_d2.jsonl", "dev_r3.jsonl"} {
		rows, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", f))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if i%every != 0 {
				continue
			}
			texts = append(texts, normalize(analysis.Of(r.Text).Text))
		}
	}
	return texts
}

// TestLitSetMarksWhatContainsFinds: the automaton marks exactly the
// literals a substring search finds, on real texts and on texts made of
// the literals themselves (overlaps, one inside another).
func TestLitSetMarksWhatContainsFinds(t *testing.T) {
	ls := &fastReqs().lits
	if len(ls.lits) < 100 {
		t.Fatalf("%d literals: the rules gave almost none", len(ls.lits))
	}
	texts := fastTexts(t, 2)
	var glued strings.Builder
	for i, l := range ls.lits {
		glued.WriteString(l)
		if i%50 == 49 {
			texts = append(texts, glued.String())
			glued.Reset()
		}
	}
	has := make([]uint64, ls.words())
	for _, text := range texts {
		clear(has)
		ls.mark(text, has)
		for id, l := range ls.lits {
			if got, want := has[id>>6]&(1<<(id&63)) != 0, strings.Contains(text, l); got != want {
				t.Fatalf("%q in %q: marked %v, contained %v", l, text, got, want)
			}
		}
	}
}

// TestFastReqsHoldOnEveryMatch: for every idiom and non-raw rule, each
// text its pattern matches meets its fast requirement, so the fast path
// never skips a rule that would have scored.
func TestFastReqsHoldOnEveryMatch(t *testing.T) {
	f := fastReqs()
	if len(f.rules) != len(lexicon) || len(f.idioms) != len(idiomList) {
		t.Fatalf("%d rule and %d idiom requirements for %d rules and %d idioms", len(f.rules), len(f.idioms), len(lexicon), len(idiomList))
	}
	has := make([]uint64, f.lits.words())
	matched := 0
	for _, text := range fastTexts(t, 4) {
		clear(has)
		f.lits.mark(text, has)
		for i := range lexicon {
			if r := &lexicon[i]; !r.raw && !f.rules[i].holds(has) && r.re().MatchString(text) {
				t.Errorf("rule %q matches %q but its fast requirement fails", r.label, text)
			}
		}
		for k, id := range idiomList {
			if !f.idioms[k].holds(has) && id.re().MatchString(text) {
				t.Errorf("idiom %q matches %q but its fast requirement fails", id.label, text)
			}
		}
		matched++
	}
	if matched < 20 {
		t.Errorf("read %d texts", matched)
	}
}
