package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestEvalPassageSet: `cafebot eval` on a passage-level golden set reports
// hit@1, hit@3 and MRR per category (the same report as search --eval),
// as a table held in a golden file and as JSON.
func TestEvalPassageSet(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	set, err := filepath.Abs("../../testdata/search/passages-tuned.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	r := c.ok("eval", set)
	for _, want := range []string{"category", "hit@1", "hit@3", "MRR", "hours ", "names location", "all "} {
		if !strings.Contains(r.out, want) {
			t.Errorf("eval table lacks %q:\n%s", want, r.out)
		}
	}
	assertGolden(t, "eval_passages", r.out)
	if search := c.ok("search", "--eval", set); search.out != r.out {
		t.Errorf("eval and search --eval disagree:\neval:\n%s\nsearch --eval:\n%s", r.out, search.out)
	}

	r = c.ok("eval", "--json", set)
	var rep struct {
		All        struct{ N, Hit1, Hit3 int }
		ByCategory map[string]struct {
			N, Hit1, Hit3 int
			MRR           float64
		} `json:"by_category"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	hours := rep.ByCategory["hours"]
	if rep.All.N != 162 || hours.N == 0 || hours.MRR <= 0 || hours.Hit3 < hours.Hit1 {
		t.Errorf("eval --json report %+v", rep)
	}

	if r := c.run("", "eval", "--compare", set); r.code == 0 || !strings.Contains(r.err, "retrieval only") {
		t.Errorf("--compare on a passage set: exit %d, stderr %q", r.code, r.err)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"q\": \"x\", \"source\": \"a\", \"contains\": \"b\"}\n{\"q\": \"y\", \"source\": \"a\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := c.run("", "eval", bad); r.code == 0 || !strings.Contains(r.err, "line 2") {
		t.Errorf("bad passage set: exit %d, stderr %q", r.code, r.err)
	}
}

func TestIsPassageSet(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, body string
		want       bool
	}{
		{"passage", "\n{\"q\": \"x\", \"source\": \"a.md\", \"contains\": \"b\"}\n", true},
		{"assistant case", "{\"q\": \"x\", \"intent\": \"faq\", \"expect_sources\": [\"a.md\"]}\n", false},
		{"intent and contains", "{\"q\": \"x\", \"intent\": \"faq\", \"source\": \"a\", \"contains\": \"b\"}\n", false},
		{"not json", "hello\n", false},
		{"empty", "", false},
	} {
		p := filepath.Join(dir, tt.name+".jsonl")
		if err := os.WriteFile(p, []byte(tt.body), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := isPassageSet(p); got != tt.want {
			t.Errorf("%s: isPassageSet = %v, want %v", tt.name, got, tt.want)
		}
	}
	if isPassageSet(filepath.Join(dir, "missing.jsonl")) {
		t.Error("a missing file is a passage set")
	}
}
