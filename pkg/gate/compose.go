package gate

import (
	_ "embed"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// Composed rules (compose.yaml) describe a message's structure rather than
// its phrases: a pattern is a sequence of word classes, literal words and
// gaps ("@ask ~3 @person": a request verb, up to three other words, then
// someone who is a person), so one rule covers "can I talk to whoever runs
// the place" and "get me a real human" alike. A café extends the classes
// without touching the patterns. They score next to the cues of rules.yaml,
// once per rule and message, and show in Decision.Cues as
// "label:rule[matched words]".
//
// A rule's unless patterns are its look-alikes ("swallowed my card" for
// emergency's "swallowed"): a match inside one is skipped and the rule
// reads on, so a real match later in the message still scores, and the
// rules.yaml cues of the rule's label and category inside one are skipped
// the same way. A negative rule would take score from the whole label
// instead, a real emergency next to the look-alike included.

//go:embed compose.yaml
var composeFile []byte

// composeDoc is compose.yaml as written.
type composeDoc struct {
	Classes map[string][]string `yaml:"classes"`
	Rules   []composeRuleDoc    `yaml:"rules"`
}

type composeRuleDoc struct {
	Name     string   `yaml:"name"`
	Intent   string   `yaml:"intent"`
	Category string   `yaml:"category"`
	Weight   float64  `yaml:"weight"`
	Negation string   `yaml:"negation"`
	Match    []string `yaml:"match"`
	// Unless holds look-alikes of the rule: a match of the rule that lies
	// inside a match of one of them is skipped and the rule keeps reading
	// the message, so a real match elsewhere still scores.
	Unless []string `yaml:"unless"`
}

// Element kinds of a compiled pattern.
const (
	elWord  = iota // one literal key
	elClass        // one entry of a class (an entry may be several keys)
	elGap          // up to n keys, never a sentence boundary
)

type element struct {
	kind  int
	key   string
	class int
	n     int
}

// composeRule is one compiled rule: it scores when any of its patterns
// matches.
type composeRule struct {
	name     string
	intent   int
	category int
	weight   float64
	keepNeg  bool
	patterns [][]element
	// unless indexes composeSet.unless, the rule's look-alikes
	// (composeRuleDoc.Unless), or is -1.
	unless int
}

// composeSet is a compiled compose.yaml.
type composeSet struct {
	// classes[c] maps an entry's first key to its key sequences.
	classes []map[string][][]string
	// single maps a key to the bits of the classes holding it as a
	// one-word entry, and multi[c] holds class c's longer entries by
	// first key: a message reads single once per word.
	single map[string]classBits
	multi  []map[string][][]string
	rules  []composeRule
	// first maps a key to the patterns that can start with it, so a
	// message costs a map read per token, not a try per rule.
	first map[string][]patternRef
	// unless are the distinct unless lists: rules that share one (a YAML
	// alias) read it once per message.
	unless []unlessList
	// unlessFirst maps a key to the unless patterns that can start with
	// it (a patternRef's rule is then an unless list), as first does.
	unlessFirst map[string][]patternRef
	// keys holds single, multi, first and unlessFirst by key, so find
	// reads one map per token instead of four.
	keys map[string]*keyInfo
}

// keyInfo is what a composeSet knows about one key.
type keyInfo struct {
	single classBits
	// multi are the longer class entries starting with the key, by class
	// and then in file order, so the entries of one class keep the order
	// composeSet.multi gives them.
	multi []multiEntry
	// first and unlessFirst are composeSet.first and unlessFirst of the
	// key, each with what its pattern needs (patternTry).
	first, unlessFirst []patternTry
	// word is the key's bit in a wordBits, when a pattern holds it as a
	// literal word (every such key has a keyInfo).
	word    uint16
	hasWord bool
}

// wordBits is a set of pattern words, each hashed to one of its bits
// (wordBitsOf): a message sets the bits of its words, and a pattern whose
// words' bits are not all set cannot match. Two words may share a bit,
// which only lets a try through.
type wordBits [4]uint64

// patternNeed is what every match of a pattern reads: the classes of
// its class elements and the bits of its literal words. A message missing
// any of them cannot match it, which find checks in a few ANDs before
// trying the pattern (most tries failed at their second element).
type patternNeed struct {
	classes classBits
	words   wordBits
}

// patternTry is a pattern that can start with a key, and its need.
// Most tries fail their need, so each holds one word of it, qm at word
// qk of a message's classes and words side by side (msgIndex.both),
// checked in one load and mask before the whole need: that word is the
// one with the most bits read after the pattern's first element (a
// first word's bit is always set where the try is made, so it rules
// nothing out). The whole need still decides, so results cannot change.
// The need is shared by the pattern's tries under all its keys, which
// keeps a try a third of the size it was with the need inside.
type patternTry struct {
	ref  patternRef
	qk   uint8
	qm   uint64
	need *patternNeed
}

// newTry returns the try ref with need n, rest being the need of the
// pattern's elements after the first.
func newTry(ref patternRef, n *patternNeed, rest patternNeed) patternTry {
	t := patternTry{ref: ref, need: n}
	best := -1
	for k := range len(rest.classes) + len(rest.words) {
		w := rest.word(k)
		if c := bits.OnesCount64(w); c > best {
			best, t.qk, t.qm = c, uint8(k), w
		}
	}
	return t
}

// word returns word k of n's classes and words side by side.
func (n *patternNeed) word(k int) uint64 {
	if k < len(n.classes) {
		return n.classes[k]
	}
	return n.words[k-len(n.classes)]
}

// quick reports whether the message's words side by side (both) hold
// the word of t's need it checks first.
func (t *patternTry) quick(both *[8]uint64) bool {
	return both[t.qk]&t.qm == t.qm
}

// both returns m's classes and words side by side, as quick reads them.
func (m *msgIndex) both() (b [8]uint64) {
	copy(b[:len(m.classes)], m.classes[:])
	copy(b[len(m.classes):], m.words[:])
	return b
}

// met reports whether the classes and words of a message, present and
// words, hold everything n needs.
func (n *patternNeed) met(present *classBits, words *wordBits) bool {
	for k := range n.classes {
		if n.classes[k]&^present[k] != 0 {
			return false
		}
	}
	for k := range n.words {
		if n.words[k]&^words[k] != 0 {
			return false
		}
	}
	return true
}

// multiEntry is a class entry of more than one key.
type multiEntry struct {
	class int
	seq   []string
}

// multiHit is a longer entry of class that matched a message at a token
// and ends at end.
type multiHit struct{ class, end int32 }

// msgIndex is one message as the composed rules read it: its tokens, the
// key information of each (infos[i].single holds its one-word classes),
// and the longer entries that match at each, found once per message
// rather than once per pattern that tries them.
type msgIndex struct {
	toks  []string
	infos []*keyInfo
	// hits[off[i]:off[i+1]] are the longer entries matching at toks[i],
	// nearly always none: a per-token class mask would cost more to
	// clear than the scan of an empty range.
	off  []int32
	hits []multiHit
	// classes holds every class some token or longer entry is of, and
	// words the bits of the pattern words among toks (patternNeed).
	classes classBits
	words   wordBits
}

// unlessList is one rule's unless patterns, with the label and category
// of the rules that hold it (coversCue).
type unlessList struct {
	intent, category int
	patterns         [][]element
}

// patternRef names pattern p of rule r.
type patternRef struct{ rule, pattern int32 }

// maxGap bounds a gap, so a pattern cannot span a whole message.
const maxGap = 6

// maxClasses is how many classes a compose file may name (one bit each
// in a classBits).
const maxClasses = 256

// classBits is a set of classes, one bit each. A fixed array rather than
// one uint64 lets a compose file outgrow 64 classes while a token's test
// stays one load, shift and mask, with no allocation per message.
type classBits [maxClasses / 64]uint64

// has reports whether class c is in the set.
func (b *classBits) has(c int) bool { return b[c>>6]&(1<<(c&63)) != 0 }

// add puts class c in the set.
func (b *classBits) add(c int) { b[c>>6] |= 1 << (c & 63) }

// maxRules is how many rules a compose file may hold, so find tracks the
// rules that matched in a fixed bit set.
const maxRules = 256

// parseCompose compiles a compose file, keying its words with g (which
// only reads g).
func parseCompose(data []byte, g *Gate) (*composeSet, error) {
	doc, err := yamlbundle.DecodeYAML[composeDoc](data)
	if err != nil {
		return nil, fmt.Errorf("compose rules: %w", err)
	}
	return compileCompose(doc, g.keysOf)
}

// compileCompose compiles a decoded compose file; keysOf keys its words
// (Gate.keysOf, or the keys compose.json recorded from it). Classes take
// their bits in name order, so one file always compiles to one set.
func compileCompose(doc composeDoc, keysOf func(string) []string) (*composeSet, error) {
	set := &composeSet{single: map[string]classBits{}}
	classIdx := map[string]int{}
	if len(doc.Classes) > maxClasses {
		return nil, fmt.Errorf("compose rules: %d classes, at most %d", len(doc.Classes), maxClasses)
	}
	for _, name := range slices.Sorted(maps.Keys(doc.Classes)) {
		entries := doc.Classes[name]
		if len(entries) == 0 {
			return nil, fmt.Errorf("compose rules: class %q is empty", name)
		}
		c := len(set.classes)
		m := map[string][][]string{}
		multi := map[string][][]string{}
		for _, e := range entries {
			seq := keysOf(e)
			if strings.HasPrefix(e, "<") {
				// A special token stands for itself ("<number>" in a
				// class of quantities), never for the word inside it.
				if !specialTokens[e] {
					return nil, fmt.Errorf("compose rules: class %q entry %q is not a special token", name, e)
				}
				seq = []string{e}
			}
			if len(seq) == 0 {
				return nil, fmt.Errorf("compose rules: class %q entry %q has no words", name, e)
			}
			m[seq[0]] = append(m[seq[0]], seq)
			if len(seq) == 1 {
				bits := set.single[seq[0]]
				bits.add(c)
				set.single[seq[0]] = bits
			} else {
				multi[seq[0]] = append(multi[seq[0]], seq)
			}
		}
		classIdx[name] = c
		set.classes = append(set.classes, m)
		set.multi = append(set.multi, multi)
	}
	if len(doc.Rules) > maxRules {
		return nil, fmt.Errorf("compose rules: %d rules, at most %d", len(doc.Rules), maxRules)
	}
	names := map[string]bool{}
	lists := map[string]int{}
	for i, r := range doc.Rules {
		in, ok := parseIntent(r.Intent)
		switch {
		case r.Name == "":
			return nil, fmt.Errorf("compose rules: rule %d needs a name", i+1)
		case names[r.Name]:
			// Cues, tests and Decision.Composed name a rule: two of one
			// name would read as one.
			return nil, fmt.Errorf("compose rules: rule %d: the name %s is taken by an earlier rule", i+1, r.Name)
		case !ok:
			return nil, fmt.Errorf("compose rules: rule %s: unknown intent %q", r.Name, r.Intent)
		case r.Weight < -5 || r.Weight > 5 || r.Weight == 0:
			return nil, fmt.Errorf("compose rules: rule %s: weight must be in -5..5 and not 0", r.Name)
		case len(r.Match) == 0:
			return nil, fmt.Errorf("compose rules: rule %s has no match", r.Name)
		case r.Negation != "" && r.Negation != "keep":
			return nil, fmt.Errorf("compose rules: rule %s: negation must be keep or absent", r.Name)
		}
		cat := categoryIndex(r.Category)
		if in == Escalation && cat < 0 {
			return nil, fmt.Errorf("compose rules: rule %s: an escalation needs a known category", r.Name)
		}
		cr := composeRule{name: r.Name, intent: in.index(), category: cat, weight: r.Weight, keepNeg: r.Negation == "keep", unless: -1}
		for _, m := range r.Match {
			p, err := compilePattern(m, classIdx, keysOf)
			if err != nil {
				return nil, fmt.Errorf("compose rules: rule %s: %w", r.Name, err)
			}
			cr.patterns = append(cr.patterns, p)
		}
		if len(r.Unless) > 0 {
			key := fmt.Sprint(cr.intent, cat, r.Unless)
			li, ok := lists[key]
			if !ok {
				ul := unlessList{intent: cr.intent, category: cat}
				for _, m := range r.Unless {
					p, err := compilePattern(m, classIdx, keysOf)
					if err != nil {
						return nil, fmt.Errorf("compose rules: rule %s: unless: %w", r.Name, err)
					}
					ul.patterns = append(ul.patterns, p)
				}
				li = len(set.unless)
				lists[key] = li
				set.unless = append(set.unless, ul)
			}
			cr.unless = li
		}
		names[r.Name] = true
		set.rules = append(set.rules, cr)
	}
	set.first = map[string][]patternRef{}
	for ri, r := range set.rules {
		for pi, p := range r.patterns {
			set.index(set.first, p, patternRef{int32(ri), int32(pi)})
		}
	}
	set.unlessFirst = map[string][]patternRef{}
	for li, l := range set.unless {
		for pi, p := range l.patterns {
			set.index(set.unlessFirst, p, patternRef{int32(li), int32(pi)})
		}
	}
	set.indexKeys()
	return set, nil
}

// indexKeys fills s.keys from single, multi, first and unlessFirst.
func (s *composeSet) indexKeys() {
	s.keys = map[string]*keyInfo{}
	info := func(k string) *keyInfo {
		ki := s.keys[k]
		if ki == nil {
			ki = &keyInfo{}
			s.keys[k] = ki
		}
		return ki
	}
	for k, bits := range s.single {
		info(k).single = bits
	}
	for c, m := range s.multi {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			ki := info(k)
			for _, seq := range m[k] {
				ki.multi = append(ki.multi, multiEntry{class: c, seq: seq})
			}
		}
	}
	// Every literal word of a pattern gets a bit, in sorted order so one
	// file always gives one set.
	var words []string
	addWords := func(p []element) {
		for _, e := range p {
			if e.kind == elWord {
				words = append(words, e.key)
			}
		}
	}
	for _, r := range s.rules {
		for _, p := range r.patterns {
			addWords(p)
		}
	}
	for _, l := range s.unless {
		for _, p := range l.patterns {
			addWords(p)
		}
	}
	slices.Sort(words)
	words = slices.Compact(words)
	for i, w := range words {
		ki := info(w)
		ki.word, ki.hasWord = uint16(i%(len(wordBits{})*64)), true
	}
	need := func(p []element) patternNeed {
		var n patternNeed
		for _, e := range p {
			switch e.kind {
			case elClass:
				n.classes.add(e.class)
			case elWord:
				b := s.keys[e.key].word
				n.words[b/64] |= 1 << (b % 64)
			}
		}
		return n
	}
	// A pattern starting with a class is filed under each of its keys:
	// its try is made once (tries, by list) and copied to each.
	tries := [2]map[patternRef]patternTry{{}, {}}
	try := func(list int, ref patternRef, p []element) patternTry {
		if t, ok := tries[list][ref]; ok {
			return t
		}
		var rest patternNeed
		if len(p) > 1 {
			rest = need(p[1:])
		}
		n := rest
		if len(p) > 0 {
			first := need(p[:1])
			for k := range n.classes {
				n.classes[k] |= first.classes[k]
			}
			for k := range n.words {
				n.words[k] |= first.words[k]
			}
		}
		t := newTry(ref, &n, rest)
		tries[list][ref] = t
		return t
	}
	for k, refs := range s.first {
		ki := info(k)
		for _, ref := range refs {
			ki.first = append(ki.first, try(0, ref, s.rules[ref.rule].patterns[ref.pattern]))
		}
	}
	for k, refs := range s.unlessFirst {
		ki := info(k)
		for _, ref := range refs {
			ki.unlessFirst = append(ki.unlessFirst, try(1, ref, s.unless[ref.rule].patterns[ref.pattern]))
		}
	}
}

// indexMessage reads toks once: each token's key information and
// matching longer entries, appended to m's buffers. m goes by value
// so the caller's buffers stay on its stack.
func (s *composeSet) indexMessage(m msgIndex, toks []string) msgIndex {
	m.toks = toks
	m.off = append(m.off, 0)
	for i, t := range toks {
		ki := s.keys[t]
		m.infos = append(m.infos, ki)
		if ki != nil {
			for k := range m.classes {
				m.classes[k] |= ki.single[k]
			}
			if ki.hasWord {
				m.words[ki.word/64] |= 1 << (ki.word % 64)
			}
			for _, e := range ki.multi {
				if end, ok := seqAt(e.seq, toks, i); ok {
					m.hits = append(m.hits, multiHit{class: int32(e.class), end: int32(end)})
					m.classes.add(e.class)
				}
			}
		}
		m.off = append(m.off, int32(len(m.hits)))
	}
	return m
}

// index files ref under every key pattern p can start with.
func (s *composeSet) index(m map[string][]patternRef, p []element, ref patternRef) {
	if p[0].kind == elWord {
		m[p[0].key] = append(m[p[0].key], ref)
		return
	}
	for k := range s.classes[p[0].class] {
		m[k] = append(m[k], ref)
	}
}

func compilePattern(text string, classIdx map[string]int, keysOf func(string) []string) ([]element, error) {
	var p []element
	for _, piece := range strings.Fields(text) {
		switch {
		case strings.HasPrefix(piece, "@"):
			c, ok := classIdx[piece[1:]]
			if !ok {
				return nil, fmt.Errorf("pattern %q: unknown class %q", text, piece)
			}
			p = append(p, element{kind: elClass, class: c})
		case strings.HasPrefix(piece, "~"):
			n, err := strconv.Atoi(piece[1:])
			if err != nil || n < 1 || n > maxGap {
				return nil, fmt.Errorf("pattern %q: gap %q must be ~1..~%d", text, piece, maxGap)
			}
			if len(p) == 0 {
				return nil, fmt.Errorf("pattern %q must not start with a gap", text)
			}
			if last := &p[len(p)-1]; last.kind == elGap {
				// "~6 ~6 ~6" is one gap of up to 18: matchAt tries the
				// same positions, nearest first, so the first match is
				// the same, but one gap tries each once where three
				// nested ones try 343 paths.
				last.n += n
				continue
			}
			p = append(p, element{kind: elGap, n: n})
		case strings.HasPrefix(piece, "<"):
			if !specialTokens[piece] {
				return nil, fmt.Errorf("pattern %q: unknown special token %q", text, piece)
			}
			p = append(p, element{kind: elWord, key: piece})
		default:
			for _, k := range keysOf(piece) {
				p = append(p, element{kind: elWord, key: k})
			}
		}
	}
	if len(p) == 0 || p[len(p)-1].kind == elGap {
		return nil, fmt.Errorf("pattern %q must have words and not end with a gap", text)
	}
	return p, nil
}

// keysOf returns the keys of plain words the way tokenize keys a message.
// The gate reads a message's analysed text, in which accents are gone
// ("tenía" is "tenia"), so a word with any non-ASCII letter is analysed
// the same way first: "tenía" in compose.yaml matches what a customer types.
func (g *Gate) keysOf(text string) []string {
	if !isASCII(text) {
		text = analysis.Of(text).Text
	}
	var out []string
	for _, k := range g.tokenize(text, nil) {
		if !isBoundary(k) {
			out = append(out, k)
		}
	}
	return out
}

// defaultCompose is the bundled compose.yaml, compiled on first use with
// the bundled rules' word keys, from compose.json when it is current
// (bundles.go); the package tests prove it compiles.
var defaultCompose = sync.OnceValue(func() *composeSet {
	set, err := composeBundled(composeJSON, composeFile, defaultRules, Default())
	if err != nil {
		panic("gate: embedded " + err.Error())
	}
	return set
})

// composedMatch is one rule that matched, at tokens [start, end).
type composedMatch struct {
	rule       int
	start, end int
}

// matchAt returns where pattern p ends when it matches message m at i.
// A class tries its one-word entries, then its longer ones in file order,
// as m found them.
func matchAt(p []element, m *msgIndex, i int) (int, bool) {
	if len(p) == 0 {
		return i, true
	}
	toks := m.toks
	e := p[0]
	switch e.kind {
	case elWord:
		if i < len(toks) && toks[i] == e.key {
			return matchAt(p[1:], m, i+1)
		}
	case elClass:
		if i >= len(toks) {
			return 0, false
		}
		if ki := m.infos[i]; ki != nil && ki.single.has(e.class) {
			if end, ok := matchAt(p[1:], m, i+1); ok {
				return end, true
			}
		}
		for _, h := range m.hits[m.off[i]:m.off[i+1]] {
			if int(h.class) != e.class {
				continue
			}
			if end, ok := matchAt(p[1:], m, int(h.end)); ok {
				return end, true
			}
		}
	case elGap:
		for skip := 0; skip <= e.n; skip++ {
			if skip > 0 && (i+skip-1 >= len(toks) || isBoundary(toks[i+skip-1])) {
				break
			}
			if end, ok := matchAt(p[1:], m, i+skip); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// cover is where a pattern of unless list list matched, at tokens
// [start, end).
type cover struct {
	list       int
	start, end int
}

// covers appends every match of the unless patterns in m.
func (s *composeSet) covers(m *msgIndex, out []cover) []cover {
	both := m.both()
	for i, ki := range m.infos {
		if ki == nil {
			continue
		}
		for k := range ki.unlessFirst {
			try := &ki.unlessFirst[k]
			if !try.quick(&both) || !try.need.met(&m.classes, &m.words) {
				continue
			}
			ref := try.ref
			if end, ok := matchAt(s.unless[ref.rule].patterns[ref.pattern], m, i); ok {
				out = append(out, cover{list: int(ref.rule), start: i, end: end})
			}
		}
	}
	return out
}

// covered reports whether tokens [start, end) lie inside a match of
// unless list list.
func covered(cs []cover, list, start, end int) bool {
	for _, c := range cs {
		if c.list == list && c.start <= start && end <= c.end {
			return true
		}
	}
	return false
}

// coversCue reports whether tokens [start, end) lie inside an unless
// match of a rule of the given intent and category: a rules.yaml cue then
// reads a look-alike the composed rule knows ("got burned before" holds
// the injury cue "got burn").
func (s *composeSet) coversCue(cs []cover, intent, category, start, end int) bool {
	for _, c := range cs {
		l := &s.unless[c.list]
		if l.intent == intent && l.category == category && c.start <= start && end <= c.end {
			return true
		}
	}
	return false
}

// find appends the first match of every rule in toks, skipping matches
// with a negator before them (unless the rule keeps negation), those
// inside a longer cue of another label in ms ("do I need to speak to a
// manager?" asks about a rule) and those inside one of the rule's unless
// matches; a skipped match leaves the rule reading on. It returns the
// unless matches too, for the rules.yaml cues they cover (coversCue).
func (s *composeSet) find(g *Gate, toks []string, ms []match, out []composedMatch, cs []cover) ([]composedMatch, []cover) {
	var done [maxRules / 64]uint64
	var (
		infoBuf [64]*keyInfo
		offBuf  [65]int32
		hitBuf  [32]multiHit
	)
	m := msgIndex{infos: infoBuf[:0], off: offBuf[:0], hits: hitBuf[:0]}
	m = s.indexMessage(m, toks)
	cs = s.covers(&m, cs)
	both := m.both()
	for i, ki := range m.infos {
		if ki == nil {
			continue
		}
		for k := range ki.first {
			try := &ki.first[k]
			ref := try.ref
			if !try.quick(&both) || done[ref.rule/64]&(1<<(ref.rule%64)) != 0 || !try.need.met(&m.classes, &m.words) {
				continue
			}
			r := &s.rules[ref.rule]
			end, ok := matchAt(r.patterns[ref.pattern], &m, i)
			if !ok || !r.counts(g, toks, ms, cs, i, end) {
				continue
			}
			done[ref.rule/64] |= 1 << (ref.rule % 64)
			out = append(out, composedMatch{rule: int(ref.rule), start: i, end: end})
		}
	}
	return out, cs
}

// counts reports whether the rule's match of toks[i:end] scores: not
// negated (unless the rule keeps negation), a positive rule not inside a
// longer rules.yaml cue of another label, and not inside one of its
// unless matches cs.
func (r *composeRule) counts(g *Gate, toks []string, ms []match, cs []cover, i, end int) bool {
	return (r.keepNeg || !g.negated(toks, i)) &&
		(r.weight <= 0 || !g.insideOther(ms, i, end, r.intent)) &&
		(r.unless < 0 || !covered(cs, r.unless, i, end))
}

// fact is a match's typed form (Decision.Composed).
func (s *composeSet) fact(m composedMatch, toks []string) ComposedMatch {
	r := &s.rules[m.rule]
	return ComposedMatch{Rule: r.name, Intent: Intents[r.intent], Words: strings.Join(toks[m.start:m.end], " ")}
}

// cue names a match for Decision.Cues: "escalation:ask_person[talk to someon]".
func (f ComposedMatch) cue() string {
	return string(f.Intent) + ":" + f.Rule + "[" + f.Words + "]"
}

// String returns the label's name.
func (in Intent) String() string { return string(in) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
