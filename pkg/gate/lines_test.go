package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
)

const linesInput = `hours?

I want a refund for order 10482
   my coffee was cold   
I found glass in my sandwich
speak to a manager <b>now</b>
purple elephants
`

func TestClassifyLinesGolden(t *testing.T) {
	var out bytes.Buffer
	if err := ClassifyLines(Default(), strings.NewReader(linesInput), &out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "gate", "classify_lines.golden"), out.Bytes())

	// One object per non-blank line, each with the documented fields.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d output lines, want 6 (blank input lines skipped)", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		for _, k := range []string{"text", "intent", "confidence", "cues", "unsure"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %s lacks %q", l, k)
			}
		}
		if _, ok := m["category"]; ok != (m["intent"] == "escalation") {
			t.Errorf("line %s: category present = %v for intent %v", l, ok, m["intent"])
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestClassifyLinesErrors(t *testing.T) {
	err := ClassifyLines(Default(), strings.NewReader(strings.Repeat("hours?\n", 10000)), failWriter{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("ClassifyLines to a failing writer: error = %v, want disk full", err)
	}
	long := "hours? " + strings.Repeat("x", maxLineBytes)
	err = ClassifyLines(Default(), strings.NewReader(long), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("ClassifyLines with an overlong line: error = %v, want one naming line 1", err)
	}
}
