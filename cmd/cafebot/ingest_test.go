//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// writeTree creates files (path → content) under a new folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestIngestNothingExitsNonZero: a run that ingests none of what it was
// given used to exit 0; now it fails with one line and a hint, after the
// per-file lines that say why.
func TestIngestNothingExitsNonZero(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		json  bool
		want  []string
	}{
		{name: "empty folder", files: map[string]string{}, want: []string{"cafebot: nothing was ingested:", "holds no files", "hint: ingest reads .md"}},
		{name: "only unsupported files", files: map[string]string{"deck.pptx": "PK", "menu.pdf": "%PDF-1.4", "logo.png": "\x89PNG\r\n\x1a\n\x00"},
			want: []string{"skipped", "deck.pptx: unsupported file type .pptx", "menu.pdf: unsupported file: the PDF has no pages", "nothing was ingested from", "3 skipped", "hint:"}},
		{name: "only empty files", files: map[string]string{"a.md": "", "b.txt": "\n\n"}, json: true,
			want: []string{"a.md: empty file: nothing to index", "nothing was ingested from", "hint:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, ollamatest.DeadURL(t))
			args := []string{"ingest"}
			if tt.json {
				args = append(args, "--json")
			}
			r := c.run("", append(args, writeTree(t, tt.files))...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.out, r.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.err, w) {
					t.Errorf("stderr does not say %q:\n%s", w, r.err)
				}
			}
			if tt.json {
				var rep retrieval.Report
				if err := json.Unmarshal([]byte(r.out), &rep); err != nil || rep.Files != 0 {
					t.Errorf("--json still prints the report: %v %q", err, r.out)
				}
			}
		})
	}
}

// TestIngestReportsPerFile: refusals, decoding and cuts get one line per
// file on stderr, and a run that ingested something exits 0.
func TestIngestReportsPerFile(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("retrieval:\n  max_chunks_per_file: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	rows.WriteString("item,price\n")
	for i := range 10 {
		fmt.Fprintf(&rows, "Item %d,%d.00\n", i, i)
	}
	secret := writeTree(t, map[string]string{"shadow": "root:$6$SECRETHASH:19000::::::\n"})
	dir := writeTree(t, map[string]string{
		"menu.csv":   "item;price\nCaf\xe9 cr\xe8me;3,50 \x80\n",
		"big.csv":    rows.String(),
		"empty.md":   "",
		"policy.md":  "# Refunds\n\nRefunds within 14 days.\n",
		"photo.jpeg": "\xff\xd8\xff",
	})
	if err := os.Symlink(filepath.Join(secret, "shadow"), filepath.Join(dir, "notes.txt")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	r := c.ok("ingest", dir)
	for _, w := range []string{
		"skipped " + filepath.Join(dir, "notes.txt") + ": refused: it links to " + filepath.Join(secret, "shadow") + ", outside the ingest folder",
		"note: " + filepath.Join(dir, "menu.csv") + ": decoded as windows-1252 (the file is not UTF-8)",
		"note: " + filepath.Join(dir, "big.csv") + ": cut at the cap of 3 chunks per file",
		"note: " + filepath.Join(dir, "empty.md") + ": empty file: nothing to index",
		"skipped " + filepath.Join(dir, "photo.jpeg") + ": unsupported file type .jpeg",
	} {
		if !strings.Contains(r.err, w) {
			t.Errorf("stderr does not say %q:\n%s", w, r.err)
		}
	}
	if s := c.ok("search", "SECRETHASH root"); strings.Contains(s.out, "SECRETHASH") {
		t.Errorf("the linked file is searchable:\n%s", s.out)
	}
	if s := c.ok("search", "café crème"); !strings.Contains(s.out, "Café crème") {
		t.Errorf("the windows-1252 menu is not searchable:\n%s", s.out)
	}
}

// holdLock takes the ingest lock of home as another cafebot process would.
func holdLock(t *testing.T, home string) (release func()) {
	t.Helper()
	dir := filepath.Join(home, "index")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, retrieval.LockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() { f.Close() }
}

// TestIngestWhileAnotherRuns: a second ingest fails at once with a hint,
// or with --wait says it is waiting and runs when the first is done.
func TestIngestWhileAnotherRuns(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := writeTree(t, map[string]string{"policy.md": "# Refunds\n\nRefunds within 14 days.\n"})
	release := holdLock(t, c.home)
	r := c.run("", "ingest", dir)
	if r.code != 1 || !strings.Contains(r.err, fmt.Sprintf("another ingest is running on this index (process %d holds", os.Getpid())) ||
		!strings.Contains(r.err, "hint: wait for it to finish, or add --wait") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.err)
	}
	// The lock is let go once ingest says it waits, not after a fixed
	// time a loaded machine may spend before ingest reaches the lock.
	waiting := fmt.Sprintf("waiting for another ingest (process %d) to finish", os.Getpid())
	var out strings.Builder
	errOut := &releaseOn{want: waiting, release: release}
	// Should ingest never say so, the lock still goes, and the check
	// below fails instead of the test hanging.
	fallback := time.AfterFunc(30*time.Second, release)
	defer fallback.Stop()
	code := Main([]string{"--home", c.home, "--ollama", c.url, "ingest", "--wait", dir}, strings.NewReader(""), &out, errOut)
	if code != 0 || !strings.Contains(errOut.String(), waiting) || !strings.Contains(out.String(), "1 added") {
		t.Errorf("--wait: exit %d, stdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
}

// releaseOn is a stderr that calls release once it has been written want.
type releaseOn struct {
	strings.Builder
	want    string
	release func()
	done    bool
}

func (w *releaseOn) Write(p []byte) (int, error) {
	n, err := w.Builder.Write(p)
	if !w.done && strings.Contains(w.String(), w.want) {
		w.done = true
		w.release()
	}
	return n, err
}
