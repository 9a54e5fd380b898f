package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseMarkdown reads optional YAML front matter (title, location) and
// splits the body at ATX ("## Refunds") and setext headings, outside fenced
// code, keeping the heading path as each block's section.
func parseMarkdown(text string, lim limits) (parsed, error) {
	var doc parsed
	var o outline
	body, fm, ok := cutFrontMatter(text)
	if ok {
		meta := map[string]any{}
		if err := yaml.Unmarshal([]byte(fm), &meta); err != nil {
			// A hand-typed slip in the front matter costs a note, not the
			// page: a café's own page left out of the index answers nothing.
			meta = frontMatterLines(fm)
			doc.notes = append(doc.notes, fmt.Sprintf("front matter: %s; read line by line, check it", shiftYAMLLine(err.Error(), 1)))
		}
		langFrontMatter(meta) // French and Spanish keys (frontmatter_lang.go)
		o.title = inlineText(scalar(meta["title"]))
		doc.title = o.title
		doc.location, doc.aliases = frontMatterLocation(meta, o.title)
		doc.address = strings.TrimSpace(scalar(meta["address"]))
		doc.kind = frontMatterKind(meta)
		doc.dated = frontMatterDate(fm)
	}
	var cur []string
	flush := func() {
		if t := strings.TrimSpace(strings.Join(cur, "\n")); t != "" {
			doc.add(lim, block{section: o.path(), text: t})
		}
		cur = cur[:0]
	}
	fence := ""
	for _, line := range strings.Split(body, "\n") {
		if doc.more {
			break
		}
		trimmed := strings.TrimLeft(line, " \t")
		if fence != "" {
			cur = append(cur, line)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOpening(trimmed); f != "" {
			fence = f
			cur = append(cur, line)
			continue
		}
		if level, name, ok := atxHeading(line); ok {
			flush()
			if level == 1 && doc.title == "" {
				doc.title = name
			}
			o.push(level, name)
			continue
		}
		if level := setextLevel(line); level > 0 {
			if n := len(cur); n > 0 && strings.TrimSpace(cur[n-1]) != "" &&
				(n == 1 || strings.TrimSpace(cur[n-2]) == "") && !isListItem(cur[n-1]) {
				name := inlineText(cur[n-1])
				cur = cur[:n-1]
				flush()
				o.push(level, name)
				continue
			}
		}
		if isThematicBreak(line) {
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return doc, nil
}

// cutFrontMatter splits "---\n<yaml>\n---\n<body>" into body and yaml. A
// document that opens with "---" but never closes it has no front matter.
func cutFrontMatter(text string) (body, fm string, ok bool) {
	first, rest, found := strings.Cut(text, "\n")
	if !found || strings.TrimRight(first, " \t") != "---" {
		return text, "", false
	}
	off := 0
	for off <= len(rest) {
		line, _, _ := strings.Cut(rest[off:], "\n")
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			end := off + len(line)
			if end < len(rest) {
				end++ // the newline
			}
			return rest[end:], rest[:off], true
		}
		if off+len(line) >= len(rest) {
			break
		}
		off += len(line) + 1
	}
	return text, "", false
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// shiftYAMLLine turns yaml's line numbers, counted from the front matter,
// into the file's.
func shiftYAMLLine(msg string, by int) string {
	return yamlLine.ReplaceAllStringFunc(msg, func(m string) string {
		n, err := strconv.Atoi(strings.TrimPrefix(m, "line "))
		if err != nil {
			return m
		}
		return "line " + strconv.Itoa(n+by)
	})
}

func scalar(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int, int64, float64, bool:
		return fmt.Sprint(v)
	}
	return ""
}

func fenceOpening(trimmed string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(trimmed, f) {
			n := len(trimmed) - len(strings.TrimLeft(trimmed, f[:1]))
			return strings.Repeat(f[:1], n)
		}
	}
	return ""
}

// atxHeading recognises "# Title" to "###### Title" (up to three spaces of
// indentation, closing #s optional).
func atxHeading(line string) (level int, name string, ok bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "#") {
		return 0, "", false
	}
	level = len(t) - len(strings.TrimLeft(t, "#"))
	rest := t[level:]
	if level > 6 || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return 0, "", false
	}
	rest = strings.TrimSpace(rest)
	if trimmed := strings.TrimRight(rest, "#"); trimmed == "" || strings.HasSuffix(trimmed, " ") {
		rest = strings.TrimSpace(trimmed)
	}
	return level, inlineText(rest), true
}

func setextLevel(line string) int {
	t := strings.TrimSpace(line)
	switch {
	case len(t) >= 2 && strings.Trim(t, "=") == "":
		return 1
	case len(t) >= 2 && strings.Trim(t, "-") == "":
		return 2
	}
	return 0
}

func isThematicBreak(line string) bool {
	t := strings.ReplaceAll(strings.TrimSpace(line), " ", "")
	if len(t) < 3 {
		return false
	}
	return strings.Trim(t, "-") == "" || strings.Trim(t, "*") == "" || strings.Trim(t, "_") == ""
}

func isListItem(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = strings.NewReplacer("**", "", "__", "", "`", "")
)

// inlineText strips the Markdown markup that would otherwise show in a
// section label: links keep their text, emphasis and code marks go.
func inlineText(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.Replace(s)
	s = strings.Trim(s, "*_ \t")
	return strings.Join(strings.Fields(s), " ")
}
