package trainset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublicRowsFromTheRepository reads the committed public files: every
// row trains or calibrates, carries a guard label and its set's name, and
// no training text is an eval text.
func TestPublicRowsFromTheRepository(t *testing.T) {
	rows, err := PublicRows("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1000 {
		t.Fatalf("got %d public training rows, want the HateCheck training split (over 1000)", len(rows))
	}
	eval, err := PublicEvalTexts("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(eval) < 1000 {
		t.Fatalf("got %d public eval texts, want the HateCheck eval split (over 1000)", len(eval))
	}
	inEval := map[string]bool{}
	for _, e := range eval {
		inEval[strings.ToLower(e)] = true
	}
	splits := map[string]int{}
	cats := map[string]int{}
	for _, r := range rows {
		splits[r.Split]++
		cats[r.Category]++
		if r.Source != "hatecheck" {
			t.Errorf("row %q: source %q", r.Text, r.Source)
		}
		if inEval[strings.ToLower(r.Text)] {
			t.Errorf("training row %q is also an eval row", r.Text)
		}
	}
	if splits["train"] == 0 || splits["valid"] == 0 || len(splits) != 2 {
		t.Errorf("splits %v, want train and valid only, both used", splits)
	}
	for _, c := range []string{"", "threat", "harassment", "hate"} {
		if cats[c] == 0 {
			t.Errorf("no training row of category %q (got %v)", c, cats)
		}
	}
}

func TestPublicRowsRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name, file, body, want string
	}{
		{"eval row in a training file", "x.train.jsonl",
			`{"text":"a","harmful":false,"split":"public_eval","round":"x","gold":"","functionality":"","family":"","template":""}`, "only train and valid"},
		{"no split", "x.train.jsonl",
			`{"text":"a","harmful":false,"split":"","round":"x","gold":"","functionality":"","family":"","template":""}`, "only train and valid"},
		{"harmful without a category", "x.train.jsonl",
			`{"text":"a","harmful":true,"split":"train","round":"x","gold":"","functionality":"","family":"","template":""}`, "harmful true"},
		{"benign with a category", "x.train.jsonl",
			`{"text":"a","harmful":false,"category":"hate","split":"train","round":"x","gold":"","functionality":"","family":"","template":""}`, "harmful false"},
		{"pii is not an input category", "x.train.jsonl",
			`{"text":"a","harmful":true,"category":"pii","split":"train","round":"x","gold":"","functionality":"","family":"","template":""}`, "pii"},
		{"unknown field", "x.train.jsonl",
			`{"text":"a","harmful":false,"split":"train","round":"x","labels":"y"}`, "unknown field"},
		{"not JSON", "x.train.jsonl", `text,harmful`, "x.train.jsonl:1"},
		{"only an eval file", "x.eval.jsonl",
			`{"text":"a","harmful":false,"split":"public_eval","round":"x","gold":"","functionality":"","family":"","template":""}`, "no *.train.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, PublicDir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.body+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, err := PublicRows(root)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PublicRows = %d rows, %v; want an error containing %q", len(rows), err, tt.want)
			}
		})
	}
}

// TestPublicRowsOrderAndFields checks rows come file by file in name
// order with every field carried over.
func TestPublicRowsOrderAndFields(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, PublicDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.train.jsonl", `{"text":"second","harmful":true,"category":"threat","split":"valid","round":"b"}`+"\n")
	write("a.train.jsonl", `{"text":"first","harmful":false,"split":"train","round":"a"}`+"\n\n")
	write("a.eval.jsonl", `{"text":"measured only","harmful":true,"category":"hate","split":"public_eval","round":"a"}`+"\n")
	rows, err := PublicRows(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []PublicRow{
		{Text: "first", Split: "train", Source: "a"},
		{Text: "second", Harmful: true, Category: "threat", Split: "valid", Source: "b"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %+v, want %+v", rows, want)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
	eval, err := PublicEvalTexts(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(eval) != 1 || eval[0] != "measured only" {
		t.Errorf("PublicEvalTexts = %q, want [measured only]", eval)
	}
}
