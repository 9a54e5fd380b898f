package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
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
	// Eval is a passage-level golden set (JSON Lines) to measure instead
	// of searching one query.
	Eval string
}

func newSearchCmd(app *App) *cobra.Command {
	opt := searchOptions{}
	cmd := &cobra.Command{
		Use:   "search [-k N] [--json] [--location NAME] QUERY | --eval FILE",
		Short: "Search the knowledge base (no generation)",
		Long: `Search prints the passages the assistant would answer from: hybrid
vector + BM25 ranking when embeddings exist, lexical BM25 alone otherwise.

Locations: a question that names a location ("when does riverside close on
friday", "harbour st parking") is scoped to it: that location's passages
rank first, chain-wide passages stay, other locations' passages are left
out. --location forces the scope; store.location (CAFEBOT_STORE_LOCATION)
is the scope of a question that names none. Locations are learned from the
documents (front matter "location:", ingest --location, a heading named
after a location); more names go in locations.aliases. --json shows the
scope used.

Synonyms: customers' words also search the documents' words (GF →
gluten-free, toilet → restroom, internet → wifi), and still count
themselves, a little lighter. The bundled list of café language can be
replaced by a file of "document words = customer words, more words" lines
named in retrieval.synonyms_file, or extended: a line "` + retrieval.IncludeDefaults + `" in
that file keeps the bundled rules and adds the file's own.

A word the index has never seen is read as the indexed word one or two
letters away ("cappucino" finds cappuccino). A question asking for a time
("when does ... close"), a price ("how much") or a length of time ("how
long") ranks the passages that hold one a little higher.

--eval FILE measures a passage-level golden set instead: one JSON object a
line, {"q": "...", "source": "menu/menu.csv", "contains": "text the passage
must hold", "category": "hours", "location": "Elm Road"}, and prints hit@1,
hit@3 and MRR per category, for the questions naming a location, and in all.
A line may add "also": [{"source": "...", "contains": "..."}], other passages
that answer as fully; the "any answer" rows then count those as well.`,
		Example: `  cafebot search "oat milk price"
  cafebot search -k 3 --json "is the brownie gluten free"
  cafebot search --location "Elm Road" "what are your opening hours?"
  cafebot search --eval testdata/search/passages-blind.jsonl`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opt.Eval != "" {
				if len(args) > 0 {
					return &usageError{err: fmt.Errorf("--eval takes no query"), usage: cmd.UseLine()}
				}
				return nil
			}
			if len(args) == 0 {
				return &usageError{err: fmt.Errorf("search needs a query"), usage: cmd.UseLine()}
			}
			if opt.K < 1 {
				return &usageError{err: fmt.Errorf("-k must be at least 1"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opt.Eval != "" {
				return runSearchEval(cmd.Context(), app, opt)
			}
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
	f.StringVar(&opt.Location, "location", "", "scope to this location: its documents first, chain-wide ones next, no other location's")
	f.StringVar(&opt.Eval, "eval", "", "measure a passage-level golden set (JSON Lines) instead of searching")
	addServerFlag(cmd)
	return cmd
}

type searchJSON struct {
	Query   string           `json:"query"`
	Mode    string           `json:"mode"`
	Scope   *retrieval.Scope `json:"scope,omitempty"`
	Results []searchItem     `json:"results"`
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
		out := searchJSON{Query: q, Mode: res.Mode, Scope: res.Scope, Results: []searchItem{}}
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
	if res.Scope != nil && len(res.Scope.Locations) > 0 {
		fmt.Fprintf(app.Out, "scope: %s (%s)\n", strings.Join(res.Scope.Locations, ", "), scopeReason(*res.Scope))
	}
	return nil
}

// searchLocal opens the index and searches it in this process.
func searchLocal(ctx context.Context, app *App, q string, opt searchOptions) (client.SearchResponse, error) {
	ix, err := app.Index()
	if err != nil {
		return client.SearchResponse{}, err
	}
	sopt, err := chainSearchOptions(app)
	if err != nil {
		return client.SearchResponse{}, err
	}
	sopt.K, sopt.Location = opt.K, opt.Location
	res, err := ix.Search(ctx, q, sopt, app.Embedder())
	if err != nil {
		return client.SearchResponse{}, fmt.Errorf("search: %w", err)
	}
	out := client.SearchResponse{Query: q, Mode: res.Mode, Notice: res.Notice, Scope: res.Scope.Ptr()}
	for _, h := range res.Hits {
		out.Results = append(out.Results, client.SearchResult{Source: h.Source, Section: h.Section, Location: h.Location, Score: h.Score, Relevance: h.Relevance, Text: h.Text})
	}
	return out, nil
}

// scopeReason says in a few words where a scope came from.
func scopeReason(s retrieval.Scope) string {
	switch s.From {
	case retrieval.ScopeFlag:
		return "--location"
	case retrieval.ScopeStore:
		return "this terminal's store.location"
	default:
		return fmt.Sprintf("named in the question: %q", s.Mention)
	}
}

// chainSearchOptions are the search options the configuration sets: the
// fusion method, this terminal's store, location aliases and synonyms.
func chainSearchOptions(app *App) (retrieval.SearchOptions, error) {
	cfg := app.Config()
	syn, err := retrieval.CachedSynonyms(cfg.Retrieval.SynonymsFile)
	if err != nil {
		return retrieval.SearchOptions{}, withHint(fmt.Errorf("retrieval.synonyms_file: %w", err), "fix the file, or remove retrieval.synonyms_file to use the bundled synonyms")
	}
	return retrieval.SearchOptions{
		Fusion: cfg.Retrieval.Fusion, Store: cfg.Store.Location, Aliases: cfg.Locations.Aliases, Synonyms: syn,
	}, nil
}

// runSearchEval measures a passage-level golden set against the index.
func runSearchEval(ctx context.Context, app *App, opt searchOptions) error {
	return runPassageEval(ctx, app, opt.Eval, opt.Location, opt.JSON)
}

// isPassageSet reports whether the JSON Lines file at path is a
// passage-level golden set (its first case has "source" and "contains"
// and no "intent"), which `cafebot eval` measures like `search --eval`.
func isPassageSet(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var first map[string]json.RawMessage
		if json.Unmarshal([]byte(line), &first) != nil {
			return false
		}
		_, src := first["source"]
		_, contains := first["contains"]
		_, intent := first["intent"]
		return src && contains && !intent
	}
	return false
}

// runPassageEval measures the passage-level golden set at path: hit@1,
// hit@3 and MRR per category, for the questions naming a location and in
// all, then the questions whose passage was not first.
func runPassageEval(ctx context.Context, app *App, path, location string, jsonOut bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("golden set: %w", err)
	}
	defer f.Close()
	cases, err := retrieval.ReadPassageCases(f)
	if err != nil {
		return fmt.Errorf("%s: %w (each line: {\"q\": ..., \"source\": ..., \"contains\": ..., \"category\": ...})", path, err)
	}
	ix, err := app.Index()
	if err != nil {
		return err
	}
	sopt, err := chainSearchOptions(app)
	if err != nil {
		return err
	}
	// The golden questions carry their locations; the terminal's store
	// would scope the ones that name none.
	sopt.Store, sopt.Location = "", location
	rep, err := ix.EvalPassages(ctx, cases, sopt, app.Embedder())
	if err != nil {
		return err
	}
	if jsonOut {
		return writeJSON(app.Out, rep)
	}
	if err := rep.WriteTable(app.Out); err != nil {
		return err
	}
	if len(rep.Misses) > 0 {
		fmt.Fprintf(app.Out, "\nnot first (%d):\n", len(rep.Misses))
		for _, m := range rep.Misses {
			rank := "not in the top 10"
			if m.Rank > 0 {
				rank = fmt.Sprintf("rank %d", m.Rank)
			}
			fmt.Fprintf(app.Out, "  %-17s %q (first: %s)\n", rank, m.Case.Q, m.Got)
		}
	}
	return nil
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
