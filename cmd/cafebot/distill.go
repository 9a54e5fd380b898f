package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/knowledge"
	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/distill"
	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/eval"
	"github.com/cafebot/cafebot/pkg/finetune"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// distillOptions holds the flags of `distill`.
type distillOptions struct {
	Out         string
	PerChunk    int
	Knowledge   string
	Limit       int
	Distractors int
	JSON        bool
}

func newDistillCmd(app *App) *cobra.Command {
	var o distillOptions
	cmd := &cobra.Command{
		Use:   "distill --out FILE.jsonl [--per-chunk N]",
		Short: "Build a fine-tuning set for the FAQ model from the large model's grounded answers",
		Long: `Distill generates customer questions from every knowledge chunk (from its
heading, from CSV fields such as price and allergens, and paraphrases the
teacher writes), has the teacher (the escalation model) answer each from the
retrieved passages plus distractor passages, prompted exactly as the FAQ
model is, and keeps an answer only when:

  grounded   every price, time, number and allergen it states appears in the
             relevant passages (or the question), never only in a distractor
  clean      the guard does not flag it
  answered   it is not a refusal

It writes FILE.jsonl (chat JSONL, like ` + "`cafebot train export`" + `) and
FILE.report.json, every question with kept or the reason it was dropped, and
prints the counts. The knowledge is the bundled base unless --knowledge DIR.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Out == "" {
				return &usageError{err: fmt.Errorf("--out FILE.jsonl is required"), usage: cmd.UseLine()}
			}
			if o.PerChunk < 1 || o.PerChunk > 20 {
				return &usageError{err: fmt.Errorf("--per-chunk must be 1 to 20, not %d", o.PerChunk), usage: cmd.UseLine()}
			}
			if o.Limit < 0 || o.Distractors < 0 {
				return &usageError{err: fmt.Errorf("--limit and --distractors cannot be negative"), usage: cmd.UseLine()}
			}
			return runDistill(cmd.Context(), app, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "JSONL file to write")
	cmd.Flags().IntVar(&o.PerChunk, "per-chunk", 3, "questions per knowledge chunk")
	cmd.Flags().StringVar(&o.Knowledge, "knowledge", "", "knowledge directory (default: the bundled knowledge base)")
	cmd.Flags().IntVar(&o.Limit, "limit", 0, "distil at most this many chunks (0: all)")
	cmd.Flags().IntVar(&o.Distractors, "distractors", 2, "unrelated passages added to each prompt")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the report as JSON")
	return cmd
}

func runDistill(ctx context.Context, app *App, o distillOptions) error {
	chunks, err := knowledgeChunks(o.Knowledge)
	if err != nil {
		return withHint(err, "point --knowledge at a folder of Markdown, CSV, HTML, JSON or text files")
	}
	if o.Limit > 0 && len(chunks) > o.Limit {
		chunks = chunks[:o.Limit]
	}
	cfg := app.Config()
	teacher := cfg.Models.Escalation
	if _, err := app.LLM().Show(ctx, teacher); err != nil {
		return err
	}
	var search distill.Searcher
	if ix, err := app.Index(); err == nil && ix.Stats().Chunks > 0 {
		emb := app.Embedder()
		search = func(ctx context.Context, q string, k int) ([]distill.Passage, error) {
			res, err := ix.Search(ctx, q, retrieval.SearchOptions{K: k, Fusion: cfg.Retrieval.Fusion}, emb)
			if err != nil {
				return nil, err
			}
			out := make([]distill.Passage, 0, len(res.Hits))
			for _, h := range res.Hits {
				out = append(out, distill.Passage{Source: h.Source, Section: h.Section, Text: h.Text})
			}
			return out, nil
		}
	} else {
		app.notice("note: no ingested index: each prompt gets only its own chunk and the distractors (run `cafebot ingest knowledge` for retrieval)")
	}
	g := app.Guard()
	distractors := o.Distractors
	if distractors == 0 {
		distractors = -1
	}
	opt := distill.Options{
		Teacher: app.LLM(), TeacherModel: teacher, NumCtx: 8192,
		System:   modelfiles.System("faq"),
		Search:   search,
		PerChunk: o.PerChunk, Distractors: distractors,
		Flagged: func(s string) bool { return g.BuiltinDraft(s, guard.Identity{}).Flagged },
		Refusal: eval.IsRefusal,
		Seed:    1,
	}
	if mf, err := modelfiles.Get("escalation"); err == nil {
		fmt.Sscan(mf.Parameters["num_ctx"], &opt.NumCtx)
	}
	if app.StderrIsTTY() {
		opt.Progress = func(done, total int) { fmt.Fprintf(app.ErrOut, "\r  distilling chunk %d/%d", done, total) }
	}
	res, runErr := distill.Run(ctx, chunks, opt)
	if opt.Progress != nil {
		fmt.Fprint(app.ErrOut, "\r\033[K")
	}
	if err := finetune.WriteJSONL(o.Out, res.Examples); err != nil {
		return withHint(err, "check that the --out directory is writable")
	}
	reportPath := strings.TrimSuffix(o.Out, filepath.Ext(o.Out)) + ".report.json"
	if err := writeFileJSON(reportPath, res.Report); err != nil {
		return err
	}
	if o.JSON {
		if err := writeJSON(app.Out, res.Report); err != nil {
			return err
		}
	} else {
		printDistill(app.Out, res.Report, o.Out, reportPath, teacher)
	}
	if runErr != nil {
		return fmt.Errorf("distill: %w", runErr)
	}
	return nil
}

func printDistill(w io.Writer, r distill.Report, out, report, teacher string) {
	fmt.Fprintf(w, "teacher %s: %d questions from %d chunks, %d kept (%s)\n", teacher, r.Questions, r.Chunks, r.Kept, out)
	if len(r.ByFrom) > 0 {
		fmt.Fprintf(w, "kept by origin: %s\n", counts(r.ByFrom))
	}
	if len(r.Dropped) > 0 {
		fmt.Fprintf(w, "dropped: %s\n", counts(r.Dropped))
	}
	var shown int
	for _, o := range r.Outcomes {
		if o.Reason == distill.DropUngrounded && shown < 5 {
			fmt.Fprintf(w, "  ungrounded: %q: %s\n", o.Question.Text, o.Detail)
			shown++
		}
	}
	fmt.Fprintf(w, "report: %s\n", report)
}

func writeFileJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return withHint(fmt.Errorf("write %s: %w", path, err), "check that the --out directory is writable")
	}
	return nil
}

// knowledgeChunks parses every supported document of dir (or the bundled
// knowledge base) into chunks, in path order.
func knowledgeChunks(dir string) ([]document.Chunk, error) {
	fsys := knowledge.FS()
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && document.Supported(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read knowledge: %w", err)
	}
	sort.Strings(paths)
	var out []document.Chunk
	for _, p := range paths {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read knowledge: %w", err)
		}
		cs, err := document.Parse(p, b, document.Options{})
		if err != nil {
			return nil, fmt.Errorf("read knowledge %s: %w", p, err)
		}
		out = append(out, cs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("read knowledge: no documents in %s", cmpOr(dir, "the bundled knowledge base"))
	}
	return out, nil
}
