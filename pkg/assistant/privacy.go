package assistant

import (
	"github.com/cafebot/cafebot/pkg/redact"
)

// keeper masks card numbers and other people's contact data in what the
// pipeline prints or hands on, keeping the bound customer's own phone and
// email.
type keeper struct{ k redact.Keep }

func (r *run) keep() keeper {
	keep := r.p.d.Guard.PublicContacts()
	if r.customer != nil {
		keep = append(keep, r.customer.Phone, r.customer.Email)
	}
	return keeper{redact.NewKeep(keep...)}
}

func (k keeper) text(s string) string { return k.k.Text(s) }

func (k keeper) strings(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = k.k.Text(s)
	}
	return out
}

// redacted returns a with card numbers and other people's contact data
// masked in every field a customer or staff member reads.
func (r *run) redacted(a Answer) Answer {
	k := r.keep()
	a.Question = k.text(a.Question)
	// The reply itself passed the draft guard, which withholds other
	// people's contact data but knows the café's own published numbers:
	// only card numbers are masked here.
	a.Answer = redact.Cards(a.Answer)
	a.Explanation = k.strings(a.Explanation)
	calls := make([]ToolCallReport, len(a.ToolCalls))
	for i, c := range a.ToolCalls {
		if c.Arguments != nil {
			if m, ok := k.k.Value(c.Arguments).(map[string]any); ok {
				c.Arguments = m
			}
		}
		c.Result = k.k.Value(c.Result)
		c.Error = k.text(c.Error)
		c.Summary = k.text(c.Summary)
		calls[i] = c
	}
	a.ToolCalls = calls
	return a
}
