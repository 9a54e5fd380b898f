package distill

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/llm"
)

// Questions returns up to opt.PerChunk questions for a chunk: one from its
// heading, some from its CSV fields, and the rest paraphrases the teacher
// writes (none when the teacher fails: the templates still stand).
func Questions(ctx context.Context, ch document.Chunk, opt Options) []Question {
	var qs []Question
	add := func(text, from string) {
		text = strings.TrimSpace(text)
		if text == "" || len(qs) >= opt.PerChunk {
			return
		}
		for _, q := range qs {
			if strings.EqualFold(q.Text, text) {
				return
			}
		}
		qs = append(qs, Question{Text: text, From: from})
	}
	fields := csvFields(ch.Text)
	if len(fields) > 0 {
		for _, q := range csvQuestions(fields) {
			add(q, FromCSV)
		}
	} else if h := heading(ch.Section); h != "" {
		add(fmt.Sprintf("What can you tell me about %s?", h), FromHeading)
	}
	if need := opt.PerChunk - len(qs); need > 0 && opt.Teacher != nil {
		for _, p := range paraphrases(ctx, ch, need, opt) {
			add(p, FromParaphrase)
		}
	}
	return qs
}

// heading is the last part of a section path ("Refunds > Card payments").
func heading(section string) string {
	parts := strings.FieldsFunc(section, func(r rune) bool { return r == '>' || r == '›' })
	if len(parts) == 0 {
		return ""
	}
	return strings.TrimSpace(parts[len(parts)-1])
}

// csvField matches one "key: value" of a CSV row chunk.
var csvField = regexp.MustCompile(`^([a-z_]+): (.*)$`)

// csvFields reads a CSV row chunk ("item: Espresso; price: 2.75; ...").
func csvFields(text string) map[string]string {
	if strings.Contains(text, "\n") || !strings.Contains(text, "; ") {
		return nil
	}
	out := map[string]string{}
	for _, part := range strings.Split(text, "; ") {
		m := csvField.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil
		}
		out[m[1]] = m[2]
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// csvQuestions asks about the fields customers ask about.
func csvQuestions(f map[string]string) []string {
	item := f["item"]
	if item == "" {
		item = f["name"]
	}
	if item == "" {
		return nil
	}
	sized := item
	if s := f["size"]; s != "" {
		sized = fmt.Sprintf("%s %s", strings.Fields(s)[0], item)
	}
	var qs []string
	if f["price"] != "" {
		qs = append(qs, fmt.Sprintf("How much is a %s?", strings.ToLower(sized)))
	}
	if f["allergens"] != "" {
		qs = append(qs, fmt.Sprintf("What allergens are in the %s?", item))
	}
	if f["vegan"] != "" {
		qs = append(qs, fmt.Sprintf("Is the %s vegan?", item))
	}
	if f["gluten_free"] != "" {
		qs = append(qs, fmt.Sprintf("Is the %s gluten free?", item))
	}
	return qs
}

// paraphrases asks the teacher for questions the chunk answers.
func paraphrases(ctx context.Context, ch document.Chunk, n int, opt Options) []string {
	prompt := fmt.Sprintf(`Write %d short, different questions a café customer might ask that this passage answers. Use the customer's own words. One question per line, no numbering, nothing else.

Passage (%s › %s):
%s`, n, ch.Source, ch.Section, ch.Text)
	zero := 0.0
	resp, err := opt.Teacher.Chat(ctx, llm.ChatRequest{
		Model:       opt.TeacherModel,
		Messages:    []llm.Message{{Role: "user", Content: prompt}},
		NumCtx:      opt.NumCtx,
		Temperature: &zero,
	}, nil)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(resp.Message.Content, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*•0123456789.) "))
		if strings.HasSuffix(line, "?") && len([]rune(line)) <= 200 {
			out = append(out, line)
		}
	}
	return out
}
