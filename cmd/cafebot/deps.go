package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// Gate returns the intent gate with the configured rules.
func (a *App) Gate() (*gate.Gate, error) {
	cfg := a.Config()
	if cfg.Gate.RulesFile == "" {
		return gate.Default().WithUnsureBelow(cfg.Gate.UnsureBelow), nil
	}
	g, err := gate.LoadFile(cfg.Gate.RulesFile)
	if err != nil {
		return nil, withHint(err, "fix the rules file named by gate.rules_file, or remove the setting to use the bundled rules")
	}
	return g.WithUnsureBelow(cfg.Gate.UnsureBelow), nil
}

// Guard returns the guard; the model layer when the config turns it on,
// or by default when Ollama has the guard model (guard.model auto).
func (a *App) Guard() *guard.Guard {
	cfg := a.Config()
	opt := guard.Options{
		Threshold: cfg.Guard.Threshold,
		Model:     cfg.Models.Guard,
		Timeout:   cfg.Guard.Timeout.D(),
		KeepAlive: cfg.Ollama.KeepAlive.D(),
		// The café's own phones and emails may appear in any draft; without
		// them a reply quoting a location's number would be withheld as PII.
		Public: cafeContacts(a.IndexDir()),
	}
	// The guard's checks and the embeddings go where ollama.hosts sends
	// their roles (ollama.url when it names none), with failover.
	if guardModelWanted(cfg, roleLister{a.Models(), cfg.Models.Guard}) {
		opt.Chat = a.Models()
		opt.DraftTimeout = cfg.Guard.DraftTimeout.D()
	}
	return guard.New(opt)
}

// Embedder returns the Ollama embedder for the configured embedding model.
func (a *App) Embedder() retrieval.Embedder {
	cfg := a.Config()
	return retrieval.NewOllamaEmbedder(a.Models(), cfg.Models.Embedding, cfg.Ollama.KeepAlive.D())
}

// Index opens the retrieval index.
func (a *App) Index() (*retrieval.Index, error) {
	ix, err := retrieval.Open(a.IndexDir())
	if err != nil {
		return nil, withHint(err, "re-create the index with `cafebot ingest --reembed PATH`")
	}
	return ix, nil
}

// Backend opens the account store in the shared database: the local
// SQLite file, or the chain's PostgreSQL server (database.url).
func (a *App) Backend(ctx context.Context) (*backend.SQLite, error) {
	db, err := a.StoreDB(ctx)
	if err != nil {
		return nil, err
	}
	// The store holds every write to the configured refund window and
	// manager threshold, whichever path calls it.
	b, err := backend.OpenWith(ctx, db, backend.PolicyFrom(a.Config(), a.Now))
	if err != nil {
		return nil, err
	}
	return b.WithStore(a.Config().Store.ID), nil
}

// Handoffs opens the handoff queue in the shared database (for a chain
// store, with the outbox behind it; see openHandoffs).
func (a *App) Handoffs(ctx context.Context) (*handoff.Queue, error) {
	q, err := a.openHandoffs(ctx)
	if err == nil {
		a.watchQueue(q)
	}
	return q, err
}

// Conversations opens the saved-conversation store.
func (a *App) Conversations(ctx context.Context) (*conversation.Store, error) {
	s, err := a.openConversations(ctx)
	if err != nil {
		return nil, err
	}
	// The account store is opened here, not in the keep function: that runs
	// inside the store's write transaction, where opening (and migrating)
	// another store would wait on the lock it holds.
	b, err := a.Backend(ctx)
	if err != nil {
		return s.WithKeep(func(context.Context, string) []string { return publicContacts(a.IndexDir()) }), nil
	}
	return s.WithKeep(func(ctx context.Context, customerID string) []string {
		keep := publicContacts(a.IndexDir())
		if customerID != "" {
			if c, err := b.FindCustomer(ctx, customerID); err == nil {
				keep = append(keep, c.Phone, c.Email)
			}
		}
		return keep
	}), nil
}

// publicContacts lists the café's published phones and emails.
func publicContacts(indexDir string) []string {
	pub := cafeContacts(indexDir)
	return append(append([]string(nil), pub.Phones...), pub.Emails...)
}

// Pipeline wires the assistant pipeline from the configuration.
func (a *App) Pipeline(ctx context.Context) (*assistant.Pipeline, error) {
	// On a cold process the gate's and the guard's rules are the largest
	// cost before the first model call; compile them on the other core
	// while the index and the database open.
	go gate.Warm()
	go guard.Warm()
	ix, err := a.Index()
	if err != nil {
		return nil, err
	}
	d, err := a.PipelineDeps(ctx, ix)
	if err != nil {
		return nil, err
	}
	return assistant.New(d), nil
}

// PipelineDeps wires the pipeline's collaborators over the opened index ix;
// `cafebot serve` replaces Deps.Index with its live index.
func (a *App) PipelineDeps(ctx context.Context, ix *retrieval.Index) (assistant.Deps, error) {
	g, err := a.Gate()
	if err != nil {
		return assistant.Deps{}, err
	}
	d := assistant.Deps{
		Config:   a.Config(),
		Gate:     g,
		Guard:    a.Guard(),
		Index:    ix,
		Embedder: a.Embedder(),
		Model:    a.Models(),
		Logger:   a.Logger(),
		Now:      a.Now,
	}
	// The menu and policies live in the index, not the database: a broken
	// account database costs account actions and tickets, never FAQ answers.
	if b, q, err := a.accountStores(ctx); err != nil {
		what := "account actions and tickets do not"
		if a.chain() {
			what = "account actions do not (the account system is unreachable); tickets and conversations wait in this store's outbox"
		}
		msg := fmt.Sprintf("warning: %v; menu and policy questions still work, %s", err, what)
		if h := hintFor(err); h != "" {
			msg += " (hint: " + h + ")"
		}
		a.notice("%s", msg)
		a.Logger().Error("account database unavailable", "err", err)
		// A chain store's tickets still go to its outbox.
		if a.chain() {
			if q, qerr := a.Handoffs(ctx); qerr == nil {
				d.Handoffs = q
			}
		}
	} else {
		d.Backend, d.Handoffs = b, q
	}
	if ix.Stats().Chunks == 0 {
		a.notice("note: the knowledge base is empty; run `cafebot ingest knowledge` first")
	}
	return d, nil
}

// accountStores opens the account store and the handoff queue, which share
// the database file.
func (a *App) accountStores(ctx context.Context) (*backend.SQLite, *handoff.Queue, error) {
	b, err := a.Backend(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("open the account store: %w", err)
	}
	q, err := a.Handoffs(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("open the handoff queue: %w", err)
	}
	return b, q, nil
}

// customerHint turns a failed customer lookup into a hint.
func customerHint(err error) error {
	switch {
	case errors.Is(err, backend.ErrNotFound):
		return withHint(err, "list customers with `cafebot backend list` (run `cafebot backend seed` for the demo accounts)")
	case errors.Is(err, assistant.ErrNoAccounts):
		return withHint(err, "the account database could not be opened (see the warning above, or run `cafebot status`); menu and policy questions still work without --customer")
	}
	return err
}

// cafeContacts returns the phone numbers and emails the café's documents
// publish, as ingest found them (the index's contacts sidecar: one small
// file, no scan). Only while the index has no valid sidecar yet (built by
// a binary before sidecars, never ingested, or mid-ingest) does it fall
// back to scanning the bundled knowledge base, once per process.
func cafeContacts(indexDir string) guard.Identity {
	if id, err := retrieval.ContactsAt(indexDir); err == nil {
		return id
	}
	return bundledContacts()
}

// bundledContacts scans the bundled knowledge base for contacts: the
// fallback of cafeContacts.
var bundledContacts = sync.OnceValue(func() guard.Identity {
	var b strings.Builder
	fsys := knowledge.FS()
	files, err := knowledge.Files()
	if err != nil {
		return guard.Identity{}
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err == nil {
			b.Write(data)
			b.WriteByte('\n')
		}
	}
	return guard.ContactsIn(b.String())
})
