package guard

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// maxLine is the longest input line ModerateLines accepts.
const maxLine = 1 << 20

// moderation is one line of ModerateLines output.
type moderation struct {
	Text       string                `json:"text"`
	Flagged    bool                  `json:"flagged"`
	Categories map[Category]float64  `json:"categories"`
	Score      float64               `json:"score"`
	Cues       map[Category][]string `json:"cues,omitempty"`
	ModelError string                `json:"model_error,omitempty"`
}

// ModerateLines checks every non-blank line of r as a customer message and
// writes one JSON object per line to w: {"text", "flagged", "categories"
// (the non-zero scores), "score"}, plus "cues" and "model_error" when there
// are any. It stops at the first read or write error, or when ctx is done.
func ModerateLines(ctx context.Context, g *Guard, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		v := g.CheckInput(ctx, text)
		out := moderation{Text: text, Flagged: v.Flagged, Categories: map[Category]float64{}, Score: v.Score, Cues: v.Cues, ModelError: v.ModelError}
		for c, s := range v.Categories {
			if s > 0 {
				out.Categories[c] = s
			}
		}
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("moderate: write result for line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("moderate: read line %d: %w", line+1, err)
	}
	return nil
}
