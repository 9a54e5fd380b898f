package assistant

import (
	"strings"
	"testing"
	"time"
)

func TestTrimPassages(t *testing.T) {
	long := "Our cafés open early. " + strings.Repeat("The roastery runs tours on Saturdays with tastings. ", 8) +
		"Dogs are welcome on the patio but not inside. The patio has heaters in winter."
	short := "Dogs are welcome on the patio."
	got, saved := trimPassages("Can I bring my dog inside?", []Source{{Source: "a.md", Text: long}, {Source: "b.md", Text: short}})
	if len(got) != 2 || got[1].Text != short {
		t.Fatalf("a short passage must stay whole: %+v", got)
	}
	if !strings.Contains(got[0].Text, "Dogs are welcome on the patio but not inside.") {
		t.Errorf("the relevant sentence was cut: %q", got[0].Text)
	}
	if strings.Contains(got[0].Text, "roastery") || saved != len(long)-len(got[0].Text) || saved <= 0 {
		t.Errorf("long passage not trimmed (saved %d): %q", saved, got[0].Text)
	}
	if got[0].Source != "a.md" {
		t.Errorf("source changed: %+v", got[0])
	}
	// Nothing matching: the opening lines, never an empty passage.
	none, _ := trimPassages("zebra xylophone", []Source{{Source: "a.md", Text: long}})
	if strings.TrimSpace(none[0].Text) == "" || len(none[0].Text) > len(long) {
		t.Errorf("no-match trim = %q", none[0].Text)
	}
}

// TestFAQTrimKeepsTheAnswer: over the bundled knowledge base, the trimmed
// passages the FAQ model gets still hold the facts that answer.
func TestFAQTrimKeepsTheAnswer(t *testing.T) {
	ix := bundledIndex(t)
	tests := []struct{ q, fact string }{
		{"Is the killer brownie gluten free?", "Not gluten-free"},
		{"What time does Harbour Street open on Sunday?", "7:30 am – 6:00 pm"},
		{"Do you have oat milk?", "oat milk"},
		{"How much notice do you need for catering?", "48 hours' notice"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			e := newEnv(t)
			e.p = New(Deps{Config: e.cfg, Index: ix, Model: e.model, Backend: e.store, Handoffs: e.queue, Now: func() time.Time { return testNow }})
			e.model.script(e.cfg.Models.FAQ, reply{chunks: []string{"Here is what the documents say."}})
			ans, _, _ := e.ask(t, Request{Text: tt.q})
			reqs := e.model.requests(e.cfg.Models.FAQ)
			if len(reqs) == 0 {
				t.Fatalf("route %s: the FAQ model was not asked", ans.Route)
			}
			prompt := reqs[0].Messages[len(reqs[0].Messages)-1].Content
			if !strings.Contains(prompt, tt.fact) {
				t.Errorf("the prompt lost %q:\n%s", tt.fact, prompt)
			}
		})
	}
}
