package guard

import (
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

func TestWordStartOf(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{`\bi know (?:your|her) car\b`, true},
		{`\b(?:kill|stab)(?: up)? you\b|\bhidden prompt\b`, true},
		{`\b[a-c]+ x`, true},
		{`(?:^\s*|\byour )system prompt\b`, false}, // reads the text start
		{`\Asystem`, false},
		{`system prompt\b`, false},   // may start mid-word
		{`\b(?: you)`, false},        // \b then a space: a word's end
		{`\b(?:you)? me`, false},     // may start with the space
		{`(?i)\bkill`, false},        // 'k' folds to the Kelvin sign
		{`\b(?:you|\.)`, false},      // '.' is no word character
		{`\b(?:you|x)|me`, false},    // one branch lacks \b
		{`\b(?:yo|u){1,2} x`, true},  // a repeat of at least one
		{`\b(?:yo|u){0,2} x`, false}, // may be empty
		{`\b(?:\S+ ){1,2}at`, false}, // \S holds non-word bytes
		{`\b[0-9_]+ items\b`, true},
	} {
		re, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := wordStartOf(c.pattern, re) != nil; got != c.want {
			t.Errorf("%s: word-start form %v, want %v", c.pattern, got, c.want)
		}
	}
	if wordStartOf(`(`, nil) != nil {
		t.Error("a pattern that does not parse has a word-start form")
	}
}

// wordStartTexts are texts where the anchored search could go wrong:
// the words inside other words, after symbols that are and are not word
// characters, at the very start and end, several candidates in a row.
var wordStartTexts = []string{
	"i know your car",
	" i know your car ",
	"hi know your car . i know your car",
	"_i know your car",
	"*i know your car",
	"é i know your car",
	"xkill you . kill you",
	"kill you",
	"kill youx kill you",
	" 42 items . 7 items",
	"killkill you",
	"",
}

// Every pattern of a word-start form finds what the plain search finds:
// on the texts above and, for each lexicon rule and idiom, on the
// normalised (and, for raw rules, lower-cased) text of every row of the
// non-blind sets that its prefilters let through.
func TestWordStartFindsWhatPlainFinds(t *testing.T) {
	for _, p := range []string{`\bi know (?:your|her) car\b`, `\b(?:kill|stab)(?: up)? you\b`, `\b[0-9_]+ items\b`} {
		ws := wordStartOf(p, mustParse(t, p))
		plain := regexp.MustCompile(p)
		for _, text := range wordStartTexts {
			if got, want := ws.findIndex(text), plain.FindStringIndex(text); !slices.Equal(got, want) {
				t.Errorf("%s on %q: word-start %v, plain %v", p, text, got, want)
			}
			if got, want := ws.matchString(text), plain.MatchString(text); got != want {
				t.Errorf("%s on %q: word-start match %v, plain %v", p, text, got, want)
			}
		}
	}
	loadLexicon()
	fast := fastReqs()
	formed := 0
	for _, ws := range fast.ruleStarts {
		if ws != nil {
			formed++
		}
	}
	// Most rules start with \b and a word; were the analysis to stop
	// seeing that, the fast path would quietly lose its gain.
	if formed < len(lexicon)*2/3 {
		t.Fatalf("only %d of %d rules have a word-start form", formed, len(lexicon))
	}
	texts := 0
	compared := 0
	for _, f := range wordStartFiles(t) {
		if filepath.Base(f) == "train.jsonl" && testing.Short() {
			continue
		}
		for _, r := range readShortcutRows(t, f) {
			a := analysis.Of(r.Text)
			norm, lower := normalize(a.Text), strings.ToLower(a.Text)
			has := marks(fast, norm)
			cand := make([]uint64, (len(lexicon)+63)/64)
			lexiconNeeds().mark(norm, cand)
			texts++
			for i := range lexicon {
				ws := fast.ruleStarts[i]
				if ws == nil {
					continue
				}
				subject := norm
				if lexicon[i].raw {
					subject = lower
					if !hasAny(lower, lexicon[i].need) {
						continue
					}
				} else if cand[i/64]&(1<<(i%64)) == 0 || !fast.rules[i].holds(has) {
					continue
				}
				compared++
				if got, want := ws.findIndex(subject), lexicon[i].re().FindStringIndex(subject); !slices.Equal(got, want) {
					t.Errorf("rule %q on %q: word-start %v, plain %v", lexicon[i].label, subject, got, want)
				}
			}
			for k, id := range idiomList {
				if ws := fast.idiomStarts[k]; ws != nil && hasAny(norm, id.need) {
					compared++
					if got, want := ws.matchString(norm), id.re().MatchString(norm); got != want {
						t.Errorf("idiom %q on %q: word-start %v, plain %v", id.label, norm, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d texts, %d searches compared; %d of %d rules have a word-start form", texts, compared, formed, len(lexicon))
	if compared < 10000 {
		t.Fatalf("only %d searches compared: the test reads too little", compared)
	}
}

// wordStartFiles are the non-blind sets at the top of testdata/guard and
// testdata/gate.
func wordStartFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"guard", "gate"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasPrefix(filepath.Base(f), "blind") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 20 {
		t.Fatalf("only %d sets", len(files))
	}
	return files
}

func mustParse(t *testing.T, p string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	return re
}

// marks returns the literals of fast found in text.
func marks(fast *fastReqTable, text string) []uint64 {
	has := make([]uint64, fast.lits.words())
	fast.lits.mark(text, has)
	return has
}
