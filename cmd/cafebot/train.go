package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/finetune"
	"github.com/cafebot/cafebot/pkg/tools"
)

func newTrainCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Prepare fine-tuning data for the small models (training runs elsewhere)",
	}
	cmd.AddCommand(newTrainExportCmd(app))
	return cmd
}

// trainExportOptions holds the flags of `train export`.
type trainExportOptions struct {
	Out        string
	Since      string
	Role       string
	Validation float64
	Knowledge  string
}

func newTrainExportCmd(app *App) *cobra.Command {
	var o trainExportOptions
	cmd := &cobra.Command{
		Use:   "export --out FILE.jsonl [--since DATE] [--role faq|tools]",
		Short: "Write a chat JSONL fine-tuning set from saved conversations and gold replies",
		Long: `Export turns cafebot's saved conversations and the replies staff recorded when
resolving tickets (` + "`cafebot handoff resolve ID --reply TEXT`" + `) into the chat JSONL
that mlx-lm, axolotl and TRL/Unsloth load: "messages" starting with the role's
system prompt; tool turns add a top-level "tools" array, assistant "tool_calls"
(arguments as a JSON string) and "tool" replies.

Only turns worth learning from are kept: answered on the FAQ or account route,
not handed off, not followed by a complaint, not flagged by the guard, no
failed tool call. Phone numbers, emails, card numbers and customer names become
typed placeholders (<PHONE_1>, <EMAIL_1>, <CARD>, <NAME_1>), consistent within
an example. FAQ examples carry the context passages the answer cited, as
the FAQ model is prompted (looked up by source and section in --knowledge,
default the bundled knowledge base; a turn whose passages are gone is left
out). Duplicates are removed and a validation split is held out:
FILE.jsonl (train), the validation file beside it (train.jsonl → valid.jsonl,
as mlx-lm's --data directory wants; else FILE.valid.jsonl) and a dataset card
FILE.card.md.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Out == "" {
				return &usageError{err: fmt.Errorf("--out FILE.jsonl is required"), usage: cmd.UseLine()}
			}
			switch o.Role {
			case "", finetune.RoleFAQ, finetune.RoleTools:
			default:
				return &usageError{err: fmt.Errorf("--role must be faq or tools, not %q", o.Role), usage: cmd.UseLine()}
			}
			if o.Validation < 0 || o.Validation >= 0.5 {
				return &usageError{err: fmt.Errorf("--validation must be in [0, 0.5), not %g", o.Validation), usage: cmd.UseLine()}
			}
			return runTrainExport(cmd.Context(), app, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "training JSONL to write")
	cmd.Flags().StringVar(&o.Since, "since", "", "only turns on or after this date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&o.Role, "role", "", "faq or tools (default both)")
	cmd.Flags().Float64Var(&o.Validation, "validation", 0.1, "fraction held out for validation")
	cmd.Flags().StringVar(&o.Knowledge, "knowledge", "", "knowledge directory the FAQ answers cited (default: the bundled knowledge base)")
	return cmd
}

func runTrainExport(ctx context.Context, app *App, o trainExportOptions) error {
	var since time.Time
	if o.Since != "" {
		t, err := time.ParseInLocation("2006-01-02", o.Since, time.Local)
		if err != nil {
			return &usageError{err: fmt.Errorf("--since %q: want a date like 2026-11-01", o.Since), usage: "cafebot train export --out FILE.jsonl [--since DATE]"}
		}
		since = t
	}
	convs, err := app.Conversations(ctx)
	if err != nil {
		return err
	}
	q, err := app.Handoffs(ctx)
	if err != nil {
		return err
	}
	cs, gold, err := finetune.Load(ctx, convs, q, since)
	if err != nil {
		return err
	}
	var names []string
	if b, err := app.Backend(ctx); err == nil {
		if custs, err := b.ListCustomers(ctx); err == nil {
			for _, c := range custs {
				names = append(names, c.Name)
			}
		}
	}
	chunks, err := knowledgeChunks(o.Knowledge)
	if err != nil {
		return withHint(err, "point --knowledge at the folder you ingested")
	}
	bySection := map[string][]finetune.Passage{}
	for _, c := range chunks {
		k := c.Source + "\x00" + c.Section
		bySection[k] = append(bySection[k], finetune.Passage{Source: c.Source, Section: c.Section, Text: c.Text})
	}
	opt := finetune.Options{
		Passages: func(source, section string) []finetune.Passage { return bySection[source+"\x00"+section] },
		Role:     o.Role,
		Since:    since,
		System: map[string]string{
			finetune.RoleFAQ:   modelfiles.System("faq"),
			finetune.RoleTools: modelfiles.System("tools"),
		},
		Tools:      tools.New(nil, "", tools.RulesFrom(app.Config()), nil).Definitions(),
		Flagged:    finetune.GuardFlags(app.Guard()),
		Names:      finetune.PrepareNames(names),
		Validation: o.Validation,
	}
	if o.Validation == 0 {
		opt.Validation = -1 // --validation 0: hold nothing out
	}
	ds := finetune.Build(cs, gold, opt, app.Now())
	paths, err := finetune.Write(o.Out, ds)
	if err != nil {
		return withHint(err, "check that the --out directory is writable")
	}
	c := ds.Card
	noun := "examples"
	if c.Kept == 1 {
		noun = "example"
	}
	fmt.Fprintf(app.Out, "%d %s from %d turns: %d train (%s), %d validation (%s)\n",
		c.Kept, noun, c.Considered, c.Train, paths.Train, c.Validation, paths.Validation)
	fmt.Fprintf(app.Out, "sources: %s; tool turns: %d\n", counts(c.BySource), c.ToolTurns)
	if len(c.Dropped) > 0 {
		fmt.Fprintf(app.Out, "left out: %s\n", counts(c.Dropped))
	}
	if len(c.Scrubbed) > 0 {
		fmt.Fprintf(app.Out, "scrubbed: %s\n", counts(c.Scrubbed))
	}
	fmt.Fprintf(app.Out, "card: %s\n", paths.Card)
	if c.Kept == 0 {
		app.notice("note: nothing to train on yet: chat with `cafebot chat` (conversations are saved) or resolve tickets with --reply")
	}
	return nil
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
