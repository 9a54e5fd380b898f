// Package bundletest keeps a package's YAML bundles current from its tests:
// Check compares a committed bundle with the one the YAML gives now and,
// with -update, rewrites it. It is a package of its own so that the
// production binaries, which import yamlbundle, never link testing or
// register the -update flag.
package bundletest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// Check fails tb unless the bundle file at path (relative to the package)
// is the bundle of v for sources, as yamlbundle.Write makes it; v is the
// value decoded from the YAML now. With -update it writes that bundle
// instead. The failure names the file, says whether the YAML or only the
// value changed, and gives the command that regenerates every bundle of
// the package (see Command).
func Check[T any](tb testing.TB, path string, v T, sources ...[]byte) {
	tb.Helper()
	want, err := yamlbundle.Write(v, sources...)
	if err != nil {
		tb.Fatal(err)
	}
	compare(tb, path, want, func(got []byte) string {
		if !bytes.Contains(got, []byte(`"sum":"`+yamlbundle.Sum(sources...)+`"`)) {
			return "was written for another version of its YAML"
		}
		return "holds another value than decoding its YAML gives now"
	})
}

// CheckFile fails tb unless the file at path holds want, the bytes a
// generator makes from the package's YAML now (such as the gate's
// rules_compiled.go), so that the same command that rewrites the bundles
// rewrites it too. With -update it writes want instead.
func CheckFile(tb testing.TB, path string, want []byte) {
	tb.Helper()
	compare(tb, path, want, func([]byte) string { return "is not what its YAML gives now" })
}

// compare is what Check and CheckFile share: with -update it writes want
// to path; otherwise it fails tb unless path holds want, saying what is
// wrong with the file (why reads that from its contents) and giving the
// command.
func compare(tb testing.TB, path string, want []byte, why func(got []byte) string) {
	tb.Helper()
	if golden.Update() {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	switch {
	case err != nil:
		tb.Fatalf("%v; run `%s`", err, Command(tb, ""))
	case !bytes.Equal(got, want):
		tb.Fatalf("%s %s: run `%s`", path, why(got), Command(tb, ""))
	}
}

// Command returns the command that runs test, the package's test that
// writes its bundles ("" for the calling test's top level), with -update
// from the module root: "go test ./pkg/gate -run TestBundlesCurrent
// -update". It is what the YAML files' first comment line tells their
// editors to run.
func Command(tb testing.TB, test string) string {
	tb.Helper()
	if test == "" {
		test, _, _ = strings.Cut(tb.Name(), "/")
	}
	return "go test " + packageDir(tb) + " -run " + test + " -update"
}

// packageDir returns the test's package folder relative to the module
// root ("./pkg/gate"); go test runs a test in its package's folder.
func packageDir(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil {
				tb.Fatal(err)
			}
			if rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		if filepath.Dir(dir) == dir {
			return "."
		}
	}
}
