package tui

import (
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// markdown renders answers with glamour. The renderer is built once per
// width, with an explicit style: glamour's auto style would query the
// terminal from inside the program.
type markdown struct {
	style   string
	profile termenv.Profile
	width   int
	r       *glamour.TermRenderer
}

func newMarkdown(style string, profile termenv.Profile) *markdown {
	return &markdown{style: style, profile: profile}
}

// render returns text as terminal Markdown wrapped to width columns, without
// glamour's surrounding blank lines. If glamour fails it falls back to the
// text wrapped and indented like a rendered answer.
func (md *markdown) render(text string, width int) string {
	width = max(width, 10)
	if md.r == nil || md.width != width {
		r, err := glamour.NewTermRenderer(
			glamour.WithStandardStyle(md.style),
			glamour.WithColorProfile(md.profile),
			// The wrap width includes glamour's margin; one column stays
			// free on the right.
			glamour.WithWordWrap(width-1),
		)
		if err != nil {
			md.r = nil
			return indent(ansi.Wrap(text, width-answerIndent-1, ""), answerIndent)
		}
		md.r, md.width = r, width
	}
	out, err := md.r.Render(text)
	if err != nil {
		return indent(ansi.Wrap(text, width-answerIndent-1, ""), answerIndent)
	}
	return trimBlock(out)
}

// answerIndent is the left margin of answer bodies; glamour's standard
// styles use the same.
const answerIndent = 2

// trimBlock drops leading and trailing blank lines and the spaces glamour
// pads each line with.
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
