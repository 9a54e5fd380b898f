package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// plainBody wraps a text that is not Markdown, such as a retrieval-only
// answer, once, at width columns with the answer's margin: each line of the
// text is a paragraph, its leading spaces are kept, and a "• " bullet's
// continuation lines hang under its text. Glamour would reflow it a second
// time and strand words (a file name split at its dot) on lines of their
// own.
func plainBody(text string, width int) string {
	inner := max(width-answerIndent-1, 10)
	var out []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			out = append(out, "")
			continue
		}
		trimmed := strings.TrimLeft(line, " ")
		lead := strings.Repeat(" ", len(line)-len(trimmed))
		hangBy := lead
		if strings.HasPrefix(trimmed, "• ") {
			hangBy += "  "
		}
		lim := max(inner-ansi.StringWidth(hangBy), 8)
		for i, w := range wordWrap(strings.Fields(trimmed), lim) {
			if i == 0 {
				out = append(out, lead+w)
			} else {
				out = append(out, hangBy+w)
			}
		}
	}
	return indent(strings.Join(out, "\n"), answerIndent)
}

// wordWrap fills lines of at most lim columns with whole words, breaking
// only at spaces (a hyphenated word or a path stays whole); a word wider
// than lim is cut.
func wordWrap(words []string, lim int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, w := range words {
		ww := ansi.StringWidth(w)
		if ww > lim {
			lines = append(lines, flush(&cur, &curW)...)
			lines = append(lines, strings.Split(ansi.Hardwrap(w, lim, true), "\n")...)
			continue
		}
		if curW > 0 && curW+1+ww > lim {
			lines = append(lines, flush(&cur, &curW)...)
		}
		if curW > 0 {
			cur.WriteByte(' ')
			curW++
		}
		cur.WriteString(w)
		curW += ww
	}
	return append(lines, flush(&cur, &curW)...)
}

// flush returns the line being built, if any, and starts a new one.
func flush(cur *strings.Builder, curW *int) []string {
	if *curW == 0 {
		return nil
	}
	line := cur.String()
	cur.Reset()
	*curW = 0
	return []string{line}
}
