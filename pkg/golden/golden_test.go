package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheckAndUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.golden")

	r := &recorder{TB: t}
	Check(r, path, []byte("one"))
	if !r.failed {
		t.Fatal("a missing golden file passed")
	}

	setUpdate(t, true)
	r = &recorder{TB: t}
	Check(r, path, []byte("one"))
	if r.failed {
		t.Fatal("-update failed to write the file")
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("wrote %q", b)
	}

	setUpdate(t, false)
	r = &recorder{TB: t}
	Check(r, path, []byte("one"))
	if r.failed {
		t.Fatal("equal output failed")
	}
	r = &recorder{TB: t}
	Check(r, path, []byte("two"))
	if !r.failed {
		t.Fatal("different output passed")
	}
}

func setUpdate(t *testing.T, on bool) {
	t.Helper()
	v := "false"
	if on {
		v = "true"
	}
	old := flag.Lookup("update").Value.String()
	if err := flag.Set("update", v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { flag.Set("update", old) })
	if Update() != on {
		t.Fatalf("Update() = %v after -update=%s", Update(), v)
	}
}
