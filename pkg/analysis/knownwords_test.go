package analysis

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// reverseIfBackwardsWords is reverseIfBackwards as it was before
// knownWords: it builds the words with textnorm.Words. The fast path
// must agree with it on every input.
func reverseIfBackwardsWords(seg string) (string, bool) {
	words := textnorm.Words(seg)
	if len(words) < 2 {
		return "", false
	}
	fwd := 0
	for _, w := range words {
		if IsWord(w) {
			fwd++
		}
	}
	if fwd*2 > len(words) {
		return "", false
	}
	r := []rune(seg)
	for l, h := 0, len(r)-1; l < h; l, h = l+1, h-1 {
		r[l], r[h] = r[h], r[l]
	}
	rev := string(r)
	back := 0
	for _, w := range textnorm.Words(rev) {
		if IsWord(w) {
			back++
		}
	}
	if back >= 2 && back >= 2*fwd+1 && back*3 >= len(words)*2 {
		return rev, true
	}
	if ends := capitalsBackwards(seg); ends > 0 && (back >= fwd || ends >= 2) {
		return rev, true
	}
	return "", false
}

// unreverseCopying is unreverse as it was before the builder started
// lazily: it copies every sentence.
func unreverseCopying(s string, ev *evasions) string {
	var b strings.Builder
	changed := false
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' && s[i] != '!' && s[i] != '?' && s[i] != '\n' {
			continue
		}
		seg := s[start:i]
		inner := strings.TrimSpace(seg)
		lead := seg[:strings.Index(seg, inner)]
		if r, ok := reverseIfBackwardsWords(inner); ok {
			b.WriteString(lead)
			b.WriteString(r)
			b.WriteString(seg[len(lead)+len(inner):])
			changed = true
		} else {
			b.WriteString(seg)
		}
		if i < len(s) {
			b.WriteByte(s[i])
		}
		start = i + 1
	}
	if !changed {
		return s
	}
	ev.add(Reversed)
	if r, ok := reverseIfBackwardsWords(s); ok {
		return r
	}
	return b.String()
}

// knownWordsInputs are hand-made look-alikes: contractions, curly
// apostrophes, capitals (ASCII and not), digits, underscores, invalid
// UTF-8, the Kelvin sign, letters that lower-case to longer encodings,
// words longer than the 64-byte buffer, and sentences forwards,
// backwards and mixed.
var knownWordsInputs = []string{
	"", "a", "i want to kill myself", "flesym llik ot tnaw i", "I Want To KILL Myself",
	"don't you dare", "don’t you dare", "' ' '", "it's 4pm", "snake_case_word here",
	"\xff\xfe broken bytes want", "\u212a elvin kills", "İstanbul ŞEHİR", "ΣΟΦΙΑ σοφία",
	strings.Repeat("x", 70) + " want " + strings.Repeat("É", 40), "sedoP sal ed otiuqsoM",
	"Close early. Trust me, it's for your own good.", ".doog nwo ruoy rof s'ti ,em tsurT .ylrae esolC",
	"hello. flesym llik ot tnaw i! what time do you open?\nemit tahw", "  padded  .  \n\n ..!?",
	"123 456 789", "mixed backwards eno dna forwards owt", "ecnelis  yb  reveiler",
}

func TestKnownWordsCountsAsWords(t *testing.T) {
	check := func(s string) {
		t.Helper()
		words := textnorm.Words(s)
		known := 0
		for _, w := range words {
			if IsWord(w) {
				known++
			}
		}
		if n, k := knownWords(s); n != len(words) || k != known {
			t.Fatalf("knownWords(%q) = %d, %d; Words gives %d words, %d known", s, n, k, len(words), known)
		}
	}
	for _, s := range knownWordsInputs {
		check(s)
	}
	for _, s := range randomSentences(3000) {
		check(s)
	}
}

func TestUnreverseMatchesWordsPath(t *testing.T) {
	inputs := append(append([]string{}, knownWordsInputs...), randomSentences(3000)...)
	reversed := 0
	for _, s := range inputs {
		r1, ok1 := reverseIfBackwards(s)
		r2, ok2 := reverseIfBackwardsWords(s)
		if r1 != r2 || ok1 != ok2 {
			t.Fatalf("reverseIfBackwards(%q) = %q, %v; words path %q, %v", s, r1, ok1, r2, ok2)
		}
		var e1, e2 evasions
		u1, u2 := unreverse(s, &e1), unreverseCopying(s, &e2)
		if u1 != u2 || strings.Join(evStrings(e1), ",") != strings.Join(evStrings(e2), ",") {
			t.Fatalf("unreverse(%q) = %q %v; copying path %q %v", s, u1, e1.list(), u2, e2.list())
		}
		if u1 != s {
			reversed++
		}
	}
	// The inputs must exercise both outcomes, or the comparison proves little.
	if reversed == 0 || reversed == len(inputs) {
		t.Fatalf("%d of %d inputs turned back: the inputs do not cover both cases", reversed, len(inputs))
	}
}

func evStrings(e evasions) []string {
	var out []string
	for _, x := range e.list() {
		out = append(out, string(x))
	}
	return out
}

// randomSentences mixes known words, their reversals, capitals, digits,
// apostrophes, non-ASCII letters and sentence ends, seeded so a failure
// repeats.
func randomSentences(n int) []string {
	rng := rand.New(rand.NewSource(15))
	vocabWords := []string{"i", "want", "to", "kill", "myself", "refund", "coffee", "order", "cold", "barista",
		"rude", "open", "sunday", "points", "staff", "shift", "ends", "tonight", "please", "the"}
	extras := []string{"4pm", "don't", "it’s", "Ünïcode", "ΣΟΦΙΑ", "x_y", "\xff", "\u212a", "#123", "sedoP", "İ"}
	seps := []string{" ", " ", " ", ", ", ". ", "! ", "? ", "\n", "  "}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var b strings.Builder
		words := 1 + rng.Intn(12)
		backwards := rng.Intn(3) == 0
		for j := 0; j < words; j++ {
			var w string
			switch k := rng.Intn(10); {
			case k < 7:
				w = vocabWords[rng.Intn(len(vocabWords))]
				if backwards {
					r := []rune(w)
					for l, h := 0, len(r)-1; l < h; l, h = l+1, h-1 {
						r[l], r[h] = r[h], r[l]
					}
					w = string(r)
				}
			default:
				w = extras[rng.Intn(len(extras))]
			}
			if rng.Intn(6) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			b.WriteString(seps[rng.Intn(len(seps))])
		}
		out = append(out, b.String())
	}
	return out
}
