package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// LockName is the lock file's name inside the index directory. It is
// never removed: deleting a lock file that others may have open lets two
// holders lock two different files.
const LockName = "ingest.lock"

// ErrBusy reports that another ingest holds the index's lock.
var ErrBusy = errors.New("another ingest is running on this index")

// BusyError is the error an ingest returns when the lock is held and it
// was not asked to wait; it wraps ErrBusy.
type BusyError struct {
	// PID is the holder's process ID as it wrote it, or 0 if unknown.
	PID int
	// Path is the lock file.
	Path string
}

func (e *BusyError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%v (process %d holds %s)", ErrBusy, e.PID, e.Path)
	}
	return fmt.Sprintf("%v (%s is locked)", ErrBusy, e.Path)
}

// Unwrap makes errors.Is(err, ErrBusy) hold.
func (e *BusyError) Unwrap() error { return ErrBusy }

// lockPoll is how often a waiting ingest retries the lock; tests shorten it.
var lockPoll = 100 * time.Millisecond

// errWouldBlock is what tryLock returns while another holder has the lock.
var errWouldBlock = errors.New("lock is held")

// fileLock is a held ingest lock.
type fileLock struct{ f *os.File }

// lockDir takes the ingest lock of dir, an operating-system lock on
// dir/ingest.lock that the kernel drops when its holder dies, so a killed
// ingest never leaves a stale lock. When the lock is held it returns a
// *BusyError, or with wait retries until ctx ends, calling onWait once
// with the holder's PID first.
func lockDir(ctx context.Context, dir string, wait bool, onWait func(pid int)) (*fileLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	path := filepath.Join(dir, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	waited := false
	for {
		err := tryLock(f)
		if err == nil {
			// The PID is for the message another ingest prints; the lock
			// itself is the kernel's.
			f.Truncate(0)
			f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			return &fileLock{f: f}, nil
		}
		if !errors.Is(err, errWouldBlock) {
			f.Close()
			return nil, fmt.Errorf("lock index %s: %w", path, err)
		}
		if !wait {
			pid := holderPID(f)
			f.Close()
			return nil, &BusyError{PID: pid, Path: path}
		}
		if !waited && onWait != nil {
			onWait(holderPID(f))
		}
		waited = true
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("wait for the ingest lock: %w", ctx.Err())
		case <-time.After(lockPoll):
		}
	}
}

// unlock releases the lock; closing the file drops it.
func (l *fileLock) unlock() {
	l.f.Truncate(0)
	l.f.Close()
}

func holderPID(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	return pid
}
