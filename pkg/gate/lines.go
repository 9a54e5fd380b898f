package gate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// maxLineBytes bounds one input line, so a runaway file fails cleanly.
const maxLineBytes = 1 << 20

// lineDecision is one ClassifyLines output line.
type lineDecision struct {
	Text       string   `json:"text"`
	Intent     Intent   `json:"intent"`
	Confidence float64  `json:"confidence"`
	Cues       []string `json:"cues"`
	Unsure     bool     `json:"unsure"`
	Category   string   `json:"category,omitempty"`
	Sub        string   `json:"sub,omitempty"`
}

// ClassifyLines reads one message per line from r and writes one JSON
// object per message to w: {"text","intent","confidence","cues","unsure"}
// plus "category" for escalations and "sub" when a sub-intent is clear.
// Blank lines are skipped. Each result is written as soon as its line
// has been read, so a pipe gets answers line by line, not at EOF.
func ClassifyLines(g *Gate, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		d := g.Classify(text)
		if err := enc.Encode(lineDecision{
			Text: text, Intent: d.Intent, Confidence: d.Confidence,
			Cues: d.Cues, Unsure: d.Unsure, Category: d.Category, Sub: d.Sub,
		}); err != nil {
			return fmt.Errorf("write decision for line %d: %w", line, err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write decision for line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read messages (line %d): %w", line+1, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write decisions: %w", err)
	}
	return nil
}
