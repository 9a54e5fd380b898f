package guard

import (
	"fmt"
	"slices"
	"strings"
)

// withMirrors returns the rules of a compose file with each any_order
// rule followed by its mirror, the same rule with its two parts swapped
// ("@group" then "@exclude", and "@exclude" then "@group"), so one line
// of the file says what two mirror rules said before. at[i] is the place
// in the file (from 1) of the rule defs[i] came from, for errors. An
// any_order rule must have exactly two parts, neither optional; its
// unless lists and gap carry over to the mirror.
func withMirrors(rules []composeDef) (defs []composeDef, at []int, err error) {
	defs = make([]composeDef, 0, len(rules))
	at = make([]int, 0, len(rules))
	for i, d := range rules {
		defs = append(defs, d)
		at = append(at, i+1)
		if !d.AnyOrder {
			continue
		}
		if len(d.Parts) != 2 || strings.HasSuffix(d.Parts[1], "?") {
			return nil, nil, fmt.Errorf("compose rules: rule %d (%s): any_order needs two parts, neither optional", i+1, d.Label)
		}
		m := d
		m.Parts = []string{d.Parts[1], d.Parts[0]}
		m.UnlessNext = slices.Clone(d.UnlessNext)
		m.UnlessWithin = slices.Clone(d.UnlessWithin)
		defs = append(defs, m)
		at = append(at, i+1)
	}
	return defs, at, nil
}
