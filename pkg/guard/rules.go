package guard

import (
	"math"
	"regexp"
	"strings"
	"sync"
)

// rule is one lexicon pattern: when re matches, the category gains weight
// and the rule's label, with the matched words, becomes a cue.
type rule struct {
	cat    Category
	weight float64
	label  string
	// need lists word prefixes of which the text must contain at least one
	// before the pattern is tried; it keeps the common case (a harmless
	// message) to a few substring checks instead of a regexp per rule.
	need []string
	// raw rules match the lower-cased original text (markup such as
	// "<|im_start|>" or "SYSTEM:" at a line start) instead of the
	// normalized words.
	raw bool
	// group rules speak of a group of people; they run only when one is
	// named (groups.named), which spares the costly patterns on most messages.
	group bool
	// re is compiled the first time a text passes the rule's prefilter:
	// most rules never meet a message that could match, and compiling all
	// of them would cost every cold process tens of milliseconds.
	re func() *regexp.Regexp
}

// groups finds a group of people named in normalized text.
var groups groupIndex

// groupIndex answers "does this text name a group of people?" ({GROUPN})
// with set lookups: the same question as a regexp over every group word
// costs more than all the other rules together.
type groupIndex struct {
	nouns  map[string]bool // plural and singular nouns
	adjs   map[string]bool
	people map[string]bool
	// phrases are the multi-word nouns and adjectives, as word sequences.
	nounPhrases, adjPhrases [][]string
}

func newGroupIndex() groupIndex {
	g := groupIndex{nouns: map[string]bool{}, adjs: map[string]bool{}, people: map[string]bool{}}
	for _, w := range append(append([]string(nil), groupPluralWords...), groupSingularWords...) {
		if f := strings.Fields(w); len(f) > 1 {
			g.nounPhrases = append(g.nounPhrases, f)
		} else {
			g.nouns[w] = true
		}
	}
	for _, w := range groupAdjWords {
		if f := strings.Fields(w); len(f) > 1 {
			g.adjPhrases = append(g.adjPhrases, f)
		} else {
			g.adjs[w] = true
		}
	}
	for _, w := range personWords {
		g.people[w] = true
	}
	return g
}

// named reports whether norm names a group: a group noun, or a group
// adjective followed by a person noun.
func (g groupIndex) named(norm string) bool {
	words := strings.Fields(norm)
	for i, w := range words {
		if g.nouns[w] {
			return true
		}
		if g.adjs[w] && i+1 < len(words) && g.people[words[i+1]] {
			return true
		}
		for _, p := range g.nounPhrases {
			if hasPhrase(words[i:], p) {
				return true
			}
		}
		for _, p := range g.adjPhrases {
			if hasPhrase(words[i:], p) && i+len(p) < len(words) && g.people[words[i+len(p)]] {
				return true
			}
		}
	}
	return false
}

// hasPhrase reports whether words starts with phrase.
func hasPhrase(words, phrase []string) bool {
	if len(words) < len(phrase) {
		return false
	}
	for i, p := range phrase {
		if words[i] != p {
			return false
		}
	}
	return true
}

// idiom is a café phrase that borrows a harmful-sounding word ("to die
// for", "shoot me a text"). Idioms are set aside before the rules run.
type idiom struct {
	label string
	need  []string
	re    func() *regexp.Regexp
}

// macros are expanded in rule patterns before compiling, so the
// lexicon reads as phrases ("{AGENT}{GAP} (?:kill|stab) {TARGET}").
var macros *strings.Replacer

// compile expands the macros of pattern and compiles it.
func compile(pattern string) *regexp.Regexp {
	return regexp.MustCompile(expand(pattern))
}

// lazyCompile returns pattern's regexp, compiled on the first call.
func lazyCompile(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return compile(pattern) })
}

// needs turns a space-separated list of word prefixes into the " prefix"
// strings hasAny looks for. A macro in the list ("{GROUPS}") stands
// for the leading letters of every word its class can start with.
func needs(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "{") {
			for _, p := range classPrefixes(expand(w)) {
				out = append(out, " "+p)
			}
			continue
		}
		out = append(out, " "+w)
	}
	return out
}

// expand replaces macros until none is left.
func expand(pattern string) string {
	p := pattern
	for range 5 {
		next := macros.Replace(p)
		if next == p {
			break
		}
		p = next
	}
	return p
}

// classPrefixes returns the letters each alternative of a word class
// "(?:a|b(?:c)?|d?)" must start with: "bitch(?:es)?" gives "bitch", an
// optional last letter is dropped ("mofos?" gives "mofo"), and a nested
// group contributes its own alternatives.
func classPrefixes(class string) []string {
	class = strings.TrimSuffix(strings.TrimPrefix(class, "(?:"), ")")
	var out []string
	depth, start := 0, 0
	alt := func(a string) {
		if strings.HasPrefix(a, "(?:") {
			// A nested group: find its end and take its alternatives.
			d := 0
			for i, r := range a {
				switch r {
				case '(':
					d++
				case ')':
					d--
					if d == 0 {
						out = append(out, classPrefixes(a[:i+1])...)
						return
					}
				}
			}
			return
		}
		n := 0
		for n < len(a) && (a[n] >= 'a' && a[n] <= 'z' || a[n] >= '0' && a[n] <= '9') {
			n++
		}
		if n < len(a) && (a[n] == '?' || a[n] == '*' || a[n] == '{') && n > 0 {
			n--
		}
		if n > 0 {
			out = append(out, a[:n])
		}
	}
	for i := 0; i < len(class); i++ {
		switch class[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				alt(class[start:i])
				start = i + 1
			}
		}
	}
	alt(class[start:])
	return out
}

// hasAny reports whether text contains one of the " prefix" strings.
func hasAny(text string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// prefixSet holds the word-start prefixes of a text: the prefilter looks
// a rule's needed prefixes up in it instead of searching the text once
// per rule. It answers exactly as hasAny would.
type prefixSet map[string]struct{}

// maxNeedLen is the longest needed prefix of any rule.
var maxNeedLen = sync.OnceValue(func() int {
	loadLexicon()
	n := 1
	for _, r := range lexicon {
		if r.raw {
			continue
		}
		for _, p := range r.need {
			n = max(n, len(p)-1)
		}
	}
	return n
})

// wordPrefixes collects the prefixes, up to maxNeedLen letters, of every
// chunk of text that follows a space.
func wordPrefixes(text string) prefixSet {
	set := make(prefixSet, 96)
	limit := maxNeedLen()
	for i := 0; i < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != ' ' && j-i-1 < limit {
			j++
			set[text[i+1:j]] = struct{}{}
		}
	}
	return set
}

// any reports whether some " prefix" of needs starts a chunk of the text.
func (p prefixSet) any(needs []string) bool {
	if len(needs) == 0 {
		return true
	}
	for _, n := range needs {
		if _, ok := p[n[1:]]; ok {
			return true
		}
	}
	return false
}

// scoreSheet accumulates matched rules per category. Weights combine as a
// noisy-or, 1 - Π(1 - w): each further cue raises the score, none can push
// it past 1, and one strong cue is enough on its own.
type scoreSheet struct {
	miss map[Category]float64 // Π(1 - w) per category
	cues map[Category][]string
}

func (s *scoreSheet) add(cat Category, w float64, cue string) {
	if s.miss == nil {
		s.miss = map[Category]float64{}
		s.cues = map[Category][]string{}
	}
	m, ok := s.miss[cat]
	if !ok {
		m = 1
	}
	s.miss[cat] = m * (1 - clamp01(w))
	for _, c := range s.cues[cat] {
		if c == cue {
			return
		}
	}
	s.cues[cat] = append(s.cues[cat], cue)
}

func (s *scoreSheet) score(cat Category) float64 {
	m, ok := s.miss[cat]
	if !ok {
		return 0
	}
	// Round so scores print cleanly and compare stably in tests.
	return math.Round((1-m)*1000) / 1000
}

func clamp01(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}

// quoteCue renders a matched phrase for a cue: trimmed, boundary tokens
// dropped, and cut short so a cue never carries a whole message.
func quoteCue(label, match string) string {
	match = strings.TrimSpace(strings.ReplaceAll(match, " "+boundary+" ", " "))
	match = strings.TrimSuffix(strings.TrimPrefix(match, boundary+" "), " "+boundary)
	if r := []rune(match); len(r) > 48 {
		match = string(r[:48]) + "…"
	}
	return label + ": \"" + match + "\""
}
