package document

import "strings"

// frontMatterLines reads front matter that YAML refuses, one "key: value"
// line at a time, so that a page a person typed by hand still gives its
// title, location and address rather than being left out of the index.
// The common slip is an unquoted value with a colon of its own
// ("title: Hours: the farm café"), which YAML reads as a nested mapping;
// here the key ends at the first colon and the rest is the value. A key
// with no value takes the "- item" lines under it as a list, and a value
// that opens with "[" is a list too, closed or not. Indented lines that
// are not list items, comments and lines without a key are skipped.
func frontMatterLines(fm string) map[string]any {
	meta := map[string]any{}
	var listKey string
	var list []any
	flush := func() {
		if listKey != "" && len(list) > 0 {
			meta[listKey] = list
		}
		listKey, list = "", nil
	}
	for _, line := range strings.Split(fm, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if listKey != "" && strings.HasPrefix(trimmed, "- ") {
			list = append(list, unquote(strings.TrimSpace(trimmed[2:])))
			continue
		}
		if indented(line) {
			continue // a nested mapping's line: nothing cafebot reads
		}
		flush()
		key, value, ok := topLevelKey(line)
		// A key of words and spaces ("last updated") is one front matter
		// written by hand has; quotes or brackets mean the line is text.
		if !ok || key == "" || strings.ContainsAny(key, "\"'[]{}") {
			continue
		}
		switch {
		case value == "":
			listKey = key
		case strings.HasPrefix(value, "["):
			// A list, closed or not (a missing "]" is a slip YAML refuses).
			var items []any
			for _, it := range strings.Split(strings.TrimSuffix(value[1:], "]"), ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, unquote(it))
				}
			}
			meta[key] = items
		default:
			meta[key] = unquote(value)
		}
	}
	flush()
	return meta
}

// unquote drops one pair of matching quotes around a value.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}
