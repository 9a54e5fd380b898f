package document

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A web page carries the site around its content: the site's header
// (logo and menu), its footer's copyright line, a cookie banner, hidden
// and "skip to content" links. None of it answers a question, and the
// logo's "Kettlewick Coffee" as a chunk of its own ranks for every
// question that names the café; chrome finds it so parseHTML leaves it
// out.

// chromeWords mark, in an element's id, class or aria-label, a banner or
// widget that is not the page's content.
var chromeWords = []string{"cookie", "consent", "gdpr", "breadcrumb", "skip-link", "skiplink", "skip-to", "visually-hidden", "sr-only", "screen-reader"}

// chrome reports an element that is the site's rather than the page's:
// hidden, a navigation or banner by its role, a cookie banner by its
// name, a site header that holds no heading, a link-only footer, or (in
// a footer) a copyright line.
func chrome(n *html.Node, inFooter bool) bool {
	role := ""
	for _, a := range n.Attr {
		v := strings.ToLower(a.Val)
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if v == "true" {
				return true
			}
		case "style":
			if strings.Contains(strings.ReplaceAll(v, " ", ""), "display:none") {
				return true
			}
		case "role":
			role = v
		case "id", "class", "aria-label":
			for _, w := range chromeWords {
				if strings.Contains(v, w) {
					return true
				}
			}
		}
	}
	switch {
	case role == "navigation" || role == "search":
		return true
	case n.DataAtom == atom.Header || role == "banner":
		// a page's header with its h1 is content; a site's is a logo
		return !hasHeading(n)
	case n.DataAtom == atom.Footer || role == "contentinfo":
		return linkOnly(n) || copyright(leadingText(n))
	case inFooter && (n.DataAtom == atom.P || n.DataAtom == atom.Div || n.DataAtom == atom.Small || n.DataAtom == atom.Li || n.DataAtom == atom.Span):
		return copyright(leadingText(n))
	}
	return false
}

// chromeScan bounds how many nodes the chrome checks visit under one
// element: a header or footer bigger than that is taken as content, so
// a hostile page of nested footers costs no more than a few passes.
const chromeScan = 500

// visit calls f on the nodes under n in document order until f returns
// false or chromeScan nodes were seen; it reports whether it saw them all.
func visit(n *html.Node, f func(*html.Node) bool) bool {
	seen := 0
	var rec func(*html.Node) bool
	rec = func(n *html.Node) bool {
		if seen++; seen > chromeScan || !f(n) {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !rec(c) {
				return false
			}
		}
		return true
	}
	return rec(n)
}

func hasHeading(n *html.Node) bool {
	found := false
	complete := visit(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && headingLevel[c.DataAtom] > 0 {
			found = true
		}
		return !found
	})
	return found || !complete
}

// linkOnly reports an element whose words are all in links (a footer's
// site map, social icons), or that has no words.
func linkOnly(n *html.Node) bool {
	words, inLinks := 0, 0
	complete := visit(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			k := len(strings.Fields(c.Data))
			words += k
			for p := c.Parent; p != nil && p != n.Parent; p = p.Parent {
				if p.Type == html.ElementNode && p.DataAtom == atom.A {
					inLinks += k
					break
				}
			}
		}
		return true
	})
	return complete && words == inLinks
}

// leadingText returns the first words of n's text, enough to tell a
// copyright line.
func leadingText(n *html.Node) string {
	var b strings.Builder
	visit(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && skipped[c.DataAtom] {
			return true
		}
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return b.Len() < 40
	})
	return collapse(b.String())
}

// copyright reports a line that is a copyright notice ("© 2026 Kettlewick
// Coffee Ltd · 14 Foundry Lane"): a footer's, never the page's content.
func copyright(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "©") || strings.HasPrefix(l, "(c) ") || strings.HasPrefix(l, "copyright ") ||
		strings.HasPrefix(l, "all rights reserved")
}
