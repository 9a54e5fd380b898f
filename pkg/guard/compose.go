package guard

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// Composed rules (compose.yaml) describe harm as parts that occur in order
// inside a clause: a threat is a speaker, perhaps an intent, a harm verb
// and a target, so "I'm going to smash your front window" and "we will
// torch that shop" are one rule, not two phrases. They add to the same
// score sheet as the lexicon.

//go:embed compose.yaml
var composeYAML []byte

type composeDoc struct {
	Classes map[string][]string `yaml:"classes"`
	Rules   []composeDef        `yaml:"rules"`
}

type composeDef struct {
	Category   Category `yaml:"category"`
	Weight     float64  `yaml:"weight"`
	Label      string   `yaml:"label"`
	Negatable  bool     `yaml:"negatable"`
	Across     bool     `yaml:"across"`
	Gap        *int     `yaml:"gap"`
	Parts      []string `yaml:"parts"`
	UnlessNext []string `yaml:"unless_next"`
	// UnlessWithin drops a match when one of these words or classes
	// stands inside it, between its first and last word ("disregard the
	// old dosage instructions" is a patient's, not an attack).
	UnlessWithin []string `yaml:"unless_within,omitempty" json:"UnlessWithin,omitempty"`
	// AnyOrder makes a two-part rule match its parts in either order
	// (compose_anyorder.go).
	AnyOrder bool `yaml:"any_order,omitempty" json:"AnyOrder,omitempty"`
}

// cpart is one compiled part: its alternatives as word sequences.
type cpart struct {
	alts     [][]string
	optional bool
	// ids are alts as word numbers (composeSet.vocab) and gid the part's
	// number in the set, for the matching by number (compose_ids.go).
	ids [][]int32
	gid int32
	// firstBloom has bit firstBit(w) set for each first word w of alts,
	// so most tokens a part cannot start at are passed over without a
	// look-up in composeSet.partAlts.
	firstBloom [4]uint64
}

// crule is one compiled composed rule.
type crule struct {
	cat Category
	// bit is cat's bit in a category mask (catBit).
	bit        uint32
	weight     float64
	label      string
	negatable  bool
	across     bool
	gap        int
	parts      []cpart
	unlessNext [][]string
	// unlessWithin holds the phrases, by first word, that void a match
	// when they occur inside it.
	unlessWithin map[string][][]string
}

// composeSet is a compiled rules file: the rules, the negators and an
// index from a first part's first word to the rules it may start.
type composeSet struct {
	// classes holds each class's phrases, expanded.
	classes  map[string][][]string
	rules    []crule
	negators map[string]bool
	first    map[string][]int32
	// needs indexes, by word, the required parts that can start with it;
	// a rule is tried only when every one of its required parts has a
	// first word in the message (required holds each rule's mask). A
	// rule is only tried at a word of first, a first word of part 0, so
	// a required part 0 always has one then: it is left out of both,
	// which spared ~45% of the needs a message marks.
	needs    map[string][]partRef
	required []uint32
	// reporting holds the words that introduce quoted speech ("said",
	// "wrote"): a quotation after one is reported, not said to the reader
	// (class report_verb).
	reporting map[string]bool
	// condemn holds the frames that quote harm to condemn it ("it's
	// disgusting that people say"), as word sequences by first word
	// (class condemn).
	condemn map[string][][]string
	// reporter, reportMid and reportAct hold, by first word, the parts of
	// a frame of a third party's speech told to the café (class reporter,
	// perhaps report_mid, then report_act: "a customer threatened to",
	// "a man outside shouted"): the rest of the clause is reported, not
	// said. They are matched part by part, not as a cross product.
	reporter, reportMid, reportAct map[string][][]string
	// reportKey holds a telling word of each report_act ("saying" for
	// "was saying"): without one in a message there is no report, and the
	// message is not split into words for it.
	reportKey map[string]bool
	// condemnAfter holds the phrases that, right after a quotation,
	// condemn it ("'...' is never acceptable"; class condemn_after).
	condemnAfter map[string][][]string
	// counterFrame holds, by first word, the frames that condemn or deny
	// what they quote or name ("how can you say"; class counter_frame).
	counterFrame map[string][][]string
	// counterQuoted holds the frames that count as counter-speech only in
	// a message that quotes something (class counter_quoted): "isn't
	// banter" after a quotation objects to it, after plain harm it
	// launders it.
	counterQuoted map[string][][]string
	// praiseFrame holds, by first word, the frames that praise people in
	// words hateful templates share ("should all be admired"; class
	// praise_frame).
	praiseFrame map[string][][]string
	// praiseSpoiler holds, by first word, the words that undo a praising
	// frame anywhere in the message (class praise_spoiler).
	praiseSpoiler map[string][][]string
	// topic holds the frames that make violence a subject ("joke about",
	// "a film about"; class topic): a threat right after one is not made.
	topic map[string][][]string
	// vocab, firstID, needsID and partAlts are first, needs and the
	// parts' alternatives by first word, keyed by word number instead of
	// word, so a message looks each token up once (compose_ids.go).
	vocab    map[string]int32
	firstID  [][]int32
	needsID  [][]partRef
	partAlts altIndex
}

// defaultCompose is the bundled compose.yaml, compiled on first use (not
// at start-up); the tests prove it compiles.
var defaultCompose = sync.OnceValue(func() *composeSet {
	cs, err := compileBundled(composeJSON, composeYAML)
	if err != nil {
		panic("guard: embedded compose.yaml: " + err.Error())
	}
	return cs
})

// compileCompose parses and compiles a composed-rules file.
func compileCompose(data []byte) (*composeSet, error) {
	doc, err := yamlbundle.DecodeYAML[composeDoc](data)
	if err != nil {
		return nil, fmt.Errorf("compose rules: %w", err)
	}
	return compileComposeDoc(doc)
}

// compileComposeDoc compiles a decoded composed-rules file.
func compileComposeDoc(doc composeDoc) (*composeSet, error) {
	expanded := map[string][][]string{}
	var expand func(name string, depth int) ([][]string, error)
	expand = func(name string, depth int) ([][]string, error) {
		if v, ok := expanded[name]; ok {
			return v, nil
		}
		if depth > 8 {
			return nil, fmt.Errorf("compose rules: class @%s refers to itself", name)
		}
		words, ok := doc.Classes[name]
		if !ok {
			return nil, fmt.Errorf("compose rules: unknown class @%s", name)
		}
		var out [][]string
		for _, w := range words {
			if strings.HasPrefix(w, "@") {
				sub, err := expand(w[1:], depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
				continue
			}
			f := strings.Fields(strings.ToLower(w))
			if len(f) == 0 {
				return nil, fmt.Errorf("compose rules: class @%s has an empty entry", name)
			}
			out = append(out, f)
		}
		expanded[name] = out
		return out, nil
	}
	cs := &composeSet{negators: map[string]bool{}, reporting: map[string]bool{}, first: map[string][]int32{}, needs: map[string][]partRef{}, classes: map[string][][]string{}}
	for name := range doc.Classes {
		v, err := expand(name, 0)
		if err != nil {
			return nil, err
		}
		cs.classes[name] = v
	}
	for _, c := range []struct {
		name string
		dst  map[string]bool
	}{{"report_verb", cs.reporting}} {
		if _, ok := doc.Classes[c.name]; !ok {
			continue
		}
		words, err := expand(c.name, 0)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			c.dst[strings.Join(w, " ")] = true
		}
	}
	if v, ok := expanded["condemn"]; ok {
		cs.condemn = map[string][][]string{}
		for _, f := range v {
			cs.condemn[f[0]] = append(cs.condemn[f[0]], f)
		}
	}
	byFirst := func(v [][]string) map[string][][]string {
		m := map[string][][]string{}
		for _, f := range v {
			m[f[0]] = append(m[f[0]], f)
		}
		return m
	}
	if v, ok := expanded["condemn_after"]; ok {
		cs.condemnAfter = byFirst(v)
	}
	if v, ok := expanded["counter_frame"]; ok {
		cs.counterFrame = byFirst(v)
	}
	if v, ok := expanded["counter_quoted"]; ok {
		cs.counterQuoted = byFirst(v)
	}
	if v, ok := expanded["praise_frame"]; ok {
		cs.praiseFrame = byFirst(v)
	}
	if v, ok := expanded["praise_spoiler"]; ok {
		cs.praiseSpoiler = byFirst(v)
	}
	if v, ok := expanded["topic"]; ok {
		cs.topic = byFirst(v)
	}
	if who, ok := expanded["reporter"]; ok {
		cs.reporter = byFirst(who)
		cs.reportMid = byFirst(expanded["report_mid"])
		cs.reportAct = byFirst(expanded["report_act"])
		cs.reportKey = map[string]bool{}
		for _, a := range expanded["report_act"] {
			key := a[0]
			for _, w := range a {
				if !commonWord[w] {
					key = w
					break
				}
			}
			cs.reportKey[key] = true
		}
	}
	if _, ok := doc.Classes["negator"]; ok {
		neg, err := expand("negator", 0)
		if err != nil {
			return nil, err
		}
		for _, n := range neg {
			cs.negators[strings.Join(n, " ")] = true
		}
	}
	defs, at, err := withMirrors(doc.Rules)
	if err != nil {
		return nil, err
	}
	for i, d := range defs {
		where := fmt.Sprintf("compose rules: rule %d (%s)", at[i], d.Label)
		if !slices.Contains(Categories, d.Category) || d.Category == PII {
			return nil, fmt.Errorf("%s: unknown category %q", where, d.Category)
		}
		if d.Weight <= 0 || d.Weight > 1 {
			return nil, fmt.Errorf("%s: weight %v is not in (0,1]", where, d.Weight)
		}
		if d.Label == "" || len(d.Parts) == 0 || len(d.Parts) > 32 {
			return nil, fmt.Errorf("%s: needs a label and one to 32 parts", where)
		}
		r := crule{cat: d.Category, bit: catBit(d.Category), weight: d.Weight, label: d.Label, negatable: d.Negatable, across: d.Across, gap: 3}
		if d.Gap != nil {
			if *d.Gap < 0 || *d.Gap > 12 {
				return nil, fmt.Errorf("%s: gap %d is not in 0..12", where, *d.Gap)
			}
			r.gap = *d.Gap
		}
		for k, p := range d.Parts {
			var cp cpart
			if strings.HasSuffix(p, "?") {
				if k == 0 {
					return nil, fmt.Errorf("%s: the first part cannot be optional", where)
				}
				cp.optional = true
				p = strings.TrimSuffix(p, "?")
			}
			for _, alt := range strings.Split(p, "|") {
				alt = strings.TrimSpace(alt)
				switch {
				case alt == "":
					return nil, fmt.Errorf("%s: part %d has an empty alternative", where, k+1)
				case strings.HasPrefix(alt, "@") && !strings.Contains(alt, " "):
					sub, err := expand(alt[1:], 0)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", where, err)
					}
					cp.alts = append(cp.alts, sub...)
				case strings.Contains(alt, "@"):
					// "your @property", "@group staff": words and classes
					// in sequence.
					f := strings.Fields(alt)
					seqs := [][]string{nil}
					for _, w := range f {
						var next [][]string
						if strings.HasPrefix(w, "@") {
							sub, err := expand(w[1:], 0)
							if err != nil {
								return nil, fmt.Errorf("%s: %w", where, err)
							}
							for _, s := range seqs {
								for _, x := range sub {
									next = append(next, append(slices.Clone(s), x...))
								}
							}
						} else {
							for _, s := range seqs {
								next = append(next, append(slices.Clone(s), w))
							}
						}
						seqs = next
					}
					cp.alts = append(cp.alts, seqs...)
				default:
					cp.alts = append(cp.alts, strings.Fields(alt))
				}
			}
			r.parts = append(r.parts, cp)
		}
		for _, u := range d.UnlessNext {
			r.unlessNext = append(r.unlessNext, strings.Fields(u))
		}
		for _, u := range d.UnlessWithin {
			seqs := [][]string{strings.Fields(u)}
			if strings.HasPrefix(u, "@") {
				sub, err := expand(u[1:], 0)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				seqs = sub
			}
			if r.unlessWithin == nil {
				r.unlessWithin = map[string][][]string{}
			}
			for _, f := range seqs {
				if len(f) > 0 {
					r.unlessWithin[f[0]] = append(r.unlessWithin[f[0]], f)
				}
			}
		}
		idx := int32(len(cs.rules))
		cs.rules = append(cs.rules, r)
		seen := map[string]bool{}
		for _, alt := range r.parts[0].alts {
			if !seen[alt[0]] {
				seen[alt[0]] = true
				cs.first[alt[0]] = append(cs.first[alt[0]], idx)
			}
		}
		var mask uint32
		for k, p := range r.parts {
			if p.optional || k == 0 {
				continue
			}
			mask |= 1 << k
			clear(seen)
			for _, alt := range p.alts {
				if !seen[alt[0]] {
					seen[alt[0]] = true
					cs.needs[alt[0]] = append(cs.needs[alt[0]], partRef{idx, uint8(k)})
				}
			}
		}
		cs.required = append(cs.required, mask)
	}
	cs.number()
	return cs, nil
}

// partRef names required part bit of rule.
type partRef struct {
	rule int32
	bit  uint8
}

// span is the tokens [start, end) a part matched.
type span struct{ start, end int }

// scan scores the composed rules that match the normalised text norm (see
// normalize) for the categories in cats, and raises each category of
// sheet to the composed score where that is higher. The two rule sets
// often read the same words ("i will kill you"), so their scores are not
// combined as independent evidence: the higher stands, with its cues.
// prefilter is scoreWith's.
func (cs *composeSet) scan(norm string, cats []Category, sheet *scoreSheet, prefilter bool) {
	var own scoreSheet
	cs.scoreWith(norm, cats, &own, prefilter)
	for cat, m := range own.miss {
		old, ok := sheet.miss[cat]
		if ok && old <= m {
			continue
		}
		if sheet.miss == nil {
			sheet.miss = map[Category]float64{}
			sheet.cues = map[Category][]string{}
		}
		sheet.miss[cat] = m
		sheet.cues[cat] = append(sheet.cues[cat], own.cues[cat]...)
	}
}

// score adds every matching composed rule to sheet.
func (cs *composeSet) score(norm string, cats []Category, sheet *scoreSheet) {
	cs.scoreWith(norm, cats, sheet, true)
}

// scoreWith is score; prefilter skips the rules the needs index rules out,
// which only saves time (a test checks it never changes a result).
func (cs *composeSet) scoreWith(norm string, cats []Category, sheet *scoreSheet, prefilter bool) {
	toks := strings.Fields(norm)
	var idBuf [64]int32
	ids := cs.wordIDs(toks, idBuf[:0])
	var spans [8]span
	// seen holds, by rule, the required parts with a first word in the
	// message (needs): a rule is tried only when all of them have one
	// (required), checked when the rule comes up rather than for every
	// rule beforehand. fired marks the rules already scored. The buffers
	// hold 1024 rules, so a message allocates none of them.
	var firedBuf [16]uint64
	fired := bitset(firedBuf[:], len(cs.rules))
	want := catMask(cats)
	var seenBuf [1024]uint32
	var seen []uint32
	if prefilter {
		if len(cs.rules) <= len(seenBuf) {
			seen = seenBuf[:len(cs.rules)]
		} else {
			seen = make([]uint32, len(cs.rules))
		}
		for _, id := range ids {
			if id < 0 {
				continue
			}
			for _, p := range cs.needsID[id] {
				seen[p.rule] |= 1 << p.bit
			}
		}
	}
	for i, id := range ids {
		if id < 0 {
			continue
		}
		for _, ri := range cs.firstID[id] {
			// Rule numbers are never negative: unsigned, the bit and
			// word of ri cost a shift and a mask, not a signed division.
			u := uint32(ri)
			bit := uint64(1) << (u % 64)
			if prefilter && seen[u] != cs.required[u] || fired[u/64]&bit != 0 {
				continue
			}
			r := &cs.rules[ri]
			if r.bit&want == 0 {
				continue
			}
			if end, ok := cs.matchIDs(r, toks, ids, 0, i, true, spans[:0]); ok {
				if (r.cat == Threat || r.cat == Hate) && (deniedBefore(toks, i) || cs.topicBefore(toks, i)) {
					continue
				}
				fired[u/64] |= bit
				sheet.add(r.cat, r.weight, quoteCue(r.label, strings.Join(toks[i:end], " ")))
			}
		}
	}
}

// bitset returns a zeroed bit set of n bits, in buf when it is big enough.
func bitset(buf []uint64, n int) []uint64 {
	words := (n + 63) / 64
	if words <= len(buf) {
		return buf[:words]
	}
	return make([]uint64, words)
}

// seqAt reports whether seq occurs at toks[q:], returning its length.
func seqAt(toks []string, q int, seq []string) (int, bool) {
	if q+len(seq) > len(toks) {
		return 0, false
	}
	for j, w := range seq {
		if toks[q+j] != w {
			return 0, false
		}
	}
	return len(seq), true
}

// accept checks a full match: no negator between its parts or just
// before it for a negatable rule, and no excusing words right after it.
func (cs *composeSet) accept(r *crule, toks []string, got []span) bool {
	end := got[len(got)-1].end
	for _, u := range r.unlessNext {
		if n, ok := seqAt(toks, end, u); ok && n > 0 {
			return false
		}
	}
	if r.unlessWithin != nil {
		for q := got[0].start; q < end; q++ {
			for _, f := range r.unlessWithin[toks[q]] {
				if n, ok := seqAt(toks, q, f); ok && q+n <= end {
					return false
				}
			}
		}
	}
	if !r.negatable {
		return true
	}
	start := got[0].start
	if start > 0 && cs.negators[toks[start-1]] {
		return false
	}
	for k := 1; k < len(got); k++ {
		for q := got[k-1].end; q < got[k].start; q++ {
			if cs.negators[toks[q]] {
				return false
			}
		}
	}
	// A negator inside a matched part ("i wont hurt") counts too, unless
	// the part's own words need it.
	for _, s := range got {
		for q := s.start; q < s.end; q++ {
			if cs.negators[toks[q]] {
				return false
			}
		}
	}
	return true
}

// maskQuotes blanks the quotations in text that follow a reporting word
// (a customer "told my barista 'I will kill you'", someone "wrote 'burn
// it down' in a review"): the words are reported to the café, not aimed
// at it. A quotation with no reporting word before it stands. The
// analysis folds a curly quotation mark to two apostrophes.
func (cs *composeSet) maskQuotes(text string) string {
	if len(cs.reporting) == 0 || !strings.ContainsAny(text, "\"'“”«»„‘’") {
		return text
	}
	spans := quoteSpans(text)
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, q := range spans {
		if !cs.reportsBefore(text[last:q[0]]) && !cs.condemnedAfter(text[q[1]:]) && !cs.reportedAfter(text[q[1]:]) {
			continue
		}
		b.WriteString(text[last:q[0]])
		b.WriteString(" _ ")
		last = q[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// quoteSpans returns the byte ranges [start, end) of the closed
// quotations in text, marks included. A straight single quote opens only
// before a letter after a space and closes only after a letter before a
// space or punctuation, so "I'll" and "students'" are not quotations.
func quoteSpans(text string) [][2]int {
	var out [][2]int
	open, closer := -1, ""
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		next, _ := utf8.DecodeRuneInString(text[i+w:])
		mark, width := "", w
		switch {
		case strings.HasPrefix(text[i:], "''"):
			mark, width = "''", 2
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„':
			mark = "\""
		case r == '\'' || r == '‘' || r == '’':
			mark = "'"
		}
		if mark == "" {
			i += w
			continue
		}
		if mark == "'" {
			if open < 0 && !(i == 0 || unicode.IsSpace(prev) || prev == '(') {
				i += width
				continue
			}
			if open >= 0 && closer == "'" && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
				i += width
				continue
			}
		}
		switch {
		case open < 0:
			open, closer = i, mark
		case mark == closer || (closer == "\"" && mark == "''") || (closer == "''" && mark == "\""):
			out = append(out, [2]int{open, i + width})
			open = -1
		}
		i += width
	}
	return out
}

// reportsBefore reports whether one of the last five words of before
// is a reporting word.
// The speaker's own words ("I said 'you're dead'"), words said to the
// reader ("he told you ...") and words of the speaker's people ("my
// brother says ...") are not reports: they are said at the reader.
func (cs *composeSet) reportsBefore(before string) bool {
	words := strings.Fields(normalize(before))
	for i := len(words) - 1; i >= 0 && i >= len(words)-5; i-- {
		if words[i] == boundary || !cs.reporting[words[i]] {
			continue
		}
		if i > 0 && ownVoice[words[i-1]] || i+1 < len(words) && toReader[words[i+1]] ||
			i+2 < len(words) && words[i+1] == "to" && toReader[words[i+2]] {
			return false
		}
		for _, p := range cs.classes["proxy"] {
			if i >= len(p) && slices.Equal(words[i-len(p):i], p) {
				return false
			}
		}
		return true
	}
	return false
}

// ownVoice are the subjects that make a quotation the speaker's own;
// toReader the objects that aim it at the reader.
var (
	ownVoice = map[string]bool{"i": true, "we": true, "ill": true, "im": true, "id": true, "ive": true, "weve": true, "well": true, "ima": true, "imma": true}
	toReader = map[string]bool{"you": true, "u": true, "ya": true, "yall": true, "your": true}
)

// maskCondemned blanks the rest of each clause of norm after a condemning
// frame ("it's disgusting that people still say immigrants are ..."),
// so the words condemned are not read as said.
func (cs *composeSet) maskCondemned(norm string) string {
	if len(cs.condemn) == 0 {
		return norm
	}
	toks := strings.Fields(norm)
	changed := false
	for i := 0; i < len(toks); i++ {
		for _, f := range cs.condemn[toks[i]] {
			n, ok := seqAt(toks, i, f)
			if !ok {
				continue
			}
			for j := i + n; j < len(toks) && toks[j] != boundary; j++ {
				toks[j] = "_"
				changed = true
			}
			break
		}
	}
	if !changed {
		return norm
	}
	return " " + strings.Join(toks, " ") + " "
}

// condemnedAfter reports whether after, the text right after a quotation,
// opens with a phrase that condemns it ("'...' is never acceptable").
func (cs *composeSet) condemnedAfter(after string) bool {
	if len(cs.condemnAfter) == 0 {
		return false
	}
	words := strings.Fields(normalize(after))
	if len(words) > 0 && words[0] == boundary {
		words = words[1:]
	}
	// "'...' to a waitress is never acceptable": within the clause, a few
	// words on.
	for i := 0; i < len(words) && i < 6 && words[i] != boundary; i++ {
		for _, f := range cs.condemnAfter[words[i]] {
			if _, ok := seqAt(words, i, f); ok {
				return true
			}
		}
	}
	return false
}

// maskReported blanks the rest of each clause of norm after a frame of a
// third party's speech ("a customer threatened to hurt them", "someone
// says they'll stab you"): the café is told of the words, not given them.
// The speaker's own people ("my brother says") are not reporters, so
// their words stand.
func (cs *composeSet) maskReported(norm string) string {
	if len(cs.reporter) == 0 || len(cs.reportAct) == 0 {
		return norm
	}
	// Walk the words without splitting the text: most messages have no
	// reporting word, and then no slice is made.
	who, act := false, false
	for start := 0; start < len(norm) && !(who && act); {
		for start < len(norm) && norm[start] == ' ' {
			start++
		}
		end := strings.IndexByte(norm[start:], ' ')
		if end < 0 {
			end = len(norm) - start
		}
		w := norm[start : start+end]
		start += end
		who = who || cs.reporter[w] != nil
		act = act || cs.reportKey[w]
	}
	if !who || !act {
		return norm
	}
	toks := strings.Fields(norm)
	changed := false
	for i := range toks {
		if cs.reporter[toks[i]] == nil {
			continue
		}
		if n := cs.reportAt(toks, i); n > 0 {
			for j := i + n; j < len(toks) && toks[j] != boundary; j++ {
				toks[j] = "_"
				changed = true
			}
		}
	}
	if !changed {
		return norm
	}
	return " " + strings.Join(toks, " ") + " "
}

// reportAt returns the length of the report frame at toks[i] (a reporter,
// perhaps a report_mid, then a report_act), or 0. The speaker's own people
// ("my guy said") are not reporters.
func (cs *composeSet) reportAt(toks []string, i int) int {
	if i > 0 && (toks[i-1] == "my" || toks[i-1] == "our") {
		return 0
	}
	act := func(q int) int {
		if q >= len(toks) {
			return 0
		}
		for _, a := range cs.reportAct[toks[q]] {
			if n, ok := seqAt(toks, q, a); ok {
				return n
			}
		}
		return 0
	}
	for _, who := range cs.reporter[toks[i]] {
		n, ok := seqAt(toks, i, who)
		if !ok {
			continue
		}
		q := i + n
		if m := act(q); m > 0 {
			return n + m
		}
		if q < len(toks) {
			for _, mid := range cs.reportMid[toks[q]] {
				if k, ok := seqAt(toks, q, mid); ok {
					if m := act(q + k); m > 0 {
						return n + k + m
					}
				}
			}
		}
	}
	return 0
}

// topicBefore reports whether the words just before index at of toks
// make what follows a subject ("joking about", "a film about"), perhaps
// with an article between ("about a ..."). A denied frame ("i'm not
// joking about ...") is no excuse.
func (cs *composeSet) topicBefore(toks []string, at int) bool {
	if len(cs.topic) == 0 {
		return false
	}
	for end := at; end >= at-1 && end > 0; end-- {
		if end < at && !denyBridge[toks[end]] && toks[end] != "a" && toks[end] != "the" {
			break
		}
		for start := end - 1; start >= 0 && start >= end-4; start-- {
			for _, f := range cs.topic[toks[start]] {
				if n, ok := seqAt(toks, start, f); ok && start+n == end {
					return start == 0 || !denyWords[toks[start-1]]
				}
			}
		}
	}
	return false
}

// topicAt is topicBefore for byte offset at of norm.
func (cs *composeSet) topicAt(norm string, at int) bool {
	words := strings.Fields(norm[:at])
	return cs.topicBefore(words, len(words))
}

// commonWord are words too common to tell a report_act by (reportKey).
var commonWord = map[string]bool{"was": true, "is": true, "me": true, "us": true, "the": true, "my": true,
	"our": true, "her": true, "him": true, "to": true, "and": true, "a": true, "staff": true}
