package guard

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// shortcutRow is a row of any labelled guard or gate file: its text, and
// whether the guard's files call it harmful.
type shortcutRow struct {
	Text    string `json:"text"`
	Harmful bool   `json:"harmful"`
}

// shortcutFiles returns every labelled guard and gate file but the blind
// ones, which this package never reads. The rules themselves are the
// embedded files as they stand, so rules added later are checked too.
func shortcutFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{
		filepath.Join("..", "..", "testdata", "guard", "*.jsonl"),
		filepath.Join("..", "..", "testdata", "guard", "*", "*.jsonl"),
		filepath.Join("..", "..", "testdata", "gate", "*.jsonl"),
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasPrefix(filepath.Base(f), "blind") {
				files = append(files, f)
			}
		}
	}
	return files
}

// readShortcutRows reads the rows of a JSON Lines file.
func readShortcutRows(t *testing.T, path string) []shortcutRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []shortcutRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r shortcutRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// scanResult is everything a scan returns that a verdict is made of.
type scanResult struct {
	miss   map[Category]float64
	cues   map[Category][]string
	idioms []string
}

func scanWithMode(a *analysis.Analysis, cats []Category, known *contacts, mode scanMode) scanResult {
	sheet, idioms := scanText(a.Text, normalize(a.Text), a.Raw, cats, known, mode)
	return scanResult{sheet.miss, sheet.cues, idioms}
}

// TestShortcutsNeverChangeVerdicts holds the fast path (scanFast: the
// idioms' needed-word index, the category masks, the literal automaton
// of literals.go) to the prefilters it
// replaced (scanClassic) on every row of every non-blind guard and gate
// file, as message and as draft, and on every evasion variant of the
// harmful rows as message: the same scores, cues and idioms, so the same
// flags and rules. The generated training set (train.jsonl, not in git)
// is read too, as messages, except with -short. Under the race detector,
// which makes a scan ten times slower, every 40th distinct text of a file
// is read and the training set skipped.
func TestShortcutsNeverChangeVerdicts(t *testing.T) {
	draft := &contacts{}
	draft.add(Identity{})
	stride := 1
	if raceEnabled {
		stride = 40
	}
	var mu sync.Mutex
	files, total := 0, 0
	t.Cleanup(func() {
		t.Logf("%d files, %d distinct texts read", files, total)
		if files < 40 || total < 20000/stride {
			t.Errorf("read %d files and %d texts: the test reads too little", files, total)
		}
	})
	for _, f := range shortcutFiles(t) {
		generated := filepath.Base(f) == "train.jsonl" && strings.Contains(f, "guard")
		if generated && (testing.Short() || raceEnabled) {
			continue
		}
		t.Run(strings.TrimPrefix(f, filepath.Join("..", "..", "testdata")+string(filepath.Separator)), func(t *testing.T) {
			t.Parallel()
			seen := map[string]bool{}
			n := 0
			check := func(where, text string, asDraft bool) {
				a := analysis.Of(text)
				// The shortcuts read only the cleaned text; the raw one
				// adds the same encoded-blob and personal-data cues in
				// every mode.
				if seen[a.Text] {
					return
				}
				seen[a.Text] = true
				if len(seen)%stride != 0 {
					return
				}
				n++
				modes := []struct {
					cats  []Category
					known *contacts
				}{{inputCategories, nil}, {draftCategories, draft}}
				if !asDraft {
					modes = modes[:1]
				}
				for _, c := range modes {
					fast := scanWithMode(a, c.cats, c.known, scanFast)
					if old := scanWithMode(a, c.cats, c.known, scanClassic); !reflect.DeepEqual(fast, old) {
						t.Errorf("%s: %q (cats %v): fast %+v, classic %+v", where, text, c.cats, fast, old)
					}
				}
			}
			rows := readShortcutRows(t, f)
			for _, r := range rows {
				check("row", r.Text, !generated)
			}
			for _, r := range rows {
				if !r.Harmful || generated {
					continue
				}
				for _, o := range analysis.Obfuscations {
					check(o.Name, o.Do(r.Text), false)
				}
			}
			mu.Lock()
			files++
			total += n
			mu.Unlock()
		})
	}
}
