package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// markdown renders answers (see mdrender.go). The parser and styles are
// built on the first answer, not at start-up, and the output is kept per
// width by the transcript.
type markdown struct {
	style   string
	profile termenv.Profile
	r       *mdRenderer
}

func newMarkdown(style string, profile termenv.Profile) *markdown {
	return &markdown{style: style, profile: profile}
}

// render returns text as terminal Markdown wrapped to width columns, each
// line indented by answerIndent, without surrounding blank lines.
func (md *markdown) render(text string, width int) string {
	width = max(width, 10)
	if md.r == nil {
		md.r = &mdRenderer{st: newMDStyles(md.style, md.profile), p: mdParser()}
	}
	return trimBlock(md.r.renderMarkdown(text, width))
}

// answerIndent is the left margin of answer bodies.
const answerIndent = 2

// trimBlock drops leading and trailing blank lines and trailing spaces.
func trimBlock(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	for len(lines) > 0 && ansi.Strip(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && ansi.Strip(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// indent prefixes every non-empty line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}
