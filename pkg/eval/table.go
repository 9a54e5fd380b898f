package eval

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/gate"
)

// maxTableFailures bounds the failures a table lists; JSON has them all.
const maxTableFailures = 25

// routeOrder is the order routes are listed in.
var routeOrder = []assistant.Route{
	assistant.RouteFAQ, assistant.RouteTransactional, assistant.RouteComplaint,
	assistant.RouteEscalation, assistant.RouteHandoff,
}

// WriteTable writes the report as plain-text tables for a terminal.
func (r Report) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	status := fmt.Sprintf("%d cases", r.Cases)
	if !r.Complete {
		status = fmt.Sprintf("%d of %d cases (interrupted)", r.Cases, r.Total)
	}
	p("strategy %s: %s, %s\n", r.Strategy, status, labelCounts(r.Labels))
	if r.Errors > 0 {
		p("%s could not run (see the failures below)\n", plural(r.Errors, "case"))
	}
	if !r.Generation.Available {
		p("generation unavailable: %s\n", r.Generation.Reason)
		p("  answer checks, tool choice, first token, tokens and the large-model share are n/a\n")
	} else if r.Generation.Fallbacks > 0 {
		p("%s (a model failed) left out of the generation metrics\n", plural(r.Generation.Fallbacks, "retrieval-only answer"))
	}

	p("\nRouting (gate label vs case label): %s, %d unsure\n", rate(r.Routing.Rate), r.Routing.Unsure)
	writeConfusion(bw, r.Routing)

	ret := r.Retrieval
	mode := ret.Mode
	if mode == "" {
		mode = "no searches"
	}
	tokens := "n/a"
	if r.Tokens != nil {
		tokens = fmt.Sprintf("in %s, out %s", dec(r.Tokens.MeanIn, 0), dec(r.Tokens.MeanOut, 0))
	}
	h := r.Handoff
	handoff := fmt.Sprintf("precision %s, recall %s (TP %d, FP %d, FN %d)", pct(h.Precision), pct(h.Recall), h.TruePos, h.FalsePos, h.FalseNeg)
	if !r.Generation.Available {
		// Without models, what they would have answered goes to a person.
		handoff += "; includes requests handed over because no model could answer"
	}
	p("\n")
	writeGrid(bw, 2, [][]string{
		{"Retrieval", fmt.Sprintf("recall@1 %s, recall@3 %s, MRR %s (%d searches, k=%d, %s)",
			pct(ret.RecallAt1), pct(ret.RecallAt3), dec(ret.MRR, 2), ret.Cases, ret.K, mode)},
		{"Answer checks", rate(r.AnswerChecks)},
		{"Tool choice", rate(r.ToolChoice)},
		{"Handoff", handoff},
		{"Guard flagged", fmt.Sprintf("%s, %d without an expected handoff", rate(r.Guard.Flagged), r.Guard.FlaggedUnexpected)},
		{"Without the large model", rate(r.WithoutLarge)},
		{"Tokens per answer", tokens},
	})

	p("\nLatency (ms)\n")
	rows := [][]string{{"stage", "n", "p50", "p95", "max"}}
	for _, st := range []struct {
		name string
		d    Dist
	}{
		{"gate", r.Latency.Gate}, {"guard", r.Latency.Guard}, {"retrieve", r.Latency.Retrieve},
		{"first token", r.Latency.FirstToken}, {"total", r.Latency.Total},
	} {
		rows = append(rows, []string{st.name, fmt.Sprint(st.d.N), ms(st.d.P50), ms(st.d.P95), ms(st.d.Max)})
	}
	writeGrid(bw, 1, rows)

	p("\nPer route (latency in ms, tokens per answer)\n")
	rows = [][]string{{"route", "answers", "p50", "p95", "max", "tokens in", "tokens out"}}
	for _, route := range sortedRoutes(r.Routes) {
		rs := r.Routes[route]
		in, out := "n/a", "n/a"
		if rs.Tokens != nil {
			in, out = dec(rs.Tokens.MeanIn, 0), dec(rs.Tokens.MeanOut, 0)
		}
		rows = append(rows, []string{routeName(route), fmt.Sprint(rs.Answers), ms(rs.Total.P50), ms(rs.Total.P95), ms(rs.Total.Max), in, out})
	}
	writeGrid(bw, 1, rows)

	if len(r.Failures) > 0 {
		n := min(len(r.Failures), maxTableFailures)
		if n < len(r.Failures) {
			p("\nFailures (first %d of %d; --json lists all)\n", n, len(r.Failures))
		} else {
			p("\nFailures (%d)\n", n)
		}
		for _, f := range r.Failures[:n] {
			p("  line %-4d %-9s %s  %q\n", f.Line, f.Check, f.Detail, shorten(f.Q, 60))
		}
	}
	return bw.Flush()
}

// writeConfusion writes the confusion matrix: rows are wanted labels,
// columns the gate's.
func writeConfusion(w io.Writer, rt Routing) {
	labels := slices.Clone(gate.Intents)
	for _, row := range rt.Confusion {
		for got := range row {
			if !slices.Contains(labels, got) {
				labels = append(labels, got)
			}
		}
	}
	slices.SortStableFunc(labels[len(gate.Intents):], func(a, b gate.Intent) int { return strings.Compare(string(a), string(b)) })
	head := []string{"want \\ got"}
	for _, l := range labels {
		head = append(head, labelOrNone(l))
	}
	rows := [][]string{append(head, "total", "recall", "precision")}
	for _, want := range gate.Intents {
		row := []string{string(want)}
		for _, got := range labels {
			row = append(row, fmt.Sprint(rt.Confusion[want][got]))
		}
		ls := rt.PerLabel[want]
		rows = append(rows, append(row, fmt.Sprint(ls.Total), pct(ls.Recall), pct(ls.Precision)))
	}
	writeGrid(w, 1, rows)
}

// writeGrid writes rows as aligned columns two spaces apart: the first
// left columns aligned left, the others right, as numbers read best.
func writeGrid(w io.Writer, left int, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			b.WriteString("  ") // indent, then the gap between columns
			if i < left {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(pad + cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func sortedRoutes(m map[assistant.Route]RouteStats) []assistant.Route {
	var out []assistant.Route
	for _, r := range routeOrder {
		if _, ok := m[r]; ok {
			out = append(out, r)
		}
	}
	var rest []assistant.Route
	for r := range m {
		if !slices.Contains(routeOrder, r) {
			rest = append(rest, r)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func routeName(r assistant.Route) string {
	if r == "" {
		return "(none)"
	}
	return string(r)
}

func labelCounts(m map[gate.Intent]int) string {
	var parts []string
	for _, in := range gate.Intents {
		parts = append(parts, fmt.Sprintf("%s %d", in, m[in]))
	}
	return strings.Join(parts, ", ")
}

// rate formats "93.5% (58/62)" or "n/a".
func rate(r Rate) string {
	if r.Value == nil {
		return "n/a"
	}
	return fmt.Sprintf("%s (%d/%d)", pct(r.Value), r.Hits, r.Total)
}

func pct(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100**f)
}

func dec(f *float64, places int) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.*f", places, *f)
}

// ms formats milliseconds with precision that suits their size.
func ms(f *float64) string {
	switch {
	case f == nil:
		return "n/a"
	case *f < 1:
		return fmt.Sprintf("%.3f", *f)
	case *f < 100:
		return fmt.Sprintf("%.1f", *f)
	default:
		return fmt.Sprintf("%.0f", *f)
	}
}

// plural returns "1 case" or "3 cases".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
