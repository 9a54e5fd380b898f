//go:build unix

package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestIngestSpecialFilesDoNotHang: a FIFO named like a document, a link to
// one and a link loop are skipped; opening the FIFO would block forever.
func TestIngestSpecialFilesDoNotHang(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.md": "# Good\n\nOat milk costs 50 cents extra.\n"})
	if err := unix.Mkfifo(filepath.Join(dir, "notes.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for target, name := range map[string]string{"notes.txt": "pipe.md", "loop.md": "loop.md", "/dev/zero": "zero.txt"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan Report, 1)
	go func() {
		rep, err := New(t.TempDir()).Ingest(ctx, []string{dir}, opts(), nil, nil)
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	var rep Report
	select {
	case rep = <-done:
	case <-ctx.Done():
		t.Fatal("ingest hung on a special file")
	}
	skips := skipsOf(t, dir, rep)
	for name, want := range map[string]string{
		"notes.txt": "not a regular file",
		"pipe.md":   "not a regular file",
		"loop.md":   "a broken link",
		"zero.txt":  "outside the ingest folder",
	} {
		if !strings.Contains(skips[name], want) {
			t.Errorf("%s: skip reason %q, want %q", name, skips[name], want)
		}
	}
	if rep.Files != 1 {
		t.Errorf("files %d, want 1 (good.md)", rep.Files)
	}
}
