package gate

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// needTexts returns the text of every row of the non-blind sets of
// testdata/gate and testdata/guard (top level: the guard's sub-folders
// are not the gate's to read).
func needTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, dir := range []string{"gate", "guard"} {
		paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasPrefix(filepath.Base(p), "blind") {
				continue
			}
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				var row struct {
					Text string `json:"text"`
				}
				if strings.TrimSpace(sc.Text()) == "" {
					continue
				}
				if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				texts = append(texts, row.Text)
			}
			f.Close()
			if err := sc.Err(); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
	}
	if len(texts) < 2000 {
		t.Fatalf("only %d rows: the comparison would prove little", len(texts))
	}
	return texts
}

// A pattern whose need a message does not meet never matches it: on
// every row of the gate's and the guard's sets, every try find skips for
// its need fails when tried, and find agrees with the plain refFind. The
// needs must also rule out most tries, or they cost without saving.
func TestPatternNeedsOnlySkipFailures(t *testing.T) {
	g := Default()
	s := defaultCompose()
	texts := needTexts(t)
	if testing.Short() {
		texts = texts[:len(texts)/8]
	}
	tries, skipped := 0, 0
	for _, text := range texts {
		compareFind(t, g, s, text)
		toks := g.tokenize(analysis.Of(text).Text, nil)
		m := s.indexMessage(msgIndex{}, toks)
		for i, ki := range m.infos {
			if ki == nil {
				continue
			}
			check := func(try patternTry, p []element) {
				tries++
				if try.need.met(&m.classes, &m.words) {
					return
				}
				skipped++
				if end, ok := matchAt(p, &m, i); ok {
					t.Errorf("%q: a pattern skipped for its need matches tokens %d..%d %q", text, i, end, toks[i:end])
				}
			}
			for _, try := range ki.first {
				check(try, s.rules[try.ref.rule].patterns[try.ref.pattern])
			}
			for _, try := range ki.unlessFirst {
				check(try, s.unless[try.ref.rule].patterns[try.ref.pattern])
			}
		}
	}
	t.Logf("%d rows, %d tries, %d skipped for their need", len(texts), tries, skipped)
	if skipped < tries*3/4 {
		t.Fatalf("needs skipped only %d of %d tries", skipped, tries)
	}
}
