package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/guard"
)

func newModerateCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "moderate [--json] [TEXT]",
		Short: "Run the guard alone on a text",
		Long: `Moderate prints the guard's verdict for a text: whether it is flagged,
the score of each category (threat, harassment, hate, sexual, self_harm,
pii, injection) and the cues that matched. The guard model runs too when
guard.model_enabled is set. With no TEXT it reads one text per line from
standard input and prints one JSON line per text.`,
		Example: `  cafebot moderate "this brownie is killer"
  cafebot moderate < texts.txt`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g := app.Guard()
			if len(args) == 0 {
				return guard.ModerateLines(cmd.Context(), g, app.In, app.Out)
			}
			v := g.CheckInput(cmd.Context(), args[0])
			if asJSON {
				return json.NewEncoder(app.Out).Encode(struct {
					Text       string                     `json:"text"`
					Flagged    bool                       `json:"flagged"`
					Categories map[guard.Category]float64 `json:"categories"`
					Score      float64                    `json:"score"`
					Layer      string                     `json:"layer"`
				}{args[0], v.Flagged, v.Categories, v.Score, v.Layer})
			}
			verdict := "ok"
			if v.Flagged {
				verdict = "FLAGGED"
			}
			fmt.Fprintf(app.Out, "%s (score %.2f, %s)\n", verdict, v.Score, v.Layer)
			var cats []string
			for c := range v.Categories {
				cats = append(cats, string(c))
			}
			sort.Strings(cats)
			for _, c := range cats {
				if s := v.Categories[guard.Category(c)]; s > 0 {
					fmt.Fprintf(app.Out, "  %-11s %.2f  %v\n", c, s, v.Cues[guard.Category(c)])
				}
			}
			if v.ModelError != "" {
				app.notice("note: guard model: %s (the built-in verdict stands)", v.ModelError)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
