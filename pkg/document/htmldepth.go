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

// Each element name the model knows gets a set of flags, looked up once
// per tag, so scanning the modelled stack is a loop over integers: the
// scan runs for most start tags, and a map look-up per stack entry made
// flattening 200,000 nested <div>s take seconds.
type flags uint32

const (
	void       flags = 1 << iota // never has children
	rawText                      // holds text up to its own end tag: never nests, never dropped
	blockStart                   // closes an open <p>

	// What a start tag closes, and what stops the search for it.
	isP
	isLi
	isDefn   // dd, dt
	isRow    // tr
	isCell   // td, th
	isBody   // thead, tbody, tfoot
	isOption // option
	isGroup  // optgroup

	stopsP      // button and the scope boundaries
	stopsLi     // ul, ol, menu, table, td, th, template
	stopsDefn   // dl, table, td, th, template
	stopsRow    // table, template
	stopsCell   // tr, table, template
	stopsOption // select, datalist, template
	stopsGroup  // select, template

	// What stops an end tag from closing an element opened before it.
	scope      // applet, caption, html, table, td, th, marquee, object, template
	tableScope // table, template, html: the boundary for a table part's end tag
	outerScope // template, html: the boundary for </table>
	tablePart  // end tags that close the cells and rows open inside them
)

// rule is one implied end: start tags with flag on close the nearest open
// element with closes, unless an element with stops is open above it.
type rule struct{ on, closes, stops flags }

var rules = []rule{
	{isLi, isLi, stopsLi},
	{isDefn, isDefn, stopsDefn},
	{isRow, isRow, stopsRow},
	{isCell, isCell, stopsCell},
	{isBody, isBody, stopsRow},
	{isOption, isOption, stopsOption},
	{isGroup, isOption, stopsGroup}, // optgroup closes an option, then an optgroup
	{isGroup, isGroup, stopsGroup},
	{blockStart, isP, stopsP},
}

// separator stands between two texts a dropped tag separated: joined,
// "a<" and "b" would read as a tag, "&am" and "p;" as an entity.
const separator = "<!---->"

var elementFlags = func() map[string]flags {
	m := map[string]flags{}
	set := func(f flags, names string) {
		for _, n := range strings.Fields(names) {
			m[n] |= f
		}
	}
	set(void, "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr")
	set(rawText, "iframe noembed noframes noscript plaintext script style textarea title xmp")
	set(blockStart, "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre listing form li dd dt table plaintext xmp")
	set(isP, "p")
	set(isLi, "li")
	set(isDefn, "dd dt")
	set(isRow, "tr")
	set(isCell, "td th")
	set(isBody, "thead tbody tfoot")
	set(isOption, "option")
	set(isGroup, "optgroup")
	set(stopsP|scope, "applet caption html table td th marquee object template")
	set(stopsP, "button")
	set(stopsLi, "ul ol menu table td th template")
	set(stopsDefn, "dl table td th template")
	set(stopsRow, "table template")
	set(stopsCell, "tr table template")
	set(stopsOption, "select datalist template")
	set(stopsGroup, "select template")
	set(tableScope, "table template html")
	set(outerScope, "template html")
	set(tablePart, "table caption tbody thead tfoot tr td th")
	return m
}()

// open is one element of the modelled stack.
type open struct {
	name string
	f    flags
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
		stack   []open
		dropped map[string]int // start tags removed and not yet matched by an end tag
		// A dropped tag between two text tokens becomes one separator,
		// written only when the second text comes.
		lastText, pendingSep bool
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
			f := elementFlags[string(b)]
			if f&(void|rawText) != 0 {
				break
			}
			for _, r := range rules {
				if f&r.on != 0 {
					stack = closeImplied(stack, r)
				}
			}
			if len(stack) >= max {
				if dropped == nil {
					dropped = map[string]int{}
				}
				dropped[string(b)]++
				pendingSep = pendingSep || lastText
				continue
			}
			stack = append(stack, open{name: string(b), f: f})
		case html.EndTagToken:
			b, _ := z.TagName()
			if n := dropped[string(b)]; n > 0 {
				dropped[string(b)] = n - 1
				pendingSep = pendingSep || lastText
				continue
			}
			stops := scope
			switch f := elementFlags[string(b)]; {
			case string(b) == "table":
				stops = outerScope
			case f&tablePart != 0:
				stops = tableScope
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == string(b) {
					stack = stack[:i]
					break
				}
				if stack[i].f&stops != 0 {
					break
				}
			}
		}
		if pendingSep && tt == html.TextToken {
			out.WriteString(separator)
		}
		pendingSep, lastText = false, tt == html.TextToken
		out.Write(raw)
	}
}

// closeImplied pops the nearest element r closes, if no element r stops
// at is open above it.
func closeImplied(stack []open, r rule) []open {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].f&r.closes != 0 {
			return stack[:i]
		}
		if stack[i].f&r.stops != 0 {
			break
		}
	}
	return stack
}
