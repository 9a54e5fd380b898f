package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// Session is one conversation of the assistant; *assistant.Session is one.
// When a Session is also an io.Closer, the runner closes it after its case.
type Session interface {
	BindCustomer(ctx context.Context, idOrPhone string) (assistant.Customer, error)
	Send(ctx context.Context, text string, onEvent func(assistant.Event)) (assistant.Answer, error)
}

// Searcher ranks the knowledge base's passages for a query.
type Searcher interface {
	// Rank returns the sources of the top k passages, best first.
	Rank(ctx context.Context, query string, k int) (Ranking, error)
}

// Ranking is a search's sources, best first, and the mode it ran in.
type Ranking struct {
	Sources []string
	Mode    string
}

// IndexSearcher ranks with a retrieval index, as the pipeline searches it.
type IndexSearcher struct {
	Index    assistant.Searcher
	Embedder retrieval.Embedder
	// Fusion is the configured fusion ("rrf" or "score").
	Fusion string
}

// Rank searches the index for the top k passages.
func (s IndexSearcher) Rank(ctx context.Context, query string, k int) (Ranking, error) {
	res, err := s.Index.Search(ctx, query, retrieval.SearchOptions{K: k, Fusion: s.Fusion}, s.Embedder)
	if err != nil {
		return Ranking{}, err
	}
	rk := Ranking{Mode: res.Mode, Sources: make([]string, len(res.Hits))}
	for i, h := range res.Hits {
		rk.Sources[i] = h.Source
	}
	return rk, nil
}

// DefaultK is how many passages the retrieval metrics look at by default.
const DefaultK = 5

// Runner runs an evaluation set through the assistant.
type Runner struct {
	// NewSession starts a fresh conversation under strategy for one case.
	NewSession func(ctx context.Context, strategy assistant.Strategy) (Session, error)
	// Search ranks passages for the retrieval metrics; nil skips them.
	Search Searcher
	// K is how many passages each search returns; values under 3 mean
	// DefaultK, because recall@3 needs three.
	K int
	// LargeModel is the escalation model, for the share of answers
	// written without it.
	LargeModel string
	// Probe says whether the models can answer under strategy (Ollama
	// reachable, every model there). A non-nil error makes the generation
	// metrics unavailable; nil Probe assumes they are available.
	Probe func(ctx context.Context, strategy assistant.Strategy) error
}

// Run runs every case in a fresh session and returns the report. progress
// (may be nil) is called after each case. When ctx is cancelled, Run
// returns the report of the cases finished so far with ctx's error.
func (r *Runner) Run(ctx context.Context, cases []Case, strategy assistant.Strategy, progress func(done, total int)) (Report, error) {
	if r.NewSession == nil {
		return Report{}, errors.New("eval: the runner has no NewSession")
	}
	k := r.K
	if k < 3 {
		k = DefaultK
	}
	s := summary{strategy: strategy, total: len(cases), k: k, largeModel: r.LargeModel}
	if r.Probe != nil {
		s.genErr = r.Probe(ctx, strategy)
	}
	var outs []outcome
	for i, c := range cases {
		o, err := r.runCase(ctx, c, strategy, k)
		if err != nil {
			return summarize(s, outs), err
		}
		outs = append(outs, o)
		if progress != nil {
			progress(i+1, len(cases))
		}
	}
	return summarize(s, outs), ctx.Err()
}

// runCase runs one case. The error is non-nil only when ctx ended, and the
// case then does not count.
func (r *Runner) runCase(ctx context.Context, c Case, strategy assistant.Strategy, k int) (outcome, error) {
	o := outcome{c: c}
	if err := ctx.Err(); err != nil {
		return o, err
	}
	if r.Search != nil && len(c.ExpectSources) > 0 {
		rk, err := r.Search.Rank(ctx, c.Q, k)
		if ctx.Err() != nil {
			return o, ctx.Err()
		}
		if err != nil {
			o.err = fmt.Errorf("search: %w", err)
			return o, nil
		}
		o.searched, o.mode, o.rank = true, rk.Mode, firstRelevant(rk.Sources, c.ExpectSources, k)
	}
	sess, err := r.NewSession(ctx, strategy)
	if err != nil {
		if ctx.Err() != nil {
			return o, ctx.Err()
		}
		o.err = fmt.Errorf("start session: %w", err)
		return o, nil
	}
	if cl, ok := sess.(io.Closer); ok {
		defer cl.Close()
	}
	if c.Customer != "" {
		if _, err := sess.BindCustomer(ctx, c.Customer); err != nil {
			if ctx.Err() != nil {
				return o, ctx.Err()
			}
			o.err = fmt.Errorf("bind customer %s: %w", c.Customer, err)
			return o, nil
		}
	}
	ans, err := sess.Send(ctx, c.Q, nil)
	if ctx.Err() != nil {
		return o, ctx.Err()
	}
	if err != nil {
		o.err = err
		return o, nil
	}
	o.ans = ans
	return o, nil
}

// firstRelevant returns the 1-based rank of the first source within k that
// is one of want, 0 when none is. A source matches a wanted path exactly
// or by ending in "/"+path, so an index that keeps the ingested folder's
// name ("knowledge/menu/menu.csv") still matches "menu/menu.csv".
func firstRelevant(got, want []string, k int) int {
	for i, g := range got {
		if i == k {
			break
		}
		g = strings.TrimPrefix(g, "./")
		for _, w := range want {
			if g == w || strings.HasSuffix(g, "/"+w) {
				return i + 1
			}
		}
	}
	return 0
}
