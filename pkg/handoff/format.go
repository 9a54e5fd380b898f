package handoff

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// FormatList writes tickets as an aligned plain-text table: number,
// store (when any ticket names one: a chain's inbox), priority, status,
// category, customer, claimed, age and reason.
func FormatList(w io.Writer, ts []Ticket) { formatList(w, ts, time.Now(), nil) }

// FormatListWithStatus is FormatList with status(t) in the STATUS column:
// for a list whose tickets' state lies elsewhere, such as a chain store's
// outbox ("waiting", "delivered as #1005").
func FormatListWithStatus(w io.Writer, ts []Ticket, status func(Ticket) string) {
	formatList(w, ts, time.Now(), status)
}

func formatList(w io.Writer, ts []Ticket, now time.Time, status func(Ticket) string) {
	if len(ts) == 0 {
		fmt.Fprintln(w, "No handoff tickets.")
		return
	}
	if status == nil {
		status = func(t Ticket) string { return string(t.Status) }
	}
	withStore := slices.ContainsFunc(ts, func(t Ticket) bool { return t.Store != "" })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	store := func(t Ticket) string { return "" }
	if withStore {
		store = func(t Ticket) string { return orDash(t.Store) + "\t" }
		fmt.Fprint(tw, "TICKET\tSTORE\t")
	} else {
		fmt.Fprint(tw, "TICKET\t")
	}
	fmt.Fprintln(tw, "PRIORITY\tSTATUS\tCATEGORY\tCUSTOMER\tCLAIMED\tAGE\tREASON")
	for _, t := range ts {
		reason := truncate(oneLine(t.Reason), 60)
		if t.Merges > 0 {
			reason += fmt.Sprintf(" (+%d)", t.Merges)
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			t.Number(), store(t), t.Priority, status(t), t.Category, orDash(t.CustomerID),
			orDash(t.ClaimedBy), age(now.Sub(t.CreatedAt)), reason)
	}
	tw.Flush()
}

// age is a compact duration for the list: "now", "12m", "5h", "3d".
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Format writes the whole ticket for a person: header, analysis,
// transcript, tool calls, guard verdicts and any unsent draft. Times are
// shown in the local time zone.
func (t Ticket) Format(w io.Writer) { t.format(w, time.Local) }

const shownTime = "2006-01-02 15:04 MST"

func (t Ticket) format(w io.Writer, loc *time.Location) {
	fmt.Fprintf(w, "Ticket %s  %s  %s\n", t.Number(), strings.ToUpper(string(t.Priority)), t.Status)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s:\t%s\n", k, v) }
	row("Created", t.CreatedAt.In(loc).Format(shownTime))
	if t.Store != "" {
		row("Store", t.Store)
	}
	if t.Ref != "" {
		row("Reference", fmt.Sprintf("%s, given to the customer when it was filed offline (#%d in this queue)", t.Ref, t.ID))
	}
	row("Category", fmt.Sprintf("%s (%s)", t.Category, categoryLabel(t.Category)))
	row("Reason", t.Reason)
	if t.Route != "" {
		row("Route", t.Route)
	}
	row("Customer", orDefault(t.CustomerID, "not identified"))
	if t.Intent != "" {
		row("Intent", fmt.Sprintf("%s (confidence %.2f)", t.Intent, t.Confidence))
	}
	row("Frustration", fmt.Sprintf("%.2f (%s)", t.Frustration, moodFor(t.Category, t.Frustration)))
	if t.ClaimedBy != "" {
		row("Claimed", t.ClaimedBy+" at "+t.ClaimedAt.In(loc).Format(shownTime))
	}
	if t.Merges > 0 {
		row("Merged", fmt.Sprintf("%d later handoff(s) of the same matter, last at %s", t.Merges, t.UpdatedAt.In(loc).Format(shownTime)))
	}
	if t.Status == StatusResolved {
		row("Resolved", t.ResolvedAt.In(loc).Format(shownTime))
		row("Note", t.ResolutionNote)
	}
	tw.Flush()

	section(w, "Analysis")
	fmt.Fprintln(w, indent(wrap(t.Analysis, 76)))

	section(w, "Transcript")
	for _, turn := range t.Transcript {
		prefix := turn.Role + ":"
		if !turn.At.IsZero() {
			prefix = "[" + turn.At.In(loc).Format("15:04") + "] " + prefix
		}
		// Continuation lines hang under the text, clear of the role.
		text := strings.ReplaceAll(strings.TrimRight(turn.Text, "\n"), "\n", "\n  ")
		fmt.Fprintln(w, indent(prefix+" "+text))
	}

	if len(t.ToolCalls) > 0 {
		section(w, "Tool calls")
		for _, tc := range t.ToolCalls {
			args, err := json.Marshal(tc.Arguments)
			if err != nil || tc.Arguments == nil {
				args = []byte("{}")
			}
			fmt.Fprintln(w, indent(fmt.Sprintf("%s %s → %s", tc.Name, args, toolOutcome(tc))))
		}
	}

	if len(t.Guard) > 0 {
		section(w, "Guard")
		for _, g := range t.Guard {
			verdict := "passed"
			if g.Flagged {
				verdict = "flagged"
			}
			line := fmt.Sprintf("%s: %s, score %.2f", orDefault(g.Stage, "input"), verdict, g.Score)
			if g.Layer != "" {
				line += " (" + g.Layer + ")"
			}
			if cats := categoryScores(g.Categories); cats != "" {
				line += "; " + cats
			}
			fmt.Fprintln(w, indent(line))
		}
	}

	if t.Draft != "" {
		section(w, "Draft (not sent)")
		fmt.Fprintln(w, indent(t.Draft))
	}
}

func section(w io.Writer, title string) { fmt.Fprintf(w, "\n%s\n", title) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// indent prefixes every line of s with two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// wrap breaks s into lines of at most width runes at spaces (a longer word
// stays whole on its own line).
func wrap(s string, width int) string {
	var lines []string
	var line []string
	n := 0
	for _, word := range strings.Fields(s) {
		l := len([]rune(word))
		if n > 0 && n+1+l > width {
			lines = append(lines, strings.Join(line, " "))
			line, n = nil, 0
		}
		if n > 0 {
			n++
		}
		line = append(line, word)
		n += l
	}
	if len(line) > 0 {
		lines = append(lines, strings.Join(line, " "))
	}
	return strings.Join(lines, "\n")
}
