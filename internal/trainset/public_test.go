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
	// Every set's training file, in name order: CyberSecEval's 516 rows,
	// then HateCheck's 2,261.
	wantRows := map[string]int{"cyberseceval": 516, "hatecheck": 2261}
	if len(rows) != wantRows["cyberseceval"]+wantRows["hatecheck"] {
		t.Fatalf("got %d public training rows, want %v", len(rows), wantRows)
	}
	bySource := map[string]int{}
	last := ""
	for _, r := range rows {
		if r.Source != last && bySource[r.Source] > 0 {
			t.Fatalf("rows of %s are not together", r.Source)
		}
		last = r.Source
		bySource[r.Source]++
	}
	for s, n := range wantRows {
		if bySource[s] != n {
			t.Errorf("%d rows from %s, want %d", bySource[s], s, n)
		}
	}
	if rows[0].Source != "cyberseceval" || rows[len(rows)-1].Source != "hatecheck" {
		t.Errorf("first row from %s, last from %s: want file name order", rows[0].Source, rows[len(rows)-1].Source)
	}
	eval, err := PublicEvalTexts("../..")
	if err != nil {
		t.Fatal(err)
	}
	// CyberSecEval's 352 eval rows and HateCheck's 1,424.
	if len(eval) != 352+1424 {
		t.Fatalf("got %d public eval texts, want 1776", len(eval))
	}
	inEval := map[string]bool{}
	for _, e := range eval {
		inEval[strings.ToLower(e)] = true
	}
	splits := map[string]map[string]int{}
	cats := map[string]int{}
	for _, r := range rows {
		if splits[r.Source] == nil {
			splits[r.Source] = map[string]int{}
		}
		splits[r.Source][r.Split]++
		cats[r.Category]++
		if r.Source == "cyberseceval" && (!r.Harmful || r.Category != "injection") {
			t.Errorf("CyberSecEval row %.60q: harmful %t category %q, want injection", r.Text, r.Harmful, r.Category)
		}
		if inEval[strings.ToLower(r.Text)] {
			t.Errorf("training row %.60q is also an eval row", r.Text)
		}
	}
	for src, sp := range splits {
		if sp["train"] == 0 || sp["valid"] == 0 || len(sp) != 2 {
			t.Errorf("%s splits %v, want train and valid only, both used", src, sp)
		}
	}
	for _, c := range []string{"", "threat", "harassment", "hate", "injection"} {
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
	write("b.eval.jsonl", `{"text":"measured too","harmful":true,"category":"injection","split":"public_eval","round":"b","injection_type":"direct","language":"Thai"}`+"\n")
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
	if len(eval) != 2 || eval[0] != "measured only" || eval[1] != "measured too" {
		t.Errorf("PublicEvalTexts = %q, want [measured only, measured too]: every eval file, in name order", eval)
	}
}
