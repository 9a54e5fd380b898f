package guard

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cafebot/cafebot/internal/trainset"
)

// trainSet builds the guard's training set (testdata/guard/train.jsonl is
// generated, not kept in git) once per test binary, in a temporary folder,
// exactly as `go run ./pkg/analysis/internal/gendata` writes it.
var trainSet = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cafebot-guard-train-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "train.jsonl")
	_, err = trainset.Write(filepath.Join("..", ".."), trainset.DefaultPerTemplate, path, false)
	return path, err
})

// trainPath is the generated training set's path; the test fails when it
// cannot be built.
func trainPath(t testing.TB) string {
	t.Helper()
	p, err := trainSet()
	if err != nil {
		t.Fatalf("build the guard's training set: %v", err)
	}
	return p
}

func TestMain(m *testing.M) {
	code := m.Run()
	if p, err := trainSet(); err == nil && p != "" {
		os.RemoveAll(filepath.Dir(p))
	}
	os.Exit(code)
}
