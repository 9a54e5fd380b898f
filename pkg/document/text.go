package document

import "strings"

// parseText treats a plain-text file as one run of paragraphs, titled by
// the title it writes for itself (textTitle); the splitter packs whole
// paragraphs into chunks. A file that parts itself with two or more
// framed headings ("=== RRMC CART — running notes ===") is read as those
// parts, each its heading's section: one staff file often holds two
// stores' notes, and as one run they were learned as one page.
func parseText(text string, _ limits) (parsed, error) {
	p := parsed{title: textTitle(text)}
	lines := strings.SplitAfter(text, "\n")
	type heading struct {
		line int
		name string
	}
	var heads []heading
	for i, l := range lines {
		if h, ok := framedHeading(l); ok {
			heads = append(heads, heading{i, h})
		}
	}
	if len(heads) < 2 {
		p.blocks = []block{{text: text}}
		return p, nil
	}
	part := func(section string, from, to int) {
		if t := strings.TrimSpace(strings.Join(lines[from:to], "")); t != "" {
			p.blocks = append(p.blocks, block{section: section, text: t})
		}
	}
	part("", 0, heads[0].line)
	for k, h := range heads {
		end := len(lines)
		if k+1 < len(heads) {
			end = heads[k+1].line
		}
		part(h.name, h.line+1, end)
	}
	return p, nil
}

// framedHeading reports a line framed by one rule character run on both
// sides, at least three long ("=== PVU KIOSK ===", "--- Close ---"), and
// its heading's name.
func framedHeading(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if len(t) < 8 {
		return "", false
	}
	c := t[0]
	if strings.IndexByte("=-~*", c) < 0 {
		return "", false
	}
	lead := len(t) - len(strings.TrimLeft(t, string(c)))
	trail := len(t) - len(strings.TrimRight(t, string(c)))
	if lead < 3 || trail < 3 || lead+trail >= len(t) {
		return "", false
	}
	inner := strings.TrimSpace(t[lead : len(t)-trail])
	if !headingLine(inner) {
		return "", false
	}
	return headingName(inner), true
}
