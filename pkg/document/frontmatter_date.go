package document

import "strings"

// dateKeys are the front matter keys that date a page, compared with
// case, "-", "_" and spaces folded away.
var dateKeys = map[string]bool{
	"updated": true, "lastupdated": true, "updatedat": true, "updatedon": true,
	"modified": true, "lastmodified": true, "datemodified": true,
	"reviewed": true, "lastreviewed": true, "reviewedon": true,
	"date": true, "published": true, "publishdate": true, "datepublished": true,
	"effective": true, "effectivedate": true,
}

var keyFold = strings.NewReplacer("_", "", "-", "", " ", "")

// frontMatterDate returns the value of the first top-level dating key of
// front matter fm ("2026-03-04" from "last_updated: 2026-03-04"), as
// written with quotes trimmed, or "" when it has none. It reads fm's
// lines in order rather than the parsed map, so that of two dating keys
// the first wins, and a page whose YAML is refused is dated all the same.
func frontMatterDate(fm string) string {
	for line := range strings.SplitSeq(fm, "\n") {
		key, val, ok := topLevelKey(line)
		if ok && dateKeys[keyFold.Replace(strings.ToLower(key))] {
			if v := strings.Trim(val, `"'`); v != "" {
				return v
			}
		}
	}
	return ""
}

// topLevelKey splits a front matter line "key: value" that starts at the
// margin into its key and value, both trimmed; ok is false for an
// indented line (a nested mapping's or a list item's) and for a line
// with no colon.
func topLevelKey(line string) (key, value string, ok bool) {
	if indented(line) {
		return "", "", false
	}
	key, value, ok = strings.Cut(line, ":")
	return strings.TrimSpace(key), strings.TrimSpace(value), ok
}

// indented reports a line that starts with a space or a tab.
func indented(line string) bool {
	return strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
}
