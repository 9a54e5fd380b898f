package retrieval

import (
	"path"
	"strings"
)

// Stale pages. A page is dated by its path ("news/2024-10-club-coming.md",
// "holiday-schedule-2024-25.md"), else by its front matter ("updated:
// 2024-03-01", "last_reviewed:", "date:"), else by a stamp among its
// opening lines ("Updated March 2024", "(last updated 2024)"). It is
// stale when it is older than the newest year of its kind of page:
//
//   - dated by its path: the pages dated by their paths, as before this
//     file (ranking round 8 measured staleWeight with it): beside
//     "holiday-hours-2026-27.md" a 2026 page is current, a 2025 one is
//     not; a path names a year only on a page about that year;
//   - dated by its front matter: the pages of the same topic, one folder
//     and one file name once years and words such as "faq" or "old" are
//     left out ("kereru-club-faq.md" beside "kereru-club.md"). A site
//     stamps every page it saves, so a policy last saved in 2024 beside
//     pages saved in 2026 is unedited, not out of date: only a newer page
//     on its topic makes it stale;
//   - dated by a stamp in its opening lines: the pages of its folder. Such
//     a stamp is written by hand on a page that someone meant to keep
//     current ("Updated March 2024" on an old site's page kept for its
//     links), and a folder whose other pages are newer has moved on.
//
// A page dated by the day it was written rather than by the year it is
// about, a post whose path names its day ("2025-03-18-bring-your-own-cup")
// or a page stamped by hand, is stale only two years behind its kind
// (staleLag): a post, a policy "Effective 1 July 2025", a page "Last
// reviewed: March 2025" or "Updated 2025-03" is last year's edit of what
// is still in force beside this year's pages, where one dated 2024 beside
// them has been left behind (read by eye on thirteen cafés' pages).
//
// A page with no date is never stale, nor is one of a kind with no newer
// year. Whatever the kind, a page's year is the last it names ("2024-25"
// is 2025) and the kind's the first ("2026-27" makes 2026 the newest).
// The marks are derived data (derivationVersion), stored with the index.

// dateYears returns the first and the last year (2000-2099) that s names
// as numbers of their own: "2024-10-club" names 2024 (the 10 is a month),
// "12/08/2026" and "March 2024" their years, "2024-25" 2024 to 2025, and
// 0, 0 when s names none. It is the one date reader of paths, front
// matter values and stamps.
func dateYears(s string) (first, last int) {
	prevEnd, prev := -1, 0 // where the last year ended, and which it was
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && isDigit(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		n, y := s[i:j], 0
		switch {
		case len(n) == 4 && n[:2] == "20":
			y = 2000 + int(n[2]-'0')*10 + int(n[3]-'0')
		case len(n) == 2 && prev > 0 && prevEnd == i-1 && s[i-1] == '-' && 2000+int(n[0]-'0')*10+int(n[1]-'0') == prev+1:
			y = prev + 1 // the "25" of "2024-25", not the day of "2026-12-27"
		}
		if y > 0 {
			if first == 0 {
				first = y
			}
			first, last = min(first, y), max(last, y)
			prevEnd, prev = j, y
		}
		i = j
	}
	return first, last
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// stampWords open a line that dates its page, after markup such as "*",
// "(" or "_".
var stampWords = []string{"last updated", "updated", "last reviewed", "reviewed", "last revised", "revised", "effective"}

// stampReach is how far after its stamp word a line's year may be: a
// stamp is a word and a date ("Updated by Marco 03/08/2026"), where a
// sentence that happens to start with "updated" names its year later,
// if at all.
const stampReach = 32

// stampYears returns the years a dating stamp line names ("*Last updated:
// March 2024*", "(updated 2024)"), or 0, 0 for any other line.
func stampYears(line string) (first, last int) {
	l := strings.ToLower(strings.TrimLeft(line, " \t*_([#>-"))
	for _, w := range stampWords {
		rest, ok := strings.CutPrefix(l, w)
		if !ok || rest != "" && !strings.ContainsRune(" :\t", rune(rest[0])) {
			continue
		}
		return dateYears(rest[:min(len(rest), stampReach)])
	}
	return 0, 0
}

// openingLines is how many of a page's first non-empty lines are read for
// a stamp: a title, a line about the page, the stamp.
const openingLines = 4

// openingYears returns the years of the first stamp among the opening
// lines of text (a page's first chunk), or 0, 0.
func openingYears(text string) (first, last int) {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if f, l := stampYears(line); f > 0 {
			return f, l
		}
		if n++; n == openingLines {
			break
		}
	}
	return 0, 0
}

// staleLag is how many years behind its kind a page dated by its day of
// writing must be to be stale (see the top of this file).
const staleLag = 2

// pathDay reports whether source's file name dates it by a month or a
// day after its first year ("2025-03-18-cups.md", "2024-09-reno.md"), as
// a post is named for the day it went up, rather than by a year alone
// ("holiday-hours-2025.md", "faq-2024-25.md").
func pathDay(source string) bool {
	base := path.Base(source)
	for i := 0; i+7 <= len(base); i++ {
		if i > 0 && isDigit(base[i-1]) || base[i:i+2] != "20" || !isDigit(base[i+2]) || !isDigit(base[i+3]) {
			continue
		}
		if base[i+4] != '-' && base[i+4] != '_' || !isDigit(base[i+5]) || !isDigit(base[i+6]) || i+7 < len(base) && isDigit(base[i+7]) {
			return false
		}
		m := int(base[i+5]-'0')*10 + int(base[i+6]-'0')
		return m >= 1 && m <= 12
	}
	return false
}

// Ways a page is dated, in the order they are tried.
const (
	datedByPath = iota + 1
	datedByFrontMatter
	datedByStamp
)

// pageDate returns how a page is dated and the years its date names, from
// its path, its front matter's date value and its first chunk's text; how
// is 0 when nothing dates it.
func pageDate(source, frontMatter, firstText string) (how, first, last int) {
	if f, l := dateYears(source); f > 0 {
		return datedByPath, f, l
	}
	if f, l := dateYears(frontMatter); f > 0 {
		return datedByFrontMatter, f, l
	}
	if f, l := openingYears(firstText); f > 0 {
		return datedByStamp, f, l
	}
	return 0, 0, 0
}

// topicExtras are the words a page's file name may add to its topic's
// without changing it: "loyalty-faq-2024" is about loyalty.
var topicExtras = map[string]bool{
	"faq": true, "faqs": true, "old": true, "archive": true, "archived": true, "legacy": true,
	"previous": true, "copy": true, "draft": true, "new": true, "current": true, "latest": true,
}

// pageTopic is a page's folder and file name without its years, numbers
// and topicExtras, for comparing front matter dates.
func pageTopic(source string) string {
	base := strings.ToLower(strings.TrimSuffix(path.Base(source), path.Ext(source)))
	var ws []string
	for _, w := range rawWords(base) {
		if !topicExtras[w] && strings.Trim(w, "0123456789") != "" {
			ws = append(ws, w)
		}
	}
	return path.Dir(source) + "/" + strings.Join(ws, " ")
}

// staleChunks marks the chunks of stale pages (see the top of this file).
func staleChunks(files []fileRec, chunks []chunk) []bool {
	// page is a dated file: how, its last year, and what it is compared with.
	type page struct {
		span           fileSpan
		how, last, lag int
		topic, folder  string
	}
	var pages []page
	newestPath := 0
	newestTopic, newestFolder := map[string]int{}, map[string]int{}
	for s := range fileChunks(files, chunks) {
		text := ""
		if len(s.chunks) > 0 {
			text = s.chunks[0].text
		}
		how, first, last := pageDate(s.file.source, s.file.dated, text)
		if how == 0 {
			continue
		}
		p := page{span: s, how: how, last: last, lag: 1, topic: pageTopic(s.file.source), folder: path.Dir(s.file.source)}
		if how == datedByStamp || how == datedByPath && pathDay(s.file.source) {
			p.lag = staleLag
		}
		pages = append(pages, p)
		if how == datedByPath {
			newestPath = max(newestPath, first)
		}
		newestTopic[p.topic] = max(newestTopic[p.topic], first)
		newestFolder[p.folder] = max(newestFolder[p.folder], first)
	}
	out := make([]bool, len(chunks))
	for _, p := range pages {
		newest := newestPath
		switch p.how {
		case datedByFrontMatter:
			newest = newestTopic[p.topic]
		case datedByStamp:
			newest = newestFolder[p.folder]
		}
		if p.last <= newest-p.lag {
			for j := range p.span.chunks {
				out[p.span.off+j] = true
			}
		}
	}
	return out
}
