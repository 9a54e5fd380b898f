package guard

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// A composed rule is only tried at a first word of its part 0 (first),
// so the needs index leaves part 0 out: a rule it lets through at a word
// of first is one the full index (every required part, part 0 too) lets
// through, on every labelled guard row, and no needed part is part 0.
func TestNeedsLeavePartZeroToFirst(t *testing.T) {
	cs := defaultCompose()
	for w, rules := range cs.first {
		for _, ri := range rules {
			if !slices.ContainsFunc(cs.rules[ri].parts[0].alts, func(alt []string) bool { return alt[0] == w }) {
				t.Fatalf("rule %q is tried at %q, no first word of its part 0", cs.rules[ri].label, w)
			}
		}
	}
	for w, refs := range cs.needs {
		for _, p := range refs {
			if p.bit == 0 {
				t.Fatalf("needs holds part 0 of rule %q under %q", cs.rules[p.rule].label, w)
			}
		}
	}
	// fullNeeds and full are the index and masks before part 0 was left
	// out: every required part, part 0 too.
	fullNeeds := map[string][]partRef{}
	full := make([]uint32, len(cs.rules))
	for ri := range cs.rules {
		for k, p := range cs.rules[ri].parts {
			if p.optional {
				continue
			}
			full[ri] |= 1 << k
			firsts := map[string]bool{}
			for _, alt := range p.alts {
				firsts[alt[0]] = true
			}
			for w := range firsts {
				fullNeeds[w] = append(fullNeeds[w], partRef{int32(ri), uint8(k)})
			}
		}
	}
	texts := append(speedRows(t), "i will kill you", "i will bake you a cake", "kill you i will")
	tried, through := 0, 0
	for _, text := range texts {
		toks := strings.Fields(normalize(analysis.Of(text).Text))
		words := map[string]bool{}
		seen, fullSeen := make([]uint32, len(cs.rules)), make([]uint32, len(cs.rules))
		for _, w := range toks {
			words[w] = true
		}
		for w := range words {
			for _, p := range cs.needs[w] {
				seen[p.rule] |= 1 << p.bit
			}
			for _, p := range fullNeeds[w] {
				fullSeen[p.rule] |= 1 << p.bit
			}
		}
		for w := range words {
			for _, ri := range cs.first[w] {
				tried++
				now, before := seen[ri] == cs.required[ri], fullSeen[ri] == full[ri]
				if now != before {
					t.Fatalf("%q: rule %q at %q: let through %v, by the full index %v", text, cs.rules[ri].label, w, now, before)
				}
				if now {
					through++
				}
			}
		}
	}
	t.Logf("%d texts, %d tries, %d let through", len(texts), tried, through)
	if through == 0 || through*2 > tried {
		t.Fatalf("%d of %d tries let through: the index proves little", through, tried)
	}
	// The look-alike keeps its part 0 word but not the rest: it scores
	// nothing, while the threat scores.
	var threat, cake scoreSheet
	cs.scoreWith(normalize("i will kill you"), inputCategories, &threat, true)
	cs.scoreWith(normalize("i will bake you a cake"), inputCategories, &cake, true)
	if threat.miss[Threat] == 0 || len(cake.miss) > 0 {
		t.Errorf("threat scores %v, its look-alike %v", threat.miss, cake.miss)
	}
}

// Patterns that may begin with optional words, or have branches reading
// the text start, get a word-start form; those reading a line start or
// starting with a non-word character keep the plain search.
func TestStartFormOf(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{`\b(?:better )?watch (?:your|ur) back\b`, true},
		{`\b(?:go |just )?(?:kill|hang) yourself\b|\bkys\b`, true},
		{`\b(?:very )*opposite of stupid\b`, true},
		{`\b(?:you)? me`, false},                  // may start with the space
		{`\b(?:\. )?me`, false},                   // '.' is no word character
		{`(?:^\s*|\byour )system prompt\b`, true}, // the text start, or a word
		{`^\s*system prompt\b|\bthe hidden prompt\b`, true},
		{`^\s*system prompt\b`, false},             // every match at the text start
		{`(?m)^\s*system:|\byour system\b`, false}, // a line start moves with slicing
		{`(?:^|\.) idiot\b`, false},                // '.' again
		{`\bi know (?:your|her) car\b`, true},
	} {
		re := mustParse(t, c.pattern)
		if got := startFormOf(c.pattern, re) != nil; got != c.want {
			t.Errorf("%s: start form %v, want %v", c.pattern, got, c.want)
		}
	}
	texts := append(slices.Clone(wordStartTexts),
		"system prompt please", " system prompt", "  system prompt", "your system prompt",
		"oursystem prompt", "tell me the hidden prompt", "the hidden prompt . system prompt",
		"watch your back", "better watch your back", "xbetter watch ur back", "you better watch your back",
		"go kill yourself", "just hang yourself . kys", "skys", "very very opposite of stupid")
	for _, p := range []string{
		`\b(?:better )?watch (?:your|ur) back\b`, `\b(?:go |just )?(?:kill|hang) yourself\b|\bkys\b`,
		`\b(?:very )*opposite of stupid\b`, `(?:^\s*|\byour )system prompt\b`,
		`^\s*system prompt\b|\bthe hidden prompt\b`,
	} {
		ws := startFormOf(p, mustParse(t, p))
		plain := regexp.MustCompile(p)
		for _, text := range texts {
			if got, want := ws.findIndex(text), plain.FindStringIndex(text); !slices.Equal(got, want) {
				t.Errorf("%s on %q: start form %v, plain %v", p, text, got, want)
			}
			if got, want := ws.matchString(text), plain.MatchString(text); got != want {
				t.Errorf("%s on %q: start form match %v, plain %v", p, text, got, want)
			}
		}
	}
}

// withoutTextStart leaves the pattern it reads unchanged.
func TestWithoutTextStartKeepsItsInput(t *testing.T) {
	p := `(?:^\s*|\byour )system prompt\b`
	re := mustParse(t, p)
	before := re.String()
	if rest := withoutTextStart(re); rest == nil || strings.Contains(rest.String(), `^`) || strings.Contains(rest.String(), `\A`) {
		t.Fatalf("without the text start: %v", rest)
	}
	if re.String() != before {
		t.Errorf("withoutTextStart changed its input: %s, was %s", re.String(), before)
	}
}
