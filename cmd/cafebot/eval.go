package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/eval"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

type evalOptions struct {
	JSON     bool
	Strategy string
	Compare  bool
	K        int
	// Candidate is ROLE=MODEL: run the role's current and candidate model
	// side by side (see eval_candidate.go).
	Candidate string
}

// strategies are the ones --compare runs, in table order.
var strategies = []assistant.Strategy{assistant.StrategyRouted, assistant.StrategySmallOnly, assistant.StrategyLargeOnly}

func newEvalCmd(app *App) *cobra.Command {
	opt := evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval [flags] FILE.jsonl",
		Short: "Measure routing, retrieval, answers, speed and tokens on a labelled set",
		Long: `Eval runs every case of a JSON Lines file through the assistant, each in a
fresh session, and reports:

  routing        the gate's label against the case's, with a confusion matrix
  retrieval      recall@1, recall@3 and MRR of the index searched directly
                 (cases with expect_sources; a hit is any expected source)
  answer checks  must_contain facts present, must_not_contain claims absent
  tool choice    expect_tool among the tools the answer called
  handoff        precision and recall of expect_handoff
  guard          messages the guard flagged
  latency        p50/p95/max of each stage (gate, guard, retrieve, first
                 token, total) and of each route
  tokens         in and out per route, and the share of messages answered
                 without the large (escalation) model

A passage-level golden set (lines with "source" and "contains", the
format of ` + "`cafebot search --eval`" + `) is measured at passage level instead:
hit@1, hit@3 and MRR per category, for the questions naming a location
and in all, then the questions whose passage was not first.

One case per line:
  {"q": "...", "intent": "faq|transactional|complaint|escalation",
   "customer": "C1001", "expect_sources": ["policies/refunds.md"],
   "must_contain": ["14 days"], "must_not_contain": ["gluten-free"],
   "expect_tool": "get_order", "expect_handoff": true}

Accounts: every case runs against its own fresh copy of the demo accounts
(the data of ` + "`cafebot backend seed`" + `) in a temporary directory, so refunds,
credits, cancellations and handoff tickets made during an eval never touch
$CAFEBOT_HOME/cafebot.db, and no case sees what an earlier case changed.
The knowledge base is the ingested index in $CAFEBOT_HOME.

--strategy small-only or large-only sends every message to one model with
retrieval instead of routing it; --compare runs all three strategies and
prints them side by side.

--candidate ROLE=MODEL runs the routed pipeline twice, with the role's
current model and with MODEL (one made by ` + "`cafebot models create`" + ` or
` + "`models adapter`" + `), and prints one table: answer checks, tool choice,
refusals, handoff recall, latency p50/p95 and tokens of each. Promote the
winner with ` + "`cafebot models promote ROLE MODEL`" + `.

When Ollama is down or a model is missing, eval still runs and exits 0:
routing, retrieval, guard, handoff and latency are measured, and answer
checks, tool choice, first-token latency and tokens are reported as n/a.
Ctrl-C prints the report of the cases finished so far and exits 130.`,
		Example: `  cafebot eval testdata/eval/cafebot.jsonl
  cafebot eval testdata/search/passages-tuned.jsonl
  cafebot eval --json testdata/eval/cafebot.jsonl > report.json
  cafebot eval --compare testdata/eval/cafebot.jsonl`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.K < 3 {
				return &usageError{err: errors.New("-k must be at least 3 (recall@3 needs three results)"), usage: cmd.UseLine()}
			}
			s := assistant.Strategy(opt.Strategy)
			if !validStrategy(s) {
				return &usageError{err: fmt.Errorf("--strategy must be routed, small-only or large-only, not %q", opt.Strategy), usage: cmd.UseLine()}
			}
			if opt.Candidate != "" && (opt.Compare || cmd.Flags().Changed("strategy")) {
				return &usageError{err: errors.New("--candidate compares two models on the routed pipeline; leave out --compare and --strategy"), usage: cmd.UseLine()}
			}
			if opt.Compare && cmd.Flags().Changed("strategy") {
				return &usageError{err: errors.New("--compare runs every strategy; leave out --strategy"), usage: cmd.UseLine()}
			}
			return runEval(cmd.Context(), app, args[0], opt)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.JSON, "json", false, "print the report as JSON")
	f.StringVar(&opt.Strategy, "strategy", string(assistant.StrategyRouted), "routed, small-only or large-only")
	f.BoolVar(&opt.Compare, "compare", false, "run all three strategies and compare them")
	f.IntVarP(&opt.K, "k", "k", eval.DefaultK, "passages each retrieval search returns (at least 3)")
	f.StringVar(&opt.Candidate, "candidate", "", "ROLE=MODEL: run the role's current and this model side by side")
	return cmd
}

func validStrategy(s assistant.Strategy) bool {
	for _, x := range strategies {
		if s == x {
			return true
		}
	}
	return false
}

// compareJSON is the --compare --json output.
type compareJSON struct {
	Comparison eval.Comparison `json:"comparison"`
	Reports    []eval.Report   `json:"reports"`
}

func runEval(ctx context.Context, app *App, path string, opt evalOptions) error {
	if isPassageSet(path) {
		if opt.Compare || opt.Candidate != "" {
			return &usageError{err: errors.New("a passage-level golden set measures retrieval only; leave out --compare and --candidate"), usage: "cafebot eval [--json] FILE.jsonl"}
		}
		return runPassageEval(ctx, app, path, "", opt.JSON)
	}
	cases, err := eval.LoadCases(path)
	if err != nil {
		return withHint(err, "fix that line; `cafebot eval --help` shows the case format")
	}
	if opt.Candidate != "" {
		return runCandidateEval(ctx, app, cases, opt)
	}
	h, err := newEvalHarness(ctx, app)
	if err != nil {
		return err
	}
	defer h.close()

	runner := &eval.Runner{
		NewSession: h.newSession,
		Search:     eval.IndexSearcher{Index: h.index, Embedder: h.deps.Embedder, Fusion: h.deps.Config.Retrieval.Fusion},
		K:          opt.K,
		LargeModel: h.deps.Config.Models.Escalation,
		Probe:      h.probe,
	}
	run := []assistant.Strategy{assistant.Strategy(opt.Strategy)}
	if opt.Compare {
		run = strategies
	}
	var reports []eval.Report
	var runErr error
	for _, s := range run {
		onProgress := evalProgress(app, s)
		if onProgress != nil {
			onProgress(0, len(cases))
		}
		rep, err := runner.Run(ctx, cases, s, onProgress)
		if onProgress != nil {
			fmt.Fprint(app.ErrOut, "\r\033[K")
		}
		reports = append(reports, rep)
		if err != nil {
			runErr = err
			break
		}
	}
	for _, r := range reports {
		if !r.Generation.Available && (opt.JSON || opt.Compare) {
			app.notice("note: %s: generation unavailable: %s", r.Strategy, r.Generation.Reason)
		}
	}
	if err := writeEval(app, reports, opt); err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("eval: %w", runErr)
	}
	return nil
}

func writeEval(app *App, reports []eval.Report, opt evalOptions) error {
	enc := json.NewEncoder(app.Out)
	enc.SetIndent("", "  ")
	switch {
	case opt.Compare && opt.JSON:
		return enc.Encode(compareJSON{Comparison: eval.Compare(reports...), Reports: reports})
	case opt.Compare:
		return eval.Compare(reports...).WriteTable(app.Out)
	case opt.JSON:
		return enc.Encode(reports[0])
	default:
		return reports[0].WriteTable(app.Out)
	}
}

// evalProgress draws a progress bar on stderr when it is a terminal, at
// most ten times a second.
func evalProgress(app *App, s assistant.Strategy) func(done, total int) {
	if !app.StderrIsTTY() {
		return nil
	}
	bar := progress.New(progress.WithDefaultGradient(), progress.WithWidth(30))
	var last time.Time
	return func(done, total int) {
		if total == 0 || (done > 0 && done < total && time.Since(last) < 100*time.Millisecond) {
			return
		}
		last = time.Now()
		fmt.Fprintf(app.ErrOut, "\r%s %d/%d cases (%s)", bar.ViewAs(float64(done)/float64(total)), done, total, s)
	}
}

// evalHarness builds one pipeline per case over a fresh copy of the demo
// accounts, sharing the index, gate, guard and Ollama client.
type evalHarness struct {
	app   *App
	deps  assistant.Deps
	index *retrieval.Index
	dir   string
	// template holds the seeded demo accounts; each case gets a copy made
	// with VACUUM INTO, which is a consistent snapshot even in WAL mode.
	template *sql.DB
	// copies numbers the per-case database files.
	copies int
}

func newEvalHarness(ctx context.Context, app *App) (*evalHarness, error) {
	g, err := app.Gate()
	if err != nil {
		return nil, err
	}
	ix, err := app.Index()
	if err != nil {
		return nil, err
	}
	if ix.Stats().Chunks == 0 {
		app.notice("note: the knowledge base is empty; run `cafebot ingest knowledge` first")
	}
	cfg := app.Config()
	emb := app.Embedder()
	// One search up front: an index built with another embedding model
	// would fail every case the same way.
	if _, err := ix.Search(ctx, "opening hours", retrieval.SearchOptions{K: 1, Fusion: cfg.Retrieval.Fusion}, emb); err != nil {
		return nil, withHint(fmt.Errorf("search the knowledge base: %w", err), "re-create the index with `cafebot ingest --reembed knowledge`")
	}
	dir, err := os.MkdirTemp("", "cafebot-eval-")
	if err != nil {
		return nil, fmt.Errorf("eval: temporary directory: %w", err)
	}
	h := &evalHarness{app: app, index: ix, dir: dir}
	h.deps = assistant.Deps{
		Config:   cfg,
		Gate:     g,
		Guard:    app.Guard(),
		Index:    ix,
		Embedder: emb,
		Model:    &showCache{Model: app.LLM()},
		Logger:   app.Logger(),
		Now:      app.Now,
	}
	h.template, err = seedTemplate(ctx, filepath.Join(dir, "template.db"), app.Now())
	if err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

// seedTemplate creates the demo accounts and the handoff queue's tables in
// a new database at path.
func seedTemplate(ctx context.Context, path string, now time.Time) (*sql.DB, error) {
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("eval: account store: %w", err)
	}
	b, err := backend.NewSQLite(ctx, db)
	if err == nil {
		err = b.Seed(ctx, now)
	}
	if err == nil {
		_, err = handoff.Open(ctx, db)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("eval: seed the demo accounts: %w", err)
	}
	return db, nil
}

func (h *evalHarness) close() {
	if h.template != nil {
		h.template.Close()
	}
	os.RemoveAll(h.dir)
}

// newSession copies the demo accounts and starts a session over them.
func (h *evalHarness) newSession(ctx context.Context, s assistant.Strategy) (eval.Session, error) {
	h.copies++
	path := filepath.Join(h.dir, fmt.Sprintf("case-%d.db", h.copies))
	if _, err := h.template.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return nil, fmt.Errorf("copy the demo accounts: %w", err)
	}
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	es := &evalSession{db: db, path: path}
	b, err := backend.NewSQLite(ctx, db)
	if err != nil {
		es.Close()
		return nil, err
	}
	q, err := handoff.Open(ctx, db)
	if err != nil {
		es.Close()
		return nil, err
	}
	d := h.deps
	d.Backend, d.Handoffs = b, q
	es.Session = assistant.NewSession(assistant.New(d), assistant.SessionOptions{Strategy: s})
	return es, nil
}

// probe says whether the models a strategy uses can answer.
func (h *evalHarness) probe(ctx context.Context, s assistant.Strategy) error {
	cfg := h.deps.Config
	c := h.app.LLM()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := c.Version(pctx); err != nil {
		return fmt.Errorf("cannot reach Ollama at %s (start it with `ollama serve`)", c.URL())
	}
	models := []string{cfg.Models.FAQ, cfg.Models.Tools, cfg.Models.Escalation}
	switch s {
	case assistant.StrategySmallOnly:
		models = []string{cfg.Models.FAQ}
	case assistant.StrategyLargeOnly:
		models = []string{cfg.Models.Escalation}
	}
	var missing []string
	for _, m := range models {
		if _, err := c.Show(pctx, m); err != nil {
			if !errors.Is(err, llm.ErrModelNotFound) {
				return fmt.Errorf("ask Ollama about %s: %v", m, err)
			}
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("model %s missing (run `cafebot models setup`)", strings.Join(missing, ", "))
	}
	return nil
}

// evalSession is one case's session and its database copy.
type evalSession struct {
	*assistant.Session
	db   *sql.DB
	path string
}

// Close removes the case's database copy.
func (s *evalSession) Close() error {
	err := s.db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(s.path + suffix)
	}
	return err
}

// showCache remembers model metadata across the per-case pipelines, so
// each case does not ask Ollama again inside its measured latency.
type showCache struct {
	assistant.Model
	mu   sync.Mutex
	info map[string]llm.ModelInfo
}

// Show returns the cached metadata of model, asking Ollama the first time.
func (c *showCache) Show(ctx context.Context, model string) (llm.ModelInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if info, ok := c.info[model]; ok {
		return info, nil
	}
	info, err := c.Model.Show(ctx, model)
	if err != nil {
		return info, err
	}
	if c.info == nil {
		c.info = map[string]llm.ModelInfo{}
	}
	c.info[model] = info
	return info, nil
}
