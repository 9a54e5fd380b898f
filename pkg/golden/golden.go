// Package golden compares test output with golden files and rewrites them
// when the tests run with -update, the same flag in every package, so that
// `go test ./... -update` refreshes the whole tree at once.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	// The TUI's teatest registers -update through this package; importing
	// it here makes it register the flag first, once, for every test binary
	// that imports golden, instead of two packages defining it and panicking.
	_ "github.com/charmbracelet/x/exp/golden"
	"github.com/google/go-cmp/cmp"
)

// Update reports whether the test binary was run with -update.
func Update() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Check compares got with the file at path, failing tb with a diff when they
// differ. With -update it writes got to path (creating its folder) instead.
func Check(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run `go test -update` to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		tb.Errorf("%s differs from the golden file (-want +got; run `go test -update` if the change is right):\n%s", path, diff)
	}
}
