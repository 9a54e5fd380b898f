package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestDistillCommand(t *testing.T) {
	kb := t.TempDir()
	os.MkdirAll(filepath.Join(kb, "menu"), 0o755)
	os.WriteFile(filepath.Join(kb, "menu", "menu.csv"), []byte("item,size,price,allergens\nOat Latte,regular (12 oz),4.75,none\n"), 0o644)
	os.WriteFile(filepath.Join(kb, "hours.md"), []byte("# Hours\n\nWe open at 7:00 a.m. and close at 3:00 p.m. on Sundays.\n"), 0o644)

	f := ollamatest.NewFake(t)
	f.AddModel("cafebot-escalation", ollamatest.NumCtx(8192))
	// Every chunk gets the same two paraphrases: the second time they are
	// duplicates.
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		last := req.Messages[len(req.Messages)-1].Content
		switch {
		case strings.HasPrefix(last, "Write "):
			return ollamatest.Reply{Chunks: []string{"When do you open on Sunday?\nWhat time do you close on Sundays?"}}
		case strings.HasSuffix(last, "How much is a regular oat latte?"):
			return ollamatest.Reply{Chunks: []string{"A regular oat latte is $4.75 [1]."}}
		case strings.HasSuffix(last, "What allergens are in the Oat Latte?"):
			return ollamatest.Reply{Chunks: []string{"It contains oats and almonds."}}
		case strings.HasSuffix(last, "When do you open on Sunday?"):
			return ollamatest.Reply{Chunks: []string{"We open at 7am on Sundays."}}
		case strings.HasSuffix(last, "What time do you close on Sundays?"):
			return ollamatest.Reply{Chunks: []string{"We close at 5 pm on Sundays."}}
		}
		return ollamatest.Reply{Chunks: []string{"I don't know from the café's documents."}}
	})
	c := newCLI(t, f.URL)
	out := filepath.Join(t.TempDir(), "distilled.jsonl")
	r := c.ok("distill", "--out", out, "--knowledge", kb, "--per-chunk", "3", "--distractors", "1")
	for _, want := range []string{"teacher cafebot-escalation: 6 questions from 2 chunks, 2 kept", "dropped: 1 duplicate question, 1 refusal, 2 ungrounded", "ungrounded: \"What allergens are in the Oat Latte?\": allergen almonds", "ungrounded: \"What time do you close on Sundays?\": time 5 pm", "distilled.report.json"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d examples, want 2:\n%s", len(lines), b)
	}
	var ex struct {
		Messages []struct{ Role, Content string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &ex); err != nil || len(ex.Messages) != 3 || !strings.Contains(ex.Messages[0].Content, "Larkspur") || !strings.Contains(ex.Messages[1].Content, "Context passages:") {
		t.Errorf("example %s (%v)", lines[0], err)
	}
	var rep struct {
		Kept     int
		Dropped  map[string]int
		Outcomes []struct {
			Kept   bool
			Reason string
		}
	}
	rb, _ := os.ReadFile(strings.TrimSuffix(out, ".jsonl") + ".report.json")
	if err := json.Unmarshal(rb, &rep); err != nil || rep.Kept != 2 || len(rep.Outcomes) != 6 || rep.Dropped["ungrounded"] != 2 || rep.Dropped["refusal"] != 1 {
		t.Errorf("report %s (%v)", rb, err)
	}

	bad := c.run("", "distill", "--out", out, "--per-chunk", "0")
	if bad.code != 2 || !strings.Contains(bad.err, "--per-chunk must be 1 to 20") {
		t.Errorf("bad --per-chunk: %d %s", bad.code, bad.err)
	}
}
