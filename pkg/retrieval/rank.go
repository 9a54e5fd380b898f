package retrieval

import (
	"math"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// Question-type cues: a question asking for a clock time, a price or a
// duration ranks the passages that hold one a little higher, so "when
// does riverside close on friday" prefers the hours table to a paragraph
// about the campus, "how much is the loft" a passage with an amount in
// it, and "how long can i park" one that says "90 minutes".
const (
	clockBoost    = 1.2
	priceBoost    = 1.1
	durationBoost = 1.15
)

// Chunk features, derived from the text when a snapshot is built.
const (
	featClock    uint8 = 1 << iota // two or more clock times ("7:00 am")
	featPrice                      // a money amount ("$4.85", "price: 4.85")
	featDuration                   // a length of time ("30 days", "2 hours")
	featDates                      // two or more calendar dates ("Thu 24 Dec", "17 March")
)

// datesBoost is the factor for a chunk listing dates when the question
// names a holiday or a date: "open on paddy's day at the big shop" wants
// the holiday table's row, not the shop's usual hours. Hit@1 over the two
// cafés' tune halves (110 questions) and the bundled tuned sets: 1.0 and
// 1.15, 1.3, 1.5 differ by one Bramble question, gained; with three dates
// needed instead of two, Kettlewick lost a store's own "| 1 Jan |" row.
const datesBoost = 1.3

// chunkFeatures returns the feature bits of a chunk's text.
func chunkFeatures(text string) uint8 {
	var f uint8
	if countClockTimes(text) >= 2 {
		f |= featClock
	}
	if hasPrice(text) {
		f |= featPrice
	}
	if hasDuration(text) {
		f |= featDuration
	}
	if countDates(text) >= 2 {
		f |= featDates
	}
	return f
}

// countDates counts day-of-month dates: a number of at most 31 next to a
// month's name ("24 Dec", "December 24", "1st Jan").
func countDates(s string) int {
	ws := rawWords(s)
	n := 0
	for i := range ws {
		if dateAt(ws, i) {
			n++
		}
	}
	return n
}

// dateAt reports whether ws[i] is a month's name with a day of the month
// on either side of it.
func dateAt(ws []string, i int) bool {
	return analysis.IsMonth(ws[i]) && (i > 0 && analysis.IsDayOfMonth(ws[i-1]) || i+1 < len(ws) && analysis.IsDayOfMonth(ws[i+1]))
}

// holidayWords name a day of the year by its holiday.
var holidayWords = map[string]bool{"christmas": true, "xmas": true, "boxing": true, "stephens": true, "stephen's": true,
	"patricks": true, "patrick's": true, "paddys": true, "paddy's": true, "easter": true, "nye": true, "nyd": true,
	"thanksgiving": true, "halloween": true, "hanukkah": true, "diwali": true, "eid": true, "brigid's": true, "brigids": true}

// durationUnits are the words that make a number a length of time.
var durationUnits = map[string]bool{"minute": true, "minutes": true, "min": true, "mins": true, "hour": true, "hours": true,
	"day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true}

// rateWords between a number and a unit of time make a rate ("$3 per
// hour"), not a length of time.
var rateWords = map[string]bool{"per": true, "a": true, "an": true, "each": true, "every": true}

// hasDuration reports a number followed by a unit of time, directly or
// after one word ("30 days", "2 hours", "5 business days"; "5 to 10
// minutes" counts through its last number).
func hasDuration(s string) bool {
	ws := rawWords(s)
	for i, w := range ws {
		if !isNumber(w) {
			continue
		}
		if i+1 < len(ws) && durationUnits[ws[i+1]] || i+2 < len(ws) && !isNumber(ws[i+1]) && !rateWords[ws[i+1]] && durationUnits[ws[i+2]] {
			return true
		}
	}
	return false
}

// countClockTimes counts times of day such as "7:00 am", "6 pm", "noon".
func countClockTimes(s string) int {
	n := strings.Count(strings.ToLower(s), "noon")
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || (i > 0 && isDigitOrColon(s[i-1])) {
			continue
		}
		j := i
		for j < len(s) && isDigitOrColon(s[j]) {
			j++
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k+1 < len(s) && (s[k] == 'a' || s[k] == 'p' || s[k] == 'A' || s[k] == 'P') && (s[k+1] == 'm' || s[k+1] == 'M') &&
			(k+2 == len(s) || !isLetter(s[k+2])) || is24Hour(s[i:j]) {
			n++
		}
		i = j
	}
	return n
}

// is24Hour reports a time on the 24-hour clock ("06:30", "21:00", "9:15"):
// hours and two-digit minutes in range. Cafés outside the US write their
// hours this way, with no am or pm after them.
func is24Hour(s string) bool {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 || strings.Contains(m, ":") {
		return false
	}
	hh := int(h[0] - '0')
	if len(h) == 2 {
		hh = hh*10 + int(h[1]-'0')
	}
	return hh <= 24 && m[0] <= '5'
}

func isDigitOrColon(c byte) bool { return c >= '0' && c <= '9' || c == ':' }
func isLetter(c byte) bool       { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// currencySigns are the signs written before an amount.
var currencySigns = []string{"$", "£", "€"}

// hasPrice reports a money amount: a currency sign before a digit ("$4.85",
// "£12.85", "€3"), or a CSV price column.
func hasPrice(s string) bool {
	for _, sign := range currencySigns {
		for i := strings.Index(s, sign); i >= 0; {
			i += len(sign)
			if i < len(s) && s[i] >= '0' && s[i] <= '9' {
				return true
			}
			j := strings.Index(s[i:], sign)
			if j < 0 {
				break
			}
			i += j
		}
	}
	return strings.Contains(s, "price: ")
}

// clockWords and priceWords mark a question asking for a time of day or a
// price; clockPairs and pricePairs are two-word cues.
var (
	clockWords = map[string]bool{"hours": true, "hrs": true, "open": true, "opens": true, "opening": true,
		"close": true, "closes": true, "closing": true, "shut": true, "shuts": true}
	clockPairs = [][2]string{{"what", "time"}, {"how", "late"}, {"how", "early"}, {"until", "when"}, {"til", "when"}}
	priceWords = map[string]bool{"price": true, "prices": true, "cost": true, "costs": true, "fee": true, "fees": true,
		"charge": true, "upcharge": true, "surcharge": true, "expensive": true, "cheap": true}
	pricePairs    = [][2]string{{"how", "much"}}
	durationPairs = [][2]string{{"how", "long"}}
)

// questionCues returns the feature bits the question asks for.
func questionCues(ws []string) uint8 {
	var f uint8
	for i, w := range ws {
		if clockWords[w] {
			f |= featClock
		}
		if holidayWords[w] || dateAt(ws, i) ||
			w == "bank" && i+1 < len(ws) && strings.HasPrefix(ws[i+1], "hol") || w == "new" && i+1 < len(ws) && (ws[i+1] == "year" || ws[i+1] == "years" || ws[i+1] == "year's") {
			f |= featDates
		}
		if priceWords[w] || strings.HasPrefix(w, "$") {
			f |= featPrice
		}
		if i+1 < len(ws) {
			pair := [2]string{w, ws[i+1]}
			if slices.Contains(clockPairs, pair) {
				f |= featClock
			}
			if slices.Contains(pricePairs, pair) {
				f |= featPrice
			}
			if slices.Contains(durationPairs, pair) {
				f |= featDuration
			}
		}
	}
	return f
}

// cueBoost is the factor a chunk with features feat gets for a question
// asking for cues.
func cueBoost(cues, feat uint8) float64 {
	b := 1.0
	if cues&feat&featClock != 0 {
		b *= clockBoost
	}
	if cues&feat&featPrice != 0 {
		b *= priceBoost
	}
	if cues&feat&featDuration != 0 {
		b *= durationBoost
	}
	if cues&feat&featDates != 0 {
		b *= datesBoost
	}
	return b
}

// typoMinLen is the shortest query word spelling correction is tried on:
// shorter words have too many neighbours one edit away.
const typoMinLen = 5

// correct returns the indexed term closest to an unknown query term w
// (one edit for words up to 7 letters, two for longer ones, the first
// letter kept), preferring the most frequent; "" when there is none.
// Only words the index has never seen are corrected, so a search whose
// words are all known costs nothing extra.
func (lx *lexicon) correct(w string) string {
	// Words with digits are sizes, prices and codes: "20oz" is not a typo
	// for "10oz".
	if len(w) < typoMinLen || strings.ContainsAny(w, "0123456789") {
		return ""
	}
	maxD := 1
	if len(w) >= 8 {
		maxD = 2
	}
	lx.sortOnce.Do(func() {
		lx.sorted = make([]string, 0, len(lx.ids))
		for t := range lx.ids {
			lx.sorted = append(lx.sorted, t)
		}
		slices.Sort(lx.sorted)
	})
	// The candidates share w's first letter: one run of the sorted list.
	lo, _ := slices.BinarySearch(lx.sorted, w[:1])
	best, bestD, bestDF := "", maxD+1, 0
	var rows editRows
	for _, t := range lx.sorted[lo:] {
		if t[0] != w[0] {
			break
		}
		if len(t) < typoMinLen-1 || absInt(len(t)-len(w)) > maxD {
			continue
		}
		d := rows.distance(w, t, maxD)
		if d > maxD {
			continue
		}
		df := len(lx.post[lx.ids[t]])
		if d < bestD || d == bestD && (df > bestDF || df == bestDF && t < best) {
			best, bestD, bestDF = t, d, df
		}
	}
	return best
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// max+1 once it is certain to exceed max.
func editDistance(a, b string, max int) int {
	var rows editRows
	return rows.distance(a, b, max)
}

// editRows are the three rows editDistance works in, kept between calls
// so scanning a vocabulary allocates once.
type editRows struct{ prev2, prev, cur []int }

func (r *editRows) distance(a, b string, max int) int {
	if cap(r.prev) < len(b)+1 {
		r.prev2, r.prev, r.cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev2, prev, cur := r.prev2[:len(b)+1], r.prev[:len(b)+1], r.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// introWeight scales the score of a document's opening chunk (the text
// under its title alone, before its first section) when the document has
// sections: it introduces what the sections answer ("We're hiring!"
// above the list of openings, a café's welcome paragraph above its
// parking), so a section matching as well should come first.
const introWeight = 0.85

// introChunks marks the opening chunks of documents with sections.
func introChunks(files []fileRec, chunks []chunk) []bool {
	out := make([]bool, len(chunks))
	for s := range fileChunks(files, chunks) {
		cs, off := s.chunks, s.off
		sectioned := false
		for i := range cs {
			if strings.Contains(cs[i].section, " > ") {
				sectioned = true
				break
			}
		}
		if sectioned {
			for i := range cs {
				out[off+i] = !strings.Contains(cs[i].section, " > ")
			}
		}
	}
	return out
}

// headingBoost multiplies the score of a chunk whose own heading the
// question asks about in full: "hot chocolate price" prefers the row
// "Hot Chocolate" to "Kids' Hot Chocolate", "vegan options" the section
// "Vegan" to the item "Vegan Breakfast Burrito".
const headingBoost = 1.2

// headingTerms returns each chunk's own heading (the last part of its
// section) as term ids, stop words left out; a heading is tokenised once
// however many chunks share it.
func headingTerms(lx *lexicon, chunks []chunk) [][]uint32 {
	out := make([][]uint32, len(chunks))
	seen := map[string][]uint32{}
	for i := range chunks {
		sec := chunks[i].section
		if j := strings.LastIndex(sec, " > "); j >= 0 {
			sec = sec[j+3:]
		}
		ids, ok := seen[sec]
		if !ok {
			for _, t := range tokens(sec) {
				if id, known := lx.ids[t]; known && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			seen[sec] = ids
		}
		out[i] = ids
	}
	return out
}

// headingAsked reports whether every term of heading is among the
// query's terms (any way of saying them), and one of them is not the
// name of the location the question named (every "> Harbour Street"
// section would match "harbour street parking" otherwise).
func headingAsked(heading []uint32, q lexQuery, place []uint32) bool {
	topic := false
	for _, id := range heading {
		if slices.Contains(place, id) {
			continue
		}
		topic = true
		found := false
		for _, t := range q.terms {
			if t.id == id {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return topic
}

// faqChunks marks each chunk that is an FAQ answer: a JSON or CSV record
// with question and answer fields, or a chunk of a document named faq.
func faqChunks(chunks []chunk) []bool {
	out := make([]bool, len(chunks))
	for i := range chunks {
		c := &chunks[i]
		base := strings.ToLower(path.Base(c.source))
		out[i] = strings.HasPrefix(c.text, "question: ") || strings.HasPrefix(base, "faq") ||
			strings.Contains(base, "-faq") || strings.Contains(base, "_faq")
	}
	return out
}

// staffWeight scales the score of a chunk of a document for staff
// (staffDoc: under a staff folder such as staff/ or internal/, or with a
// file name, title or opening line marked staff only; marked at ingest),
// except a scoped store's own page that is no staff-only one (staffOnly,
// locations.go): handover notes and till guides mention every
// store, date and item in passing, and for a customer's question the
// policy or store page that a note points at is the passage to answer from.
// A staff page that alone answers (the till guide on cheques) still comes
// first. Kettlewick's tune half, hit@1 of 60 (with the other changes of
// the round): 1.0 50, 0.5 50, 0.4 51, 0.3 51; the bundled sets have no
// staff folder.
const staffWeight = 0.4

// staffFolders are the folder names that hold documents for staff, not
// customers, as folderKey spells them ("Staff Only" is "staff-only").
var staffFolders = map[string]bool{"staff": true, "internal": true, "team": true, "ops": true, "operations": true,
	"admin": true, "private": true, "handover": true, "handovers": true, "rota": true, "rotas": true, "hr": true,
	"training": true, "staff-only": true, "back-office": true, "staff-use-only": true, "confidential": true,
	"for-staff": true}

// folderKey spells a folder name as staffFolders does: lower case, with
// spaces and underscores as hyphens.
func folderKey(name string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' {
			return '-'
		}
		return r
	}, strings.ToLower(name))
}

// staffOpening is how much of a document's first chunk staffDoc reads
// for a "STAFF ONLY" line: the banner a cheat sheet opens with.
const staffOpening = 200

// staffNouns after "staff" name a document written for staff ("staff
// troubleshooting guide", "staff-notes-pos.txt"), not one about them
// ("staff-discount.md", "staff picks").
var staffNouns = map[string]bool{"only": true, "notes": true, "guide": true, "handbook": true, "troubleshooting": true,
	"cheatsheet": true, "manual": true, "procedure": true}

// staffMarked reports words that mark a document as for staff alone:
// "staff only" (a word or two apart: "STAFF / CUSTOMER CARE ONLY"), a
// staff noun after "staff", "for [our|hq] staff", and, when strong is
// set (a file name or a title, not body text), "internal" or
// "confidential".
func staffMarked(ws []string, strong bool) bool {
	for i, w := range ws {
		if strong && (w == "internal" || w == "confidential") {
			return true
		}
		if w != "staff" {
			continue
		}
		if i+1 < len(ws) && staffNouns[ws[i+1]] || slices.Contains(ws[i+1:min(len(ws), i+4)], "only") {
			return true
		}
		if strong && slices.Contains(ws[max(0, i-3):i], "for") {
			return true
		}
	}
	return false
}

// lowerWords splits s into its lower-case runs of letters.
func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// staffDoc reports a document for staff alone, from its first chunk: a
// folder of staffFolders on its path, or its file name, its title (the
// first part of the section path) or its opening line marked as staff
// only (staffMarked). Shared drives put such pages beside the customer
// ones ("IT/staff-notes-pos-and-wifi.txt", "Franchise/… (for our
// staff).md", a title "App known issues (STAFF ONLY)").
func staffDoc(first *chunk) bool {
	for dir := path.Dir(first.source); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if staffFolders[folderKey(path.Base(dir))] {
			return true
		}
	}
	title, _, _ := strings.Cut(first.section, " > ")
	opening := first.text[:min(len(first.text), staffOpening)]
	return staffMarked(lowerWords(path.Base(first.source)), true) || staffMarked(lowerWords(title), true) ||
		staffMarked(lowerWords(opening), false)
}

// staffChunks marks the chunks of documents for staff alone (staffDoc,
// read from each document's first chunk).
func staffChunks(chunks []chunk) []bool {
	out := make([]bool, len(chunks))
	docs := map[string]bool{}
	for i := range chunks {
		c := &chunks[i]
		staff, seen := docs[c.source]
		if !seen {
			staff = staffDoc(c)
			docs[c.source] = staff
		}
		out[i] = staff
	}
	return out
}

// staleWeight scales the score of a chunk of a stale document: one dated
// by its path ("news/2024-10-club-coming.md"), its front matter
// ("updated: 2024-03-01") or a stamp in its opening lines ("Updated March
// 2024") to before the newest year of its kind of page (stale.go; the
// marks are derived at ingest). A 2024 launch post ("redeeming is coming
// soon") still uses the words of the question, and the current page is
// the one to answer from. Hit@1 / hit@3 over the six dev cafés' tune
// halves (465 questions), with the rest of ranking round 8, when only a
// path dated a page: 1.0, 0.85 and 0.7 358 / 422, 0.5 359 / 424
// (Saltbush's 2024 launch post yielding twice, nothing lost), 0.3 the
// same as 0.5. The bundled knowledge base names one year.
const staleWeight = 0.5

// faqAskedBoost multiplies the score of an FAQ answer whose question (its
// heading) holds at least faqAskedShare of the query's IDF mass: FAQ
// answers count faqWeight because an FAQ restates a page, but when its
// question is the customer's ("How do I delete my account?" for "how do
// i delete my gallan account") it is the answer. Over the six dev cafés'
// tune halves and the bundled tuned sets (854 questions), hit@1 / hit@3
// 672 / 793 without it; share 0.4: boost 1.2 675 / 793, 1.43 676 / 793,
// each losing one at hit@3 on the tuned sets; 0.6: 1.2 and 1.43 676 /
// 793 (the two account deletions, "is there decaf", "do you have ice
// cream" won), 1.2 kept as the milder; 0.8: 675 / 793.
const (
	faqAskedBoost = 1.2
	faqAskedShare = 0.6
)

// csvRowWeight scales the score of a row of a CSV file (a menu's, a
// price list's, a register's) among the best hits. A row is a short
// record whose heading is its item, so BM25's length normalisation puts
// it above the page that answers in sentences: "what flavours of
// milkshake do you do" took the menu CSV's milkshake row (price,
// allergens) over the menu page's "Milkshake (vanilla, chocolate,
// strawberry)", "i have celiac, is the gf banana bread safe" the row over
// the allergen page. A row still answers when the pages do not (a
// price, an item's allergens). Hit@1 / hit@3 over the ten dev cafés'
// tune halves (838 questions) and the bundled tuned sets (389), ranking
// round 10, at 144522c: 1.0 606 / 737 and 317 / 370; 0.9 608 / 738, 320
// / 372; 0.85 608 / 737, 321 / 372; 0.8 609 / 738, 321 / 373; 0.7 606 /
// 736, 318 / 374; the same factor only when the question asks no price
// 607 / 739, 320 / 373. At d8d3bef (every store learned, front matter
// dates): 1.0 617 / 747; 0.9 617 / 749; 0.85 617 / 748; 0.8 619 / 749,
// 321 / 373, any answer 659 / 763 -> 657 / 764, no café half more than
// one question worse.
const csvRowWeight = 0.8

// csvRow reports a chunk of a CSV or TSV file: one row of it. It is the
// one test of a row for its indexed text (analyse), its segments
// (chunkSegments) and its weight; pkg/document reads no TSV file yet.
func csvRow(source string) bool {
	e := strings.ToLower(path.Ext(source))
	return e == ".csv" || e == ".tsv"
}

// rerankTop scales the best proximityDepth hits by what their terms alone
// do not say: a stale document's weight, a CSV row's, an FAQ answer whose
// question the customer asked, and the proximity of the matched words
// (rank_proximity.go); then it sorts the hits again.
func (st *state) rerankTop(q lexQuery, ranked []scored) {
	n := min(len(ranked), proximityDepth)
	if n < 2 {
		return
	}
	moved := false
	for i := range ranked[:n] {
		doc := ranked[i].doc
		if st.stale[doc] {
			ranked[i].score *= staleWeight
			moved = true
		}
		if csvRow(st.chunks[doc].source) {
			ranked[i].score *= csvRowWeight
			moved = true
		}
		if st.faqAsked(q, doc) {
			ranked[i].score *= faqAskedBoost
			moved = true
		}
		if p := st.proximity(q, doc); p < 1 {
			ranked[i].score *= math.Pow(p, proximityPower)
			moved = true
		}
	}
	if moved {
		slices.SortStableFunc(ranked, byScore)
	}
}

// faqAsked reports whether chunk doc is an FAQ answer whose own heading
// holds at least faqAskedShare of the query's IDF mass.
func (st *state) faqAsked(q lexQuery, doc int) bool {
	if !st.faq[doc] || q.totalIDF == 0 || len(st.head[doc]) == 0 {
		return false
	}
	head := st.head[doc]
	return coveredMass(q, func(id uint32) bool { return slices.Contains(head, id) }) >= faqAskedShare*q.totalIDF
}

// countBoost multiplies the score of a chunk among the best
// proximityDepth hits that gives a count of what a "how many" question
// asks about: a number next to the word ("24 seats, mostly stools" for
// "how many seats at the lane", "45 bossies" for "how many bossies do i
// need"), where another section of the page shares the question's words.
// Ranking round 11, the ten dev cafés' tune halves (838, hit@1 / hit@3
// strict, any answer in brackets), with ownYields: before 624 / 751 (663
// / 765); 1.2 625 / 752 (664 / 766); 1.3, 1.5 and 2 626 / 752 (665 /
// 766), 1.3 kept as the mildest; the bundled tuned sets 322 / 373 at
// each. 34 of the 1,674 dev questions ask "how many".
const countBoost = 1.3

// countedStems returns the stems of the words a question asks a count
// of: the two words after "how many".
func countedStems(query string) []string {
	ws := rawWords(query)
	var out []string
	for i := 0; i+2 < len(ws); i++ {
		if ws[i] == "how" && ws[i+1] == "many" {
			for _, w := range ws[i+2 : min(len(ws), i+4)] {
				out = append(out, tokens(w)...)
			}
		}
	}
	return out
}

// countNear reports a number in text within two words of one of stems;
// a time ("3pm") or a size ("16oz") is no count.
func countNear(text string, stems []string) bool {
	ws := rawWords(text)
	for i, w := range ws {
		if !isNumber(w) {
			continue
		}
		for _, v := range ws[max(0, i-2):min(len(ws), i+3)] {
			if v == w {
				continue
			}
			for _, t := range tokens(v) {
				if slices.Contains(stems, t) {
					return true
				}
			}
		}
	}
	return false
}

// boostCounted multiplies by countBoost those of the best proximityDepth
// hits that give a count of what the question asks how many of, and
// sorts the hits again.
func (st *state) boostCounted(query string, ranked []scored) {
	stems := countedStems(query)
	if len(stems) == 0 {
		return
	}
	moved := false
	for i := range ranked[:min(len(ranked), proximityDepth)] {
		if countNear(st.chunks[ranked[i].doc].text, stems) {
			ranked[i].score *= countBoost
			moved = true
		}
	}
	if moved {
		slices.SortStableFunc(ranked, byScore)
	}
}
