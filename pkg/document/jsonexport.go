package document

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// A help centre, CMS or FAQ tool exports its articles as JSON: objects
// with a title, a body, a category and bookkeeping (ids, timestamps,
// slugs, flags), often nested (sections holding articles). This file
// reads such an export as its writers meant it: one block per article,
// headed by its title under its category, its body as text, the
// bookkeeping left out, and unpublished articles skipped. Records that
// are data rather than articles (a menu item, a store) keep the
// "key: value" lines of appendRecord.

// jsonRender turns decoded JSON into blocks.
type jsonRender struct {
	doc    *parsed
	lim    limits
	drafts int  // records skipped as drafts or unpublished
	faq    bool // the records being read are questions and answers
}

// titleKeys and bodyKeys are the names writers give an article's title
// and body, in order of preference; a field is chosen by what it holds
// when no key names it.
var (
	titleKeys = []string{"title", "name", "question", "q", "heading", "headline", "subject", "label", "item", "term"}
	bodyKeys  = []string{"body", "answer", "a", "content", "text", "description", "html", "body_html", "bodyhtml", "summary", "details", "response", "message"}
	groupKeys = []string{"section", "category", "topic", "group", "collection", "folder", "area"}
)

// normKey folds a key for comparison: lower case, no separators.
func normKey(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// keyIn reports whether k, folded by normKey, is in set (a foldedSet).
func keyIn(k string, set map[string]bool) bool { return set[normKey(k)] }

// foldedSet folds keys by normKey once, when the package loads, so that
// a look-up in the per-field checks folds only the key looked up.
func foldedSet(keys ...string) map[string]bool {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[normKey(k)] = true
	}
	return set
}

var (
	titleSet    = foldedSet(titleKeys...)
	bodySet     = foldedSet(bodyKeys...)
	groupSet    = foldedSet(groupKeys...)
	metaSet     = foldedSet(metaKeys...)
	questionSet = foldedSet("question", "q")
)

var (
	isoTime   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)
	uuidLike  = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)
	htmlTag   = regexp.MustCompile(`(?i)</?(p|br|div|span|ul|ol|li|strong|b|em|i|a|h[1-6]|table|tr|td|th|blockquote|img|hr)\b[^>]*>`)
	htmlPiece = regexp.MustCompile(`&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);`)
	camelAt   = regexp.MustCompile(`[a-z](At|On|Id|ID|Ids|IDs)$`)
)

// metaKeys name bookkeeping fields: never searched as words.
var metaKeys = []string{
	"id", "ids", "uuid", "guid", "oid", "_id", "key", "slug", "handle", "url", "href", "uri", "permalink", "link", "path",
	"locale", "lang", "language", "version", "revision", "rev", "etag", "hash", "checksum", "position", "order", "sort", "sortorder", "rank", "weight", "index",
	"created", "updated", "modified", "published", "deleted", "exported", "timestamp", "lastmodified", "lastupdated", "date_modified", "datemodified", "datecreated",
	"author", "authorid", "owner", "editor", "views", "votes", "helpful", "helpfulcount", "viewcount", "likes",
	"template", "layout", "icon", "image", "thumbnail", "color", "colour",
	"featured", "pinned", "promoted", "sticky", "locked", "commentsdisabled", "external", "export", "source", "schema", "type", "kind", "format", "encoding",
}

// metaKey reports a key whose value is bookkeeping wherever it appears:
// ids ("id", "author_id", "categoryId"), times ("updated_at",
// "createdAt"), slugs, URLs and display settings.
func metaKey(k string) bool {
	if keyIn(k, metaSet) {
		return true
	}
	l := strings.ToLower(k)
	for _, suf := range []string{"_id", "-id", "_ids", "_at", "-at", "_on", "_url", "_slug", "_path", "_uuid"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	return camelAt.MatchString(k) || strings.Contains(l, "timestamp")
}

// metaValue reports a scalar that is bookkeeping by what it holds: a
// timestamp with a time of day, a UUID, a URL.
func metaValue(s string) bool {
	return isoTime.MatchString(s) || uuidLike.MatchString(s) ||
		strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// wordless reports a string that has no spaces and is not a word a
// customer would type: an identifier ("helpdesk_articles"), a host name
// ("help.example.com"), a locale ("en-CA"). A container's scalars that
// are wordless describe the export, not the café.
func wordless(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return false
	}
	return strings.ContainsAny(s, "_./-:") || strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// draftStates are the values of a status field that keep a record out.
var draftStates = map[string]bool{
	"draft": true, "unpublished": true, "archived": true, "deleted": true, "hidden": true,
	"trash": true, "trashed": true, "private": true, "retired": true, "inactive": true, "disabled": true,
}

// The state fields, folded by normKey: a true hiddenWhenTrue flag, a
// false hiddenWhenFalse one or a statusKeys value among draftStates keeps
// a record out (unpublished), and none of them is ever text (flagKey).
var (
	hiddenWhenTrue  = foldedSet("draft", "isdraft", "hidden", "ishidden", "archived", "isarchived", "deleted", "isdeleted", "private", "isprivate")
	hiddenWhenFalse = foldedSet("published", "ispublished", "visible", "isvisible", "active", "isactive", "enabled", "live", "islive", "public", "ispublic")
	statusKeys      = foldedSet("status", "state", "visibility", "publishstatus", "publicationstatus", "workflowstate")
)

// unpublished reports a record its own fields mark as not for readers: a
// draft, an unpublished, hidden, archived or deleted one.
func unpublished(obj []field) bool {
	for _, f := range obj {
		k := normKey(f.key)
		switch v := f.val.(type) {
		case bool:
			if v && hiddenWhenTrue[k] || !v && hiddenWhenFalse[k] {
				return true
			}
		case string:
			if statusKeys[k] && draftStates[strings.ToLower(strings.TrimSpace(v))] {
				return true
			}
		}
	}
	return false
}

// flagKey reports a boolean field that describes the record's state
// rather than the café (draft, published, featured): such a field
// decides whether the record is read, and is never text.
func flagKey(k string) bool {
	k = normKey(k)
	return hiddenWhenTrue[k] || hiddenWhenFalse[k] || statusKeys[k]
}

// skipField reports a field left out of a record's text: bookkeeping by
// its key or its value, or a state flag.
func skipField(f field) bool {
	if metaKey(f.key) || flagKey(f.key) {
		return true
	}
	if s, ok := f.val.(string); ok && metaValue(strings.TrimSpace(s)) {
		return true
	}
	return false
}

// skipFields runs skipField over obj's fields once, for the several passes
// object makes over them.
func skipFields(obj []field) []bool {
	out := make([]bool, len(obj))
	for i, f := range obj {
		out[i] = skipField(f)
	}
	return out
}

// titleLike reports a string that can head a section: one line, short,
// at most one sentence, with a letter in it.
func titleLike(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "\n") || utf8.RuneCountInString(s) > 150 || metaValue(s) {
		return false
	}
	if strings.IndexFunc(s, unicode.IsLetter) < 0 || htmlTag.MatchString(s) {
		return false
	}
	inner := strings.TrimRight(s, ".!?")
	return !strings.Contains(inner, ". ") && !strings.Contains(inner, "? ") && !strings.Contains(inner, "! ")
}

// shortLine reports a string a field named as a title can head a
// section with: one line of text, not too long ("I forgot to scan. Can I
// still get my points?" is a title when the field says so).
func shortLine(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.Contains(s, "\n") && utf8.RuneCountInString(s) <= 200 &&
		strings.IndexFunc(s, unicode.IsLetter) >= 0 && !metaValue(s)
}

// bodyLike reports a string that is running text: several sentences,
// several lines, markup, or simply long.
func bodyLike(s string) bool {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 150 || strings.Contains(s, "\n") || htmlTag.MatchString(s) {
		return true
	}
	inner := strings.TrimRight(s, ".!?")
	return strings.Count(inner, ". ")+strings.Count(inner, "? ")+strings.Count(inner, "! ") >= 1
}

// plainText reads a JSON string as the text its writer saw: HTML in it
// is rendered (paragraphs, lists and tables kept, tags gone), entities
// are decoded, and surrounding space is trimmed.
func plainText(s string) string {
	s = strings.TrimSpace(s)
	if htmlTag.MatchString(s) {
		return htmlFragmentText(s)
	}
	if htmlPiece.MatchString(s) {
		s = html.UnescapeString(s)
	}
	return s
}

// htmlFragmentText renders an HTML fragment as text, its headings as
// lines of their own.
func htmlFragmentText(s string) string {
	d, err := parseHTML(s, limits{blocks: DefaultMaxChunks})
	if err != nil {
		return collapse(html.UnescapeString(htmlTag.ReplaceAllString(s, " ")))
	}
	var parts []string
	last := ""
	for _, b := range d.blocks {
		if b.section != last && b.section != "" {
			names := strings.Split(b.section, " > ")
			parts = append(parts, names[len(names)-1])
		}
		last = b.section
		parts = append(parts, b.text)
	}
	return strings.Join(parts, "\n\n")
}

// pick returns the index of the field named by the first of keys that
// satisfies ok, or -1.
func pick(obj []field, keys []string, ok func(string) bool) int {
	for _, want := range keys {
		want = normKey(want)
		for i, f := range obj {
			if s, isStr := f.val.(string); isStr && normKey(f.key) == want && ok(s) {
				return i
			}
		}
	}
	return -1
}

// records reads an array's objects: fields that repeat across them with
// one short value (an article's section) head them as a group; each
// object is then read as an article, a container or a data record.
func (r *jsonRender) records(objs [][]field, path []string, first int) {
	groups := groupFields(objs)
	saved := r.faq
	defer func() { r.faq = saved }()
	r.faq = questions(objs)
	for i, obj := range objs {
		if r.doc.more {
			return
		}
		p := path
		for _, f := range obj {
			if groups[f.key] {
				if s, _ := jsonScalar(f.val); s != "" {
					p = append(p[:len(p):len(p)], collapse(s))
				}
			}
		}
		r.object(obj, p, groups, first+i)
	}
}

// readRecords renders a top-level array of records (a JSON array, a
// JSONL file) into doc, with the note of what it left out.
func readRecords(doc *parsed, lim limits, objs [][]field) {
	r := jsonRender{doc: doc, lim: lim}
	r.records(objs, nil, 1)
	r.note()
}

// groupFields finds the keys that group an array's objects: a short
// title-like string that several objects share while others differ (a
// category), or a key writers use for one ("section", "category").
func groupFields(objs [][]field) map[string]bool {
	if len(objs) < 2 {
		return nil
	}
	values := map[string]map[string]int{}
	articles := false
	for _, obj := range objs {
		for _, f := range obj {
			s, ok := f.val.(string)
			articles = articles || (ok && bodyLike(s))
			if !ok || !titleLike(s) || skipField(f) || keyIn(f.key, titleSet) || keyIn(f.key, bodySet) {
				continue
			}
			if values[f.key] == nil {
				values[f.key] = map[string]int{}
			}
			values[f.key][collapse(s)]++
		}
	}
	out := map[string]bool{}
	for k, vs := range values {
		n := 0
		for _, c := range vs {
			n += c
		}
		// A key writers use for a category groups wherever it is given;
		// another groups when every object has it and its values are
		// few and shared (not one for all, which says nothing of each).
		// Only articles group by a shared value: in data rows (a menu's
		// sizes) a repeated value is just a value.
		if keyIn(k, groupSet) || (articles && n == len(objs) && len(vs) > 1 && 2*len(vs) <= n) {
			out[k] = true
		}
	}
	return out
}

// questions reports an array whose titles are mostly questions: a help
// centre's FAQ, whose articles read as questions and answers even where
// one is titled "My drink was wrong".
func questions(objs [][]field) bool {
	n, q := 0, 0
	for _, obj := range objs {
		ti := pick(obj, titleKeys, shortLine)
		if ti < 0 {
			continue
		}
		n++
		if strings.HasSuffix(strings.TrimSpace(obj[ti].val.(string)), "?") {
			q++
		}
	}
	return n >= 2 && 2*q >= n
}

// children returns the fields of obj that hold records: arrays of
// objects, or objects whose every value is an object (records keyed by
// id).
func children(obj []field) map[int][][]field {
	out := map[int][][]field{}
	for i, f := range obj {
		switch v := f.val.(type) {
		case []any:
			var objs [][]field
			for _, e := range v {
				if o, ok := e.([]field); ok {
					objs = append(objs, o)
				}
			}
			if len(objs) > 0 && len(objs) == len(v) {
				out[i] = objs
			}
		case []field:
			if len(v) < 2 {
				continue
			}
			var objs [][]field
			for _, e := range v {
				o, ok := e.val.([]field)
				if !ok {
					objs = nil
					break
				}
				objs = append(objs, o)
			}
			if objs != nil {
				out[i] = objs
			}
		}
	}
	return out
}

// splitKids keeps the lists of records that are read as records of their
// own: lists of articles (or of containers), or every list of a wrapper
// that says nothing itself but its title. A store's short list of staff
// stays in the store's own lines.
func (r *jsonRender) splitKids(obj []field, kids map[int][][]field, skip []bool) map[int][][]field {
	if len(kids) == 0 {
		return kids
	}
	own := 0
	for i, f := range obj {
		if _, isKid := kids[i]; isKid || skip[i] {
			continue
		}
		if s, ok := f.val.(string); ok && (shortLine(s) && keyIn(f.key, titleSet) || wordless(strings.TrimSpace(s))) {
			continue
		}
		own++
	}
	out := map[int][][]field{}
	for i, objs := range kids {
		if (own == 0 && len(objs) >= 2) || anyArticle(objs) {
			out[i] = objs
		}
	}
	return out
}

// anyArticle reports a list holding an article (a title and a body) or a
// list of records of its own.
func anyArticle(objs [][]field) bool {
	for _, o := range objs {
		ti := pick(o, titleKeys, shortLine)
		bi := pick(o, bodyKeys, func(s string) bool { return strings.TrimSpace(s) != "" })
		if ti >= 0 && bi >= 0 && ti != bi {
			return true
		}
		for _, f := range o {
			if s, ok := f.val.(string); ok && bodyLike(s) && ti >= 0 {
				return true
			}
		}
		if len(children(o)) > 0 {
			return true
		}
	}
	return false
}

// object reads one object under path: a container (it holds records)
// gives its own text as a block and then its records under its title; an
// article (a title and a body) gives one block; anything else is a data
// record in "key: value" lines.
func (r *jsonRender) object(obj []field, path []string, groups map[string]bool, n int) {
	if unpublished(obj) {
		r.drafts++
		return
	}
	skip := skipFields(obj)
	kids := r.splitKids(obj, children(obj), skip)
	ti := pick(obj, titleKeys, shortLine)
	if ti < 0 {
		// no key names the title: the first short title-like string
		for i, f := range obj {
			if s, ok := f.val.(string); ok && !skip[i] && !groups[f.key] && titleLike(s) && !keyIn(f.key, bodySet) && !wordless(strings.TrimSpace(s)) {
				if _, isKid := kids[i]; !isKid {
					ti = i
					break
				}
			}
		}
	}
	bi := pick(obj, bodyKeys, func(s string) bool { return strings.TrimSpace(s) != "" })
	if bi < 0 {
		for i, f := range obj {
			if s, ok := f.val.(string); ok && i != ti && !skip[i] && bodyLike(s) {
				bi = i
				break
			}
		}
	}
	if bi == ti {
		bi = -1
	}
	if len(kids) > 0 {
		r.container(obj, path, kids, ti, bi, groups, skip)
		return
	}
	if ti >= 0 && bi >= 0 {
		r.article(obj, path, ti, bi, groups, skip)
		return
	}
	r.data(obj, path, n, skip)
}

// container emits a container's own fields (not its records, not its
// bookkeeping) as one block, then reads its records under its title.
func (r *jsonRender) container(obj []field, path []string, kids map[int][][]field, ti, bi int, groups map[string]bool, skip []bool) {
	sub := path
	if ti >= 0 {
		s, _ := jsonScalar(obj[ti].val)
		sub = append(path[:len(path):len(path)], collapse(s))
	}
	var lines []string
	if bi >= 0 {
		s, _ := obj[bi].val.(string)
		lines = append(lines, plainText(s))
	}
	for i, f := range obj {
		if _, isKid := kids[i]; isKid || i == ti || i == bi || groups[f.key] || skip[i] {
			continue
		}
		if s, ok := f.val.(string); ok && wordless(strings.TrimSpace(s)) {
			// an export's own labels ("source": "help.example.com")
			continue
		}
		flattenContent(f.key, f.val, &lines)
	}
	if text := strings.TrimSpace(strings.Join(lines, "\n")); text != "" {
		label := strings.Join(sub, " > ")
		if label == "" {
			label = "record 1"
		}
		r.doc.add(r.lim, block{section: label, text: text})
	}
	for i := range obj {
		if objs, ok := kids[i]; ok {
			p := sub
			if ti < 0 && len(kids) > 1 {
				// two unnamed lists: their keys tell them apart
				p = append(sub[:len(sub):len(sub)], obj[i].key)
			}
			r.records(objs, p, 1)
		}
	}
}

// article emits a title-and-body record: its section is its title under
// its group, its text the title, the body read as text and its other
// content fields. A question and its answer (or any article of an FAQ)
// keep the "question:" and "answer:" labels FAQ records carry everywhere
// else, by which search knows an FAQ's restatement from a page.
func (r *jsonRender) article(obj []field, path []string, ti, bi int, groups map[string]bool, skip []bool) {
	title := collapse(plainText(obj[ti].val.(string)))
	body := plainText(obj[bi].val.(string))
	var lines []string
	if r.faq || keyIn(obj[ti].key, questionSet) {
		lines = append(lines, "question: "+title, "answer: "+body)
	} else {
		lines = append(lines, title, body)
	}
	for i, f := range obj {
		if i == ti || i == bi || groups[f.key] || skip[i] {
			continue
		}
		flattenContent(f.key, f.val, &lines)
	}
	section := strings.Join(append(path[:len(path):len(path)], title), " > ")
	r.doc.add(r.lim, block{section: section, text: strings.Join(lines, "\n")})
}

// data emits a record that is not an article as "key: value" lines,
// without its bookkeeping.
func (r *jsonRender) data(obj []field, path []string, n int, skip []bool) {
	var lines []string
	kept := make([]field, 0, len(obj))
	for i, f := range obj {
		// a data row's group stays in its text too: it is a column
		if skip[i] {
			continue
		}
		kept = append(kept, f)
		flattenContent(f.key, f.val, &lines)
	}
	if len(lines) == 0 {
		return
	}
	label := recordLabel(kept, n)
	if len(path) > 0 {
		label = strings.Join(path, " > ") + " > " + label
	}
	r.doc.add(r.lim, block{section: label, text: strings.Join(lines, "\n")})
}

// flattenContent is flatten without bookkeeping fields at any depth and
// with strings read as text (HTML rendered).
func flattenContent(prefix string, v any, lines *[]string) {
	switch v := v.(type) {
	case []field:
		for _, f := range v {
			if skipField(f) {
				continue
			}
			key := f.key
			if prefix != "" {
				key = prefix + "." + f.key
			}
			flattenContent(key, f.val, lines)
		}
	case []any:
		var scalars []string
		for _, e := range v {
			s, ok := jsonScalar(e)
			if !ok {
				scalars = nil
				break
			}
			if s != "" {
				scalars = append(scalars, plainText(s))
			}
		}
		if len(scalars) > 0 || len(v) == 0 {
			if len(scalars) > 0 {
				*lines = append(*lines, label(prefix, strings.Join(scalars, ", ")))
			}
			return
		}
		for i, e := range v {
			flattenContent(fmt.Sprintf("%s[%d]", prefix, i+1), e, lines)
		}
	case string:
		if s := plainText(v); s != "" {
			*lines = append(*lines, label(prefix, s))
		}
	default:
		if s, _ := jsonScalar(v); s != "" {
			*lines = append(*lines, label(prefix, s))
		}
	}
}

// note records what reading the export left out.
func (r *jsonRender) note() {
	if r.drafts > 0 {
		r.doc.notes = append(r.doc.notes, fmt.Sprintf("%d %s marked draft, unpublished, hidden or archived: not indexed", r.drafts, plural(r.drafts, "record", "records")))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
