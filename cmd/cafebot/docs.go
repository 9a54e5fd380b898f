package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/retrieval"
)

type docsOptions struct {
	JSON bool
	Wait bool
}

func newDocsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "docs list|show|remove",
		Short: "List, show and remove the documents in the knowledge base",
		Long: `Docs manages what ingest put in the knowledge base.

  docs list [--json]     every document: ID, source, location, chunks, folder
  docs show ID           a document's chunks, with their sections and locations
  docs remove ID         take a document out of the index (the file stays)

ID is the short ID that docs list prints; a source path works too when only
one document has it. A removed file comes back on the next ingest of its
folder unless it was deleted there too (ingest prunes files that are gone).`,
		Example: `  cafebot docs list
  cafebot docs show menu/menu.csv
  cafebot docs remove 3fa2c91b`,
		Args: func(cmd *cobra.Command, args []string) error {
			return &usageError{err: fmt.Errorf("docs needs list, show or remove"), usage: cmd.UseLine()}
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.AddCommand(newDocsListCmd(app), newDocsShowCmd(app), newDocsRemoveCmd(app))
	return cmd
}

func newDocsListCmd(app *App) *cobra.Command {
	opt := docsOptions{}
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the documents in the knowledge base",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDocsList(app, opt)
		},
	}
	cmd.Flags().BoolVar(&opt.JSON, "json", false, "print JSON")
	return cmd
}

func runDocsList(app *App, opt docsOptions) error {
	ix, err := app.Index()
	if err != nil {
		return err
	}
	docs := ix.Documents()
	if opt.JSON {
		if docs == nil {
			docs = []retrieval.Document{}
		}
		return writeJSON(app.Out, docs)
	}
	if len(docs) == 0 {
		fmt.Fprintln(app.Out, "no documents (add some with `cafebot ingest PATH`)")
		return nil
	}
	tw := tabwriter.NewWriter(app.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSOURCE\tLOCATION\tCHUNKS\tFOLDER")
	for _, d := range docs {
		loc := d.Location
		if loc == "" {
			loc = "(all)"
		}
		folder := d.Folder
		if folder == "" {
			folder = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", d.ID, d.Source, loc, d.Chunks, folder)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(app.Out, "%d documents\n", len(docs))
	return nil
}

func newDocsShowCmd(app *App) *cobra.Command {
	opt := docsOptions{}
	cmd := &cobra.Command{
		Use:   "show [--json] ID",
		Short: "Show a document's chunks",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{err: fmt.Errorf("docs show needs one ID (see `cafebot docs list`)"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDocsShow(app, args[0], opt)
		},
	}
	cmd.Flags().BoolVar(&opt.JSON, "json", false, "print JSON")
	return cmd
}

func runDocsShow(app *App, ref string, opt docsOptions) error {
	ix, err := app.Index()
	if err != nil {
		return err
	}
	d, chunks, err := ix.Document(ref)
	if err != nil {
		return docsErr(err)
	}
	if opt.JSON {
		return writeJSON(app.Out, struct {
			retrieval.Document
			Passages []retrieval.DocumentChunk `json:"passages"`
		}{d, chunks})
	}
	loc := d.Location
	if loc == "" {
		loc = "all locations"
	}
	fmt.Fprintf(app.Out, "%s  %s  (%s, %d chunks, ingested %s)\n", d.ID, d.Source, loc, d.Chunks, d.IngestedAt.Format("2006-01-02 15:04"))
	for i, c := range chunks {
		sec := c.Section
		if sec == "" {
			sec = "(no heading)"
		}
		if c.Location != "" && c.Location != d.Location {
			sec += "  [" + c.Location + "]" // a store's own section of a shared page
		}
		fmt.Fprintf(app.Out, "\n[%d] %s\n%s\n", i+1, sec, c.Text)
	}
	return nil
}

func newDocsRemoveCmd(app *App) *cobra.Command {
	opt := docsOptions{}
	cmd := &cobra.Command{
		Use:   "remove [--wait] ID",
		Short: "Take a document out of the knowledge base (the file is not touched)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{err: fmt.Errorf("docs remove needs one ID (see `cafebot docs list`)"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDocsRemove(cmd.Context(), app, args[0], opt)
		},
	}
	cmd.Flags().BoolVar(&opt.Wait, "wait", false, "wait for a running ingest instead of failing")
	cmd.Flags().BoolVar(&opt.JSON, "json", false, "print JSON")
	return cmd
}

func runDocsRemove(ctx context.Context, app *App, ref string, opt docsOptions) error {
	ix, err := app.Index()
	if err != nil {
		return err
	}
	d, err := ix.RemoveDocument(ctx, ref, opt.Wait)
	if err != nil {
		return docsErr(err)
	}
	if opt.JSON {
		return writeJSON(app.Out, d)
	}
	fmt.Fprintf(app.Out, "removed %s  %s (%d chunks)\n", d.ID, d.Source, d.Chunks)
	return nil
}

func docsErr(err error) error {
	var busy *retrieval.BusyError
	switch {
	case errors.Is(err, retrieval.ErrNoDocument), errors.Is(err, retrieval.ErrAmbiguousDocument):
		return withHint(err, "`cafebot docs list` shows every document's ID")
	case errors.As(err, &busy):
		return withHint(err, "an ingest is running: try again when it ends, or add --wait")
	}
	return err
}

// resyncFolders re-ingests every folder ingested before, each with the
// --location it was ingested with, pruning files that are gone: what
// `cafebot ingest` with no path does. It is a usage error when there are
// none.
func resyncFolders(ctx context.Context, app *App, opt ingestOptions, usage string) error {
	ix, err := app.Index()
	if err != nil {
		return err
	}
	folders := ix.Folders()
	if len(folders) == 0 {
		return &usageError{err: fmt.Errorf("no folder has been ingested yet: name a file or directory to ingest"), usage: usage}
	}
	byLoc := map[string][]string{}
	var locs []string
	for _, f := range folders {
		loc := f.Location
		if opt.Location != "" {
			loc = opt.Location
		}
		if _, ok := byLoc[loc]; !ok {
			locs = append(locs, loc)
		}
		byLoc[loc] = append(byLoc[loc], f.Path)
	}
	opt.Prune = true
	for _, loc := range locs {
		app.notice("re-syncing %s", strings.Join(byLoc[loc], ", "))
		o := opt
		o.Location = loc
		if err := runIngest(ctx, app, byLoc[loc], o); err != nil {
			return err
		}
	}
	return nil
}
