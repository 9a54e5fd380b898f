package guard

import (
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
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
	// req is the pattern's required literals (see literalReq), derived
	// with re: the second prefilter, checked after need.
	req func() *litReq
}

// litReq is a condition on the literal substrings a text must contain
// for a pattern to match, read from the pattern's syntax tree: a match of
// "(?:you|u) (?:stupid|dumb) cow" must contain "cow" and one of "stupid"
// or "dumb". It is necessary, never sufficient, so a text failing it
// cannot match and the regexp is not run; most regexp time went on
// common-word rules ("you", "what") that a harmless message passes.
type litReq struct {
	// all: every sub must hold (and); else any one (or).
	all  bool
	lits []string
	subs []*litReq
}

// holds reports whether text meets r; a nil r always holds.
func (r *litReq) holds(text string) bool {
	if r == nil {
		return true
	}
	if r.all {
		for _, l := range r.lits {
			if !strings.Contains(text, l) {
				return false
			}
		}
		for _, s := range r.subs {
			if !s.holds(text) {
				return false
			}
		}
		return true
	}
	for _, l := range r.lits {
		if strings.Contains(text, l) {
			return true
		}
	}
	for _, s := range r.subs {
		if s.holds(text) {
			return true
		}
	}
	return false
}

// Limits that keep the check cheaper than the regexp it spares.
const (
	minReqLit = 3  // shorter literals are in nearly every text
	maxReqAlt = 24 // a wider alternation is not worth testing
	maxReqAnd = 3  // the most telling parts of a sequence
)

// literalReq returns the literal requirement of pattern (already
// expanded), or nil when none is worth checking or the pattern does not
// parse (it then fails loudly at compile time instead).
func literalReq(pattern string) *litReq {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return reqOf(re.Simplify())
}

// reqOf is literalReq over a syntax tree; nil means "no requirement".
func reqOf(re *syntax.Regexp) *litReq {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) < minReqLit {
			return nil
		}
		return &litReq{all: true, lits: []string{string(re.Rune)}}
	case syntax.OpCapture:
		return reqOf(re.Sub[0])
	case syntax.OpPlus:
		return reqOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return reqOf(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		var parts []*litReq
		for _, s := range re.Sub {
			if r := reqOf(s); r != nil {
				parts = append(parts, r)
			}
		}
		if len(parts) == 0 {
			return nil
		}
		// Keep the most selective parts: single literals first, longest
		// first, then the narrowest alternations.
		slices.SortStableFunc(parts, func(a, b *litReq) int { return reqRank(b) - reqRank(a) })
		if len(parts) > maxReqAnd {
			parts = parts[:maxReqAnd]
		}
		out := &litReq{all: true}
		for _, p := range parts {
			if p.all && len(p.subs) == 0 {
				out.lits = append(out.lits, p.lits...)
			} else {
				out.subs = append(out.subs, p)
			}
		}
		return out
	case syntax.OpAlternate:
		if len(re.Sub) > maxReqAlt {
			return nil
		}
		out := &litReq{}
		for _, s := range re.Sub {
			r := reqOf(s)
			if r == nil {
				return nil // one branch needs nothing: neither does the whole
			}
			if r.all && len(r.lits) == 1 && len(r.subs) == 0 {
				out.lits = append(out.lits, r.lits[0])
			} else {
				out.subs = append(out.subs, r)
			}
		}
		if len(out.lits)+len(out.subs) > maxReqAlt {
			return nil
		}
		return out
	}
	return nil
}

// reqRank orders requirements by how much they rule out: a long single
// literal most, a wide alternation least.
func reqRank(r *litReq) int {
	if r.all && len(r.subs) == 0 {
		n := 0
		for _, l := range r.lits {
			n = max(n, len(l))
		}
		return 1000 + n
	}
	if r.all {
		return 500
	}
	return 100 - len(r.lits) - 4*len(r.subs)
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
	// phrases are the multi-word nouns and adjectives, as word sequences;
	// byFirst holds them by first word, so a word is tried only with the
	// phrases it can start (the scan of every phrase at every word was
	// most of named's time).
	nounPhrases, adjPhrases [][]string
	nounByFirst, adjByFirst map[string][][]string
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
	g.nounByFirst, g.adjByFirst = map[string][][]string{}, map[string][][]string{}
	for _, p := range g.nounPhrases {
		g.nounByFirst[p[0]] = append(g.nounByFirst[p[0]], p)
	}
	for _, p := range g.adjPhrases {
		g.adjByFirst[p[0]] = append(g.adjByFirst[p[0]], p)
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
		for _, p := range g.nounByFirst[w] {
			if hasPhrase(words[i:], p) {
				return true
			}
		}
		for _, p := range g.adjByFirst[w] {
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
	req   func() *litReq
	// unless, when set, voids the idiom for a text it matches (idiomUnless).
	unless func() *regexp.Regexp
}

// macros are expanded in rule patterns before compiling, so the
// lexicon reads as phrases ("{AGENT}{GAP} (?:kill|stab) {TARGET}").
var macros *strings.Replacer

// compile expands the macros of pattern and compiles it.
func compile(pattern string) *regexp.Regexp {
	return regexp.MustCompile(expand(pattern))
}

// lazyReq returns pattern's literal requirement, derived on the first call.
func lazyReq(pattern string) func() *litReq {
	return sync.OnceValue(func() *litReq { return literalReq(expand(pattern)) })
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

// needIndex maps each needed word prefix (without its leading space)
// to the lexicon rules that need it, so the prefilter is one pass over
// the text's words instead of a look-up per rule and prefix.
type needIndex struct {
	byPrefix map[string][]int32
	// always are the rules with no needed prefix.
	always []int32
	// maxLen is the longest needed prefix.
	maxLen int
	// trie holds byPrefix byte by byte, for mark (needtrie.go).
	trie *needTrie
}

var lexiconNeeds = sync.OnceValue(func() *needIndex {
	loadLexicon()
	needs := make([][]string, len(lexicon))
	raw := make([]bool, len(lexicon))
	for i, r := range lexicon {
		needs[i], raw[i] = r.need, r.raw
	}
	return newNeedIndex(needs, raw)
})

// maxNeedLen is the longest needed prefix of any rule.
var maxNeedLen = sync.OnceValue(func() int { return lexiconNeeds().maxLen })

// candidates marks, in a bit set over the lexicon, the rules one of whose
// needed prefixes starts a chunk of text that follows a space: the rules
// the prefilter lets through.
func candidates(text string) []uint64 {
	set := make([]uint64, (len(lexicon)+63)/64)
	lexiconNeeds().mark(text, set)
	return set
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

// counterSpeech reports whether the message condemns or denies words it
// quotes or names: a frame of class counter_frame ("how can you say ...",
// "banned for saying ...") or a quotation followed by condemn_after
// ("... then you are a bigot"), or a frame of class counter_quoted ("isn't
// banter") in a message that quotes something. Reports of what someone
// else said ("a customer said ...") are not counted: condemn holds those
// too, but counter_frame does not.
func (cs *composeSet) counterSpeech(text string, toks []string) bool {
	if anyFrame(toks, cs.counterFrame) {
		return true
	}
	if !strings.ContainsAny(text, "\"'“”«»„‘’") {
		return false
	}
	spans := quoteSpans(text)
	if len(spans) > 0 && anyFrame(toks, cs.counterQuoted) {
		return true
	}
	if len(cs.condemnAfter) == 0 {
		return false
	}
	for _, q := range spans {
		if cs.condemnedAfter(text[q[1]:]) {
			return true
		}
	}
	return false
}

// praises reports whether the normalised message's words hold a frame of
// class praise_frame ("... should all be admired", "kind and
// compassionate") and no word of class praise_spoiler ("but", "vermin",
// "go back").
func (cs *composeSet) praises(toks []string) bool {
	return anyFrame(toks, cs.praiseFrame) && !anyFrame(toks, cs.praiseSpoiler)
}

// anyFrame reports whether one of frames, held by first word (byFirst),
// occurs anywhere in toks.
func anyFrame(toks []string, frames map[string][][]string) bool {
	for i := range toks {
		for _, f := range frames[toks[i]] {
			if _, ok := seqAt(toks, i, f); ok {
				return true
			}
		}
	}
	return false
}

// setAsideUnderCounterSpeech drops from the learned layer's sheet the
// categories a condemning frame excuses (threat, harassment, hate and
// sexual remarks), when the rules, with the frame set aside, found no
// harm cue of any weight in the message. The learned layer reads the
// words, not who says them, and flags "she should be banned for saying
// '[group] should all be killed'" as the hate it quotes. A praising frame
// (praise_frame) excuses hate and harassment only: "Muslims should all be
// admired" shares its words with a hateful template. Self-harm and
// injection always stand. norm is normalize(text), which the rules' scan
// has made already.
func setAsideUnderCounterSpeech(learned *scoreSheet, rules *scoreSheet, text, norm string) {
	if len(rules.miss) > 0 || len(learned.miss) == 0 {
		return
	}
	cs := defaultCompose()
	toks := strings.Fields(norm)
	excused := []Category{Threat, Harassment, Hate, Sexual}
	if !cs.counterSpeech(text, toks) {
		if !cs.praises(toks) {
			return
		}
		excused = []Category{Harassment, Hate}
	}
	for _, c := range excused {
		delete(learned.miss, c)
		delete(learned.cues, c)
	}
}

// reportedAfter reports whether after, the text right after a quotation,
// says that someone else said it to someone else: "'...' is what a guy
// yelled at our barista", "'...' was shouted at our new barista". Such a
// quotation is reported to the café, like one a reporting word opens
// (reportsBefore). Said by the writer ("is what I say") or at the reader
// ("was said to you"), it stands.
func (cs *composeSet) reportedAfter(after string) bool {
	words := strings.Fields(normalize(after))
	if len(words) > 0 && words[0] == boundary {
		words = words[1:]
	}
	for i, w := range words {
		if w == boundary {
			words = words[:i]
			break
		}
	}
	// the target of a report verb at i must not be the reader.
	aimedOff := func(i int) bool {
		for j := i + 1; j < len(words) && j <= i+2; j++ {
			if toReader[words[j]] {
				return false
			}
		}
		return true
	}
	if len(words) >= 3 && (words[0] == "was" || words[0] == "were" || words[0] == "got") && cs.reporting[words[1]] {
		// passive: "... was shouted at our barista"
		return (words[2] == "at" || words[2] == "to" || words[2] == "on") && aimedOff(1)
	}
	if len(words) >= 3 && (words[0] == "is" || words[0] == "was" || words[0] == "thats") && words[1] == "what" {
		// cleft: "... is what a guy yelled at ..."
		for i := 2; i < len(words) && i <= 5; i++ {
			if ownVoice[words[i]] {
				return false
			}
			if cs.reporting[words[i]] {
				return i > 2 && aimedOff(i)
			}
		}
	}
	return false
}
