package document

import (
	"io"
	"strings"

	"golang.org/x/net/html"
)

// maxHTMLDepth is how deeply elements may nest before deeper tags are
// dropped. The tree builder in x/net/html scans its stack of open
// elements for most start tags, so its time grows with the square of the
// depth: 200,000 nested <div>s (2.2 MB) took four minutes. Chromium caps
// its DOM depth at the same 512; no real page comes close.
const maxHTMLDepth = 512

// voidElements never have children, so their start tags open nothing.
var voidElements = setOf("area", "base", "basefont", "bgsound", "br", "col", "embed", "frame",
	"hr", "image", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr")

// rawTextElements hold text up to their own end tag, so they never nest
// and are never dropped (dropping <script> would show the script).
var rawTextElements = setOf("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp")

// placeholder replaces a dropped tag.
const placeholder = "<!---->"

// scopeBoundaries stop an end tag from closing an element opened before
// them, as the tree builder's "has an element in scope" does: a </div>
// inside a table cell does not close a div outside the table.
var scopeBoundaries = setOf("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template")

// implied says which open elements a start tag closes by itself, looking
// down the stack no further than a boundary: HTML lets authors leave out
// </li>, </p>, </td> and </tr>, and a long table written that way must
// not count as deep nesting.
type implied struct {
	closes, stops map[string]bool
}

var closesP = implied{closes: setOf("p"), stops: setOf("button", "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template")}

var (
	closesLi     = implied{closes: setOf("li"), stops: setOf("ul", "ol", "menu", "table", "td", "th", "template")}
	closesDefn   = implied{closes: setOf("dd", "dt"), stops: setOf("dl", "table", "td", "th", "template")}
	closesRow    = implied{closes: setOf("tr"), stops: setOf("table", "template")}
	closesCell   = implied{closes: setOf("td", "th"), stops: setOf("tr", "table", "template")}
	closesBody   = implied{closes: setOf("thead", "tbody", "tfoot"), stops: setOf("table", "template")}
	closesOption = implied{closes: setOf("option"), stops: setOf("select", "datalist", "template")}
	closesGroup  = implied{closes: setOf("optgroup"), stops: setOf("select", "template")}
)

// impliedEnds lists, per start tag, the rules applied in order.
var impliedEnds = map[string][]implied{
	"li": {closesLi}, "dd": {closesDefn}, "dt": {closesDefn},
	"tr": {closesRow}, "td": {closesCell}, "th": {closesCell},
	"thead": {closesBody}, "tbody": {closesBody}, "tfoot": {closesBody},
	"option": {closesOption}, "optgroup": {closesOption, closesGroup},
}

// tableParts are end tags that close the cells and rows open inside them,
// so for them only the table itself (or a template) is a boundary.
var (
	tableParts = setOf("table", "caption", "tbody", "thead", "tfoot", "tr", "td", "th")
	tableStops = setOf("table", "template", "html")
	outerStops = setOf("template", "html")
)

// endStops is the boundary set for an end tag named name.
func endStops(name string) map[string]bool {
	switch {
	case name == "table":
		return outerStops
	case tableParts[name]:
		return tableStops
	}
	return scopeBoundaries
}

// blockStarts close an open <p>, as in the tree builder.
var blockStarts = setOf("address", "article", "aside", "blockquote", "center", "details", "dialog",
	"dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main",
	"menu", "nav", "ol", "p", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
	"pre", "listing", "form", "li", "dd", "dt", "table", "plaintext", "xmp")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// flattenHTML returns text with the start and end tags of elements nested
// deeper than max removed (their text stays, joined to the parent), and
// whether it removed any. It tracks nesting with a model of the tree
// builder that may overcount (tags it cannot see closing) but does not
// undercount the usual cases, so what the parser is given never nests much
// deeper than max. A document that never goes deeper is returned as it is.
func flattenHTML(text string, max int) (string, bool) {
	z := html.NewTokenizer(strings.NewReader(text))
	// out copies every kept token; it is thrown away when nothing was dropped.
	var (
		out     strings.Builder
		stack   []string       // open elements, as modelled
		dropped map[string]int // start tags removed and not yet matched by an end tag
	)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF || dropped == nil {
				// Not flattened (or a reader error, which strings.Reader never gives).
				return text, false
			}
			return out.String(), true
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			b, _ := z.TagName()
			name := string(b)
			if voidElements[name] || rawTextElements[name] {
				break
			}
			for _, rule := range impliedEnds[name] {
				stack = closeImplied(stack, rule)
			}
			if blockStarts[name] {
				stack = closeImplied(stack, closesP)
			}
			if len(stack) >= max {
				if dropped == nil {
					dropped = map[string]int{}
				}
				dropped[name]++
				// A comment in its place keeps the text around it apart:
				// "a<" and "b" joined would read as a tag.
				out.WriteString(placeholder)
				continue
			}
			stack = append(stack, name)
		case html.EndTagToken:
			b, _ := z.TagName()
			name := string(b)
			if dropped[name] > 0 {
				dropped[name]--
				out.WriteString(placeholder)
				continue
			}
			stops := endStops(name)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == name {
					stack = stack[:i]
					break
				}
				if stops[stack[i]] {
					break
				}
			}
		}
		out.Write(raw)
	}
}

// closeImplied pops the nearest element rule closes, if no boundary is
// open above it.
func closeImplied(stack []string, rule implied) []string {
	for i := len(stack) - 1; i >= 0; i-- {
		if rule.closes[stack[i]] {
			return stack[:i]
		}
		if rule.stops[stack[i]] {
			break
		}
	}
	return stack
}
