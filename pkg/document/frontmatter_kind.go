package document

import "strings"

// kindKeys are the front matter keys a site generator or CMS uses for what
// kind of page a page is, in order of preference.
var kindKeys = []string{"category", "type", "kind", "layout", "template", "page_type", "pagetype", "section"}

// frontMatterKind returns what the front matter says the page is, lower
// case: the first of its kind keys that holds a word ("category:
// locations", "layout: store"), or the first item of one that holds a
// list; "" when none does.
func frontMatterKind(meta map[string]any) string {
	for _, k := range kindKeys {
		v := meta[k]
		if l, ok := v.([]any); ok {
			if len(l) == 0 {
				continue
			}
			v = l[0]
		}
		if s := strings.ToLower(strings.TrimSpace(scalar(v))); s != "" && len(s) <= 60 {
			return s
		}
	}
	return ""
}
