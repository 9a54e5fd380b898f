package tui

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The answer renderer walks goldmark's CommonMark tree itself instead of
// going through glamour: glamour links chroma, whose lexer and style
// registries cost about 8 ms at every process start (`--version`
// included), for syntax colours answers never need. Code blocks are shown
// plain, indented and unwrapped.

// mdStyles are the inline and block styles of rendered answers.
type mdStyles struct {
	heading, strong, emph, code, link, quote, rule lipgloss.Style
	// marks keeps the Markdown markers (**, *, `, #) where styles cannot
	// show emphasis, as with no colours.
	marks bool
}

// newMDStyles returns the styles of a Markdown style name ("dark", "light"
// or "notty"); notty and the Ascii profile style nothing and keep the
// markers instead.
func newMDStyles(style string, profile termenv.Profile) mdStyles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(style != "light")
	if style == "notty" || profile == termenv.Ascii {
		plain := r.NewStyle()
		return mdStyles{plain, plain, plain, plain, plain, plain, plain, true}
	}
	st := r.NewStyle
	return mdStyles{
		heading: st().Bold(true).Foreground(colAccent),
		strong:  st().Bold(true),
		emph:    st().Italic(true),
		code:    st().Foreground(colAccent),
		link:    st().Foreground(colLink).Underline(true),
		quote:   st().Foreground(colDim),
		rule:    st().Foreground(colFaint),
	}
}

// mdParser is goldmark's CommonMark parser without extensions: the
// extension package compiles its linkify patterns at init.
func mdParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// mdRenderer renders one answer to terminal text.
type mdRenderer struct {
	st     mdStyles
	p      parser.Parser
	source []byte
}

// renderMarkdown returns src as styled terminal text wrapped to width
// columns, each line indented by answerIndent.
func (m *mdRenderer) renderMarkdown(src string, width int) string {
	m.source = []byte(src)
	doc := m.p.Parse(text.NewReader(m.source))
	// The right margin matches the left, plus one free column.
	inner := max(width-2*answerIndent-1, 8)
	blocks := m.blocks(doc, inner)
	return indent(strings.Join(blocks, "\n\n"), answerIndent)
}

// blocks renders the block children of n, each wrapped to width.
func (m *mdRenderer) blocks(n ast.Node, width int) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := m.block(c, width); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (m *mdRenderer) block(n ast.Node, width int) string {
	switch n := n.(type) {
	case *ast.Heading:
		h := m.inline(n)
		if m.st.marks {
			h = strings.Repeat("#", n.Level) + " " + h
		}
		return ansi.Wrap(m.st.heading.Render(h), width, "")
	case *ast.Paragraph, *ast.TextBlock:
		return ansi.Wrap(m.inline(n), width, "")
	case *ast.List:
		return m.list(n, width)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		// Plain and unwrapped, so code keeps its shape.
		return indent(strings.TrimRight(m.lines(n), "\n"), 2)
	case *ast.Blockquote:
		body := strings.Join(m.blocks(n, max(width-2, 4)), "\n\n")
		lines := strings.Split(body, "\n")
		for i, l := range lines {
			lines[i] = m.st.quote.Render("│ ") + l
		}
		return strings.Join(lines, "\n")
	case *ast.ThematicBreak:
		return m.st.rule.Render(strings.Repeat("─", min(width, 40)))
	case *ast.HTMLBlock:
		return strings.TrimRight(m.lines(n), "\n")
	}
	return strings.Join(m.blocks(n, width), "\n\n")
}

// list renders a bullet or numbered list; item bodies hang under their
// first line.
func (m *mdRenderer) list(l *ast.List, width int) string {
	var items []string
	num := l.Start
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		mark := "• "
		if l.IsOrdered() {
			mark = fmt.Sprintf("%d. ", num)
			num++
		}
		mw := ansi.StringWidth(mark)
		pad := strings.Repeat(" ", mw)
		sep := "\n"
		if !l.IsTight {
			sep = "\n\n"
		}
		body := strings.Join(m.blocks(it, max(width-mw, 4)), sep)
		lines := strings.Split(body, "\n")
		for i, ln := range lines {
			switch {
			case i == 0:
				lines[i] = mark + ln
			case ln != "":
				lines[i] = pad + ln
			}
		}
		items = append(items, strings.Join(lines, "\n"))
	}
	if l.IsTight {
		return strings.Join(items, "\n")
	}
	return strings.Join(items, "\n\n")
}

// lines returns the raw source lines of a code or HTML block.
func (m *mdRenderer) lines(n ast.Node) string {
	var b strings.Builder
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b.Write(seg.Value(m.source))
	}
	return b.String()
}

// inline renders the inline children of n on one logical line; soft line
// breaks become spaces, hard ones newlines.
func (m *mdRenderer) inline(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.inlineNode(&b, c)
	}
	return b.String()
}

func (m *mdRenderer) inlineNode(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		b.Write(n.Segment.Value(m.source))
		switch {
		case n.HardLineBreak():
			b.WriteString("\n")
		case n.SoftLineBreak():
			b.WriteString(" ")
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.CodeSpan:
		var s strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				s.Write(t.Segment.Value(m.source))
			}
		}
		b.WriteString(m.st.code.Render(m.mark("`", s.String())))
	case *ast.Emphasis:
		s := m.inline(n)
		if n.Level >= 2 {
			b.WriteString(m.st.strong.Render(m.mark("**", s)))
		} else {
			b.WriteString(m.st.emph.Render(m.mark("*", s)))
		}
	case *ast.Link:
		label := m.inline(n)
		b.WriteString(m.st.link.Render(label))
		if dest := string(n.Destination); dest != "" && dest != label {
			b.WriteString(" (" + dest + ")")
		}
	case *ast.AutoLink:
		b.WriteString(m.st.link.Render(string(n.URL(m.source))))
	case *ast.Image:
		b.WriteString(m.inline(n))
	case *ast.RawHTML:
		segs := n.Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			b.Write(seg.Value(m.source))
		}
	default:
		b.WriteString(m.inline(n))
	}
}

// mark wraps s in a Markdown marker when styles cannot show it.
func (m *mdRenderer) mark(marker, s string) string {
	if !m.st.marks {
		return s
	}
	return marker + s + marker
}
