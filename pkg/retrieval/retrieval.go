// Package retrieval keeps cafebot's searchable index of document chunks:
// it ingests files idempotently (only changed files are re-parsed and only
// new text is embedded), ranks chunks by BM25 and by embedding similarity
// (held in an in-memory chromem-go collection), fuses the two rankings, and
// persists everything as one crash-safe file.
package retrieval

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/philippgille/chromem-go"
)

// FileName is the index file's name inside the index directory.
const FileName = "index.cbx"

// ErrEmbeddingMismatch reports that the index was embedded with a different
// model (or dimension) than the one given; the two are never mixed.
var ErrEmbeddingMismatch = errors.New("embedding model mismatch")

// ErrCorrupt reports an index file that cannot be read back.
var ErrCorrupt = errors.New("index file is corrupt")

// reembedHint is what the user runs to get out of a mismatch or corruption.
const reembedHint = "run `cafebot ingest --reembed` to rebuild it"

// Index is a persistent chunk index. Its methods are safe for concurrent
// use: searches run against an immutable snapshot that an ingest replaces
// atomically when it finishes.
type Index struct {
	dir      string
	st       atomic.Pointer[state]
	stamp    atomic.Value // fileStamp of the index file st was read from or saved as
	ingestMu sync.Mutex
}

// state is one immutable snapshot of the index.
type state struct {
	model   string // embedding model of the stored vectors; "" when none
	dim     int
	updated time.Time
	files   []fileRec // sorted by source
	chunks  []chunk   // grouped by file, in files order
	vocab   []string  // term id → stem

	// Derived when the snapshot is built. From locNames to nameWords
	// (and the proximity segments) they are derived once, at ingest, and
	// stored in the index file's derived section (derived.go), all but
	// locs, which restore rebuilds from locNames and aliases; the rest is
	// rebuilt at every open.
	lex      *lexicon
	coll     *chromem.Collection // chunks with vectors, ID = chunk index
	quant    *quantSlot          // their quantised scan, built on first use; nil for a small index
	embedded int                 // chunks with a vector
	// locNames are the locations the chunks name (front matter or
	// ingest --location), sorted; effLoc is each chunk's location key,
	// its own or the one its section heading names (see locator).
	locNames []string
	effLoc   []string
	// sectionLoc marks the chunks whose location comes only from a heading
	// of a chain-wide document (a holiday list's "Elm Road" notes), not
	// from a page of the location's own.
	sectionLoc []bool
	// feat holds each chunk's features (clock times, prices) for the
	// question-type cues.
	feat []uint8
	// intro marks a document's opening chunk, the one under its title
	// alone when the document has sections (see introWeight).
	intro []bool
	// faq marks FAQ answers (see faqWeight).
	faq []bool
	// staff marks chunks of staff-only folders (see staffWeight).
	staff []bool
	// stale marks the chunks of stale pages (stale.go, staleWeight).
	stale []bool
	// head holds the term ids of each chunk's own heading (the last part
	// of its section), for headingBoost.
	head [][]uint32
	locs *locator // over locNames and the learned aliases: the usual search's
	// aliases are the other names of locations learned from their own
	// pages (see learnAliases).
	aliases map[string][]string
	// chain and rooms are the chain's own words and the rooms each
	// store's own pages name (learnLooseNames, locations_loose.go).
	chain map[string]bool
	rooms map[string][]string
	// nameWords are the words of the locations' names, for chainWord.
	nameWords map[string]bool
	// segStore holds the proximity segments the index file stored,
	// decoded per chunk when searched (storedSegments); nil when the
	// snapshot was derived here.
	segStore *storedSegs
	// storeCount holds, per term id, how many stores' own chunks hold
	// the term, of nStores stores with own chunks (topicshare.go);
	// counted at every open, not stored.
	storeCount []uint32
	nStores    int
	// storeLast holds, per term id, 1 + the index into storeKeys of the
	// last store whose own chunks hold it: where storeCount is 1, the
	// one store that says the word (landmarkFind).
	storeLast []uint32
	storeKeys []string
	// chainName holds the words of the chain's own name that stand for a
	// store in a landmark phrase (chainNameWords); taken at every open.
	chainName map[string]bool
	// rederived is set when the file held no derived data of this
	// derivationVersion (format 3, older code, a checkpoint): it was
	// derived again at open, and the next ingest writes it.
	rederived bool
}

// fileRec remembers one ingested file so a re-ingest can tell it is unchanged.
type fileRec struct {
	root       string // identity of the root it was found under, for pruning
	source     string
	key        string // content hash plus chunking options
	chunks     int
	ingestedAt time.Time
	// title, address and aliases are what the document says of itself
	// (document.Doc), for learning its location's names.
	title, address string
	aliases        []string
	// kind is what its front matter says the page is ("locations",
	// "menu"), for learning which pages are stores' (learnplaces.go).
	kind string
	// dated is the date its front matter gives ("2026-03-04" from
	// "last_updated:"; document.Doc.Dated), as written, for stale pages
	// (stale.go).
	dated string
}

// chunk is a stored chunk with its lexical terms and optional vector.
type chunk struct {
	source, section, location, text string
	hash                            [32]byte
	ordinal                         int
	ingestedAt                      time.Time
	terms                           []term
	length                          uint32 // weighted token count, for BM25
	vec                             []float32
}

// term is one stem of a chunk and its (section-weighted) frequency.
type term struct {
	id uint32
	tf uint32
}

// Stats describes the index, for status commands.
type Stats struct {
	Path     string    `json:"path"`
	Files    int       `json:"files"`
	Chunks   int       `json:"chunks"`
	Embedded int       `json:"embedded"`
	Model    string    `json:"model,omitempty"`
	Dim      int       `json:"dim,omitempty"`
	Updated  time.Time `json:"updated,omitzero"`
}

// New returns an empty index that will be written to dir by the next
// ingest, replacing any index file there. Use it to rebuild after Open
// reports ErrCorrupt.
func New(dir string) *Index {
	ix := &Index{dir: dir}
	st, _ := newState("", 0, time.Time{}, nil, nil, nil)
	ix.st.Store(st)
	// The file there now is the one to replace; one saved after this
	// call (by a concurrent ingest) is read and built upon instead.
	ix.stamp.Store(stampOf(ix.Path()))
	return ix
}

// Open loads the index stored in dir. A missing directory or file gives an
// empty index; an unreadable file gives an error wrapping ErrCorrupt whose
// message says how to rebuild. Temporary files that a killed ingest left
// are removed when no ingest is running.
func Open(dir string) (*Index, error) {
	ix := &Index{dir: dir}
	cleanTempsUnlocked(dir)
	stamp := stampOf(ix.Path())
	st, err := load(ix.Path())
	if err != nil {
		return nil, err
	}
	ix.st.Store(st)
	ix.stamp.Store(stamp)
	return ix, nil
}

// Path returns the index file's path.
func (ix *Index) Path() string { return filepath.Join(ix.dir, FileName) }

// Stats returns counts and the embedding model of the current snapshot.
func (ix *Index) Stats() Stats {
	st := ix.st.Load()
	return Stats{
		Path: ix.Path(), Files: len(st.files), Chunks: len(st.chunks), Embedded: st.embedded,
		Model: st.model, Dim: st.dim, Updated: st.updated,
	}
}

// newState derives the search structures for a snapshot.
func newState(model string, dim int, updated time.Time, files []fileRec, chunks []chunk, vocab []string) (*state, error) {
	return assemble(model, dim, updated, files, chunks, vocab, nil)
}

// assemble builds a snapshot's search structures, taking the derived data
// (learned locations, flags, features, heading terms, segments; see
// derivationVersion) from stored when it is not nil and deriving it
// otherwise.
func assemble(model string, dim int, updated time.Time, files []fileRec, chunks []chunk, vocab []string, stored *derivedData) (*state, error) {
	st := &state{model: model, dim: dim, updated: updated, files: files, chunks: chunks, vocab: vocab}
	st.lex = buildLexicon(vocab, chunks)
	if stored != nil {
		stored.restore(st)
	} else {
		st.derive()
	}
	st.storeCount, st.storeLast, st.storeKeys = storeShares(chunks, st.effLoc, st.sectionLoc, len(vocab))
	st.nStores = len(st.storeKeys)
	st.chainName = chainNameWords(files, chunks, st.chain, st.locNames)
	for i := range chunks {
		if chunks[i].vec != nil {
			st.embedded++
		}
	}
	if st.embedded == 0 {
		st.model, st.dim = model, dim
		return st, nil
	}
	coll, err := buildCollection(chunks)
	if err != nil {
		return nil, err
	}
	st.coll = coll
	st.quant = newQuantSlot(chunks, dim)
	return st, nil
}

// deriveLocations learns the locations from the chunks and gives every
// chunk its effective location: its own, else the one a heading below the
// document title names ("Holiday hours > Notes for each café > Elm Road").
func (st *state) deriveLocations() {
	// read once here, for the steps below that each need them
	company := companyWords(st.files, st.chunks)
	dir := directoryRows(st.files, st.chunks)
	for i := range dir {
		dir[i].stale = dir[i].chunk < len(st.stale) && st.stale[dir[i].chunk]
	}
	named := codeNames(st.files, st.chunks, dir)
	// name is a chunk's own location under its display name.
	name := func(c *chunk) string {
		if n, ok := named[locationKey(c.location)]; ok {
			return n
		}
		return strings.TrimSpace(c.location)
	}
	seen := map[string]bool{}
	own := map[string]string{} // source → its location, for learnAliases
	for i := range st.chunks {
		c := &st.chunks[i]
		n := name(c)
		if k := locationKey(n); k != "" {
			own[c.source] = n
			if !seen[k] {
				seen[k] = true
				st.locNames = append(st.locNames, n)
			}
		}
	}
	titled := titleLocations(st.files, st.chunks, company)
	namedPages, namedSections, nicks := namedPlaces(st.files, st.chunks)
	for src, n := range namedPages {
		if _, ok := own[src]; !ok {
			titled[src] = n
		}
	}
	// places no markup names: a folder of store pages, a store that is
	// one section of a shared page (learnplaces.go)
	known := slices.Clone(st.locNames)
	for _, n := range titled {
		known = append(known, n)
	}
	for _, n := range namedSections {
		known = append(known, n)
	}
	places := learnPlaces(st.files, st.chunks, dir,
		func(src string) string {
			if n, ok := own[src]; ok {
				return n
			}
			return titled[src]
		},
		func(i int) bool { _, ok := namedSections[i]; return ok || locationKey(name(&st.chunks[i])) != "" },
		known)
	for src, n := range places.pages {
		titled[src] = n
	}
	for i, n := range places.sections {
		namedSections[i] = n
	}
	for n, as := range places.aliases {
		nicks[n] = append(nicks[n], as...)
	}
	// stores only a register lists (learnplaces.go)
	for _, n := range places.bare {
		if k := locationKey(n); k != "" && !seen[k] {
			seen[k] = true
			st.locNames = append(st.locNames, n)
		}
	}
	for _, n := range namedSections {
		if k := locationKey(n); k != "" && !seen[k] {
			seen[k] = true
			st.locNames = append(st.locNames, n)
		}
	}
	for src, n := range titled {
		own[src] = n
		if k := locationKey(n); k != "" && !seen[k] {
			seen[k] = true
			st.locNames = append(st.locNames, n)
		}
	}
	slices.Sort(st.locNames)
	st.effLoc = make([]string, len(st.chunks))
	st.sectionLoc = make([]bool, len(st.chunks))
	if len(st.locNames) == 0 {
		return
	}
	st.aliases = learnAliases(st.files, st.chunks, own)
	for n, as := range nicks {
		for _, a := range as {
			if !slices.Contains(st.aliases[n], a) {
				st.aliases[n] = append(st.aliases[n], a)
			}
		}
	}
	for code, n := range named {
		if a := strings.NewReplacer("-", " ", "_", " ").Replace(code); strings.Trim(a, "0123456789 ") != "" && isLocationCode(code) {
			st.aliases[n] = append(st.aliases[n], a)
		}
	}
	dropBrandPrefixes(st.locNames, st.aliases)
	loc := newLocator(st.locNames, st.aliases)
	// a legend of store codes names a store no page is about (learnplaces.go)
	if extra, more := legendStores(st.chunks, loc); extra != nil || more != nil {
		for n, as := range more {
			st.aliases[loc.names[n]] = append(st.aliases[loc.names[n]], as...)
		}
		for n, as := range extra {
			if !slices.ContainsFunc(st.locNames, func(x string) bool { return locationKey(x) == locationKey(n) }) {
				st.locNames = append(st.locNames, n)
			}
			st.aliases[n] = append(st.aliases[n], as...)
		}
		slices.Sort(st.locNames)
		loc = newLocator(st.locNames, st.aliases)
	}
	// a stale directory's stores that nothing else names (learndirectory.go)
	if closed := staleStores(dir, loc); len(closed) > 0 {
		short := shortNames(closed)
		for i, r := range closed {
			if !slices.ContainsFunc(st.locNames, func(x string) bool { return locationKey(x) == locationKey(r.name) }) {
				st.locNames = append(st.locNames, r.name)
			}
			namedSections[r.chunk] = r.name
			for _, a := range append(append(short[i], r.code), r.nicks...) {
				if locationKey(a) != "" && !slices.Contains(st.aliases[r.name], a) {
					st.aliases[r.name] = append(st.aliases[r.name], a)
				}
			}
		}
		slices.Sort(st.locNames)
		loc = newLocator(st.locNames, st.aliases)
	}
	st.locs = loc
	// pages whose title or folder names one store (learnloc.go): the
	// store's, or weaker (see storePage)
	about := storePages(st.files, st.chunks, loc, func(src string) string { return own[src] }, company)
	// a store's own page found by its title ("The Lantern Wagon" in the
	// folder of store pages) says what people call the store, as a page
	// known otherwise does
	if more := aboutAliases(st.files, st.chunks, about, own, loc); len(more) > 0 {
		for n, as := range more {
			st.aliases[n] = append(st.aliases[n], as...)
		}
		loc = newLocator(st.locNames, st.aliases)
		st.locs = loc
	}
	parts := partLocations(st.files, st.chunks, loc)
	for i := range st.chunks {
		c := &st.chunks[i]
		part, inPart := parts[i]
		if k := locationKey(name(c)); k != "" {
			st.effLoc[i] = k
		} else if n, ok := titled[c.source]; ok && !inPart {
			st.effLoc[i] = locationKey(n)
		} else if n, ok := namedSections[i]; ok {
			// the shop's own part of a page that lists every shop
			st.effLoc[i] = locationKey(n)
		} else if l := loc.sectionLocation(c.section); l >= 0 {
			st.effLoc[i] = locationKey(loc.names[l])
			st.sectionLoc[i] = true
		} else if inPart {
			// a later part of a file of several: its own heading's store
			// or none, not the first part's, which the title names
			if part >= 0 {
				st.effLoc[i] = locationKey(loc.names[part])
			}
		} else if p, ok := about[c.source]; ok {
			st.effLoc[i] = locationKey(p.name)
			st.sectionLoc[i] = p.weak
		}
	}
	st.learnLooseNames(company)
}

// aboutAliases are the names the store pages storePages found (about)
// give their stores, learned as learnAliases learns a known page's,
// leaving out the pages known otherwise (own), the weak ones, and a name
// loc knows as another store's.
func aboutAliases(files []fileRec, chunks []chunk, about map[string]storePage, own map[string]string, loc *locator) map[string][]string {
	pages := map[string]string{}
	for src, p := range about {
		if _, ok := own[src]; !ok && !p.weak {
			pages[src] = p.name
		}
	}
	if len(pages) == 0 {
		return nil
	}
	out := map[string][]string{}
	for n, as := range learnAliases(files, chunks, pages) {
		for _, a := range as {
			ls, _ := loc.find(locWords(a))
			if !slices.ContainsFunc(ls, func(l int) bool { return locationKey(loc.names[l]) != locationKey(n) }) {
				out[n] = append(out[n], a)
			}
		}
	}
	return out
}

// partLocations are the locations of the later parts of files parted by
// two or more top headings ("=== RRMC CART — running notes ===", then
// "=== PVU KIOSK — notes ==="; one staff file holding two stores' notes):
// chunk → the location its top heading opens with, -1 for none, for the
// files where a later part names one. The first part is left out: the
// file's title is its heading, and what the title says holds for it.
func partLocations(files []fileRec, chunks []chunk, loc *locator) map[int]int {
	out := map[int]int{}
	for s := range fileChunks(files, chunks) {
		if structuredData(s.file.source) {
			continue // its rows' stores are learnPlaces' (rowPlaces)
		}
		var tops []string
		for _, c := range s.chunks {
			if top, _, _ := strings.Cut(c.section, " > "); top != "" && !slices.Contains(tops, top) {
				tops = append(tops, top)
			}
		}
		found := map[string]int{}
		named := false
		for _, t := range tops[min(1, len(tops)):] {
			if found[t] = loc.headingLocation(t); found[t] >= 0 {
				named = true
			}
		}
		if !named {
			continue // parts by topic, not by store
		}
		for j, c := range s.chunks {
			top, _, _ := strings.Cut(c.section, " > ")
			if l, ok := found[top]; ok {
				out[s.off+j] = l
			}
		}
	}
	return out
}

// locationKey is how locations compare: case and surrounding space do not matter.
func locationKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func mismatch(indexModel, model string) error {
	return fmt.Errorf("%w: the index was embedded with %q but the embedding model is now %q; %s with %q",
		ErrEmbeddingMismatch, indexModel, model, "run `cafebot ingest --reembed` to re-embed it", model)
}
