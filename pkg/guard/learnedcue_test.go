package guard

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// sheetOf writes a learned cue only for a score that stands; that must
// leave every sheet as the eager form below (which wrote one for every
// category, then dropped the low ones) leaves it: same scores, same cues,
// on every labelled guard row, scored with and without the rules' sheet.
func TestLearnedCuesAsEager(t *testing.T) {
	g := New(Options{})
	if g.learned == nil {
		t.Skip("no learned layer")
	}
	pooled, plain := 0, 0
	for _, text := range speedRows(t) {
		a := analysis.Of(text)
		if len(a.Words) == 0 {
			continue
		}
		probs := g.learned.Predict(a)
		rules, _ := scan(a.Text, a.Raw, inputCategories, nil, true)
		for _, r := range []*scoreSheet{nil, &rules} {
			got, want := g.sheetOf(probs, inputCategories, r), g.sheetOfEager(probs, inputCategories, r)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: lazy %+v, eager %+v", text, got, want)
			}
			for _, cues := range got.cues {
				for _, c := range cues {
					if len(c) > 13 && c[:13] == "learned: harm" {
						pooled++
					} else {
						plain++
					}
				}
			}
		}
	}
	// Both forms of cue must have been compared, not only silence.
	if pooled < 100 || plain < 100 {
		t.Fatalf("only %d pooled and %d plain learned cues compared", pooled, plain)
	}
}

// sheetOfEager is sheetOf as it was before its cues were written lazily.
func (g *Guard) sheetOfEager(probs []float64, cats []Category, rules *scoreSheet) scoreSheet {
	var sheet scoreSheet
	m := g.learned
	pl := m.Label(anyHarm)
	top, topRatio, topSeen := -1, 0.0, false
	for l, name := range m.Labels {
		cat := Category(name)
		if !containsCat(cats, cat) {
			continue
		}
		seen := false
		if rules != nil {
			_, seen = rules.miss[cat]
		}
		r := probs[l] / max(m.Thresholds[l], 0.05)
		if top < 0 || seen && !topSeen || seen == topSeen && r > topRatio {
			top, topRatio, topSeen = l, r, seen
		}
	}
	for l, name := range m.Labels {
		cat := Category(name)
		if !containsCat(cats, cat) {
			continue
		}
		t := max(m.Thresholds[l], 0.5)
		s := learnedScore(probs[l], t)
		cue := fmt.Sprintf("learned: p=%.2f (threshold %.2f)", probs[l], t)
		if pl >= 0 {
			seen := false
			if rules != nil {
				_, seen = rules.miss[cat]
			}
			if s >= 0.5 && probs[l] < aloneFor(cat) && !(seen && probs[l] >= withRulesAt) {
				s = 0
			}
			if ps := learnedScore(probs[pl], m.Thresholds[pl]); l == top && ps > s {
				s = ps
				cue = fmt.Sprintf("learned: harm p=%.2f (threshold %.2f), likeliest %s p=%.2f", probs[pl], m.Thresholds[pl], name, probs[l])
			}
		}
		if s < minLearnedScore {
			continue
		}
		sheet.add(cat, s, cue)
	}
	return sheet
}
