package eval

import (
	"fmt"
	"io"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// Comparison puts the headline numbers of several runs of the same set
// side by side, one row per strategy.
type Comparison struct {
	Rows []CompareRow `json:"rows"`
}

// CompareRow is one run's headline numbers; nil means n/a.
type CompareRow struct {
	Strategy assistant.Strategy `json:"strategy"`
	Cases    int                `json:"cases"`
	Complete bool               `json:"complete"`
	// Generation is false when the models could not answer.
	Generation   bool     `json:"generation"`
	AnswerChecks *float64 `json:"answer_checks"`
	ToolChoice   *float64 `json:"tool_choice"`
	// Routing is the gate's accuracy; only the routed strategy routes by
	// it, so it is nil for the others.
	Routing         *float64 `json:"routing"`
	HandoffRecall   *float64 `json:"handoff_recall"`
	P50TotalMS      *float64 `json:"p50_total_ms"`
	P95TotalMS      *float64 `json:"p95_total_ms"`
	MeanTokensIn    *float64 `json:"mean_tokens_in"`
	MeanTokensOut   *float64 `json:"mean_tokens_out"`
	WithoutLarge    *float64 `json:"without_large_model"`
	FallbackAnswers int      `json:"fallback_answers"`
}

// Compare returns the reports' headline numbers side by side, in the
// order given.
func Compare(reports ...Report) Comparison {
	c := Comparison{Rows: []CompareRow{}}
	for _, r := range reports {
		row := CompareRow{
			Strategy: r.Strategy, Cases: r.Cases, Complete: r.Complete,
			Generation:      r.Generation.Available,
			AnswerChecks:    r.AnswerChecks.Value,
			ToolChoice:      r.ToolChoice.Value,
			HandoffRecall:   r.Handoff.Recall,
			P50TotalMS:      r.Latency.Total.P50,
			P95TotalMS:      r.Latency.Total.P95,
			WithoutLarge:    r.WithoutLarge.Value,
			FallbackAnswers: r.Generation.Fallbacks,
		}
		if r.Strategy == assistant.StrategyRouted || r.Strategy == "" {
			row.Routing = r.Routing.Value
		}
		if r.Tokens != nil {
			row.MeanTokensIn, row.MeanTokensOut = r.Tokens.MeanIn, r.Tokens.MeanOut
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// WriteTable writes the comparison as one plain-text table.
func (c Comparison) WriteTable(w io.Writer) error {
	rows := [][]string{{"strategy", "cases", "answer checks", "tool choice", "routing", "handoff recall",
		"p50 total ms", "p95 total ms", "tokens in", "tokens out", "without large"}}
	for _, r := range c.Rows {
		cases := fmt.Sprint(r.Cases)
		if !r.Complete {
			cases += "*"
		}
		rows = append(rows, []string{string(r.Strategy), cases,
			pct(r.AnswerChecks), pct(r.ToolChoice), pct(r.Routing), pct(r.HandoffRecall),
			ms(r.P50TotalMS), ms(r.P95TotalMS), dec(r.MeanTokensIn, 0), dec(r.MeanTokensOut, 0), pct(r.WithoutLarge)})
	}
	writeGrid(w, 1, rows)
	var interrupted, noGen, unrouted bool
	for _, r := range c.Rows {
		interrupted = interrupted || !r.Complete
		noGen = noGen || !r.Generation
		unrouted = unrouted || r.Routing == nil
	}
	if unrouted {
		if _, err := fmt.Fprintln(w, "routing is the gate's accuracy, which only the routed strategy acts on"); err != nil {
			return err
		}
	}
	if interrupted {
		if _, err := fmt.Fprintln(w, "* interrupted: fewer cases than the set holds"); err != nil {
			return err
		}
	}
	if noGen {
		if _, err := fmt.Fprintln(w, "n/a: nothing to count, or generation was unavailable (Ollama down or a model missing)"); err != nil {
			return err
		}
	}
	return nil
}
