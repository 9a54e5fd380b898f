// Package gate is cafebot's intent gate: a keyword router that labels every
// customer message faq, transactional, complaint or escalation without a
// model call. Its cues (weighted words and phrases, texting forms, negation,
// personal-data shapes, escalation categories) live in a YAML rules file, so
// a café can tune them without rebuilding; the bundled rules.yaml is the
// default. Rules are precompiled into maps keyed by a phrase's first token,
// so classifying a message costs O(tokens), not O(rules).
package gate

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Intent is the gate's label for a message.
type Intent string

// The four labels. The caller routes unsure decisions to FAQ.
const (
	FAQ           Intent = "faq"
	Transactional Intent = "transactional"
	Complaint     Intent = "complaint"
	Escalation    Intent = "escalation"
)

// Intents lists the labels in a fixed order, for tables and loops.
var Intents = []Intent{FAQ, Transactional, Complaint, Escalation}

const numIntents = 4

// DefaultUnsureBelow is the confidence under which a decision is unsure
// unless WithUnsureBelow says otherwise; it matches config.Default().
const DefaultUnsureBelow = 0.45

func (in Intent) index() int {
	switch in {
	case FAQ:
		return 0
	case Transactional:
		return 1
	case Complaint:
		return 2
	default:
		return 3
	}
}

func parseIntent(s string) (Intent, bool) {
	for _, in := range Intents {
		if string(in) == s {
			return in, true
		}
	}
	return "", false
}

// Decision is the gate's verdict on one message.
type Decision struct {
	Intent Intent `json:"intent"`
	// Confidence is in [0,1]: the winner's lead over the runner-up relative
	// to its score, or for a triggered escalation the strength of its cues.
	Confidence float64 `json:"confidence"`
	// Cues are the matched cues that moved a score, in text order, written
	// "label:cue" ("faq:refund policy", "complaint:not happy").
	Cues []string `json:"cues"`
	// Unsure is true when Confidence is below the gate's threshold.
	Unsure bool `json:"unsure"`
	// Category is set for escalations: one of Categories.
	Category string `json:"category,omitempty"`
	// Scores are each label's summed cue weights, bias included.
	Scores map[Intent]float64 `json:"scores"`
	// Sub names what the message is about within its intent (balance,
	// history, refund, catering, order_status, account, hours, menu, ...;
	// see subintents.yaml), or is empty when no sub-intent is clear. The
	// pipeline passes it on instead of re-deriving it.
	Sub string `json:"sub,omitempty"`
	// Model is the learned layer's view, when it ran.
	Model *ModelView `json:"model,omitempty"`
	// Safety is the safety score's view, when it added the safety flag
	// (and always from Explain).
	Safety *SafetyView `json:"safety,omitempty"`
	// Composed are the composed rules (compose.yaml) that matched, in the
	// order of their cues: the typed facts behind the "label:rule[words]"
	// cues, which the learned layer reads instead of the strings.
	Composed []ComposedMatch `json:"-"`
	// Topics are the FAQ cues that name one topic word and ask nothing
	// ("wifi", "saturday"), in text order.
	Topics []string `json:"-"`
	// TopicsOnly says every FAQ cue was one of Topics, so the FAQ kept only
	// part of its confidence (topicOnlyShare).
	TopicsOnly bool `json:"-"`
	// SafetyLookalike says an unless pattern of a safety rule matched:
	// the rules read a look-alike of an emergency, and the safety score
	// stands aside.
	SafetyLookalike bool `json:"-"`
	// SafetyRest is the message without the words of its safety
	// look-alikes, what the safety score reads when SafetyLookalike is
	// set: a look-alike phrase beside a real emergency ("a man is grey
	// and clutching his arm, the fire drill is at 2") must not hide it.
	SafetyRest string `json:"-"`
}

// ComposedMatch is one composed rule that matched a message.
type ComposedMatch struct {
	// Rule is the rule's name in compose.yaml ("ask_person").
	Rule string
	// Intent is the label the rule speaks for.
	Intent Intent
	// Words are the message's keys the rule matched, space-separated.
	Words string
}

// someoneSelfHarmRule is the composed rule that reads another person at
// risk from themselves ("my friend says she wants to end it").
const someoneSelfHarmRule = "someone_self_harm"

// AboutSomeoneElse reports whether the decision read self-harm of
// someone other than the writer: the pipeline's caring reply then speaks
// to the one reporting.
func (d Decision) AboutSomeoneElse() bool {
	for _, m := range d.Composed {
		if m.Rule == someoneSelfHarmRule {
			return true
		}
	}
	return false
}

// Gate classifies messages with one compiled rule set; it is immutable and
// safe for concurrent use.
type Gate struct {
	name        string
	unsureBelow float64
	trigger     float64
	smoothing   float64
	window      int
	multiMin    int
	multiWeight float64
	bias        [numIntents]float64

	negators map[string]bool
	breakers map[string]bool
	// rewrite maps a surface word (texting form, typo, contraction) to keys.
	rewrite map[string][]string
	// stems maps known surface words to their key, sparing the stemmer.
	stems map[string]string
	// vocab holds every key some cue uses; unknown words may be typos.
	vocab map[string]bool
	// fuzzyIdx maps a fuzzy word and each of its one-letter deletions to
	// indexes in fuzzyWords.
	fuzzyIdx   map[string][]int32
	fuzzyWords []fuzzyWord

	// index maps a phrase's first key to the cues that start with it.
	index   map[string][]int32
	cues    []cue
	aspects []string
	// comboIndex maps a first key to the combo parts that start with it.
	comboIndex map[string][]int32
	parts      []comboPart
	combos     []combo

	// learned is the learned layer's model, or nil (see WithModel).
	learned *analysis.Model
	// safety is the safety score, or nil (see WithSafety).
	safety *analysis.Model
	// compose holds the composed rules; nil means the bundled compose.yaml.
	compose *composeSet
}

// comboPart is one phrase of a combo.
type comboPart struct {
	seq   []string
	combo int32
	bit   uint8
}

// combo scores when every one of its parts occurs in a message.
type combo struct {
	intent   int
	weight   float64
	category int
	full     uint8
	label    string
}

type fuzzyWord struct {
	word string
	keys []string
}

// cue is one compiled word or phrase.
type cue struct {
	seq      []string
	intent   int
	weight   float64
	category int
	aspect   int
	keepNeg  bool
	hasNeg   bool
	negInt   int
	negW     float64
	label    string
	negLabel string
	// topic is the cue's text when it is an FAQ cue of one topic word
	// ("wifi", "saturday"): a topic named, not a question asked
	// (Decision.Topics).
	topic string
}

//go:embed rules.yaml
var defaultRules []byte

var (
	defaultOnce sync.Once
	defaultGate *Gate
	defaultErr  error
)

// Default returns the gate built from the bundled rules.yaml. It panics
// only if the embedded file is broken, which the package tests rule out.
func Default() *Gate {
	defaultOnce.Do(func() {
		defaultGate, defaultErr = defaultFrom(defaultRules, &compiledRules)
	})
	if defaultErr != nil {
		panic("gate: embedded rules: " + defaultErr.Error())
	}
	return defaultGate
}

// Warm builds what the first classification of a process needs: the
// default gate, its composed rules and the sub-intent table. A caller can
// run it in the background while it opens its stores.
func Warm() {
	Default()
	defaultCompose()
	defaultSubs()
}

// DefaultRules returns a copy of the bundled rules file, as a starting
// point for a café's own rules_file.
func DefaultRules() []byte {
	return bytes.Clone(defaultRules)
}

// Load compiles the rules read from r; name (usually the file's path)
// prefixes error messages as "name:line: reason".
func Load(r io.Reader, name string) (*Gate, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read rules %s: %w", name, err)
	}
	return parseAndCompile(data, name)
}

// parseAndCompile compiles the rules file data, read from name.
func parseAndCompile(data []byte, name string) (*Gate, error) {
	rs, err := parseRules(data, name)
	if err != nil {
		return nil, err
	}
	g, err := compile(rs, name)
	if err != nil {
		return nil, err
	}
	return finish(g), nil
}

// finish gives a gate built from its rule tables what every gate has
// beyond them; both the YAML path and the build-time tables (defaultFrom)
// end here, so anything added to a gate belongs here, not in one path.
func finish(g *Gate) *Gate {
	// Every gate gets the bundled learned layer; WithModel replaces it.
	g.learned = DefaultModel()
	// And the bundled safety score; WithSafety replaces it.
	g.safety = DefaultSafety()
	return g
}

// LoadFile compiles the rules file at path.
func LoadFile(path string) (*Gate, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open rules: %w", err)
	}
	defer f.Close()
	return Load(f, path)
}

// WithUnsureBelow returns a gate sharing g's rules whose decisions are
// unsure when their confidence is below x (clamped to [0,1]).
func (g *Gate) WithUnsureBelow(x float64) *Gate {
	c := *g
	switch {
	case math.IsNaN(x) || x < 0:
		x = 0
	case x > 1:
		x = 1
	}
	c.unsureBelow = x
	return &c
}

// UnsureBelow returns the confidence threshold under which decisions are unsure.
func (g *Gate) UnsureBelow() float64 { return g.unsureBelow }

// Name returns the name the rules were loaded under.
func (g *Gate) Name() string { return g.name }

// compile builds the lookup maps from a parsed rule set.
func compile(rs *ruleSet, name string) (*Gate, error) {
	g := &Gate{
		name: name, unsureBelow: DefaultUnsureBelow,
		trigger: rs.trigger, smoothing: rs.smoothing, window: rs.negationWindow,
		multiMin: rs.multiAspects, multiWeight: rs.multiWeight, bias: rs.bias,
		negators: map[string]bool{}, breakers: map[string]bool{},
		rewrite: map[string][]string{}, stems: map[string]string{},
		vocab: map[string]bool{}, fuzzyIdx: map[string][]int32{},
		index: map[string][]int32{}, comboIndex: map[string][]int32{},
	}
	lerr := func(line int, format string, args ...any) error {
		return &LineError{File: name, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	for _, s := range rs.stems {
		g.stems[s.from] = s.to
	}
	for _, rw := range rs.rewrite {
		var keys []string
		for _, w := range strings.Fields(rw.to) {
			for _, part := range textnorm.Words(w) {
				keys = append(keys, g.stemKey(part))
			}
		}
		if len(keys) == 0 {
			return nil, lerr(rw.line, "rewrite of %q has no words", rw.from)
		}
		g.rewrite[rw.from] = keys
	}
	for _, w := range commonWords {
		if _, ok := g.rewrite[w]; !ok {
			g.stemKey(w)
		}
	}
	for _, set := range []struct {
		words []lineText
		m     map[string]bool
	}{{rs.negators, g.negators}, {rs.breakers, g.breakers}} {
		for _, w := range set.words {
			keys := g.wordKeys(w.text, nil)
			if len(keys) != 1 {
				return nil, lerr(w.line, "%q must be one word after rewriting", w.text)
			}
			set.m[keys[0]] = true
		}
	}
	aspects := map[string]int{}
	type seen struct {
		intent int
		seq    string
	}
	type first struct {
		group int
		line  int
		text  string
	}
	dup := map[seen]first{}
	for gi, grp := range rs.cues {
		aspect := -1
		if grp.aspect != "" {
			a, ok := aspects[grp.aspect]
			if !ok {
				a = len(g.aspects)
				aspects[grp.aspect] = a
				g.aspects = append(g.aspects, grp.aspect)
			}
			aspect = a
		}
		for _, m := range grp.match {
			seq, err := g.phraseKeys(m.text)
			if err != nil {
				return nil, lerr(m.line, "%v", err)
			}
			k := seen{grp.intent.index(), strings.Join(seq, " ")}
			if f, ok := dup[k]; ok {
				if f.group == gi && f.text != m.text {
					// An inflection of a cue in the same group ("policy",
					// "policies") adds nothing; it is fine to list both.
					continue
				}
				return nil, lerr(m.line, "duplicate %s cue %q (same as %q at line %d)", grp.intent, m.text, f.text, f.line)
			}
			dup[k] = first{gi, m.line, m.text}
			c := cue{
				seq: seq, intent: grp.intent.index(), weight: grp.weight,
				category: categoryIndex(grp.category), aspect: aspect,
				keepNeg: grp.keepNeg, label: string(grp.intent) + ":" + m.text,
			}
			if grp.intent == FAQ && !strings.ContainsAny(m.text, " <[") {
				c.topic = m.text
			}
			if grp.negated != nil {
				c.hasNeg = true
				c.negInt = grp.negated.intent.index()
				c.negW = grp.negated.weight
				c.negLabel = string(grp.negated.intent) + ":not " + m.text
				if grp.negated.intent == Escalation && c.category < 0 {
					return nil, lerr(grp.line, "a cue negated into escalation needs a category")
				}
			}
			id := int32(len(g.cues))
			g.cues = append(g.cues, c)
			g.index[seq[0]] = append(g.index[seq[0]], id)
			for _, k := range seq {
				g.vocab[k] = true
			}
		}
	}
	for _, cr := range rs.combos {
		ci := int32(len(g.combos))
		texts := make([]string, len(cr.all))
		for i, part := range cr.all {
			seq, err := g.phraseKeys(part.text)
			if err != nil {
				return nil, lerr(part.line, "%v", err)
			}
			texts[i] = part.text
			pi := int32(len(g.parts))
			g.parts = append(g.parts, comboPart{seq: seq, combo: ci, bit: uint8(i)})
			g.comboIndex[seq[0]] = append(g.comboIndex[seq[0]], pi)
			for _, k := range seq {
				g.vocab[k] = true
			}
		}
		g.combos = append(g.combos, combo{
			intent: cr.intent.index(), weight: cr.weight, category: categoryIndex(cr.category),
			full: uint8(1<<len(cr.all)) - 1, label: string(cr.intent) + ":" + strings.Join(texts, " + "),
		})
	}
	for _, f := range rs.fuzzy {
		if len(f.text) < fuzzyMinLen+1 {
			return nil, lerr(f.line, "fuzzy word %q is too short (at least %d letters)", f.text, fuzzyMinLen+1)
		}
		keys := g.wordKeys(f.text, nil)
		id := int32(len(g.fuzzyWords))
		g.fuzzyWords = append(g.fuzzyWords, fuzzyWord{word: f.text, keys: keys})
		g.fuzzyIdx[f.text] = append(g.fuzzyIdx[f.text], id)
		var buf [64]byte
		for i := range len(f.text) {
			v := deleteAt(buf[:0], f.text, i)
			g.fuzzyIdx[string(v)] = appendUnique(g.fuzzyIdx[string(v)], id)
		}
	}
	return g, nil
}

func appendUnique(ids []int32, id int32) []int32 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// phraseKeys turns one match entry into its key sequence.
func (g *Gate) phraseKeys(text string) ([]string, error) {
	var seq []string
	for _, w := range textnorm.Words(text) {
		if _, ok := g.rewrite[w]; !ok {
			g.stemKey(w)
		}
	}
	for _, piece := range strings.Fields(text) {
		switch {
		case piece == tokAny:
			seq = append(seq, tokAny)
			continue
		case strings.HasPrefix(piece, "<") && strings.HasSuffix(piece, ">"):
			if !specialTokens[piece] {
				return nil, fmt.Errorf("unknown special token %q (want <s>, <q>, <,>, <order_id>, <phone>, <email>, <money> or <number>)", piece)
			}
			seq = append(seq, piece)
			continue
		}
		for _, k := range g.tokenize(piece, nil) {
			if k != tokStart && k != tokPause {
				seq = append(seq, k)
			}
		}
	}
	switch {
	case len(seq) == 0:
		return nil, fmt.Errorf("cue %q has no words", text)
	case seq[0] == tokAny:
		return nil, fmt.Errorf("cue %q must not start with *", text)
	case len(seq) > maxPhraseLen:
		return nil, fmt.Errorf("cue %q is longer than %d words", text, maxPhraseLen)
	}
	return seq, nil
}

// stemKey returns the key of one plain word, remembering it.
func (g *Gate) stemKey(w string) string {
	if k, ok := g.stems[w]; ok {
		return k
	}
	k := textnorm.Stem(w)
	g.stems[w] = k
	return k
}

// fuzzyMinLen is the shortest word the gate tries to correct.
const fuzzyMinLen = 5

// wordKeys appends the keys of one lower-case word: its rewrite, its known
// key, its stem, or, for an unknown longer word one typo away from a fuzzy
// word, that word's key. It only reads g, so it is safe concurrently.
func (g *Gate) wordKeys(w string, out []string) []string {
	if ks, ok := g.rewrite[w]; ok {
		return append(out, ks...)
	}
	if k, ok := g.stems[w]; ok {
		return append(out, k)
	}
	// The analysis has stemmed the message's words already; its cache
	// holds textnorm.Stem's answer, so the key is the same.
	k := analysis.Stem(w)
	if g.vocab[k] || len(w) < fuzzyMinLen || len(g.fuzzyWords) == 0 || len(w) > 40 {
		return append(out, k)
	}
	if fw, ok := g.fuzzyMatch(w); ok {
		return append(out, fw.keys...)
	}
	return append(out, k)
}

// fuzzyMatch finds a fuzzy word one typo (insertion, deletion, substitution
// or swap) away from w, where the typo is not in the word's last two
// letters: those carry inflections ("managed" is not "manager").
func (g *Gate) fuzzyMatch(w string) (fuzzyWord, bool) {
	try := func(v string) (fuzzyWord, bool) {
		for _, id := range g.fuzzyIdx[v] {
			fw := g.fuzzyWords[id]
			if oneTypo(w, fw.word) {
				return fw, true
			}
		}
		return fuzzyWord{}, false
	}
	if fw, ok := try(w); ok {
		return fw, true
	}
	var buf [64]byte
	for i := range len(w) {
		if fw, ok := try(string(deleteAt(buf[:0], w, i))); ok {
			return fw, true
		}
	}
	return fuzzyWord{}, false
}

func deleteAt(buf []byte, s string, i int) []byte {
	buf = append(buf, s[:i]...)
	return append(buf, s[i+1:]...)
}

// oneTypo reports whether a and b differ by one edit or one adjacent swap
// that leaves the last two letters of the longer word alone.
func oneTypo(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	p := 0
	for p < la && a[p] == b[p] {
		p++
	}
	if p >= lb-2 {
		return false
	}
	if la == lb {
		if a[p+1:] == b[p+1:] {
			return true
		}
		return p+1 < la && a[p] == b[p+1] && a[p+1] == b[p] && a[p+2:] == b[p+2:]
	}
	return a[p:] == b[p+1:]
}

// commonWords are stemmed once at load so frequent words skip the stemmer.
var commonWords = strings.Fields(`the and for with this that these those there here was were are been being
	you your yours our ours they them their what which who whom whose when where why how does did doing
	have has had having can could would should will shall may might must not dont didnt doesnt isnt arent
	wasnt werent cant wont any some all about into over again then once please thanks thank just also
	get got give want need like know think make made went going come came today yesterday tomorrow
	morning tonight time still really very much many more most only even never every one two three
	coffee latte order store staff barista drink food card app`)
