package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/eval"
	"github.com/cafebot/cafebot/pkg/guard"
)

// candidateRoles are the roles --candidate may swap. The embedding model
// is not one: its vectors are the index, so a new one needs a re-ingest.
var candidateRoles = []string{"faq", "tools", "escalation", "guard"}

// parseCandidate reads --candidate ROLE=NAME.
func parseCandidate(s string) (role, model string, err error) {
	role, model, ok := strings.Cut(s, "=")
	role, model = strings.TrimSpace(role), strings.TrimSpace(model)
	if !ok || role == "" || model == "" {
		return "", "", fmt.Errorf("--candidate %q: want ROLE=MODEL, e.g. faq=cafebot-faq-ft-q4_k_m", s)
	}
	for _, r := range candidateRoles {
		if r == role {
			return role, model, nil
		}
	}
	if role == "embedding" {
		return "", "", errors.New("--candidate: the embedding model cannot be swapped per run: the index holds its vectors (promote it and run `cafebot ingest --reembed`)")
	}
	return "", "", fmt.Errorf("--candidate: role %q: use faq, tools, escalation or guard", role)
}

// withRoleModel returns cfg with the role's model replaced.
func withRoleModel(cfg config.Config, role, model string) config.Config {
	switch role {
	case "faq":
		cfg.Models.FAQ = model
	case "tools":
		cfg.Models.Tools = model
	case "escalation":
		cfg.Models.Escalation = model
	case "guard":
		cfg.Models.Guard = model
	}
	return cfg
}

// runCandidateEval runs the routed pipeline twice over the same cases,
// with the role's current model and with the candidate, and prints one
// table. Each run has its own harness (fresh account copies per case).
func runCandidateEval(ctx context.Context, app *App, cases []eval.Case, opt evalOptions) error {
	role, candidate, err := parseCandidate(opt.Candidate)
	if err != nil {
		return &usageError{err: err, usage: "cafebot eval FILE --candidate ROLE=MODEL"}
	}
	current := roleModel(app.Config(), role)
	if current == candidate {
		return &usageError{err: fmt.Errorf("--candidate %s is already the %s model", candidate, role), usage: "cafebot eval FILE --candidate ROLE=MODEL"}
	}
	if _, err := app.LLM().Show(ctx, candidate); err != nil {
		return withHint(fmt.Errorf("candidate %s: %w", candidate, err), "create it with `cafebot models create` or `cafebot models adapter`, or check the name with `ollama list`")
	}
	var sides []eval.Side
	var runErr error
	for _, model := range []string{current, candidate} {
		h, err := newEvalHarness(ctx, app)
		if err != nil {
			return err
		}
		h.deps.Config = withRoleModel(h.deps.Config, role, model)
		if role == "guard" {
			h.deps.Guard = guardFor(app, h.deps.Config)
		}
		var refusals eval.RefusalCounter
		runner := &eval.Runner{
			NewSession: refusals.Wrap(h.newSession),
			Search:     eval.IndexSearcher{Index: h.index, Embedder: h.deps.Embedder, Fusion: h.deps.Config.Retrieval.Fusion},
			K:          opt.K,
			LargeModel: h.deps.Config.Models.Escalation,
			Probe:      h.probe,
		}
		onProgress := evalProgress(app, assistant.Strategy(model))
		rep, err := runner.Run(ctx, cases, assistant.StrategyRouted, onProgress)
		if onProgress != nil {
			fmt.Fprint(app.ErrOut, "\r\033[K")
		}
		h.close()
		side := eval.Side{Model: model, Report: rep, Refusals: refusals.Rate()}
		if info, err := app.LLM().Show(ctx, model); err == nil {
			side.Quantization = info.Quantization
		}
		if !rep.Generation.Available {
			app.notice("note: %s: generation unavailable: %s", model, rep.Generation.Reason)
		}
		sides = append(sides, side)
		if err != nil {
			runErr = err
			break
		}
	}
	if len(sides) == 2 {
		cmp := eval.CompareCandidate(role, sides[0], sides[1])
		if opt.JSON {
			if err := writeJSON(app.Out, cmp); err != nil {
				return err
			}
		} else if err := cmp.WriteTable(app.Out); err != nil {
			return err
		}
		if runErr == nil && !opt.JSON {
			fmt.Fprintf(app.Out, "\nto switch: cafebot models promote %s %s\n", role, candidate)
		}
	}
	if runErr != nil {
		return fmt.Errorf("eval: %w", runErr)
	}
	return nil
}

// guardFor is App.Guard for a config whose guard model is the candidate.
func guardFor(app *App, cfg config.Config) *guard.Guard {
	opt := guard.Options{
		Threshold: cfg.Guard.Threshold,
		Model:     cfg.Models.Guard,
		Timeout:   cfg.Guard.Timeout.D(),
		KeepAlive: cfg.Ollama.KeepAlive.D(),
		Public:    cafeContacts(app.IndexDir()),
	}
	if cfg.Guard.ModelEnabled {
		opt.Chat = app.LLM()
	}
	return guard.New(opt)
}
