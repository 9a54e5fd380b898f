package gate

import (
	"math"
	"strings"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// match is one cue found at tokens [start, end).
type match struct {
	cue        int32
	start, end int32
	shadowed   bool
}

// Classify labels one message. It never fails: a message without cues
// goes to the label with the largest bias (FAQ in the bundled rules) with
// a confidence low enough to be unsure. It analyses text first (see
// ClassifyAnalysis).
func (g *Gate) Classify(text string) Decision {
	return g.ClassifyAnalysis(analysis.Of(text))
}

// ClassifyAnalysis labels an analysed message, reading its cleaned text
// (so obfuscated words count as the words they hide), and names the
// sub-intent (balance, refund, catering, ...) when one is clear.
func (g *Gate) ClassifyAnalysis(a *analysis.Analysis) Decision {
	d := g.classify(a.Text)
	var fs []uint32
	if (g.learned != nil || g.safety != nil) && len(a.Words) > 0 {
		// Both models read feature set 1: hash the message once.
		fs = analysis.Features(a, make([]uint32, 0, 512))
	}
	g.applyModel(a, fs, &d)
	g.applySafety(a, fs, &d)
	if d.Intent == Escalation {
		d.Sub = d.Category
	} else {
		d.Sub = subIntent(d.Intent, a)
	}
	return d
}

// classify is the rule scorer over one text.
func (g *Gate) classify(text string) Decision {
	var tokBuf [64]string
	toks := g.tokenize(text, tokBuf[:0])
	var matchBuf [32]match
	matches := g.findMatches(toks, matchBuf[:0])
	g.shadow(matches)

	scores := g.bias
	var catScore [numCategories]float64
	var counted [32]int32
	nCounted := 0
	var aspects [16]int
	nAspects := 0
	var comboBuf [maxCombosSeen]int32
	combos := g.foundCombos(toks, matches, comboBuf[:0])
	comp := g.compose
	if comp == nil {
		comp = defaultCompose()
	}
	var composedBuf [16]composedMatch
	var coverBuf [8]cover
	composed, covers := comp.find(g, toks, matches, composedBuf[:0], coverBuf[:0])
	// One allocation for the cue list: at most every match, the combos,
	// the composed rules and a multi-issue note.
	cues := make([]string, 0, len(matches)+len(combos)+len(composed)+1)
	// The FAQ's topic words, and how many FAQ cues ask more than a topic
	// (topicsOnly).
	faq := FAQ.index()
	var topics []string
	faqAsks := 0
	for _, m := range matches {
		if m.shadowed || containsID(counted[:nCounted], m.cue) {
			continue
		}
		c := &g.cues[m.cue]
		if len(covers) > 0 && comp.coversCue(covers, c.intent, c.category, int(m.start), int(m.end)) {
			// A look-alike a composed rule knows ("swallowed my card"):
			// the cue's next occurrence may still speak.
			continue
		}
		intent, w, label, topic := c.intent, c.weight, c.label, c.topic
		if !c.keepNeg && g.negated(toks, int(m.start)) {
			if !c.hasNeg {
				continue
			}
			intent, w, label, topic = c.negInt, c.negW, c.negLabel, ""
		}
		if w == 0 {
			continue
		}
		// A cue counts once, at its first occurrence that scores: a
		// dropped or weightless one ("'hot' food is never hot") must not
		// use up the occurrence that speaks.
		if nCounted < len(counted) {
			counted[nCounted] = m.cue
			nCounted++
		}
		scores[intent] += w
		if intent == Escalation.index() && c.category >= 0 {
			catScore[c.category] += w
		}
		if c.aspect >= 0 && w > 0 && !containsInt(aspects[:nAspects], c.aspect) && nAspects < len(aspects) {
			aspects[nAspects] = c.aspect
			nAspects++
		}
		cues = append(cues, label)
		if intent == faq {
			if topic != "" {
				topics = append(topics, topic)
			} else {
				faqAsks++
			}
		}
	}
	for _, c := range combos {
		cb := &g.combos[c]
		scores[cb.intent] += cb.weight
		if cb.intent == Escalation.index() && cb.category >= 0 {
			catScore[cb.category] += cb.weight
		}
		if cb.intent == faq {
			faqAsks++
		}
		cues = append(cues, cb.label)
	}
	var facts []ComposedMatch
	if len(composed) > 0 {
		facts = make([]ComposedMatch, 0, len(composed))
	}
	for _, m := range composed {
		r := &comp.rules[m.rule]
		scores[r.intent] += r.weight
		if r.intent == Escalation.index() && r.category >= 0 {
			catScore[r.category] += r.weight
		}
		if r.intent == faq {
			faqAsks++
		}
		f := comp.fact(m, toks)
		facts = append(facts, f)
		cues = append(cues, f.cue())
	}
	esc := Escalation.index()
	if nAspects >= g.multiMin {
		scores[esc] += g.multiWeight
		catScore[multiIssue] += g.multiWeight
		names := make([]string, nAspects)
		for i, a := range aspects[:nAspects] {
			names[i] = g.aspects[a]
		}
		cues = append(cues, "escalation:multi_issue("+strings.Join(names, ",")+")")
	}

	win := 0
	for i := 1; i < numIntents; i++ {
		if scores[i] > scores[win] {
			win = i
		}
	}
	triggered := scores[esc] >= g.trigger
	if triggered {
		win = esc
	}
	top := scores[win]
	second := 0.0
	for i, s := range scores {
		if i != win && s > second {
			second = s
		}
	}
	conf := 0.0
	switch {
	case top <= 0:
	case triggered:
		conf = top / (top + g.smoothing)
	default:
		conf = (top - second) / (top + g.smoothing)
	}
	onlyTopics := len(topics) > 0 && faqAsks == 0
	if win == faq && onlyTopics {
		conf *= topicOnlyShare
	}
	conf = round3(clamp01(conf))
	d := Decision{
		Intent:          Intents[win],
		Confidence:      conf,
		Cues:            cues,
		Unsure:          conf < g.unsureBelow,
		Scores:          make(map[Intent]float64, numIntents),
		Composed:        facts,
		Topics:          topics,
		TopicsOnly:      onlyTopics,
		SafetyLookalike: comp.safetyLookalike(covers),
	}
	if d.SafetyLookalike {
		// Only a look-alike of an emergency needs where its words stand,
		// so the text is read again for their spans here rather than on
		// every message; the same text gives the same tokens.
		_, spans := g.tokenizeSpans(text, make([]string, 0, len(toks)), make([]span, 0, len(toks)))
		d.SafetyRest = comp.lookalikeRest(text, spans, covers)
	}
	for i, s := range scores {
		d.Scores[Intents[i]] = round3(s)
	}
	if win == esc {
		// Without a categorised cue (a bias alone), call it multi_issue,
		// the category the large model handles first.
		best := multiIssue
		for i, s := range catScore {
			if s > catScore[best] {
				best = i
			}
		}
		if sh := catScore[selfHarmCategory]; sh > 0 {
			// Self-harm wins over the categories that are not urgent
			// themselves (issue 11): "my sister keeps texting me she
			// doesn't want to be here anymore" scores harassment's texting
			// cues twice, but the writer needs the caring reply. An
			// emergency or a threat that scores more keeps the decision: a
			// knife at the counter is not a crisis-line case. A tie stays
			// self-harm: one safety cue as strong as the self-harm one is
			// mostly its own injury or tool ("cut her wrists" holds "cut
			// her", "hurting himself on purpose, he's got a razor blade").
			urgent := safetyCategory
			if catScore[threatCategory] > catScore[urgent] {
				urgent = threatCategory
			}
			if catScore[urgent] > sh {
				best = urgent
			} else {
				best = selfHarmCategory
			}
		}
		d.Category = Categories[best]
	}
	return d
}

// topicOnlyShare is the share of its confidence an FAQ keeps when every
// FAQ cue is one topic word (Decision.TopicsOnly): a topic named is not a
// question asked, and strangers' grievances name topics too ("the Wi-Fi
// at Millbrook has been unusable"). Such an FAQ is then mostly unsure and
// the learned layer may read it; a question frame, a phrase, a combo, a
// composed rule or a special token ("faq:<q>", "faq:do you have",
// "faq:wifi password") keeps it whole.
const topicOnlyShare = 0.5

// maxCombosSeen bounds the combos tracked per message.
const maxCombosSeen = 16

// foundCombos appends to out the combos all of whose parts occur in toks,
// each part outside a negation and, for a combo that adds weight, outside
// a longer cue of another label (the words are then that cue's topic:
// "what do you do if someone has an allergic reaction" asks about a rule);
// it tracks at most maxCombosSeen combos.
func (g *Gate) foundCombos(toks []string, ms []match, out []int32) []int32 {
	if len(g.combos) == 0 {
		return out
	}
	var ids [maxCombosSeen]int32
	var masks [maxCombosSeen]uint8
	n := 0
	for i, t := range toks {
		for _, pi := range g.comboIndex[t] {
			p := &g.parts[pi]
			end, ok := seqAt(p.seq, toks, i)
			if !ok || g.negated(toks, i) {
				continue
			}
			if cb := &g.combos[p.combo]; cb.weight > 0 && g.insideOther(ms, i, end, cb.intent) {
				continue
			}
			j := 0
			for j < n && ids[j] != p.combo {
				j++
			}
			if j == n {
				if n == maxCombosSeen {
					continue
				}
				ids[n] = p.combo
				n++
			}
			masks[j] |= 1 << p.bit
		}
	}
	for j := range n {
		if masks[j] == g.combos[ids[j]].full {
			out = append(out, ids[j])
		}
	}
	return out
}

// insideOther reports whether tokens [start, end) lie inside a longer,
// unshadowed match of a cue whose label is not intent.
func (g *Gate) insideOther(ms []match, start, end, intent int) bool {
	for _, m := range ms {
		if int(m.start) > start {
			break
		}
		if !m.shadowed && int(m.end) >= end && int(m.end-m.start) > end-start && g.cues[m.cue].intent != intent {
			return true
		}
	}
	return false
}

// findMatches appends every cue occurrence in toks, in text order.
func (g *Gate) findMatches(toks []string, out []match) []match {
	for i, t := range toks {
		for _, id := range g.index[t] {
			if end, ok := seqAt(g.cues[id].seq, toks, i); ok {
				out = append(out, match{cue: id, start: int32(i), end: int32(end)})
			}
		}
	}
	return out
}

// seqAt reports whether seq matches toks at i, and where the match ends. A
// "*" matches any one word but never a sentence boundary.
func seqAt(seq, toks []string, i int) (int, bool) {
	if i+len(seq) > len(toks) {
		return 0, false
	}
	for j, k := range seq {
		t := toks[i+j]
		if k == t {
			continue
		}
		if k == tokAny && !isBoundary(t) {
			continue
		}
		return 0, false
	}
	return i + len(seq), true
}

// shadow marks matches whose span lies inside a longer match that speaks
// for them: "allergic reaction" for "allergic", "refund policy" for "refund".
func (g *Gate) shadow(ms []match) {
	// ms is in start order and phrases are at most maxPhraseLen long, so
	// only near neighbours can contain a match.
	for i := range ms {
		a := &ms[i]
		for j := i - 1; j >= 0 && !a.shadowed && ms[j].start >= a.start-maxPhraseLen; j-- {
			a.shadowed = g.shadows(ms[j], *a)
		}
		for j := i + 1; j < len(ms) && !a.shadowed && ms[j].start == a.start; j++ {
			a.shadowed = g.shadows(ms[j], *a)
		}
	}
}

// shadows reports whether b speaks for a: b's span holds a's and is
// longer, and b is another label's reading of the words or at least as
// strong for the same label ("my * order" does not silence "my catering").
func (g *Gate) shadows(b, a match) bool {
	if b.start > a.start || a.end > b.end || b.end-b.start <= a.end-a.start {
		return false
	}
	cb, ca := &g.cues[b.cue], &g.cues[a.cue]
	return cb.intent != ca.intent || cb.weight >= ca.weight
}

// negated reports whether a negator appears within the window before
// start, in the same clause.
func (g *Gate) negated(toks []string, start int) bool {
	for j := start - 1; j >= 0 && start-j <= g.window; j-- {
		t := toks[j]
		if isBoundary(t) || g.breakers[t] {
			return false
		}
		if g.negators[t] {
			return true
		}
	}
	return false
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
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

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
