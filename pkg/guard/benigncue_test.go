package guard

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantNoBenignCue fails t for every benign row of files (JSON Lines under
// testdata/guard) and every line of the world sentences' benign files
// that carries a self-harm cue of one of labels (roundCues), flagged or
// not: any self-harm score takes the caring route. It fails too when
// fewer than 4,000 benign rows were read, so a moved set cannot pass it
// by reading nothing. The rounds' NoBenignCue tests share it.
func wantNoBenignCue(t *testing.T, g *Guard, labels, files []string) {
	t.Helper()
	root := filepath.Join("..", "..", "testdata", "guard")
	benign := 0
	for _, f := range files {
		rows, err := LoadLabelled(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Harmful {
				continue
			}
			benign++
			if c := roundCues(g, labels, r.Text); len(c) > 0 {
				t.Errorf("%s: benign row %q carries %v", f, r.Text, c)
			}
		}
	}
	worlds, err := filepath.Glob(filepath.Join(root, "world", "benign*.txt"))
	if err != nil || len(worlds) == 0 {
		t.Fatalf("no world benign files (%v)", err)
	}
	for _, f := range worlds {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			benign++
			if c := roundCues(g, labels, line); len(c) > 0 {
				t.Errorf("%s: benign line %q carries %v", filepath.Base(f), line, c)
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if benign < 4000 {
		t.Fatalf("read %d benign rows; the sets moved", benign)
	}
}
