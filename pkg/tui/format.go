package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// sourceLabel returns "policies/refunds.md › Refunds" for a source.
func sourceLabel(s assistant.Source) string {
	if s.Section == "" {
		return s.Source
	}
	return s.Source + " › " + s.Section
}

// sourceLabels returns the labels of an answer's sources in order, once
// each: several passages of one section read as one source.
func sourceLabels(srcs []assistant.Source) []string {
	seen := make(map[string]bool, len(srcs))
	var out []string
	for _, s := range srcs {
		l := sourceLabel(s)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	return out
}

// toolText returns a tool call's one-line outcome and whether it succeeded:
// "credited 40 points", or "get_order: that order is not on this account".
func toolText(tc assistant.ToolCallReport) (string, bool) {
	if tc.Error != "" {
		return tc.Name + ": " + oneLine(tc.Error), false
	}
	if tc.Summary != "" {
		return oneLine(tc.Summary), true
	}
	return tc.Name, true
}

// ticketLabel returns "#1042" for a handoff ticket id.
func ticketLabel(id int64) string { return fmt.Sprintf("#%d", id) }

// handoffText returns the banner text for a ticket: "Handed to staff —
// ticket #1042: reason".
func handoffText(ticket, reason string) string {
	s := "Handed to staff — ticket " + ticket
	if reason = oneLine(reason); reason != "" {
		s += ": " + reason
	}
	return s
}

// answerBanner returns the banner an answer carries, or "" when it was
// neither flagged nor handed off.
func answerBanner(a assistant.Answer) string {
	reason := a.HandoffReason
	if reason == "" {
		reason = a.Notice
	}
	if reason == "" {
		switch {
		case a.Flagged:
			reason = "flagged by the guard"
		case a.Escalated:
			reason = "escalated"
		}
	}
	switch {
	case a.HandoffID > 0:
		return handoffText(ticketLabel(a.HandoffID), reason)
	case a.Flagged:
		return "Flagged by the guard: " + oneLine(reason)
	}
	return ""
}

// answerNotice returns the notice to show as a plain note: one that is not
// already the reason in the banner.
func answerNotice(a assistant.Answer) string {
	if a.HandoffID > 0 || a.Flagged {
		return ""
	}
	return oneLine(a.Notice)
}

// formatMS returns a duration in milliseconds as "312 ms" or "1.2 s".
func formatMS(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%d ms", int(math.Round(ms)))
	}
	return fmt.Sprintf("%.1f s", ms/1000)
}

// frustrationShown is the frustration score from which the status bar
// shows it (handoff.LowFrustration: below it a customer reads as calm).
const frustrationShown = 0.4

// The levels of detail of answerStats, widest first.
const (
	statsFull   = iota // "intent faq · route faq · m · first token 312 ms · total 1.2 s"
	statsMedium        // "faq → faq · m · first token 312 ms · total 1.2 s"
	statsTight         // "faq→faq · m · 312 ms / 1.2 s"
)

// answerStats returns the status-bar facts of an answer at a level of
// detail: intent, route, model, time to first token and total time.
func answerStats(a assistant.Answer, level int) string {
	var parts []string
	route := string(a.Route)
	switch {
	case level == statsFull:
		if a.Intent != "" {
			parts = append(parts, "intent "+a.Intent)
		}
		if route != "" {
			parts = append(parts, "route "+route)
		}
	case a.Intent != "" && route != "":
		arrow := " → "
		if level == statsTight {
			arrow = "→"
		}
		parts = append(parts, a.Intent+arrow+route)
	case route != "":
		parts = append(parts, route)
	}
	// A model is named only when one produced the text: the deterministic
	// path and retrieval-only answers may carry the route's model unused.
	if modelAnswered(a) {
		parts = append(parts, a.Model)
	}
	// Staff see frustration once it is worth noticing; calm is the norm.
	if a.Frustration >= frustrationShown {
		parts = append(parts, fmt.Sprintf("frustration %.2f", a.Frustration))
	}
	ft, total := a.Timings.FirstToken, a.Timings.Total
	if level == statsTight && ft > 0 && total > 0 {
		return strings.Join(append(parts, formatMS(ft)+" / "+formatMS(total)), " · ")
	}
	if ft > 0 {
		parts = append(parts, "first token "+formatMS(ft))
	}
	if total > 0 {
		parts = append(parts, "total "+formatMS(total))
	}
	return strings.Join(parts, " · ")
}

// modelAnswered reports whether a model wrote the answer: its name is set
// and it streamed a token or reported output tokens.
func modelAnswered(a assistant.Answer) bool {
	return a.Model != "" && !a.Fallback && (a.Timings.FirstToken > 0 || a.Tokens.Out > 0)
}

// customerLabel returns "Dana Reyes" or, without a name, the phone or id.
func customerLabel(c Customer) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Phone != "":
		return c.Phone
	}
	return c.ID
}

// customerDetail returns "Dana Reyes · +1 555 0100 · id 42", leaving out
// what is unknown.
func customerDetail(c Customer) string {
	var parts []string
	for _, p := range []string{c.Name, c.Phone} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if c.ID != "" {
		parts = append(parts, "id "+c.ID)
	}
	return strings.Join(parts, " · ")
}

// oneLine folds a text's whitespace runs, newlines included, into single
// spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }

// clean drops escape sequences and the control characters other than
// newline and tab, so text from a model or a database cannot move the
// cursor or restyle the terminal.
func clean(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, ansi.Strip(s))
}

func isControl(r rune) bool {
	return r != '\n' && r != '\t' && (r < 0x20 || r >= 0x7f && r < 0xa0)
}
