package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/server"
)

type serveOptions struct {
	Addr     string
	Watch    []string
	Debounce time.Duration
	Grace    time.Duration

	// onListen, when set, is told the address once the server listens
	// (tests start it on port 0).
	onListen func(addr string)
}

func newServeCmd(app *App) *cobra.Command {
	var opt serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--watch DIR]...",
		Short: "Run the resident assistant server for the staff terminals",
		Long: `Serve keeps the index, the pipeline, the stores and the chat sessions in
one resident process, as ` + "`ollama serve`" + ` does for models, so a question costs
only the pipeline. ask, chat, search and classify use it when --server,
CAFEBOT_SERVER or server.url names it. The API (under /v1/, answers
streamed as NDJSON) is described in the README.

It listens on loopback unless --addr (or server.addr) says otherwise; any
other address needs server.token, and then every request must carry a
token. An ingest by any process is picked up at once; --watch DIR also
re-ingests DIR whenever its files change. Ctrl-C or SIGTERM stops it:
running answers get --grace to finish, the rest are cancelled and saved.`,
		Example: `  cafebot serve
  cafebot serve --watch knowledge
  CAFEBOT_SERVER=http://127.0.0.1:11435 cafebot ask "do you have oat milk?"`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, d := range opt.Watch {
				if st, err := os.Stat(d); err != nil || !st.IsDir() {
					return &usageError{err: fmt.Errorf("--watch %s: not a folder", d), usage: cmd.UseLine()}
				}
			}
			if opt.Debounce < 10*time.Millisecond || opt.Grace < 0 {
				return &usageError{err: fmt.Errorf("--debounce must be at least 10ms and --grace not negative"), usage: cmd.UseLine()}
			}
			return runServe(cmd.Context(), app, opt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Addr, "addr", "", "listen address (default server.addr, "+config.DefaultServerAddr+")")
	f.StringArrayVar(&opt.Watch, "watch", nil, "re-ingest this knowledge folder when its files change (repeatable)")
	f.DurationVar(&opt.Debounce, "debounce", time.Second, "quiet time after a change before --watch re-ingests")
	f.DurationVar(&opt.Grace, "grace", server.DefaultShutdownGrace, "time running answers get to finish when the server stops")
	return cmd
}

func runServe(ctx context.Context, app *App, opt serveOptions) error {
	cfg := app.Config()
	addr := opt.Addr
	if addr == "" {
		addr = cfg.Server.Addr
	}
	var tokens []string
	for _, t := range append([]string{string(cfg.Server.Token)}, secrets(cfg.Server.Tokens)...) {
		if t != "" {
			tokens = append(tokens, t)
		}
	}
	staff := string(cfg.Server.StaffToken)
	if err := server.CheckListen(addr, len(tokens) > 0 || staff != ""); err != nil {
		return withHint(err, "set server.token in the config (16 or more random characters, e.g. `openssl rand -hex 16`), or listen on 127.0.0.1")
	}
	if err := server.CheckTokens(tokens, staff); err != nil {
		return withHint(err, "use 16 or more random characters, e.g. `openssl rand -hex 16`")
	}
	live, err := server.OpenIndex(app.IndexDir(), app.Logger())
	if err != nil {
		return withHint(err, "re-create the index with `cafebot ingest --reembed PATH`")
	}
	d, err := app.PipelineDeps(ctx, live.Index())
	if err != nil {
		return err
	}
	d.Index = live
	// The guard's published contacts follow the served index, so a café
	// number added to the documents may be quoted once an ingest has it.
	pub := guard.NewContacts(cafeContacts(app.IndexDir()))
	d.Guard = d.Guard.WithContacts(pub)
	live.FollowContacts(pub)
	// A nil interface, never a nil *conversation.Store in one: the server
	// tells "no store" by comparing with nil.
	var convs conversation.ConversationStore
	if d.Backend != nil {
		// The database opened for the account store; conversations share it.
		switch c, err := app.Conversations(ctx); {
		case err != nil:
			app.notice("warning: %v; chat sessions are not saved", err)
		case c != nil:
			convs = c
		}
	}
	srv, err := server.New(server.Options{
		Pipeline: assistant.New(d), Gate: d.Gate, Index: live, Embedder: d.Embedder,
		Conversations: convs, Handoffs: d.Handoffs, Config: cfg,
		Tokens: tokens, StaffToken: staff, ShutdownGrace: opt.Grace,
		StateDir: filepath.Join(app.Home, "server"),
		Hint:     hintFor, Logger: app.Logger(), Now: app.Now,
	})
	if err != nil {
		return withHint(err, "check that $CAFEBOT_HOME/server is a folder this user may write")
	}
	defer func() {
		if err := srv.Close(); err != nil {
			app.Logger().Error("server state", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return withHint(fmt.Errorf("listen on %s: %w", addr, err), "is another `cafebot serve` running there? pick another address with --addr")
	}

	// Watchers stop with ctx; wait for them before returning.
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	var waits []<-chan struct{}
	done, err := live.Watch(wctx, 200*time.Millisecond)
	if err != nil {
		ln.Close()
		return err
	}
	waits = append(waits, done)
	if len(opt.Watch) > 0 {
		ingest := watchIngest(app, live, opt.Watch, syncNotice(app))
		done, err := server.WatchFolders(wctx, opt.Watch, opt.Debounce, app.Logger(), ingest)
		if err != nil {
			ln.Close()
			return err
		}
		waits = append(waits, done)
		// Catch up with what changed while the server was down.
		caught := make(chan struct{})
		go func() {
			defer close(caught)
			ingest(wctx)
		}()
		waits = append(waits, caught)
	}

	st := live.Index().Stats()
	say := syncNotice(app)
	auth := "loopback only, no token"
	if srv.RequiresToken() {
		auth = "token required"
	}
	say("cafebot serve: listening on http://%s (%d chunks, %s); Ctrl-C stops", ln.Addr(), st.Chunks, auth)
	app.Logger().Info("serve", "addr", ln.Addr().String(), "chunks", st.Chunks, "token", srv.RequiresToken(), "watch", opt.Watch)
	if opt.onListen != nil {
		opt.onListen(ln.Addr().String())
	}
	err = srv.Serve(ctx, ln)
	stopWatch()
	for _, w := range waits {
		<-w
	}
	say("cafebot serve: stopped")
	return err
}

// watchIngest re-ingests the watched folders into the served index.
func watchIngest(app *App, live *server.LiveIndex, dirs []string, say func(string, ...any)) func(context.Context) error {
	cfg := app.Config()
	return func(ctx context.Context) error {
		return live.Update(func(ix *retrieval.Index) error {
			rep, err := ix.Ingest(ctx, dirs, retrieval.IngestOptions{
				Prune:       true,
				Wait:        true,
				ChunkChars:  cfg.Retrieval.ChunkChars,
				Overlap:     cfg.Retrieval.ChunkOverlap,
				Batch:       cfg.Retrieval.EmbedBatch,
				Concurrency: cfg.Retrieval.EmbedConcurrency,
				MaxChunks:   cfg.Retrieval.MaxChunksPerFile,
				Now:         app.Now,
			}, app.Embedder(), nil)
			if err != nil {
				say("cafebot serve: re-ingest failed: %v", err)
				return err
			}
			if rep.Added+rep.Updated+rep.Removed > 0 {
				say("cafebot serve: re-ingested: %d added / %d updated / %d removed (%d chunks)", rep.Added, rep.Updated, rep.Removed, rep.Chunks)
			}
			app.Logger().Info("re-ingest", "added", rep.Added, "updated", rep.Updated, "removed", rep.Removed, "chunks", rep.Chunks)
			return nil
		})
	}
}

// noticeMu serialises the notices serve's goroutines print on stderr.
var noticeMu sync.Mutex

// syncNotice is app.notice, safe to call from the watchers' goroutines.
func syncNotice(app *App) func(string, ...any) {
	return func(format string, args ...any) {
		noticeMu.Lock()
		defer noticeMu.Unlock()
		app.notice(format, args...)
	}
}

func secrets[S ~string](ss []S) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
