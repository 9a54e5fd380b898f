package distill

import (
	"context"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

var testChunks = []document.Chunk{
	{Source: "menu/menu.csv", Section: "Killer Brownie", Text: "item: Killer Brownie; category: bakery; size: one piece; price: 3.50; allergens: wheat, milk, egg; vegan: no; gluten_free: no"},
	{Source: "policies/refunds.md", Section: "Refund and Remake Policy > Refunds", Text: "You can ask for a refund within 14 days of purchase with proof of purchase. Refunds of more than $50 need a manager's approval."},
	{Source: "policies/catering.md", Section: "Catering > Notice", Text: "Catering orders need 48 hours' notice and a 25% deposit."},
}

// teacher scripts the large model: answers keyed by the question, and
// paraphrases for the refunds passage.
func teacher(t *testing.T) (*llm.Client, *ollamatest.Fake) {
	f := ollamatest.NewFake(t)
	f.AddModel("cafebot-escalation", ollamatest.NumCtx(8192))
	answers := map[string]string{
		"How much is a one killer brownie?":         "The killer brownie is $3.50 [1].",
		"What allergens are in the Killer Brownie?": "It contains wheat, milk, egg and peanuts.", // peanuts: in no passage
		"Is the Killer Brownie vegan?":              "No, the killer brownie is not vegan [menu/menu.csv].",
		"Is the Killer Brownie gluten free?":        "No, you idiot, it has wheat in it.",
		"What can you tell me about Refunds?":       "You can get a refund within 48 hours of purchase.",  // 48 is the catering distractor's
		"What can you tell me about Notice?":        "Cappuccino harbour morning scone loyalty sandwich.", // no fact to check, and off topic
		"How long do I have to ask for a refund?":   "You have 14 days from purchase, with proof of purchase [2].",
		"Do refunds over $50 need approval?":        "I don't know from the café's documents; a staff member can help.",
		"Can I get a refund at 9pm?":                "Refunds are handled until 8:00 p.m.",
	}
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		last := req.Messages[len(req.Messages)-1].Content
		if strings.HasPrefix(last, "Write ") {
			if strings.Contains(last, "refund within 14 days") {
				return ollamatest.Reply{Chunks: []string{"1. How long do I have to ask for a refund?\n- Do refunds over $50 need approval?\nCan I get a refund at 9pm?\nnot a question"}}
			}
			return ollamatest.Reply{Chunks: []string{""}}
		}
		q := last[strings.LastIndex(last, "Customer's message: ")+len("Customer's message: "):]
		if a, ok := answers[q]; ok {
			return ollamatest.Reply{Chunks: []string{a}}
		}
		return ollamatest.Reply{Chunks: []string{"I don't know from the café's documents."}}
	})
	c, err := llm.New(f.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, f
}

func TestDistillWithScriptedTeacher(t *testing.T) {
	c, f := teacher(t)
	g := guard.New(guard.Options{})
	opt := Options{
		Teacher: c, TeacherModel: "cafebot-escalation", NumCtx: 8192, System: "You are the FAQ assistant.",
		PerChunk: 4, Distractors: 2, Seed: 1,
		Flagged: func(s string) bool { return g.BuiltinDraft(s, guard.Identity{}).Flagged },
		Refusal: func(s string) bool { return strings.Contains(s, "don't know") },
	}
	res, err := Run(context.Background(), testChunks, opt)
	if err != nil {
		t.Fatal(err)
	}
	byQ := map[string]Outcome{}
	for _, o := range res.Report.Outcomes {
		byQ[o.Question.Text] = o
	}
	want := []struct {
		q, from, reason, detail string
	}{
		{"How much is a one killer brownie?", FromCSV, "", ""},
		{"What allergens are in the Killer Brownie?", FromCSV, DropUngrounded, "allergen peanuts"},
		{"Is the Killer Brownie vegan?", FromCSV, "", ""},
		{"Is the Killer Brownie gluten free?", FromCSV, DropFlagged, ""},
		{"What can you tell me about Refunds?", FromHeading, DropUngrounded, "number 48"},
		{"How long do I have to ask for a refund?", FromParaphrase, "", ""},
		{"Do refunds over $50 need approval?", FromParaphrase, DropRefusal, ""},
		{"Can I get a refund at 9pm?", FromParaphrase, DropUngrounded, "time 8:00 p.m."},
		{"What can you tell me about Notice?", FromHeading, DropOffTopic, "0% of its words"},
	}
	for _, w := range want {
		o, ok := byQ[w.q]
		if !ok {
			t.Errorf("question %q was not generated (got %v)", w.q, keys(byQ))
			continue
		}
		if o.Question.From != w.from || o.Reason != w.reason || o.Kept != (w.reason == "") || !strings.Contains(o.Detail, w.detail) {
			t.Errorf("%q: %+v, want from %s, reason %q, detail %q", w.q, o, w.from, w.reason, w.detail)
		}
	}
	if len(res.Report.Outcomes) != len(want) {
		t.Errorf("%d outcomes, want %d: %v", len(res.Report.Outcomes), len(want), keys(byQ))
	}
	if res.Report.Kept != 3 || len(res.Examples) != 3 || res.Report.Dropped[DropUngrounded] != 3 {
		t.Errorf("report = %+v", res.Report)
	}
	ex := res.Examples[0]
	if len(ex.Messages) != 3 || ex.Messages[0].Content != "You are the FAQ assistant." || ex.Messages[2].Content != "The killer brownie is $3.50 [1]." {
		t.Fatalf("example = %+v", ex)
	}
	user := ex.Messages[1].Content
	// The prompt holds the chunk and both distractors, numbered, then the question.
	for _, want := range []string{"Context passages:", "price: 3.50", "48 hours' notice", "refund within 14 days", "Customer's message: How much is a one killer brownie?"} {
		if !strings.Contains(user, want) {
			t.Errorf("prompt lacks %q:\n%s", want, user)
		}
	}
	for _, req := range f.Requests() {
		if req.NumCtx() != 8192 || req.Model != "cafebot-escalation" {
			t.Errorf("teacher call model %s num_ctx %d", req.Model, req.NumCtx())
		}
	}
}

func keys(m map[string]Outcome) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUngrounded(t *testing.T) {
	passages := []string{"item: Latte; size: regular (12 oz); price: 4.50; allergens: milk", "Open 7:00 a.m. to 3 pm on Sundays; 1,200 points for a free drink."}
	tests := []struct {
		answer string
		want   []string
	}{
		{"A regular latte is $4.50 and contains milk [1].", nil},
		{"A regular latte is $4.5.", nil},
		{"A regular latte is $4.75.", []string{"price $4.75"}},
		{"We open at 7am and close at 3:00 p.m. on Sundays.", nil},
		{"We open at 7 and close at 15:00.", nil},
		{"We open at 8am.", []string{"time 8am"}},
		{"It contains milk and soy.", []string{"allergen soy"}},
		{"A free drink takes 1,200 points.", nil},
		{"A free drink takes 1200 points.", nil},
		{"A free drink takes 1500 points, see [2].", []string{"number 1500"}},
		{"Your 1st visit is welcome.", nil},
	}
	for _, tt := range tests {
		got := Ungrounded(tt.answer, passages)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Ungrounded(%q) = %q, want %q", tt.answer, got, tt.want)
		}
	}
}

func FuzzUngrounded(f *testing.F) {
	f.Add("Open 8:00 a.m. to 12 pm, $3.50, 1,200", "open 8am")
	f.Fuzz(func(t *testing.T, passage, answer string) {
		// An answer that only repeats its passage is always grounded.
		if miss := Ungrounded(passage, []string{passage}); len(miss) > 0 {
			t.Fatalf("passage %q is not grounded in itself: %v", passage, miss)
		}
		Ungrounded(answer, []string{passage})
	})
}

func TestOverlap(t *testing.T) {
	src := []string{"Refunds of more than $50 need a manager's approval. Refunds to a bank card take 3 to 5 business days."}
	tests := []struct {
		answer string
		min    float64
		max    float64
	}{
		{"A refund over $50 needs approval from a manager; bank card refunds take 3 to 5 business days.", 0.8, 1},
		{"cappuccino harbour morning scone loyalty sandwich", 0, 0.2},
	}
	for _, tt := range tests {
		share, words := Overlap(tt.answer, src)
		if words == 0 || share < tt.min || share > tt.max {
			t.Errorf("Overlap(%q) = %.2f over %d words, want in [%.1f, %.1f]", tt.answer, share, words, tt.min, tt.max)
		}
	}
}
