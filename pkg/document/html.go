package document

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML extracts the visible text of a page, dropping scripts, styles
// and navigation; h1–h6 start sections and <title> names the document.
// Elements nested deeper than maxHTMLDepth are flattened first (see
// flattenHTML), and the parse stops with ErrTooComplex at lim.deadline.
func parseHTML(text string, lim limits) (parsed, error) {
	var doc parsed
	src, flattened := flattenHTML(text, maxHTMLDepth)
	if flattened {
		doc.notes = append(doc.notes, fmt.Sprintf("elements nested more than %d deep were flattened (their text is kept)", maxHTMLDepth))
	}
	root, err := html.Parse(&deadlineReader{r: strings.NewReader(src), deadline: lim.deadline})
	if errors.Is(err, errDeadline) {
		return doc, fmt.Errorf("%w: html took too long to parse", ErrTooComplex)
	}
	if err != nil {
		return doc, fmt.Errorf("html: %w", err)
	}
	h := &htmlText{lim: lim, doc: &doc}
	if t := find(root, atom.Title); t != nil {
		h.o.title = collapse(textContent(t))
	}
	h.walk(root)
	h.flush()
	return doc, nil
}

// errDeadline is what deadlineReader returns once its deadline passed.
var errDeadline = errors.New("parse deadline passed")

// deadlineReader hands the parser its input in small reads and fails once
// the deadline has passed: x/net/html has no context, but it stops at the
// first read error, so no parse can outlive its budget by more than the
// work of one small read.
type deadlineReader struct {
	r        io.Reader
	deadline time.Time
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	if !d.deadline.IsZero() && time.Now().After(d.deadline) {
		return 0, errDeadline
	}
	return d.r.Read(p[:min(len(p), 16<<10)])
}

type htmlText struct {
	lim   limits
	doc   *parsed
	o     outline
	b     strings.Builder
	space bool  // a space is owed before the next word
	cells []int // per open table row: cells written so far
	// sep is how many cell separators are owed before the next word of
	// the row: written with the word, so empty cells keep their place
	// between two others and a row's trailing empty cells add nothing.
	sep    int
	span   int // columns the last cell spanned beyond its own
	footer int // depth of open <footer>s
	// cellText reports words written in the current cell; cellBreak a
	// line break owed in it, written as a dash so a drink's name and its
	// description stay apart on the row's one line.
	cellText, cellBreak bool
}

var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Nav: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Iframe: true, atom.Object: true,
	atom.Canvas: true, atom.Button: true, atom.Select: true,
}

var paragraphTags = map[atom.Atom]bool{
	atom.P: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Figure: true, atom.Form: true, atom.Details: true, atom.Address: true,
}

var lineTags = map[atom.Atom]bool{
	atom.Div: true, atom.Tr: true, atom.Li: true, atom.Dt: true, atom.Dd: true,
	atom.Summary: true, atom.Figcaption: true, atom.Caption: true,
}

var headingLevel = map[atom.Atom]int{
	atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6,
}

func (h *htmlText) walk(n *html.Node) {
	if h.doc.more {
		return
	}
	switch n.Type {
	case html.TextNode:
		h.text(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || chrome(n, h.footer > 0) {
			return
		}
		if level, ok := headingLevel[n.DataAtom]; ok {
			h.flush()
			h.o.push(level, collapse(textContent(n)))
			return
		}
		switch n.DataAtom {
		case atom.Br:
			h.newline()
			return
		case atom.Hr:
			h.paragraph()
			return
		case atom.Td, atom.Th:
			if k := len(h.cells); k > 0 {
				if h.cells[k-1] > 0 {
					h.sep += 1 + h.span
				}
				h.cells[k-1]++
				h.span = colspan(n) - 1
				h.cellText, h.cellBreak = false, false
			}
		}
	}
	para, line := paragraphTags[n.DataAtom], lineTags[n.DataAtom]
	switch {
	case para:
		h.paragraph()
	case line:
		h.newline()
	}
	if n.DataAtom == atom.Li && len(h.cells) == 0 {
		h.b.WriteString("- ")
	}
	if n.DataAtom == atom.Tr {
		h.cells = append(h.cells, 0)
		h.sep, h.span = 0, 0
	}
	if n.DataAtom == atom.Footer {
		h.footer++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c)
	}
	if n.DataAtom == atom.Footer {
		h.footer--
	}
	if n.DataAtom == atom.Tr {
		h.cells = h.cells[:len(h.cells)-1]
		h.sep = 0
	}
	switch {
	case para:
		h.paragraph()
	case line:
		h.newline()
	}
}

func (h *htmlText) text(s string) {
	words := strings.Fields(s)
	if len(words) == 0 {
		if s != "" {
			h.space = true
		}
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case h.sep == 0 && h.cellBreak && h.cellText:
		h.b.WriteString(" — ")
	case h.sep > 0:
		if !h.atLineStart() {
			h.b.WriteByte(' ')
		}
		h.b.WriteString(strings.Repeat("| ", h.sep))
		h.sep = 0
	case (h.space || unicode.IsSpace(first)) && !h.atLineStart():
		h.b.WriteByte(' ')
	}
	h.b.WriteString(strings.Join(words, " "))
	h.space = unicode.IsSpace(last)
	h.cellText, h.cellBreak = len(h.cells) > 0, false
}

func (h *htmlText) atLineStart() bool {
	s := h.b.String()
	return s == "" || strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "- ") || strings.HasSuffix(s, "| ")
}

func (h *htmlText) newline() {
	if len(h.cells) > 0 {
		// a table row is one line: a break inside a cell is a dash
		h.space = true
		h.cellBreak = h.cellText
		return
	}
	if !h.atLineStart() {
		h.b.WriteByte('\n')
	}
	h.space = false
}

func (h *htmlText) paragraph() {
	h.newline()
	if len(h.cells) > 0 {
		return
	}
	if s := h.b.String(); s != "" && !strings.HasSuffix(s, "\n\n") {
		h.b.WriteByte('\n')
	}
}

func (h *htmlText) flush() {
	if t := strings.TrimSpace(h.b.String()); t != "" {
		h.doc.add(h.lim, block{section: h.o.path(), text: t})
	}
	h.b.Reset()
	h.space = false
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
			return
		}
		if n.Type == html.ElementNode && skipped[n.DataAtom] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// colspan is how many columns a cell spans (1 unless its colspan says
// more, at most 100).
func colspan(n *html.Node) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, "colspan") {
			if k, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && k > 1 {
				return min(k, 100)
			}
		}
	}
	return 1
}
