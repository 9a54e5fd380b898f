package finetune

import "github.com/cafebot/cafebot/pkg/guard"

// GuardFlags returns an Options.Flagged that asks the guard's built-in
// layer (no model call) and counts every category but personal data:
// personal data is scrubbed, not a reason to drop a turn; abuse, threats,
// injection, self-harm and the rest are.
func GuardFlags(g *guard.Guard) func(string) bool {
	return func(text string) bool {
		v := g.Builtin(text)
		for c, s := range v.Categories {
			if c != guard.PII && s >= g.Threshold() {
				return true
			}
		}
		return false
	}
}
