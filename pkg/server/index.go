package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// LiveIndex is the retrieval index a long-running server searches. When
// the index file changes (an ingest by any process), Reload reopens it and
// swaps it in atomically: a search that started on the old snapshot
// finishes on it, the next one sees the new.
type LiveIndex struct {
	dir string
	log *slog.Logger
	cur atomic.Pointer[retrieval.Index]

	// mu serialises reloads and updates; stamp is the file cur was read
	// from (nil when there was none).
	mu      sync.Mutex
	stamp   fs.FileInfo
	reloads atomic.Int64

	// contacts, when set, follows the published contacts of the served
	// index (FollowContacts); cmu orders its refreshes.
	contacts atomic.Pointer[guard.Contacts]
	cmu      sync.Mutex
}

// OpenIndex opens the index in dir for serving. Every snapshot it serves
// (this one, and each after a reload or update) starts building its fast
// vector scan at once in the background, so the first questions after a
// load do not each pay chromem-go's full scan.
func OpenIndex(dir string, log *slog.Logger) (*LiveIndex, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &LiveIndex{dir: dir, log: log}
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.statFile()
	ix, err := retrieval.Open(dir)
	if err != nil {
		return nil, err
	}
	l.cur.Store(ix)
	l.stamp = st
	ix.PrepareVectorScan()
	return l, nil
}

// Index returns the current snapshot's index.
func (l *LiveIndex) Index() *retrieval.Index { return l.cur.Load() }

// FollowContacts keeps c set to the phones and emails the served index's
// documents publish, as its ingest found them: now, after every reload or
// update, and whenever an ingest rewrites the contacts sidecar. The guard
// reads its published contacts from c, so a reply quoting a café number
// added to the documents is not withheld once the index has it. While the
// index has no valid sidecar (mid-ingest, or built before sidecars), c
// keeps what it holds.
func (l *LiveIndex) FollowContacts(c *guard.Contacts) {
	l.contacts.Store(c)
	l.refreshContacts()
}

// refreshContacts sets the followed contacts from the current snapshot's
// sidecar, when it has a valid one.
func (l *LiveIndex) refreshContacts() {
	c := l.contacts.Load()
	if c == nil {
		return
	}
	l.cmu.Lock()
	defer l.cmu.Unlock()
	id, err := l.Index().PublicContacts()
	if err != nil {
		l.log.Debug("public contacts kept", "reason", err)
		return
	}
	if old := c.Identity(); slices.Equal(old.Phones, id.Phones) && slices.Equal(old.Emails, id.Emails) {
		return
	}
	c.Set(id)
	l.log.Info("public contacts refreshed", "phones", len(id.Phones), "emails", len(id.Emails))
}

// Reloads counts the times the index was reopened after a change.
func (l *LiveIndex) Reloads() int64 { return l.reloads.Load() }

// Search searches the current index; it satisfies assistant.Searcher.
func (l *LiveIndex) Search(ctx context.Context, query string, opt retrieval.SearchOptions, emb retrieval.Embedder) (retrieval.Results, error) {
	return l.cur.Load().Search(ctx, query, opt, emb)
}

func (l *LiveIndex) statFile() fs.FileInfo {
	st, err := os.Stat(filepath.Join(l.dir, retrieval.FileName))
	if err != nil {
		return nil
	}
	return st
}

func sameFile(a, b fs.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// Reload reopens the index when its file changed since it was read and
// reports whether it did. A file that cannot be read (or has gone) keeps
// the current index, so a broken write never empties the counter's
// knowledge; the error says why.
func (l *LiveIndex) Reload() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.statFile()
	if sameFile(st, l.stamp) {
		return false, nil
	}
	if st == nil {
		return false, fmt.Errorf("reload index: %s is gone; still serving the index read before", filepath.Join(l.dir, retrieval.FileName))
	}
	ix, err := retrieval.Open(l.dir)
	if err != nil {
		return false, fmt.Errorf("reload index: %w", err)
	}
	l.cur.Store(ix)
	l.stamp = st
	l.reloads.Add(1)
	ix.PrepareVectorScan()
	l.refreshContacts()
	return true, nil
}

// Update runs fn (an ingest) on the current index, which swaps its own
// snapshot when the ingest finishes, and remembers the file it wrote so
// the watcher does not read it back.
func (l *LiveIndex) Update(fn func(ix *retrieval.Index) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	ix := l.cur.Load()
	err := fn(ix)
	l.stamp = l.statFile()
	ix.PrepareVectorScan()
	l.refreshContacts()
	return err
}

// Watch reloads the index whenever its file changes, debounced, until ctx
// ends; it returns once the watch is in place, and done is closed when it
// has stopped.
func (l *LiveIndex) Watch(ctx context.Context, debounce time.Duration) (done <-chan struct{}, err error) {
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return nil, fmt.Errorf("watch index: %w", err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch index: %w", err)
	}
	if err := w.Add(l.dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch index %s: %w", l.dir, err)
	}
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		defer w.Close()
		debounced(ctx, w, debounce, func(ev fsnotify.Event) bool {
			// The contacts sidecar is written after the index file: a
			// reload may find it not yet valid, and its own write is what
			// brings the new contacts.
			base := filepath.Base(ev.Name)
			return base == retrieval.FileName || base == retrieval.ContactsName
		}, func() {
			ok, err := l.Reload()
			switch {
			case err != nil:
				l.log.Error("index reload", "err", err)
			case ok:
				s := l.Index().Stats()
				l.log.Info("index reloaded", "chunks", s.Chunks, "embedded", s.Embedded)
			}
			l.refreshContacts()
		})
	}()
	return ch, nil
}

// debounced calls fire once events matching keep have stopped arriving for
// wait, until ctx ends. Events during fire start a new wait.
func debounced(ctx context.Context, w *fsnotify.Watcher, wait time.Duration, keep func(fsnotify.Event) bool, fire func()) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if keep(ev) {
				timer.Reset(wait)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: look again rather than miss a change.
				timer.Reset(wait)
			}
		case <-timer.C:
			fire()
		}
	}
}
