package retrieval

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// checkpointEvery is the least time between two embedding checkpoints;
// tests set it to zero to checkpoint after every batch.
var checkpointEvery = 2 * time.Second

// checkpointed, when set, is called after each checkpoint is saved with
// the number of chunks it holds vectors for; the crash test's child
// reports it so the parent knows what a kill must not lose.
var checkpointed func(embedded int)

// checkpointSnap is the chunks as they were when a checkpoint was offered.
type checkpointSnap struct {
	chunks []chunk
	dim    int
}

// checkpointPace decides when the next checkpoint is due: checkpointEvery
// after the last one was saved, stretched to four times the last save's
// duration, so that saving a big index takes at most a fifth of the run.
type checkpointPace struct {
	mu   sync.Mutex
	next time.Time
}

func newCheckpointPace() *checkpointPace {
	return &checkpointPace{next: time.Now().Add(checkpointEvery)}
}

func (p *checkpointPace) due() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !time.Now().Before(p.next)
}

func (p *checkpointPace) saved(took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = time.Now().Add(max(checkpointEvery, 4*took))
}

// fileStamp identifies one version of the index file: save replaces the
// file by renaming a new one over it, so a different file, size or time
// means someone saved since.
type fileStamp struct {
	info os.FileInfo // nil when there was no file
}

func stampOf(path string) fileStamp {
	info, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{info: info}
}

func (s fileStamp) same(o fileStamp) bool {
	if s.info == nil || o.info == nil {
		return s.info == nil && o.info == nil
	}
	return os.SameFile(s.info, o.info) && s.info.Size() == o.info.Size() && s.info.ModTime().Equal(o.info.ModTime())
}

// save writes st to the index file and remembers the version written.
func (ix *Index) save(st *state) error {
	if err := save(ix.Path(), st); err != nil {
		return err
	}
	ix.stamp.Store(stampOf(ix.Path()))
	return nil
}

// reload reads the index file again when it is not the version this Index
// last read or wrote: another process ingested meanwhile. The caller holds
// the ingest lock.
func (ix *Index) reload() error {
	now := stampOf(ix.Path())
	if last, _ := ix.stamp.Load().(fileStamp); last.same(now) {
		return nil
	}
	st, err := load(ix.Path())
	if err != nil {
		return err
	}
	ix.st.Store(st)
	ix.stamp.Store(now)
	return nil
}

// load reads and decodes the index file at path; a missing file is an
// empty index.
func load(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		st, _ := newState("", 0, time.Time{}, nil, nil, nil)
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	st, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w: %w; %s", path, ErrCorrupt, err, reembedHint)
	}
	return st, nil
}

// staleTempAge is how old a temporary index file must be before Open,
// which does not hold the ingest lock, removes it.
const staleTempAge = time.Minute

// removeTemps deletes the temporary files (FileName.*.tmp) that save
// leaves when its process is killed mid-write, if older than minAge. It
// returns how many it removed.
func removeTemps(dir string, minAge time.Duration) int {
	names, _ := filepath.Glob(filepath.Join(dir, FileName+".*.tmp"))
	n := 0
	for _, name := range names {
		info, err := os.Lstat(name)
		if err != nil || !info.Mode().IsRegular() || time.Since(info.ModTime()) < minAge {
			continue
		}
		if os.Remove(name) == nil {
			n++
		}
	}
	return n
}

// cleanTempsUnlocked removes stale temporary files at Open when no ingest
// is running; with one running they may be its own, so they stay.
func cleanTempsUnlocked(dir string) {
	if names, _ := filepath.Glob(filepath.Join(dir, FileName+".*.tmp")); len(names) == 0 {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, LockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	if tryLock(f) != nil {
		return
	}
	removeTemps(dir, staleTempAge)
}

// readWithin reads dir/name, refusing a file whose real path, with every
// symlink resolved, is outside dir (a "notes.txt" linking to a system
// file), and anything that is not a regular file.
func readWithin(dir, name string) ([]byte, error) {
	p := filepath.Join(dir, filepath.FromSlash(name))
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil, err
	}
	if !within(dir, real) {
		return nil, outsideRoot(real, dir)
	}
	// Stat before opening: opening a FIFO would block until a writer came.
	if info, err := os.Stat(real); err != nil {
		return nil, err
	} else if err := regularAndSmall(info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(real, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// The file opened must be the one checked: a link swapped in between
	// the check and the open is caught here.
	if li, err := os.Lstat(real); err != nil || !os.SameFile(info, li) {
		return nil, fmt.Errorf("refused: %s changed while it was read", real)
	}
	if err := regularAndSmall(info); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, maxFileBytes+1))
}

func outsideRoot(real, dir string) error {
	return fmt.Errorf("refused: it links to %s, outside the ingest folder %s", real, dir)
}

// within reports whether path is dir or below it; both are clean,
// absolute and free of symlinks.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
