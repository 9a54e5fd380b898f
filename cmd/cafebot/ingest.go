package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/retrieval"
)

type ingestOptions struct {
	Location string
	Prune    bool
	Reembed  bool
	JSON     bool
	Wait     bool
}

func newIngestCmd(app *App) *cobra.Command {
	var opt ingestOptions
	cmd := &cobra.Command{
		Use:   "ingest [flags] [PATH...]",
		Short: "Add menus and policies to the knowledge base",
		Long: `Ingest reads files and directories (recursively) into the knowledge base:
Markdown, text, CSV (one chunk per row), HTML, JSON/JSONL records, PDF (its
text layer; a scanned PDF with none is skipped with a notice) and Word .docx
(headings, lists and tables kept).
Unknown or binary files are skipped with a notice.

Ingest is idempotent: unchanged files are not embedded again, a changed file
replaces only its own chunks, and files that disappeared from an ingested
directory lose their chunks (--prune, on by default).

Embeddings come from the embedding model through Ollama. When Ollama is not
running the chunks are still stored and lexical search works; run ingest
again later to turn vector search on. Embedding progress is saved every few
seconds, so an ingest that is killed or interrupted resumes where it stopped.

What ingest refuses or cuts, with a line per file: files whose real path
(after symlinks) leaves the folder being ingested, links to folders, binary
files, and everything after the first retrieval.max_chunks_per_file chunks
of a file (default 5000). Text that is not UTF-8 is read as Windows-1252
(Latin-1) and said so; empty files are reported. A run that ingests nothing
of what it was given exits 1.

With no PATH, ingest re-syncs every folder ingested before (cafebot docs
list shows them): changed files are read again and files that are gone
are pruned.

One ingest runs at a time per home: a second one fails at once, or with
--wait waits for the first to finish.`,
		Example: `  cafebot ingest knowledge
  cafebot ingest --location "Elm Road" elm-road-specials.md
  cafebot ingest --reembed knowledge   # after changing models.embedding
  cafebot ingest --wait knowledge      # queue behind an ingest that is running`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return resyncFolders(cmd.Context(), app, opt, cmd.UseLine())
			}
			return runIngest(cmd.Context(), app, args, opt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Location, "location", "", "location these documents belong to (front matter wins)")
	f.BoolVar(&opt.Prune, "prune", true, "remove chunks of files that disappeared from an ingested directory")
	f.BoolVar(&opt.Reembed, "reembed", false, "embed everything again, e.g. with a new embedding model")
	f.BoolVar(&opt.JSON, "json", false, "print the counts as JSON")
	f.BoolVar(&opt.Wait, "wait", false, "wait for an ingest that is already running instead of failing")
	return cmd
}

func runIngest(ctx context.Context, app *App, paths []string, opt ingestOptions) (err error) {
	ix, err := retrieval.Open(app.IndexDir())
	if err != nil && !opt.Reembed {
		return withHint(err, "re-create the index with `cafebot ingest --reembed PATH`")
	}
	if err != nil {
		ix = retrieval.New(app.IndexDir())
	}
	cfg := app.Config()
	var onProgress func(done, total int)
	if app.StderrIsTTY() && !opt.JSON {
		onProgress = progressLine(app)
	}
	rep, err := ix.Ingest(ctx, paths, retrieval.IngestOptions{
		Location:    opt.Location,
		Prune:       opt.Prune,
		Reembed:     opt.Reembed,
		ChunkChars:  cfg.Retrieval.ChunkChars,
		Overlap:     cfg.Retrieval.ChunkOverlap,
		Batch:       cfg.Retrieval.EmbedBatch,
		Concurrency: cfg.Retrieval.EmbedConcurrency,
		MaxChunks:   cfg.Retrieval.MaxChunksPerFile,
		Now:         app.Now,
		Wait:        opt.Wait,
		OnWait: func(pid int) {
			who := "another ingest"
			if pid > 0 {
				who = fmt.Sprintf("another ingest (process %d)", pid)
			}
			app.notice("waiting for %s to finish with this home...", who)
		},
	}, app.Embedder(), onProgress)
	if onProgress != nil {
		fmt.Fprint(app.ErrOut, "\r\033[K")
	}
	if errors.Is(err, retrieval.ErrBusy) {
		return withHint(err, "wait for it to finish, or add --wait to run as soon as it has")
	}
	if errors.Is(err, context.Canceled) && rep.Chunks > 0 {
		// The exit line only says "cancelled"; say what was kept.
		app.notice("interrupted: %d of %d chunks are embedded and saved; run `cafebot ingest` again to embed the rest", rep.Vectors, rep.Chunks)
	}
	if err != nil {
		return err
	}
	for _, s := range rep.Skipped {
		app.notice("skipped %s: %s", s.Path, s.Reason)
	}
	for _, n := range rep.Notes {
		app.notice("note: %s: %s", n.Path, n.Note)
	}
	if rep.Notice != "" {
		app.notice("note: %s", rep.Notice)
	}
	if opt.JSON {
		if err := writeJSON(app.Out, rep); err != nil {
			return err
		}
		return nothingIngested(rep, paths)
	}
	defer func() {
		if err == nil {
			err = nothingIngested(rep, paths)
		}
	}()
	fmt.Fprintf(app.Out, "%d added / %d updated / %d unchanged / %d removed (%d chunks, %d embedded)\n",
		rep.Added, rep.Updated, rep.Unchanged, rep.Removed, rep.Chunks, rep.Embedded)
	mode := "off (lexical search only)"
	if rep.VectorSearch {
		mode = "on (" + cfg.Models.Embedding + ")"
	}
	fmt.Fprintf(app.Out, "vector search: %s\n", mode)
	return nil
}

// nothingIngested fails a run that put none of the files it was given
// into the index: all skipped, refused, empty or malformed, or no files.
func nothingIngested(rep retrieval.Report, paths []string) error {
	if rep.Files > 0 {
		return nil
	}
	what := strings.Join(paths, " ")
	err := fmt.Errorf("nothing was ingested from %s: every file was skipped or empty (%d skipped, %d noted above)", what, len(rep.Skipped), len(rep.Notes))
	if len(rep.Skipped)+len(rep.Notes) == 0 {
		err = fmt.Errorf("nothing was ingested: %s holds no files", what)
	}
	return withHint(err, "ingest reads .md, .markdown, .txt, .csv, .html, .htm, .json, .jsonl, .pdf and .docx files; the lines above say why each file was left out")
}

// progressLine draws a progress bar on stderr, at most ten times a second.
func progressLine(app *App) func(done, total int) {
	bar := progress.New(progress.WithDefaultGradient(), progress.WithWidth(30))
	var last time.Time
	return func(done, total int) {
		if total == 0 || (done < total && time.Since(last) < 100*time.Millisecond) {
			return
		}
		last = time.Now()
		fmt.Fprintf(app.ErrOut, "\r%s %d/%d chunks embedded", bar.ViewAs(float64(done)/float64(total)), done, total)
	}
}
