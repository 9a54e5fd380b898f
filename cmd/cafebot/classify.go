package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/gate"
)

func newClassifyCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "classify [--json] [MESSAGE]",
		Short: "Run the intent gate alone (no model)",
		Long: `Classify prints the intent gate's decision for a message: the label
(faq, transactional, complaint, escalation), its confidence, the cues that
matched and whether the gate is unsure. With no MESSAGE it reads one message
per line from standard input and prints one JSON line per message, which is
how staff and developers tune the rules file (gate.rules_file).`,
		Example: `  cafebot classify "I want a refund for order 10482"
  cafebot classify < messages.txt`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := app.Gate()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return gate.ClassifyLines(g, app.In, app.Out)
			}
			d := g.Classify(args[0])
			if asJSON {
				return json.NewEncoder(app.Out).Encode(struct {
					Text string `json:"text"`
					gate.Decision
				}{args[0], d})
			}
			unsure := ""
			if d.Unsure {
				unsure = " (unsure: routed to faq)"
			}
			cat := ""
			if d.Category != "" {
				cat = " [" + d.Category + "]"
			}
			fmt.Fprintf(app.Out, "%s%s %.2f%s\ncues: %s\n", d.Intent, cat, d.Confidence, unsure, strings.Join(d.Cues, ", "))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
