package eval

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sync"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// refusalRE matches the ways the role prompts tell a model to decline:
// not in the documents, cannot help, a staff member will follow up.
var refusalRE = regexp.MustCompile(`(?i)\b(?:(?:i|we) (?:don't|do not|can't|cannot|am unable to|am not able to) (?:know|find|help|answer|say|tell|see|do that)|(?:isn't|is not|aren't|are not) in (?:the|our) (?:café's )?documents|not (?:covered|mentioned|listed) in|unable to help|can't help with|cannot help with)`)

// IsRefusal reports whether an answer declines instead of answering.
func IsRefusal(text string) bool { return refusalRE.MatchString(text) }

// RefusalCounter counts, across the sessions it wraps, the answers that
// decline (IsRefusal), so two models can be compared on how often they
// give up. It is safe for concurrent use.
type RefusalCounter struct {
	mu       sync.Mutex
	answers  int
	refusals int
}

// Wrap returns newSession with every session's answers counted.
func (rc *RefusalCounter) Wrap(newSession func(context.Context, assistant.Strategy) (Session, error)) func(context.Context, assistant.Strategy) (Session, error) {
	return func(ctx context.Context, s assistant.Strategy) (Session, error) {
		sess, err := newSession(ctx, s)
		if err != nil {
			return nil, err
		}
		return &countedSession{Session: sess, rc: rc}, nil
	}
}

// Rate returns the share of counted answers that declined.
func (rc *RefusalCounter) Rate() Rate {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return newRate(rc.refusals, rc.answers)
}

type countedSession struct {
	Session
	rc *RefusalCounter
}

func (s *countedSession) Send(ctx context.Context, text string, onEvent func(assistant.Event)) (assistant.Answer, error) {
	a, err := s.Session.Send(ctx, text, onEvent)
	// Only generated answers count: a handoff or a retrieval-only fallback
	// says nothing about the model.
	if err == nil && a.Model != "" && a.Route != assistant.RouteHandoff && !a.Fallback {
		s.rc.mu.Lock()
		s.rc.answers++
		if IsRefusal(a.Answer) {
			s.rc.refusals++
		}
		s.rc.mu.Unlock()
	}
	return a, err
}

// Close closes the wrapped session when it has a Close.
func (s *countedSession) Close() error {
	if c, ok := s.Session.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// Side is one model's run in a candidate comparison.
type Side struct {
	// Label is "current" or "candidate".
	Label string `json:"label"`
	// Model is the model the role used in this run.
	Model string `json:"model"`
	// Quantization is what Ollama reports for the model ("" unknown).
	Quantization string     `json:"quantization,omitempty"`
	Row          CompareRow `json:"headline"`
	Refusals     Rate       `json:"refusals"`
	Report       Report     `json:"report"`
}

// CandidateComparison is the current and a candidate model for one role
// run on the same cases.
type CandidateComparison struct {
	Role  string `json:"role"`
	Sides []Side `json:"sides"`
}

// CompareCandidate puts the two runs side by side.
func CompareCandidate(role string, current, candidate Side) CandidateComparison {
	current.Label, candidate.Label = "current", "candidate"
	rows := Compare(current.Report, candidate.Report).Rows
	current.Row, candidate.Row = rows[0], rows[1]
	return CandidateComparison{Role: role, Sides: []Side{current, candidate}}
}

// WriteTable writes the comparison as one table, a row per model.
func (c CandidateComparison) WriteTable(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "role %s: current and candidate model on the same cases\n\n", c.Role); err != nil {
		return err
	}
	rows := [][]string{{"", "model", "quant", "cases", "answer checks", "tool choice", "refusals", "handoff recall",
		"p50 ms", "p95 ms", "tokens in", "tokens out"}}
	var noGen, interrupted bool
	for _, s := range c.Sides {
		r := s.Row
		cases := fmt.Sprint(r.Cases)
		if !r.Complete {
			cases += "*"
			interrupted = true
		}
		noGen = noGen || !r.Generation
		q := s.Quantization
		if q == "" {
			q = "?"
		}
		rows = append(rows, []string{s.Label, s.Model, q, cases, pct(r.AnswerChecks), pct(r.ToolChoice), pct(s.Refusals.Value),
			pct(r.HandoffRecall), ms(r.P50TotalMS), ms(r.P95TotalMS), dec(r.MeanTokensIn, 0), dec(r.MeanTokensOut, 0)})
	}
	writeGrid(w, 3, rows)
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
