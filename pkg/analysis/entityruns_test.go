package analysis

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// phoneMatches and idMatches find what the plain searches find, on
// look-alikes made to sit at the edges of a run (an id glued to a word
// byte, "_12345", a phone split by a letter, digits of other scripts) and
// on every labelled row of the non-blind sets.
func TestEntityRunsMatchPlain(t *testing.T) {
	texts := []string{
		"call 555 0142 now", "(415) 555-0199 or +44 20 7946 0958", "order #12345, C-2291 and c2291",
		"abc_12345 x12345y _123456_ 12345_", "tel:5550142", "555-01a42", "٣٤٥٦٧٨٩ 1234567",
		"#123#456 ##7890", "12345.67890", "my number is 555\t010\n2233", "", "no digits at all",
		"ab-1234-cd 1234567890123456789", "é12345 12345é",
	}
	root := filepath.Join("..", "..", "testdata")
	for _, dir := range []string{"gate", "guard", "safety"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.jsonl"))
		for _, f := range files {
			if strings.HasPrefix(filepath.Base(f), "blind") {
				continue
			}
			texts = append(texts, readTexts(t, f)...)
		}
	}
	if len(texts) < 10000 {
		t.Fatalf("only %d texts read", len(texts))
	}
	found := 0
	for _, text := range texts {
		for _, s := range []string{text, Of(text).Text} {
			if got, want := phoneMatches(s), phoneRE.FindAllStringIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("phones in %q: runs %v, plain %v", s, got, want)
			}
			got, want := idMatches(s), idRE.FindAllStringIndex(s, -1)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("ids in %q: runs %v, plain %v", s, got, want)
			}
			found += len(got)
		}
	}
	if found < 100 {
		t.Fatalf("only %d ids found: the comparison proves little", found)
	}
}

// readTexts returns the text fields of a JSON Lines file.
func readTexts(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<24)
	for sc.Scan() {
		var row struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &row) == nil && row.Text != "" {
			out = append(out, row.Text)
		}
	}
	return out
}
