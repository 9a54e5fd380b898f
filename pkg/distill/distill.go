// Package distill builds a fine-tuning set for the small FAQ model from the
// large (teacher) model's answers: questions are generated from every
// knowledge chunk (its heading, its CSV fields and the teacher's own
// paraphrases), the teacher answers each from the retrieved passages mixed
// with distractor passages, exactly as the FAQ model is prompted, and an
// answer is kept only when it is grounded (every price, time, number and
// allergen it states appears in the relevant passages), guard-clean and
// not a refusal. The report says what was kept and why the rest was not.
package distill

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/finetune"
	"github.com/cafebot/cafebot/pkg/llm"
)

// Chatter is the teacher: one chat call.
type Chatter interface {
	Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error)
}

// Passage is one retrieved knowledge passage.
type Passage = finetune.Passage

// Searcher retrieves the passages the FAQ route would give the model.
type Searcher func(ctx context.Context, query string, k int) ([]Passage, error)

// Where a question came from.
const (
	FromHeading    = "heading"
	FromCSV        = "csv"
	FromParaphrase = "paraphrase"
)

// Reasons an answer is dropped.
const (
	DropUngrounded = "ungrounded"
	DropRefusal    = "refusal"
	DropFlagged    = "flagged by the guard"
	DropTeacher    = "teacher failed"
	DropEmpty      = "empty answer"
	DropDuplicate  = "duplicate question"
	DropSearch     = "search failed"
	DropOffTopic   = "off topic"
)

// Options configure a run.
type Options struct {
	Teacher Chatter
	// TeacherModel is the model that answers (config models.escalation).
	TeacherModel string
	// NumCtx is sent with every teacher call.
	NumCtx int
	// System is the FAQ role's system prompt: the teacher answers under it,
	// and every example starts with it, so the student learns the prompt it
	// will run under.
	System string
	// Search retrieves passages for a question; nil gives only the chunk.
	Search Searcher
	// K is how many passages Search returns; 0 means 3.
	K int
	// PerChunk is how many questions each chunk gets at most; 0 means 3.
	PerChunk int
	// Distractors is how many unrelated passages each prompt gets; 0
	// means 2, negative none.
	Distractors int
	// Flagged reports answers the guard flags; nil flags nothing.
	Flagged func(text string) bool
	// Refusal reports answers that decline; nil means none do.
	Refusal func(text string) bool
	// Seed makes the distractor choice reproducible.
	Seed uint64
	// Progress, when set, is called after each chunk.
	Progress func(done, total int)
}

// Question is one generated customer question.
type Question struct {
	Text string `json:"q"`
	From string `json:"from"`
}

// Outcome is what happened to one question.
type Outcome struct {
	Question Question `json:"question"`
	Source   string   `json:"source"`
	Kept     bool     `json:"kept"`
	Reason   string   `json:"reason,omitempty"`
	Detail   string   `json:"detail,omitempty"`
}

// Report counts a run.
type Report struct {
	Chunks    int            `json:"chunks"`
	Questions int            `json:"questions"`
	Kept      int            `json:"kept"`
	ByFrom    map[string]int `json:"kept_by_origin"`
	Dropped   map[string]int `json:"dropped"`
	Outcomes  []Outcome      `json:"outcomes"`
}

// Result is the kept examples and the report.
type Result struct {
	Examples []finetune.Example
	Report   Report
}

// Run distils the chunks. A teacher error on one question drops that
// question; a cancelled ctx stops the run and returns what was done with
// ctx's error.
func Run(ctx context.Context, chunks []document.Chunk, opt Options) (Result, error) {
	if opt.K <= 0 {
		opt.K = 3
	}
	if opt.PerChunk <= 0 {
		opt.PerChunk = 3
	}
	if opt.Distractors == 0 {
		opt.Distractors = 2
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0xd157))
	res := Result{Report: Report{Chunks: len(chunks), ByFrom: map[string]int{}, Dropped: map[string]int{}, Outcomes: []Outcome{}}}
	seen := map[string]bool{}
	for ci, ch := range chunks {
		qs := Questions(ctx, ch, opt)
		for _, q := range qs {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			res.Report.Questions++
			out := Outcome{Question: q, Source: ch.Source}
			key := strings.Join(strings.Fields(strings.ToLower(q.Text)), " ")
			if seen[key] {
				out.Reason = DropDuplicate
			} else {
				seen[key] = true
				ex, reason, detail := answer(ctx, ch, chunks, q, opt, rng)
				out.Reason, out.Detail = reason, detail
				if reason == "" {
					out.Kept = true
					res.Examples = append(res.Examples, ex)
					res.Report.Kept++
					res.Report.ByFrom[q.From]++
				}
			}
			if !out.Kept {
				res.Report.Dropped[out.Reason]++
			}
			res.Report.Outcomes = append(res.Report.Outcomes, out)
		}
		if opt.Progress != nil {
			opt.Progress(ci+1, len(chunks))
		}
	}
	return res, ctx.Err()
}

// answer asks the teacher one question and checks the answer.
func answer(ctx context.Context, ch document.Chunk, all []document.Chunk, q Question, opt Options, rng *rand.Rand) (finetune.Example, string, string) {
	relevant := []Passage{{Source: ch.Source, Section: ch.Section, Text: ch.Text}}
	if opt.Search != nil {
		hits, err := opt.Search(ctx, q.Text, opt.K)
		if err != nil {
			return finetune.Example{}, DropSearch, err.Error()
		}
		for _, h := range hits {
			if h.Text != ch.Text {
				relevant = append(relevant, h)
			}
		}
	}
	prompt := append([]Passage{}, relevant...)
	if opt.Distractors > 0 && len(all) > 1 {
		for _, i := range rng.Perm(len(all)) {
			if len(prompt) >= len(relevant)+opt.Distractors {
				break
			}
			if d := all[i]; d.Source != ch.Source && !contains(relevant, d.Text) {
				prompt = append(prompt, Passage{Source: d.Source, Section: d.Section, Text: d.Text})
			}
		}
	}
	rng.Shuffle(len(prompt), func(i, j int) { prompt[i], prompt[j] = prompt[j], prompt[i] })
	user := finetune.UserPrompt(prompt, q.Text)
	zero := 0.0
	resp, err := opt.Teacher.Chat(ctx, llm.ChatRequest{
		Model:       opt.TeacherModel,
		Messages:    []llm.Message{{Role: "system", Content: opt.System}, {Role: "user", Content: user}},
		NumCtx:      opt.NumCtx,
		Temperature: &zero,
	}, nil)
	if err != nil {
		return finetune.Example{}, DropTeacher, err.Error()
	}
	text := strings.TrimSpace(resp.Message.Content)
	switch {
	case text == "":
		return finetune.Example{}, DropEmpty, ""
	case opt.Refusal != nil && opt.Refusal(text):
		return finetune.Example{}, DropRefusal, shorten(text)
	case opt.Flagged != nil && opt.Flagged(text):
		return finetune.Example{}, DropFlagged, shorten(text)
	}
	// Grounded in the relevant passages (and the question, which may
	// state a number the answer repeats), never in a distractor.
	srcs := []string{q.Text}
	for _, p := range relevant {
		srcs = append(srcs, p.Section, p.Text)
	}
	if miss := Ungrounded(text, srcs); len(miss) > 0 {
		return finetune.Example{}, DropUngrounded, describe(miss)
	}
	if share, words := Overlap(text, srcs); words > 0 && share < minOverlap {
		return finetune.Example{}, DropOffTopic, fmt.Sprintf("%.0f%% of its words are in the passages", 100*share)
	}
	return finetune.Example{Messages: []finetune.Message{
		{Role: "system", Content: opt.System},
		{Role: "user", Content: user},
		{Role: "assistant", Content: text},
	}}, "", ""
}

func contains(ps []Passage, text string) bool {
	for _, p := range ps {
		if p.Text == text {
			return true
		}
	}
	return false
}

func shorten(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return string(r)
}
