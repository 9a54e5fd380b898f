package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestLearnSafety: `learn safety` sorts each file's rows by their shape,
// keeps held-out rows out, writes a one-label model, and the same data
// gives the same file byte for byte.
func TestLearnSafety(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := t.TempDir()
	rows := filepath.Join(dir, "safety.jsonl")
	var b strings.Builder
	for _, s := range []string{"a man collapsed by the door", "fire in the kitchen", "my son is not breathing", "smoke pouring out of the oven", "she is choking and turning blue", "there is a gas leak by the till"} {
		b.WriteString(`{"text":"` + s + `","kind":"emergency","type":"medical"}` + "\n")
	}
	b.WriteString(`{"text":"this cake is to die for","kind":"lookalike","type":"lookalike"}` + "\n")
	b.WriteString(`{"text":"a held out fire","kind":"emergency","type":"hazard","split":"heldout"}` + "\n")
	os.WriteFile(rows, []byte(b.String()), 0o644)
	cafe := filepath.Join(dir, "gate.jsonl")
	os.WriteFile(cafe, []byte(`{"text":"what time do you open","intent":"faq"}
{"text":"my points balance","intent":"transactional"}
{"text":"the coffee was cold","intent":"complaint"}
{"text":"a person please","intent":"escalation"}
`), 0o644)
	benign := filepath.Join(dir, "guard.jsonl")
	os.WriteFile(benign, []byte(`{"text":"kill some time before the train","harmful":false}
{"text":"i will hurt you","harmful":true,"category":"threat"}
`), 0o644)
	out := filepath.Join(dir, "s.model")
	args := []string{"learn", "safety", "--data", rows, "--data", cafe, "--data", benign, "--out", out, "--bits", "12"}
	r := c.ok(args...)
	want := "trained the safety score on 6 emergencies, 1 look-alikes and 3 café messages (1 more only calibrate, 3 left out)"
	if !strings.Contains(r.out, want) || !strings.Contains(r.out, "feature set 1, L2 0.02") {
		t.Errorf("learn safety output:\n%s\nwant %q", r.out, want)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := analysis.ReadModel(bytes.NewReader(first))
	if err != nil || len(m.Labels) != 1 || m.Labels[0] != gate.SafetyLabel || m.FeatureSet != analysis.FeatureSetV1 {
		t.Fatalf("model %v, %v; want the one label %q over feature set 1", m, err, gate.SafetyLabel)
	}
	c.ok(args...)
	if again, _ := os.ReadFile(out); !bytes.Equal(first, again) {
		t.Error("the same data gave a different file")
	}
}

// TestLearnSafetyBadRow: a row whose role cannot be told fails with its
// file and line and a hint, and writes nothing.
func TestLearnSafetyBadRow(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.jsonl")
	os.WriteFile(rows, []byte(`{"text":"fire in the kitchen","kind":"emergency"}
{"text":"no role here"}
`), 0o644)
	out := filepath.Join(dir, "s.model")
	r := c.run("", "learn", "safety", "--data", rows, "--out", out)
	if r.code == 0 || !strings.Contains(r.err, "rows.jsonl:2") || !strings.Contains(r.err, "kind") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed learn safety wrote %s (%v)", out, err)
	}
}

// TestLearnSafetyExampleNamesEveryFile: the help's retrain command reads
// every file the bundled safety.model is tested against.
func TestLearnSafetyExampleNamesEveryFile(t *testing.T) {
	ex := safetyLearnExample()
	for _, f := range gate.SafetyTrainingFiles() {
		if !strings.Contains(ex, "--data "+f) {
			t.Errorf("learn's example lacks --data %s", f)
		}
	}
}

// TestClassifyExplainSafety: --explain names the safety score's view: for
// an emergency the rules miss, that the score added the flag and the
// features behind it; for a café question, that it stayed under its
// threshold.
func TestClassifyExplainSafety(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.ok("classify", "--explain", "what time do you open on sunday")
	if !strings.Contains(r.out, "safety score: ") || !strings.Contains(r.out, "under its threshold") {
		t.Errorf("classify --explain lacks the safety score's view:\n%s", r.out)
	}
	r = c.ok("classify", "--explain", "please come quick the lady by the window has gone all floppy")
	for _, want := range []string{"escalation [safety]", "safety:score", "added the safety flag", "top features:"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("classify --explain lacks %q:\n%s", want, r.out)
		}
	}
}

// TestExplainSafetySaysWhy: each reason the score gives in --explain
// matches its view: added, under its threshold, stood aside for a
// look-alike only when it reached the threshold, or not needed.
func TestExplainSafetySaysWhy(t *testing.T) {
	for _, c := range []struct {
		v    *gate.SafetyView
		want string
	}{
		{nil, "safety score: off"},
		{&gate.SafetyView{Prob: 0.9, Threshold: 0.7, Used: true}, "added the safety flag"},
		{&gate.SafetyView{Prob: 0.5, Threshold: 0.7, Lookalike: true}, "under its threshold"},
		{&gate.SafetyView{Prob: 0.9, Threshold: 0.7, Lookalike: true}, "stood aside: the rules read a look-alike"},
		{&gate.SafetyView{Prob: 0.9, Threshold: 0.7}, "not needed: the rules flagged it"},
	} {
		var b strings.Builder
		explainSafety(&b, c.v)
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%+v: %q, want %q", c.v, b.String(), c.want)
		}
	}
}
