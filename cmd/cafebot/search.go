package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

type searchOptions struct {
	K        int
	JSON     bool
	Location string
}

func newSearchCmd(app *App) *cobra.Command {
	opt := searchOptions{}
	cmd := &cobra.Command{
		Use:   "search [-k N] [--json] [--location NAME] QUERY",
		Short: "Search the knowledge base (no generation)",
		Long: `Search prints the passages the assistant would answer from: hybrid
vector + BM25 ranking when embeddings exist, lexical BM25 alone otherwise.`,
		Example: `  cafebot search "oat milk price"
  cafebot search -k 3 --json "is the brownie gluten free"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{err: fmt.Errorf("search needs a query"), usage: cmd.UseLine()}
			}
			if opt.K < 1 {
				return &usageError{err: fmt.Errorf("-k must be at least 1"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := remoteClient(cmd, app)
			if err != nil {
				return err
			}
			return runSearch(cmd.Context(), app, c, strings.Join(args, " "), opt)
		},
	}
	f := cmd.Flags()
	f.IntVarP(&opt.K, "k", "k", 5, "number of results")
	f.BoolVar(&opt.JSON, "json", false, "print JSON")
	f.StringVar(&opt.Location, "location", "", "only this location's documents (plus chain-wide ones)")
	addServerFlag(cmd)
	return cmd
}

type searchJSON struct {
	Query   string       `json:"query"`
	Mode    string       `json:"mode"`
	Results []searchItem `json:"results"`
}

type searchItem struct {
	Source   string  `json:"source"`
	Section  string  `json:"section"`
	Location string  `json:"location,omitempty"`
	Score    float64 `json:"score"`
	Text     string  `json:"text"`
}

// runSearch searches in-process, or through the server c when it is not nil.
func runSearch(ctx context.Context, app *App, c *client.Client, q string, opt searchOptions) error {
	var res client.SearchResponse
	var err error
	if c != nil {
		res, err = remoteSearch(ctx, c, q, opt)
	} else {
		res, err = searchLocal(ctx, app, q, opt)
	}
	if err != nil {
		return err
	}
	if res.Notice != "" {
		app.notice("note: %s", res.Notice)
	}
	if opt.JSON {
		out := searchJSON{Query: q, Mode: res.Mode, Results: []searchItem{}}
		for _, h := range res.Results {
			out.Results = append(out.Results, searchItem{Source: h.Source, Section: h.Section, Location: h.Location, Score: round3(h.Score), Text: h.Text})
		}
		return writeJSON(app.Out, out)
	}
	if len(res.Results) == 0 {
		fmt.Fprintln(app.Out, "no results (is the knowledge base ingested? `cafebot ingest knowledge`)")
		return nil
	}
	for i, h := range res.Results {
		sec := ""
		if h.Section != "" {
			sec = " › " + h.Section
		}
		fmt.Fprintf(app.Out, "%d. %s%s  (score %.3f, relevance %.2f)\n   %s\n\n", i+1, h.Source, sec, h.Score, h.Relevance, textnorm.Snippet(h.Text, 240))
	}
	fmt.Fprintf(app.Out, "mode: %s\n", res.Mode)
	return nil
}

// searchLocal opens the index and searches it in this process.
func searchLocal(ctx context.Context, app *App, q string, opt searchOptions) (client.SearchResponse, error) {
	ix, err := app.Index()
	if err != nil {
		return client.SearchResponse{}, err
	}
	cfg := app.Config()
	res, err := ix.Search(ctx, q, retrieval.SearchOptions{K: opt.K, Location: opt.Location, Fusion: cfg.Retrieval.Fusion}, app.Embedder())
	if err != nil {
		return client.SearchResponse{}, fmt.Errorf("search: %w", err)
	}
	out := client.SearchResponse{Query: q, Mode: res.Mode, Notice: res.Notice}
	for _, h := range res.Hits {
		out.Results = append(out.Results, client.SearchResult{Source: h.Source, Section: h.Section, Location: h.Location, Score: h.Score, Relevance: h.Relevance, Text: h.Text})
	}
	return out, nil
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
