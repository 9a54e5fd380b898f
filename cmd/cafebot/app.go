package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// App holds what every command shares: the streams, global flags and lazily
// opened dependencies. Tests build one with NewApp and swap fields.
type App struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	Home       string
	ConfigFile string
	OllamaURL  string
	Debug      bool
	// ChatMouse is chat's --mouse: capture the mouse in the chat screen.
	ChatMouse bool

	// Now is the clock; tests pin it.
	Now func() time.Time

	inited bool
	cfg    config.Config
	log    *slog.Logger
	logF   *os.File
	client *llm.Client

	dbOnce sync.Once
	db     *sql.DB
	dbErr  error

	notifyOnce sync.Once
	notifier   *handoff.Notifier

	// link is the chain's shared database and this store's outbox (status.go).
	link storeLink
}

// NewApp returns an App writing to the given streams.
func NewApp(in io.Reader, out, errOut io.Writer) *App {
	return &App{In: in, Out: out, ErrOut: errOut, Now: time.Now, log: slog.New(slog.DiscardHandler)}
}

// Init loads the configuration once the global flags are parsed; later
// calls (a completion callback after the flags) change nothing.
func (a *App) Init(ctx context.Context) error {
	if a.inited {
		return nil
	}
	if a.Home == "" {
		a.Home = config.DefaultHome()
	}
	file := a.ConfigFile
	if file == "" {
		file = os.Getenv("CAFEBOT_CONFIG")
	}
	cfg, err := config.Load(a.Home, file, file != "")
	if err != nil {
		return withHint(err, "fix the file, or run `cafebot config show` to see the defaults")
	}
	if a.OllamaURL != "" {
		cfg.Ollama.URL = a.OllamaURL
	}
	u, err := llm.ParseURL(cfg.Ollama.URL)
	if err != nil {
		return withHint(err, "use --ollama http://HOST:PORT")
	}
	cfg.Ollama.URL = u.String()
	a.cfg = cfg
	a.openLog()
	a.inited = true
	return nil
}

// openLog sends slog output to a file under the home directory, never to the
// terminal the TUI owns. Failing to open it only costs the log.
func (a *App) openLog() {
	if err := os.MkdirAll(a.Home, 0o755); err != nil {
		return
	}
	f, err := os.OpenFile(filepath.Join(a.Home, "cafebot.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	level := slog.LevelInfo
	if a.Debug {
		level = slog.LevelDebug
	}
	a.logF = f
	a.log = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level}))
}

// Config returns the effective configuration.
func (a *App) Config() config.Config { return a.cfg }

// Logger returns the file logger.
func (a *App) Logger() *slog.Logger { return a.log }

// LLM returns the Ollama client; it does not contact the server.
func (a *App) LLM() *llm.Client {
	if a.client == nil {
		c, err := llm.New(a.cfg.Ollama.URL, nil)
		if err != nil {
			// Init validated the URL, so this cannot fail here.
			panic(err)
		}
		a.client = c.WithTimeouts(llm.Timeouts{Request: a.cfg.Ollama.RequestTimeout.D(), Idle: a.cfg.Ollama.IdleTimeout.D()})
	}
	return a.client
}

// DB opens the SQLite file shared by the account store, handoff queue and
// conversations.
func (a *App) DB(ctx context.Context) (*sql.DB, error) {
	a.dbOnce.Do(func() {
		a.db, a.dbErr = sqlitedb.Open(ctx, filepath.Join(a.Home, sqlitedb.FileName))
	})
	return a.db, a.dbErr
}

// IndexDir is where the retrieval index lives.
func (a *App) IndexDir() string { return filepath.Join(a.Home, "index") }

// Notifier returns the notifier of urgent and high tickets from the notify
// settings, or nil when none is set up or the settings cannot work (that is
// logged and noticed once: a bad notify setting must not stop tickets).
func (a *App) Notifier() *handoff.Notifier {
	a.notifyOnce.Do(func() {
		cfg := a.Config().Notify
		if cfg.Command == "" && cfg.Webhook == "" {
			return
		}
		n, err := handoff.NewNotifier(handoff.NotifyOptions{
			Command: cfg.Command, Webhook: cfg.Webhook, Retries: cfg.Retries,
			Timeout: cfg.Timeout.D(), Logger: a.Logger(),
		})
		if err != nil {
			a.notice("warning: notifications are off: %v", err)
			a.Logger().Error("notify settings", "err", err)
			return
		}
		a.notifier = n
	})
	return a.notifier
}

// watchQueue has q notify staff of urgent and high tickets, when set up.
func (a *App) watchQueue(q *handoff.Queue) {
	if n := a.Notifier(); n != nil {
		q.OnCreate(n.Hook())
	}
}

// Close releases what the commands opened, after giving notifications
// still being delivered their deadline.
func (a *App) Close() {
	if a.notifier != nil {
		ctx, cancel := context.WithTimeout(context.Background(), a.Config().Notify.Timeout.D()+time.Second)
		a.notifier.Wait(ctx)
		cancel()
	}
	a.link.close()
	if a.db != nil {
		a.db.Close()
	}
	if a.logF != nil {
		a.logF.Close()
	}
}

// StdoutIsTTY reports whether answers go to a terminal.
func (a *App) StdoutIsTTY() bool { return isTerminal(a.Out) }

// StderrIsTTY reports whether notices and progress go to a terminal.
func (a *App) StderrIsTTY() bool { return isTerminal(a.ErrOut) }

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// notice prints a one-line note on stderr; stdout carries answers only.
func (a *App) notice(format string, args ...any) {
	fmt.Fprintf(a.ErrOut, format+"\n", args...)
}

// genericHint maps well-known error kinds to a hint line.
func genericHint(err error) string {
	if h := llm.Hint(err, ""); h != "" {
		return h
	}
	if h := sqlitedb.Hint(err); h != "" {
		return h
	}
	if h := sqldb.Hint(err); h != "" {
		return h
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full: free some space and run the command again (nothing was changed)"
	case errors.Is(err, fs.ErrPermission):
		return "check the permissions of the cafebot home directory (--home)"
	case errors.Is(err, fs.ErrNotExist):
		return "check the path"
	}
	return ""
}

// writeJSON prints v as indented JSON. HTML escaping is off so section
// paths read "Refunds › Card payments", not "\u003e".
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
