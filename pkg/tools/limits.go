package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/redact"
)

// Caps on what a tool call may put in a Result and the audit log. Valid
// arguments are far smaller (at most 500 characters a string); these bound
// the invalid ones a model or an attacker can make up.
const (
	maxValueBytes = 2 << 10 // one string value
	maxArgsBytes  = 8 << 10 // all values of one call together
	maxNameBytes  = 100     // a tool or argument name
	maxArgKeys    = 32      // arguments kept of one call
	// truncMark ends a value that was cut.
	truncMark = "…[truncated]"
)

// Default loop limits, used when the rules leave them at zero.
const (
	DefaultMaxCallsPerRound = 8
)

// capText cuts s to at most n bytes on a rune boundary, marking the cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(0, n-len(truncMark))
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncMark
}

// maskedArgs returns a copy of raw fit to keep: card numbers and other
// customers' contact data masked, each string value at most maxValueBytes,
// the whole at most maxArgsBytes (later values are replaced by the mark),
// and at most maxArgKeys arguments.
func (t *Toolbox) maskedArgs(ctx context.Context, raw map[string]any) map[string]any {
	out := map[string]any{}
	if len(raw) == 0 {
		return out
	}
	keep := t.keep(ctx)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	budget := maxArgsBytes
	for i, k := range keys {
		if i == maxArgKeys {
			out["…"] = fmt.Sprintf("%d more arguments dropped", len(keys)-maxArgKeys)
			break
		}
		name := capText(keep.Text(k), maxNameBytes)
		v := capValue(keep.Value(raw[k]), &budget)
		out[name] = v
	}
	return out
}

// capValue caps the strings inside v against a shared budget of bytes.
func capValue(v any, budget *int) any {
	switch x := v.(type) {
	case string:
		s := capText(x, min(maxValueBytes, max(*budget, len(truncMark))))
		*budget -= len(s)
		return s
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if *budget <= 0 {
				out = append(out, truncMark)
				break
			}
			out = append(out, capValue(e, budget))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if *budget <= 0 {
				out["…"] = truncMark
				break
			}
			ck := capText(k, maxNameBytes)
			*budget -= len(ck)
			out[ck] = capValue(x[k], budget)
		}
		return out
	}
	*budget -= 8 // numbers, bools, null: small, but not free
	return v
}

// keep returns the contact data masking leaves alone: the bound
// customer's own phone and email.
func (t *Toolbox) keep(ctx context.Context) redact.Keep {
	if t.customerID == "" || t.b == nil {
		return redact.NewKeep()
	}
	c, err := t.customer(ctx)
	if err != nil {
		return redact.NewKeep()
	}
	return redact.NewKeep(c.Phone, c.Email)
}

// isCardNumber reports an identity argument holding a full card number:
// never a harmless mistake, whatever it matches.
func isCardNumber(v string) bool { return len(redact.CardSpans(strings.TrimSpace(v))) > 0 }
