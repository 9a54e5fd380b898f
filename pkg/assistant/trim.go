package assistant

import (
	"strings"

	"github.com/cafebot/cafebot/pkg/retrieval"
)

// trimAbove is the passage length, in bytes, above which an FAQ passage is
// cut down to its relevant sentences; shorter ones go to the model whole.
const trimAbove = 400

// trimPassages keeps, of each passage longer than trimAbove, only the
// sentences, list items and table rows that share words with the question
// (retrieval.Extract, the extractive answer's own rule: a CSV row is kept
// whole, a table keeps its header), so the FAQ prompt carries the café's
// words that answer rather than whole sections: every prompt token is
// prefill the customer waits for. A passage where nothing matches keeps
// its opening lines. It returns the passages and the bytes saved.
func trimPassages(query string, srcs []Source) ([]Source, int) {
	out := make([]Source, len(srcs))
	saved := 0
	for i, s := range srcs {
		out[i] = s
		if len(s.Text) <= trimAbove {
			continue
		}
		ex := retrieval.Extract(query, []retrieval.Passage{{Source: s.Source, Section: s.Section, Text: s.Text}})
		if len(ex) == 0 {
			continue
		}
		lines := make([]string, 0, len(ex[0].Lines))
		for _, l := range ex[0].Lines {
			// Raw keeps a table as Markdown, so the retrieval-only reply
			// can extract from the trimmed passage again.
			lines = append(lines, l.Raw)
		}
		if text := strings.TrimSpace(strings.Join(lines, "\n")); text != "" && len(text) < len(s.Text) {
			saved += len(s.Text) - len(text)
			out[i].Text = text
		}
	}
	return out, saved
}
