package server

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchFolders calls ingest whenever files under dirs change, once they
// have been quiet for debounce, until ctx ends. Sub-folders are watched as
// well, including ones created later. It returns once the watches are in
// place; done is closed when it has stopped. ingest errors are logged.
func WatchFolders(ctx context.Context, dirs []string, debounce time.Duration, log *slog.Logger, ingest func(context.Context) error) (done <-chan struct{}, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch folders: %w", err)
	}
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
			w.Close()
			return nil, fmt.Errorf("watch %s: %w", d, err)
		}
	}
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		defer w.Close()
		debounced(ctx, w, debounce, func(ev fsnotify.Event) bool {
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						log.Error("watch new folder", "dir", ev.Name, "err", err)
					}
				}
			}
			return !ignored(filepath.Base(ev.Name)) && !ev.Has(fsnotify.Chmod)
		}, func() {
			if err := ingest(ctx); err != nil && ctx.Err() == nil {
				log.Error("re-ingest watched folders", "err", err)
			}
		})
	}()
	return ch, nil
}

// ignored are editors' and ingest's temporary files: they come and go
// around every save and mean nothing to the knowledge base.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".tmp")
}

func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}
