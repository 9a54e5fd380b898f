package retrieval

import (
	"container/heap"
	"math"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// BM25 parameters and field weights. k1 and b are Anserini's defaults,
// the ones its published BEIR BM25 baselines use: a chunk is already one
// section, so a long one is long because it lists many answers, and the
// milder length penalty (b 0.4 rather than Lucene's 0.75) stops a short
// passage that merely names a query word from beating it (from Lucene's
// 1.2 / 0.75, hit@3 on the tuned golden sets went from 90.1% to 90.7% and
// from 86.9% to 88.5%, hit@1 from 74.7% to 74.7% and from 73.0% to 75.4%).
// A word in the section heading counts sectionWeight times, a word of the
// file name sourceWeight times, so "Refund policy > Card payments" ranks a
// chunk for "card refund" even when its body only says "the original card".
const (
	bm25K1        = 0.9
	bm25B         = 0.4
	sectionWeight = 2
	titleWeight   = 1
	sourceWeight  = 1
)

type posting struct {
	doc uint32
	tf  uint32
}

// lexicon is the inverted index over all chunks of a snapshot.
type lexicon struct {
	ids   map[string]uint32
	post  [][]posting // by term id
	norm  []float32   // per chunk: k1·(1 − b + b·len/avgdl)
	avgdl float64

	// sorted lists the vocabulary in order, for spelling correction;
	// built on the first correction.
	sortOnce sync.Once
	sorted   []string

	// segs caches each chunk's segments for the proximity re-rank,
	// built the first time the chunk ranks near the top (see segmentsOf).
	segs []atomic.Pointer[chunkSegs]

	// probe, when set, is told of every look-up chunkSegments makes
	// (termID): encodeSegments learns from it whether a chunk's segments
	// read only the chunk's own terms.
	probe func(id uint32, ok bool)
}

// vocabBuilder assigns term ids while a snapshot is assembled.
type vocabBuilder struct {
	ids   map[string]uint32
	words []string
}

func newVocabBuilder(capacity int) *vocabBuilder {
	return &vocabBuilder{ids: make(map[string]uint32, capacity)}
}

func (v *vocabBuilder) id(w string) uint32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := uint32(len(v.words))
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// analyse returns the weighted term frequencies of a chunk and its length.
// The section's last heading counts sectionWeight times and the headings
// above it (the document title) titleWeight times: the title is shared by
// every chunk of a document, so it says less about one chunk. A CSV row's
// column names are indexed only where they say something about the row
// (see csvRowText).
func analyse(v *vocabBuilder, source, section, text string) ([]term, uint32) {
	tf := map[uint32]uint32{}
	var length uint32
	add := func(s string, weight uint32) {
		for _, t := range tokens(s) {
			tf[v.id(t)] += weight
			length += weight
		}
	}
	if csvRow(source) {
		text = csvRowText(text)
	}
	add(text, 1)
	heads := strings.Split(section, " > ")
	for i, h := range heads {
		if i == len(heads)-1 {
			add(h, sectionWeight)
		} else {
			add(h, titleWeight)
		}
	}
	// A chunk without headings (a plain-text file) has only its file name
	// to say what it is about, so the name weighs like a heading.
	nameWeight := uint32(sourceWeight)
	if strings.TrimSpace(section) == "" {
		nameWeight = sectionWeight
	}
	add(strings.TrimSuffix(path.Base(source), path.Ext(source)), nameWeight)
	terms := make([]term, 0, len(tf))
	for id, n := range tf {
		terms = append(terms, term{id: id, tf: n})
	}
	return terms, length
}

// csvRowText rewrites a CSV row chunk ("item: Latte; vegan: no; ...") for
// indexing: a yes/no column keeps its name only when the value is yes
// ("vegan: yes" → "vegan", "vegan: no" → nothing), so the word "vegan" in
// the header of every row does not make every row look vegan; other
// columns keep their names and values.
func csvRowText(text string) string {
	var b strings.Builder
	for _, f := range strings.Split(text, "; ") {
		name, val, ok := strings.Cut(f, ": ")
		if !ok || strings.ContainsAny(name, ",.") || len(name) > 40 {
			b.WriteString(f)
			b.WriteByte(' ')
			continue
		}
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "yes", "true", "y":
			b.WriteString(name)
		case "no", "false", "n":
		default:
			b.WriteString(f)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// queryFiller are words of questions that say nothing about the topic
// ("what's", "how many", "do u", "vegan options"): dropped from queries, on top of
// textnorm's stop words, so they neither rank nor count against coverage.
var queryFiller = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`whats hows wheres whens whos whys u ur r ya yall guys guy many much
		need needs want wanna get got tell know like one anything something thing things let lets ok okay
		im ive id youre cant wont option options choice choices cafe cafes
		yo hiya lol pls plz thx folks mate gonna gotta kinda sorta wondering wonder curious question quick
		actually really basically maybe possible possibly able`) {
		m[w] = true
	}
	return m
}()

// queryTokens stems a query's topical words.
func queryTokens(q string) []string { return queryStems(words(q)) }

// queryStems drops stop words and filler from ws and stems the rest.
func queryStems(ws []string) []string {
	var out []string
	lang := queryLang(ws)
	for i, w := range ws {
		if topical(lang, ws, i) {
			out = append(out, stem(langWord(lang, w)))
		}
	}
	return out
}

// topical reports whether ws[i] says something about the topic: not a
// stop word, not filler. lang is queryLang(ws), read once per question
// by the callers rather than once per word.
func topical(lang textnorm.Lang, ws []string, i int) bool {
	w := ws[i]
	if langOnly(lang, w) {
		// "thé" in a French question: no stop word there
		return true
	}
	if textnorm.IsStopWord(w) || queryFiller[w] || isLangStop(lang, w) {
		return false
	}
	// "how long" asks for a duration; "long" is not the topic.
	return w != "long" || i == 0 || ws[i-1] != "how"
}

// queryGroups turns a query's words, split by the synonym rules, into
// groups: each topical word alone (a day of the week or "weekday" with
// the words that cover it), and for a phrase a rule matched, the
// customer's stems and the documents' stems as two ways of saying one
// thing.
func queryGroups(ws, st []string, spans []synSpan) []qgroup {
	var out []qgroup
	lang := queryLang(ws)
	for _, sp := range spans {
		var from []string
		for i := sp.start; i < sp.end; i++ {
			if topical(lang, ws, i) {
				from = append(from, langStem(lang, ws[i], st[i]))
			}
		}
		if sp.rule != nil && langStopSpan(lang, ws, sp.start, sp.end) {
			continue
		}
		if sp.rule == nil {
			for _, t := range from {
				out = append(out, dayGroup(t))
			}
			continue
		}
		g := qgroup{{stems: from, weight: customerWeight}}
		for _, to := range sp.rule.toStems {
			switch {
			case len(to) == 0:
			case slices.Equal(from, to):
				g[0] = qalt{stems: from, weight: 1, own: true}
			default:
				g = append(g, qalt{stems: to, weight: 1, own: true})
			}
		}
		if len(from) == 0 {
			g = g[1:]
		}
		if len(g) == 1 {
			g[0].weight, g[0].own = 1, true
		}
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// dayCoverWeight is the share of its IDF a word counts when it stands for
// the day a customer named, or a day for the "weekday" they asked about:
// "open on a tuesday" meets "weekdays 8 am", "weekday parking" meets
// "Monday to Friday".
const dayCoverWeight = 0.7

// dayGroup returns the group of stem t: t alone, or for a day of the week
// or "weekday"/"weekend" t with the words that cover it.
func dayGroup(t string) qgroup {
	own := qalt{stems: []string{t}, weight: 1, own: true}
	var cover []string
	switch t {
	case "weekday":
		cover = days[:5]
	case "weekend":
		cover = days[5:]
	case "monday", "tuesday", "wednesday", "thursday", "friday":
		cover = []string{"weekday"}
	case "saturday", "sunday":
		cover = []string{"weekend"}
	default:
		return qgroup{own}
	}
	g := make(qgroup, 0, len(cover)+1)
	for _, c := range cover {
		g = append(g, qalt{stems: []string{stem(c)}, weight: dayCoverWeight})
	}
	return append(g, own)
}

func buildLexicon(vocab []string, chunks []chunk) *lexicon {
	lx := &lexicon{ids: make(map[string]uint32, len(vocab)), post: make([][]posting, len(vocab))}
	for i, w := range vocab {
		lx.ids[w] = uint32(i)
	}
	// Two passes so all postings live in one allocation.
	df := make([]int, len(vocab))
	total, sumLen := 0, 0.0
	for i := range chunks {
		for _, t := range chunks[i].terms {
			df[t.id]++
		}
		total += len(chunks[i].terms)
		sumLen += float64(chunks[i].length)
	}
	all := make([]posting, total)
	off := 0
	for id, n := range df {
		lx.post[id] = all[off : off : off+n]
		off += n
	}
	for i := range chunks {
		for _, t := range chunks[i].terms {
			lx.post[t.id] = append(lx.post[t.id], posting{doc: uint32(i), tf: t.tf})
		}
	}
	if len(chunks) > 0 {
		lx.avgdl = sumLen / float64(len(chunks))
	}
	lx.segs = make([]atomic.Pointer[chunkSegs], len(chunks))
	lx.norm = make([]float32, len(chunks))
	for i := range chunks {
		dl := 1.0
		if lx.avgdl > 0 {
			dl = float64(chunks[i].length) / lx.avgdl
		}
		lx.norm[i] = float32(bm25K1 * (1 - bm25B + bm25B*dl))
	}
	return lx
}

func (lx *lexicon) idf(df int) float64 {
	n := float64(len(lx.norm))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// lexHit is one chunk ranked by BM25.
type lexHit struct {
	doc   int
	score float64
}

// lexQuery is a query resolved against the vocabulary.
type lexQuery struct {
	// terms are grouped: the terms of one group, and within it of one
	// way of saying it, are adjacent.
	terms []qterm
	// groups holds, for each group, the IDF mass it counts in totalIDF.
	groups   []float64
	totalIDF float64 // includes words the index has never seen
	// own, when set, marks the chunks of the location the question
	// named: the words that named it count as covered in them, as the
	// page is that place even where its text does not say "the big shop".
	// placeIDF is those words' IDF mass; their terms have place set.
	own      func(doc int) bool
	placeIDF float64
}

type qterm struct {
	id   uint32
	post []posting
	idf  float64
	// group is the query group the term belongs to, alt the way of
	// saying it within the group.
	group, alt int
	place      bool // a word that named the location (see lexQuery.own)
}

// qgroup is one thing a query asks about, as each way of saying it: a
// word alone; after a synonym rule matched, the customer's words and then
// the documents' words; "weekday" and the days it stands for. The last
// way is the group's own; a chunk is scored by its best way.
type qgroup []qalt

// qalt is one way of saying a group's thing: stems and the share of
// their IDF they count. own marks the group's own words (the documents'
// words of a synonym rule, the day the customer named), which set how
// much the group counts.
type qalt struct {
	stems  []string
	weight float64
	own    bool
}

// customerWeight scales the IDF of the customer's own words in a group
// that a synonym rule added the documents' words to: a chunk that uses
// the customer's word still matches (another café's documents may say
// "medium" where these say "regular"), a little below the documents'
// usual word.
const customerWeight = 0.6

// singleGroups makes each stem a group of its own.
func singleGroups(stems []string) []qgroup {
	out := make([]qgroup, len(stems))
	for i, t := range stems {
		out[i] = qgroup{{stems: []string{t}, weight: 1, own: true}}
	}
	return out
}

// parse stems the query and looks its words up. Unknown words still count
// in totalIDF, at the highest IDF, so they lower coverage.
func (lx *lexicon) parse(query string) lexQuery { return lx.parseStems(queryTokens(query)) }

// parseStems looks up already stemmed query terms.
func (lx *lexicon) parseStems(stems []string) lexQuery { return lx.parseWeighted(stems, nil) }

// parseWeighted looks up already stemmed query terms, each counting
// weight[t] times its IDF (1 when absent). A word the index has never seen
// is replaced by its spelling correction, if any (see correct).
func (lx *lexicon) parseWeighted(stems []string, weight map[string]float64) lexQuery {
	return lx.parseGroups(singleGroups(stems), weight)
}

// parseGroups looks up the query's groups. A group counts in totalIDF
// with the IDF mass of one way of saying it (see qalt), so a customer's
// word the documents never use does not lower coverage when the
// synonym's word is there. A stem an earlier group took is not
// counted again. Spelling correction is tried only in a group with one
// way of saying it.
func (lx *lexicon) parseGroups(groups []qgroup, weight map[string]float64) lexQuery {
	var q lexQuery
	taken := map[string]bool{}
	for _, g := range groups {
		gi := len(q.groups)
		mass, level, any := 0.0, -1, false
		var used []string
		for ai, alt := range g {
			altMass, altKnown, n := 0.0, true, 0
			for k, t := range alt.stems {
				if taken[t] || slices.Contains(alt.stems[:k], t) {
					continue
				}
				id, ok := lx.ids[t]
				if !ok && len(g) == 1 {
					if c := lx.correct(t); c != "" && !taken[c] && !slices.Contains(alt.stems, c) {
						t, id, ok = c, lx.ids[c], true
					}
				}
				used = append(used, t)
				n++
				var post []posting
				if ok {
					post = lx.post[id]
				}
				idf := lx.idf(len(post))
				if w, ok := weight[t]; ok {
					idf *= w
				}
				idf *= alt.weight
				altMass += idf
				if len(post) == 0 {
					altKnown = false
					continue
				}
				q.terms = append(q.terms, qterm{id: id, post: post, idf: idf, group: gi, alt: ai})
			}
			if n == 0 {
				continue
			}
			any = true
			// The group's mass is its heaviest own way (the documents'
			// words) whose words the index all knows; else its heaviest
			// known way; else its heaviest.
			l := 0
			if altKnown {
				l = 1
				if alt.own {
					l = 2
				}
			}
			if l > level || l == level && altMass > mass {
				mass, level = altMass, l
			}
		}
		for _, t := range used {
			taken[t] = true
		}
		if !any {
			continue
		}
		q.groups = append(q.groups, mass)
		q.totalIDF += mass
	}
	return q
}

// coverage is the share of the query's IDF mass found among terms, in
// [0,1]: an absolute measure (a question whose rare words the index has
// never seen scores low however well its common words match), unlike the
// BM25 score, which only orders chunks within one query. A group counts
// its best way of saying it, at most the group's own mass.
func (lx *lexicon) coverage(q lexQuery, terms []term) float64 {
	if q.totalIDF == 0 {
		return 0
	}
	return math.Min(1, coveredMass(q, termsHave(terms))/q.totalIDF)
}

// termsHave returns whether a term id is among terms (a chunk's terms).
func termsHave(terms []term) func(id uint32) bool {
	return func(id uint32) bool {
		for _, t := range terms {
			if t.id == id {
				return true
			}
		}
		return false
	}
}

// coveredMass is the query's IDF mass that has finds: each group counts
// its best way of saying it, at most the group's own mass.
func coveredMass(q lexQuery, has func(id uint32) bool) float64 {
	var m float64
	for i := 0; i < len(q.terms); {
		g := q.terms[i].group
		best, cur, alt := 0.0, 0.0, q.terms[i].alt
		for ; i < len(q.terms) && q.terms[i].group == g; i++ {
			if q.terms[i].alt != alt {
				best, cur, alt = math.Max(best, cur), 0, q.terms[i].alt
			}
			if has(q.terms[i].id) {
				cur += q.terms[i].idf
			}
		}
		m += math.Min(math.Max(best, cur), q.groups[g])
	}
	return m
}

// accum is per-search scratch space, pooled so a search allocates little.
type accum struct {
	score   []float32
	matched []float32
	placed  []float32 // IDF mass of the location's words, when lexQuery.own is set
	touched []uint32
	// For a group with more than one way of saying it: one way's score
	// and mass (alt*), the best way's so far (grp*), and the chunks each
	// touched.
	altScore, altMatched, grpScore, grpMatched []float32
	altTouched, grpTouched                     []uint32
}

var accumPool sync.Pool

// search returns the best n chunks for q among those keep accepts (nil
// keeps all), best first, by BM25 × coverage.
func (lx *lexicon) search(q lexQuery, keep func(doc int) bool, n int) []lexHit {
	N := len(lx.norm)
	if N == 0 || n <= 0 || len(q.terms) == 0 {
		return nil
	}
	a, _ := accumPool.Get().(*accum)
	if a == nil || len(a.score) < N {
		a = &accum{score: make([]float32, N), matched: make([]float32, N)}
	}
	if q.own != nil && len(a.placed) < N {
		// Read for every touched chunk below, even when no query term is
		// one of the location's words.
		a.placed = make([]float32, N)
	}
	for i := 0; i < len(q.terms); {
		j := i + 1
		for j < len(q.terms) && q.terms[j].group == q.terms[i].group {
			j++
		}
		if q.terms[i].alt == q.terms[j-1].alt {
			for _, qt := range q.terms[i:j] {
				if qt.place && q.own != nil {
					lx.addTerm(qt, a.score, a.placed, &a.touched)
					continue
				}
				lx.addTerm(qt, a.score, a.matched, &a.touched)
			}
		} else {
			lx.addAlternatives(q.terms[i:j], float32(q.groups[q.terms[i].group]), a, N)
		}
		i = j
	}
	h := &hitHeap{}
	for _, d := range a.touched {
		doc := int(d)
		if keep == nil || keep(doc) {
			// BM25 times the query's IDF share the chunk covers (a
			// weighted form of Lucene's classic coord factor): on the
			// golden questions it lifts hit@1 from 70 to 73 of 76, because
			// a chunk matching one frequent word many times no longer
			// beats one matching the question's rare, telling word.
			m, bm := float64(a.matched[d]), float64(a.score[d])
			if q.own != nil {
				if q.own(doc) {
					m += q.placeIDF
					if a.placed[d] == 0 {
						bm += q.placeIDF * (bm25K1 + 1) / (1 + float64(lx.norm[d]))
					}
				} else {
					m += float64(a.placed[d])
				}
			}
			sc := bm * m / q.totalIDF
			h.offer(lexHit{doc: doc, score: sc}, n)
		}
		a.score[d], a.matched[d] = 0, 0
		if q.own != nil {
			a.placed[d] = 0
		}
	}
	a.touched = a.touched[:0]
	accumPool.Put(a)
	return h.sorted()
}

// addTerm adds one query term's BM25 and IDF to the chunks it occurs in.
func (lx *lexicon) addTerm(qt qterm, score, matched []float32, touched *[]uint32) {
	for _, p := range qt.post {
		if score[p.doc] == 0 {
			*touched = append(*touched, p.doc)
		}
		tf := float64(p.tf)
		score[p.doc] += float32(qt.idf * tf * (bm25K1 + 1) / (tf + float64(lx.norm[p.doc])))
		matched[p.doc] += float32(qt.idf)
	}
}

// addAlternatives scores a group with several ways of saying one thing:
// each chunk gets the BM25 and the IDF mass (at most limit) of its best
// way, so a chunk that says "Monday to Friday" gets no more for a
// "weekday" than one that says "weekdays".
func (lx *lexicon) addAlternatives(terms []qterm, limit float32, a *accum, N int) {
	if len(a.altScore) < N {
		a.altScore, a.altMatched = make([]float32, N), make([]float32, N)
		a.grpScore, a.grpMatched = make([]float32, N), make([]float32, N)
	}
	fold := func() {
		for _, d := range a.altTouched {
			if a.grpScore[d] == 0 {
				a.grpTouched = append(a.grpTouched, d)
			}
			a.grpScore[d] = max(a.grpScore[d], a.altScore[d])
			a.grpMatched[d] = max(a.grpMatched[d], min(a.altMatched[d], limit))
			a.altScore[d], a.altMatched[d] = 0, 0
		}
		a.altTouched = a.altTouched[:0]
	}
	for k, qt := range terms {
		if k > 0 && qt.alt != terms[k-1].alt {
			fold()
		}
		lx.addTerm(qt, a.altScore, a.altMatched, &a.altTouched)
	}
	fold()
	for _, d := range a.grpTouched {
		if a.score[d] == 0 {
			a.touched = append(a.touched, d)
		}
		a.score[d] += a.grpScore[d]
		a.matched[d] += a.grpMatched[d]
		a.grpScore[d], a.grpMatched[d] = 0, 0
	}
	a.grpTouched = a.grpTouched[:0]
}

// hitHeap keeps the n best hits: a min-heap on (score, then lower doc wins).
type hitHeap []lexHit

func (h hitHeap) Len() int { return len(h) }
func (h hitHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].doc > h[j].doc
}
func (h hitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)   { *h = append(*h, x.(lexHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *hitHeap) offer(x lexHit, n int) {
	if h.Len() < n {
		heap.Push(h, x)
		return
	}
	if top := (*h)[0]; x.score > top.score || (x.score == top.score && x.doc < top.doc) {
		(*h)[0] = x
		heap.Fix(h, 0)
	}
}

// sorted empties the heap, best first.
func (h *hitHeap) sorted() []lexHit {
	out := make([]lexHit, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(lexHit)
	}
	return out
}
