package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestLearnWritesAModel(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := t.TempDir()
	data := filepath.Join(dir, "g.jsonl")
	var b strings.Builder
	for _, s := range []string{"i will hurt you", "i am going to hurt you", "we will smash you", "i will smash your face"} {
		b.WriteString(`{"text":"` + s + `","harmful":true,"category":"threat"}` + "\n")
	}
	for _, s := range []string{"what time do you open", "a latte please", "is the cake vegan", "the coffee was cold", "can i get a muffin", "do you open sunday"} {
		b.WriteString(`{"text":"` + s + `","harmful":false}` + "\n")
	}
	os.WriteFile(data, []byte(b.String()), 0o644)
	out := filepath.Join(dir, "w.model")
	r := c.ok("learn", "guard", "--data", data, "--out", out, "--bits", "12")
	if !strings.Contains(r.out, "trained the guard layer on 10 rows") || !strings.Contains(r.out, "threat") {
		t.Errorf("learn output:\n%s", r.out)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := analysis.ReadModel(bytes.NewReader(raw))
	if err != nil || len(m.Labels) != 6 {
		t.Fatalf("model: %v, %v", m, err)
	}

	gateData := filepath.Join(dir, "c.jsonl")
	os.WriteFile(gateData, []byte(`{"text":"hours?","intent":"faq"}
{"text":"my points","intent":"transactional"}
{"text":"cold coffee","intent":"complaint"}
{"text":"a person please","intent":"escalation"}
`), 0o644)
	c.ok("learn", "gate", "--data", gateData, "--out", filepath.Join(dir, "gate.model"), "--bits", "12")
}

func TestLearnRefusesBadInput(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := t.TempDir()
	blind := filepath.Join(dir, "b.jsonl")
	os.WriteFile(blind, []byte(`{"text":"i will hurt you","harmful":true,"category":"threat","split":"blind"}`+"\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"learn", "guard", "--data", blind, "--out", filepath.Join(dir, "x")}, "for measuring, not training"},
		{[]string{"learn", "wizard", "--data", blind, "--out", filepath.Join(dir, "x")}, "unknown layer"},
		{[]string{"learn", "guard", "--out", filepath.Join(dir, "x")}, "--data and --out are required"},
		{[]string{"learn", "guard", "--data", blind, "--out", filepath.Join(dir, "x"), "--bits", "40"}, "--bits 40"},
		{[]string{"learn", "guard", "--data", filepath.Join(dir, "none.jsonl"), "--out", filepath.Join(dir, "x")}, "none.jsonl"},
	}
	for _, tt := range tests {
		r := c.run("", tt.args...)
		if r.code != 1 || !strings.Contains(r.err, tt.want) || !strings.Contains(r.err, "hint:") {
			t.Errorf("cafebot %v: exit %d, stderr %q, want %q and a hint", tt.args, r.code, r.err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("a refused training run wrote weights")
	}
}
