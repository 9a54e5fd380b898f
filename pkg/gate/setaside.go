package gate

import (
	"fmt"
	"strings"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// SetAside is one look-alike that a composed rule's unless list matched
// in a message, and what it kept from scoring there.
type SetAside struct {
	// Words are the message's keys the unless pattern matched ("swallow
	// my card").
	Words string `json:"words"`
	// Rules are the composed rules holding the list (several when the list
	// is shared).
	Rules []string `json:"rules"`
	// Covered are the matches it skipped, as cues: a rule of the list
	// ("escalation:emergency[swallow]") or a rules.yaml cue of the list's
	// label and category ("escalation:got burn").
	Covered []string `json:"covered"`
}

// SetAside returns the unless matches in an analysed message that kept a
// composed rule's match or a rules.yaml cue from scoring, in message
// order; unless matches that covered nothing are left out. It reads the
// message again, so only explanations call it, never Classify.
func (g *Gate) SetAside(a *analysis.Analysis) []SetAside {
	comp := g.compose
	if comp == nil {
		comp = defaultCompose()
	}
	toks := g.tokenize(a.Text, nil)
	matches := g.findMatches(toks, nil)
	g.shadow(matches)
	m := comp.indexMessage(msgIndex{}, toks)
	var out []SetAside
	cs := comp.covers(&m, nil)
	for ci, c := range cs {
		if insideAnother(cs, ci) {
			continue
		}
		l := &comp.unless[c.list]
		s := SetAside{Words: strings.Join(toks[c.start:c.end], " ")}
		for ri := range comp.rules {
			r := &comp.rules[ri]
			if r.unless != c.list {
				continue
			}
			s.Rules = append(s.Rules, r.name)
			if w, ok := firstMatchWithin(r, &m, toks, c.start, c.end); ok {
				s.Covered = append(s.Covered, string(Intents[r.intent])+":"+r.name+"["+w+"]")
			}
		}
		for _, mt := range matches {
			cue := &g.cues[mt.cue]
			if mt.shadowed || cue.intent != l.intent || cue.category != l.category ||
				int(mt.start) < c.start || int(mt.end) > c.end {
				continue
			}
			s.Covered = append(s.Covered, cue.label)
		}
		if len(s.Covered) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// insideAnother reports whether cover i of cs lies inside another cover
// of the same list (two patterns of one list matching the same words), so
// each look-alike is told once, by its longest match.
func insideAnother(cs []cover, i int) bool {
	c := cs[i]
	for j, o := range cs {
		if j == i || o.list != c.list || o.start > c.start || c.end > o.end {
			continue
		}
		if o.start < c.start || c.end < o.end || j < i {
			return true
		}
	}
	return false
}

// firstMatchWithin returns the words of rule r's first match lying inside
// tokens [start, end).
func firstMatchWithin(r *composeRule, m *msgIndex, toks []string, start, end int) (string, bool) {
	for i := start; i < end; i++ {
		for _, p := range r.patterns {
			if e, ok := matchAt(p, m, i); ok && e <= end {
				return strings.Join(toks[i:e], " "), true
			}
		}
	}
	return "", false
}

// String reads as one line of classify --explain: "unless[swallow my
// card] of emergency set aside escalation:emergency[swallow]"; a list
// shared by several rules is named by its first and a count.
func (s SetAside) String() string {
	of := strings.Join(s.Rules, ", ")
	if len(s.Rules) > 2 {
		of = fmt.Sprintf("%s and %d more", s.Rules[0], len(s.Rules)-1)
	}
	return "unless[" + s.Words + "] of " + of + " set aside " + strings.Join(s.Covered, ", ")
}
