package trainset

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
)

// generatedSets are the two sets write makes from the repository, in a
// folder of their own.
type generatedSets struct{ guard, gate string }

// generatedDir holds generatedSets; TestMain removes it.
var generatedDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if generatedDir != "" {
		os.RemoveAll(generatedDir)
	}
	os.Exit(code)
}

var generateOnce = sync.OnceValues(func() (generatedSets, error) {
	dir, err := os.MkdirTemp("", "trainset-")
	if err != nil {
		return generatedSets{}, err
	}
	generatedDir = dir
	g := generatedSets{filepath.Join(dir, "guard.jsonl"), filepath.Join(dir, "gate.jsonl")}
	_, err = write(filepath.Join("..", ".."), DefaultPerTemplate, g.guard, g.gate)
	return g, err
})

// generated returns the sets write makes from the repository, made once.
func generated(t *testing.T) generatedSets {
	t.Helper()
	g, err := generateOnce()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGateSetIsCommitted: testdata/gate/train.jsonl is exactly what the
// generator's gate path writes from the repository, so the committed
// gate data is defined by the code there is (a blind file added to
// gateBlindFiles, a template edited or the near-duplicate measure changed
// without rewriting the file fails here), and the gate path reads the
// guard's blind_d5.jsonl no more than it did when the file was made.
func TestGateSetIsCommitted(t *testing.T) {
	got, err := os.ReadFile(generated(t).gate)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gate", "train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the gate path writes %d rows, testdata/gate/train.jsonl holds %d; run `go run ./pkg/analysis/internal/gendata -root . -gate`, read the diff, retrain gate.model (see gateBlindFiles)", bytes.Count(got, []byte("\n")), bytes.Count(want, []byte("\n")))
	}
}

// TestGuardRowsStayAwayFromEveryBlindSet is the attack on freezing the
// gate's list: the gate's rows near the guard's newer blind sets are kept
// for the gate, and the guard reads the gate's rows as benign, so none of
// them may reach the guard's set. Every guard row is checked against
// every blind file blindSets reads (no text of them is printed).
func TestGuardRowsStayAwayFromEveryBlindSet(t *testing.T) {
	g := generated(t)
	blindRows, err := blindSets(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	blind := publicdata.NewNearSet(blindRows)
	rows, err := readJSONL[guardRow](g.guard)
	if err != nil {
		t.Fatal(err)
	}
	near := 0
	for _, r := range rows {
		if tooClose(r.Text, blind) {
			near++
		}
	}
	if near > 0 {
		t.Errorf("%d of the guard's %d rows are within %.2f of a blind row", near, len(rows), NearCut)
	}
	if _, err := gateBlindSets(filepath.Join("..", "..")); err != nil {
		t.Errorf("a file of gateBlindFiles: %v", err)
	}
}
