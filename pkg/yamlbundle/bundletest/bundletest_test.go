package bundletest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// recorder is a testing.TB that records the first failure instead of
// stopping the test.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.msg == "" {
		r.msg = fmt.Sprintf(format, args...)
	}
}
func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func setUpdate(t *testing.T, on bool) {
	t.Helper()
	old := flag.Lookup("update").Value.String()
	if err := flag.Set("update", fmt.Sprint(on)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { flag.Set("update", old) })
}

// TestCommand: the command names this package from the module root and
// the top-level test, so it is the one to paste.
func TestCommand(t *testing.T) {
	want := "go test ./pkg/yamlbundle/bundletest -run TestCommand -update"
	if got := Command(t, ""); got != want {
		t.Fatalf("Command = %q, want %q", got, want)
	}
	t.Run("sub", func(t *testing.T) {
		if got := Command(t, ""); got != want {
			t.Fatalf("Command in a subtest = %q, want %q", got, want)
		}
		if got, want := Command(t, "TestCheck"), "go test ./pkg/yamlbundle/bundletest -run TestCheck -update"; got != want {
			t.Fatalf("Command of another test = %q, want %q", got, want)
		}
	})
}

// TestCheck: -update writes the bundle; Check then passes; a bundle of an
// older YAML, one of another value and a missing file each fail with the
// file's name and the command.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rules.json")
	yaml := []byte("words: [a, b]\n")
	v := map[string][]string{"words": {"a", "b"}}
	check := func(path string, v map[string][]string, yaml []byte) string {
		r := &recorder{TB: t}
		Check(r, path, v, yaml)
		return r.msg
	}

	if msg := check(path, v, yaml); !strings.Contains(msg, "no such file") {
		t.Fatalf("missing bundle: %q", msg)
	}
	setUpdate(t, true)
	if msg := check(path, v, yaml); msg != "" {
		t.Fatalf("-update failed: %s", msg)
	}
	setUpdate(t, false)
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := yamlbundle.Read[map[string][]string](written, yaml); !ok || len(got["words"]) != 2 {
		t.Fatalf("-update wrote %q", written)
	}
	if msg := check(path, v, yaml); msg != "" {
		t.Fatalf("a current bundle failed: %s", msg)
	}

	cmd := "run `go test ./pkg/yamlbundle/bundletest -run TestCheck -update`"
	for name, tc := range map[string]struct {
		path string
		v    map[string][]string
		yaml []byte
		want string
	}{
		"yaml edited":    {path, v, []byte("words: [a, b, c]\n"), "was written for another version of its YAML"},
		"value changed":  {path, map[string][]string{"words": {"a"}}, yaml, "holds another value than decoding its YAML gives now"},
		"missing bundle": {filepath.Join(dir, "gone.json"), v, yaml, "no such file"},
	} {
		msg := check(tc.path, tc.v, tc.yaml)
		if !strings.Contains(msg, tc.want) || !strings.HasSuffix(msg, cmd) {
			t.Errorf("%s: message %q, want %q and to end %q", name, msg, tc.want, cmd)
		}
	}
}

// TestCheckFile: a generated file that differs from what the generator
// makes now, or is missing, fails with the command; -update writes it.
func TestCheckFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tables.go")
	check := func(want string) string {
		r := &recorder{TB: t}
		CheckFile(r, path, []byte(want))
		return r.msg
	}
	cmd := "run `go test ./pkg/yamlbundle/bundletest -run TestCheckFile -update`"
	if msg := check("package x\n"); !strings.Contains(msg, "no such file") || !strings.HasSuffix(msg, cmd) {
		t.Fatalf("missing file: %q", msg)
	}
	setUpdate(t, true)
	if msg := check("package x\n"); msg != "" {
		t.Fatalf("-update failed: %s", msg)
	}
	setUpdate(t, false)
	if msg := check("package x\n"); msg != "" {
		t.Fatalf("a current file failed: %s", msg)
	}
	if msg := check("package y\n"); !strings.Contains(msg, "tables.go is not what its YAML gives now") || !strings.HasSuffix(msg, cmd) {
		t.Fatalf("stale file: %q", msg)
	}
}
