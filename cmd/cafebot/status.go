package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/llmhosts"
	"github.com/cafebot/cafebot/pkg/outbox"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// deliverEvery is how often a running cafebot tries to deliver its outbox.
const deliverEvery = 15 * time.Second

// storeLink is the App's link to the chain's shared database and the
// store's outbox; only used when database.url names a server.
type storeLink struct {
	mu sync.Mutex
	db *sqldb.DB

	obOnce sync.Once
	ob     *outbox.Outbox
	obErr  error

	offlineNote sync.Once
	deliver     sync.Once

	routerOnce sync.Once
	router     *llmhosts.Router
	stop       context.CancelFunc
	done       chan struct{}
}

// close stops the delivery loop, letting a delivery under way finish
// (each is safe to cut at any point, but a finished one saves a repeat),
// and closes the server's pool.
func (l *storeLink) close() {
	if l.stop != nil {
		l.stop()
		select {
		case <-l.done:
		case <-time.After(3 * time.Second):
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.db != nil {
		l.db.Close()
	}
}

// Models returns the model client the pipeline uses: the Ollama at
// ollama.url, with each role ollama.hosts names sent to its own hosts
// (failing over between them).
func (a *App) Models() *llmhosts.Router {
	a.link.routerOnce.Do(func() {
		cfg := a.Config()
		t := llm.Timeouts{Request: cfg.Ollama.RequestTimeout.D(), Idle: cfg.Ollama.IdleTimeout.D()}
		roleModel := map[string]string{"faq": cfg.Models.FAQ, "tools": cfg.Models.Tools, "escalation": cfg.Models.Escalation,
			"guard": cfg.Models.Guard, "embedding": cfg.Models.Embedding}
		var roles []llmhosts.Role
		for _, name := range config.HostRoles {
			r := llmhosts.Role{Name: name, Model: roleModel[name]}
			for _, u := range cfg.Ollama.Hosts[name] {
				c, err := llm.New(u, nil)
				if err != nil {
					continue // Validate rejected it already
				}
				r.Hosts = append(r.Hosts, llmhosts.Host{URL: u, Model: c.WithTimeouts(t)})
			}
			roles = append(roles, r)
		}
		a.link.router = llmhosts.New(a.LLM(), roles...)
		a.link.router.OnAllDown(func(err *llmhosts.AllDownError) {
			a.notice("note: %v; %s", err, allDownMeanwhile(err.Role))
			a.Logger().Warn("model hosts all down", "role", err.Role, "err", err)
		})
	})
	return a.link.router
}

// allDownMeanwhile says what works while every host of role is down.
func allDownMeanwhile(role string) string {
	switch role {
	case "guard":
		return "the guard's built-in rules decide alone until one answers"
	case "embedding":
		return "search is lexical (no vectors) until one answers, and ingest cannot embed"
	case "escalation":
		return "cases for the large model cannot use it until one answers"
	}
	return "answers that need the " + role + " model fail until one answers; start one of the hosts, or remove the role from ollama.hosts to use ollama.url"
}

// chain reports whether database.url names a shared PostgreSQL server.
func (a *App) chain() bool { return a.Config().Database.URL != "" }

// StoreDB returns the database the account store, tickets and
// conversations live in: the chain's PostgreSQL server when database.url
// names one, else the local SQLite file. An unreachable server is tried
// again at the next call, so a long-running chat or serve picks the link
// up when it returns.
func (a *App) StoreDB(ctx context.Context) (*sqldb.DB, error) {
	if !a.chain() {
		db, err := a.DB(ctx)
		if err != nil {
			return nil, err
		}
		return sqldb.Wrap(db), nil
	}
	a.link.mu.Lock()
	defer a.link.mu.Unlock()
	if a.link.db != nil {
		return a.link.db, nil
	}
	cfg := a.Config().Database
	db, err := sqldb.OpenPostgres(ctx, string(cfg.URL), sqldb.Pool{MaxConns: cfg.MaxConns, ConnTimeout: cfg.ConnTimeout.D()})
	if err != nil {
		return nil, err
	}
	a.link.db = db
	return db, nil
}

// Outbox returns the store's outbox in the local SQLite file, where
// tickets and conversations wait while the chain's server is unreachable.
func (a *App) Outbox(ctx context.Context) (*outbox.Outbox, error) {
	a.link.obOnce.Do(func() {
		db, err := a.DB(ctx)
		if err != nil {
			a.link.obErr = err
			return
		}
		a.link.ob, a.link.obErr = outbox.Open(ctx, sqldb.Wrap(db), a.Config().Store.ID)
	})
	return a.link.ob, a.link.obErr
}

// headOfficeDown returns why the chain's server cannot be reached now
// (an error sqldb.Unreachable holds for), or nil when it answers or this
// is a single café; other failures are left to the caller's own open.
func (a *App) headOfficeDown(ctx context.Context) error {
	if !a.chain() {
		return nil
	}
	db, err := a.StoreDB(ctx)
	if err == nil {
		pctx, cancel := context.WithTimeout(ctx, a.Config().Database.ConnTimeout.D())
		err = db.PingContext(pctx)
		cancel()
	}
	if sqldb.Unreachable(err) {
		return err
	}
	return nil
}

// offline notes once that the chain's server is unreachable and what
// still works.
func (a *App) offline(err error) {
	a.link.offlineNote.Do(func() {
		a.notice("note: tickets and conversations wait in this store's outbox until head office answers (`cafebot status` shows how many)")
		a.Logger().Warn("head office database unreachable", "err", err)
	})
}

// openHandoffs opens the handoff queue: the local file's for a single
// café; for a chain store the shared one, falling back to the outbox per
// ticket when the server cannot be reached, or wholly when it cannot be
// reached now.
func (a *App) openHandoffs(ctx context.Context) (*handoff.Queue, error) {
	store := a.Config().Store.ID
	if !a.chain() {
		db, err := a.DB(ctx)
		if err != nil {
			return nil, err
		}
		q, err := handoff.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return q.WithStore(store), nil
	}
	ob, err := a.Outbox(ctx)
	if err != nil {
		return nil, err
	}
	a.startDelivery()
	q, err := a.remoteHandoffs(ctx)
	if sqldb.Unreachable(err) {
		a.offline(err)
		// A queue of its own on the outbox's file, so the hooks the caller
		// adds are not added to the outbox that every queue falls back on.
		db, err := a.DB(ctx)
		if err != nil {
			return nil, err
		}
		local, err := handoff.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		// Its tickets are the outbox's: they get offline references.
		return local.WithStore(store).WithLocalRefs(ob.RefPrefix()), nil
	}
	if err != nil {
		return nil, err
	}
	// The store keeps a copy of what it files at head office, so that it
	// can still list and show it while head office is unreachable.
	q.OnCreate(func(t handoff.Ticket) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := ob.Mirror(ctx, t); err != nil {
			a.Logger().Warn("keep a copy of the ticket", "ticket", t.Number(), "err", err)
		}
	})
	return q.WithOutbox(ob.Tickets), nil
}

func (a *App) remoteHandoffs(ctx context.Context) (*handoff.Queue, error) {
	db, err := a.StoreDB(ctx)
	if err != nil {
		return nil, err
	}
	q, err := handoff.OpenDB(ctx, db)
	if err != nil {
		return nil, err
	}
	return q.WithStore(a.Config().Store.ID), nil
}

// openConversations opens the conversation store: the local file's for a
// single café or while the chain's server is unreachable (the outbox
// delivers them later), else the shared one.
func (a *App) openConversations(ctx context.Context) (*conversation.Store, error) {
	if !a.chain() {
		db, err := a.DB(ctx)
		if err != nil {
			return nil, err
		}
		s, err := conversation.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return s.WithStore(a.Config().Store.ID), nil
	}
	ob, err := a.Outbox(ctx)
	if err != nil {
		return nil, err
	}
	a.startDelivery()
	s, err := a.remoteConversations(ctx)
	if sqldb.Unreachable(err) {
		a.offline(err)
		return ob.Conversations, nil
	}
	if err != nil {
		return nil, err
	}
	return s.WithOutbox(ob.Conversations), nil
}

func (a *App) remoteConversations(ctx context.Context) (*conversation.Store, error) {
	db, err := a.StoreDB(ctx)
	if err != nil {
		return nil, err
	}
	s, err := conversation.OpenDB(ctx, db)
	if err != nil {
		return nil, err
	}
	return s.WithStore(a.Config().Store.ID), nil
}

// deliverOutbox sends what waits in the outbox to the chain's server.
func (a *App) deliverOutbox(ctx context.Context) (outbox.Report, error) {
	ob, err := a.Outbox(ctx)
	if err != nil {
		return outbox.Report{}, err
	}
	d, err := ob.Depth(ctx)
	if err != nil || d.Empty() {
		return outbox.Report{}, err
	}
	q, err := a.remoteHandoffs(ctx)
	if err != nil {
		return outbox.Report{}, err
	}
	c, err := a.remoteConversations(ctx)
	if err != nil {
		return outbox.Report{}, err
	}
	r, err := ob.Deliver(ctx, q, c)
	if r.Tickets+r.Conversations > 0 {
		a.Logger().Info("outbox delivered", "tickets", r.Tickets, "conversations", r.Conversations, "messages", r.Messages)
	}
	return r, err
}

// startDelivery starts, once, the loop that delivers the outbox while
// this cafebot runs; Close stops it.
func (a *App) startDelivery() {
	a.link.deliver.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		a.link.stop, a.link.done = cancel, make(chan struct{})
		go func() {
			defer close(a.link.done)
			outbox.Run(ctx, deliverEvery, func(ctx context.Context) error {
				_, err := a.deliverOutbox(ctx)
				return err
			}, func(err error) { a.Logger().Warn("outbox delivery", "err", err) })
		}()
	})
}

// statusReport is what `cafebot status` prints.
type statusReport struct {
	Engine    string        `json:"engine"`
	Database  string        `json:"database"`
	Reachable bool          `json:"reachable"`
	LatencyMS float64       `json:"latency_ms,omitempty"`
	Error     string        `json:"error,omitempty"`
	Hint      string        `json:"hint,omitempty"`
	Store     string        `json:"store,omitempty"`
	Outbox    *outbox.Depth `json:"outbox,omitempty"`
	// ModelHosts are the hosts ollama.hosts names, each checked now.
	ModelHosts []modelHost    `json:"model_hosts,omitempty"`
	Delivered  *outbox.Report `json:"delivered,omitempty"`
}

func newStatusCmd(app *App) *cobra.Command {
	var asJSON, deliver bool
	cmd := &cobra.Command{
		Use:   "status [--deliver] [--json]",
		Short: "Show the database link and the outbox depth",
		Long: "Shows which database holds accounts, tickets and conversations (the local SQLite\n" +
			"file, or the chain's PostgreSQL server named by database.url), whether it answers,\n" +
			"and how many tickets and conversations wait in this store's outbox.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := app.status(cmd.Context(), deliver)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Out, r)
			}
			printStatus(app, r)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&deliver, "deliver", false, "deliver the outbox now when the server answers")
	return cmd
}

// modelHost is one role host as `cafebot status` checked it.
type modelHost struct {
	Role  string `json:"role"`
	URL   string `json:"url"`
	Up    bool   `json:"up"`
	Error string `json:"error,omitempty"`
}

// checkModelHosts asks every host ollama.hosts names for its version.
func (a *App) checkModelHosts(ctx context.Context) []modelHost {
	cfg := a.Config()
	var out []modelHost
	for _, role := range config.HostRoles {
		for _, u := range cfg.Ollama.Hosts[role] {
			h := modelHost{Role: role, URL: u}
			c, err := llm.New(u, nil)
			if err == nil {
				c = c.WithTimeouts(llm.Timeouts{Request: 5 * time.Second, Idle: 5 * time.Second})
				_, err = c.Version(ctx)
			}
			h.Up = err == nil
			if err != nil {
				h.Error = err.Error()
			}
			out = append(out, h)
		}
	}
	return out
}

func (a *App) status(ctx context.Context, deliver bool) (statusReport, error) {
	cfg := a.Config()
	r := statusReport{Store: cfg.Store.ID, ModelHosts: a.checkModelHosts(ctx)}
	if !a.chain() {
		r.Engine, r.Database = sqldb.SQLite.String(), filepath.Join(a.Home, sqlitedb.FileName)
		db, err := a.DB(ctx)
		if err == nil {
			start := time.Now()
			err = db.PingContext(ctx)
			r.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
		}
		r.Reachable = err == nil
		if err != nil {
			r.Error, r.Hint = err.Error(), hintFor(err)
		}
		return r, nil
	}
	r.Engine, r.Database = sqldb.Postgres.String(), cfg.Database.URL.Masked()
	start := time.Now()
	db, err := a.StoreDB(ctx)
	if err == nil {
		pctx, cancel := context.WithTimeout(ctx, cfg.Database.ConnTimeout.D())
		err = db.PingContext(pctx)
		cancel()
	}
	r.Reachable = err == nil
	if err == nil {
		r.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
	} else {
		r.Error, r.Hint = err.Error(), hintFor(err)
	}
	ob, err := a.Outbox(ctx)
	if err != nil {
		return r, fmt.Errorf("open the outbox: %w", err)
	}
	if deliver && r.Reachable {
		rep, err := a.deliverOutbox(ctx)
		r.Delivered = &rep
		if err != nil && !errors.Is(err, context.Canceled) {
			r.Error, r.Hint = err.Error(), hintFor(err)
		}
	}
	d, err := ob.Depth(ctx)
	if err != nil {
		return r, err
	}
	r.Outbox = &d
	return r, nil
}

func printStatus(a *App, r statusReport) {
	link := "reachable"
	if r.Reachable {
		link += fmt.Sprintf(" (%.1f ms)", r.LatencyMS)
	} else {
		link = "UNREACHABLE: " + r.Error
	}
	fmt.Fprintf(a.Out, "database: %s %s\n", r.Engine, r.Database)
	fmt.Fprintf(a.Out, "link:     %s\n", link)
	if r.Hint != "" {
		fmt.Fprintf(a.Out, "hint:     %s\n", r.Hint)
	}
	if r.Store != "" {
		fmt.Fprintf(a.Out, "store:    %s\n", r.Store)
	}
	if r.Delivered != nil {
		fmt.Fprintf(a.Out, "delivered: %d tickets, %d conversations (%d messages)\n", r.Delivered.Tickets, r.Delivered.Conversations, r.Delivered.Messages)
	}
	for _, h := range r.ModelHosts {
		state := "up"
		if !h.Up {
			state = "DOWN: " + h.Error
		}
		fmt.Fprintf(a.Out, "model:    %s on %s: %s\n", h.Role, h.URL, state)
	}
	switch {
	case r.Outbox == nil:
		fmt.Fprintln(a.Out, "outbox:   not used (the local file is the system of record)")
	case r.Outbox.Empty():
		fmt.Fprintln(a.Out, "outbox:   empty")
	default:
		fmt.Fprintf(a.Out, "outbox:   %d tickets, %d conversations (%d messages) waiting\n", r.Outbox.Tickets, r.Outbox.Conversations, r.Outbox.Messages)
	}
}
