package retrieval

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"slices"
)

// derivationVersion names the code that derives a snapshot's search data
// from its chunks: location learning (deriveLocations and what it calls in
// learnloc.go, learnplaces.go, learndirectory.go, locations*.go), the
// chunk features (chunkFeatures), the intro, FAQ, staff and stale flags
// (stale.go), the heading terms (headingTerms) and the proximity segments
// (chunkSegments; tokens under both). Ingest stores their results in the index file's
// derived section under this number, and Open uses them only when the
// number is the same; otherwise it derives them again.
//
// Whoever changes what any of those functions returns (a new rule, a
// changed weight that moves a learned name, a different segment cut)
// must bump this number in the same commit, or an index written before
// the change keeps answering with the old derivation.
// TestDerivationVersionCurrent fails when the derived data of the test
// knowledge bases changes and this number does not.
const derivationVersion = 30 // 30: nicknames of the store pages storePages finds, "customers say", "Internally:" (retrieval.go, learnloc.go)

// The derived section follows the vectors in a format 4 or later file:
//
//	derivationVersion (uvarint; 0 when the file holds none), byte length
//	locNames: count + 1 (0 for none), names
//	aliases, rooms: count + 1, then name, count + 1, phrases (by name)
//	chain, nameWords: count + 1, words (sorted)
//	places: count + 1, then the distinct effective locations
//	per chunk: place (0 = none, else index + 1), flags byte (section
//	  location, intro, FAQ, staff, stale, own segments), feature byte,
//	  heading: count, terms
//	per chunk, proximity segments: heading terms (count, terms), segment
//	  count, then per segment the segment whose terms it starts with (0 =
//	  none, else its index + 1), count, its other terms; row heads:
//	  count, then count, terms each
//
// A term is written as its number among the chunk's own terms (the
// chunk record's order), or for a term the chunk does not have as the
// count of its terms plus the term id: most chunks have fewer than 128
// terms, so most take one byte.
//
// The segments are decoded per chunk the first time a search needs them
// (storedSegments); Open only checks them.

// Chunk flags in the derived section.
const (
	flagSectionLoc = 1 << iota
	flagIntro
	flagFAQ
	flagStaff
	flagStale
	// flagOwnSegs marks a chunk whose proximity segments read only its
	// own terms (encodeSegments): the next ingest may copy them.
	flagOwnSegs
)

// SectionError reports a part of an index file that cannot be read back:
// which part, at which byte of the file, and why. Load wraps it with
// ErrCorrupt.
type SectionError struct {
	Section string // "derived data: chunk 12's segments"
	Offset  int    // byte offset in the file
	Err     error
}

// Error returns the section, the offset and the cause in one line.
func (e *SectionError) Error() string {
	return fmt.Sprintf("%s at byte %d: %v", e.Section, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *SectionError) Unwrap() error { return e.Err }

// storedSegs is the proximity segments as the file holds them: one
// validated buffer and each chunk's start in it, and which chunks'
// segments read only their own terms (flagOwnSegs).
type storedSegs struct {
	buf []byte
	off []uint32 // len = chunks + 1
	own []bool
}

// derivedData is a derived section read back and checked.
type derivedData struct {
	locNames, effLoc []string
	aliases, rooms   map[string][]string
	chain, nameWords map[string]bool
	flags, feat      []uint8
	head             [][]uint32
	segs             *storedSegs
}

// derive computes the snapshot's derived data (see derivationVersion):
// everything it sets is stored in the index by encodeDerived and put back
// by restore, so a field added here must be added to both.
func (st *state) derive() {
	// first: a stale store directory names no store (learndirectory.go)
	st.stale = staleChunks(st.files, st.chunks)
	st.deriveLocations()
	st.feat = make([]uint8, len(st.chunks))
	for i := range st.chunks {
		st.feat[i] = chunkFeatures(st.chunks[i].text)
	}
	st.intro = introChunks(st.files, st.chunks)
	st.faq = faqChunks(st.chunks)
	st.staff = staffChunks(st.chunks)
	st.head = headingTerms(st.lex, st.chunks)
}

// restore puts stored derived data into a snapshot whose lexicon is
// built, and rebuilds the locator from the learned names, as
// deriveLocations does.
func (d *derivedData) restore(st *state) {
	n := len(st.chunks)
	st.locNames, st.effLoc = d.locNames, d.effLoc
	st.aliases, st.rooms, st.chain, st.nameWords = d.aliases, d.rooms, d.chain, d.nameWords
	st.feat, st.head = d.feat, d.head
	st.sectionLoc, st.intro, st.faq, st.staff, st.stale = make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for i, f := range d.flags {
		st.sectionLoc[i] = f&flagSectionLoc != 0
		st.intro[i] = f&flagIntro != 0
		st.faq[i] = f&flagFAQ != 0
		st.staff[i] = f&flagStaff != 0
		st.stale[i] = f&flagStale != 0
	}
	st.segStore = d.segs
	if d.segs != nil {
		d.segs.own = make([]bool, n)
		for i, f := range d.flags {
			d.segs.own[i] = f&flagOwnSegs != 0
		}
	}
	if len(st.locNames) > 0 {
		st.locs = newLocator(st.locNames, st.aliases)
		st.locs.learnLoose(st.aliases, st.chainWord, st.rooms)
	}
}

// storedSegments returns chunk doc's proximity segments from the index
// file, or nil when the snapshot was derived here (segmentsOf then
// builds them from the text).
func (st *state) storedSegments(doc int) *chunkSegs {
	s := st.segStore
	if s == nil {
		return nil
	}
	d := &dec{b: s.buf[s.off[doc]:s.off[doc+1]]}
	terms, nv := st.chunks[doc].terms, len(st.vocab)
	cs := &chunkSegs{head: d.appendTerms(nil, terms, nv)}
	cs.segs = make([][]uint32, d.uint())
	for j := range cs.segs {
		if p := d.uint(); p > 0 {
			cs.segs[j] = slices.Clone(cs.segs[p-1])
		}
		cs.segs[j] = d.appendTerms(cs.segs[j], terms, nv)
	}
	if n := d.uint(); n > 0 {
		cs.rowHeads = make([][]uint32, n)
		for j := range cs.rowHeads {
			cs.rowHeads[j] = d.appendTerms(nil, terms, nv)
		}
	}
	return cs
}

// encodeDerived writes st's derived section, or a zero version when st has
// none (a checkpoint's snapshot, which is never searched).
func encodeDerived(e *enc, st *state) error {
	if st.lex == nil || len(st.effLoc) != len(st.chunks) {
		e.uint(0) // no version
		e.uint(0) // and no bytes
		return nil
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	s := &enc{w: w}
	// Lists and maps are written as count + 1, 0 for nil: a snapshot
	// read back is the one derived, nil where that one had nil.
	count := func(n int, isNil bool) {
		if isNil {
			s.uint(0)
		} else {
			s.uint(uint64(n) + 1)
		}
	}
	strs := func(xs []string) {
		count(len(xs), xs == nil)
		for _, x := range xs {
			s.str(x)
		}
	}
	lists := func(m map[string][]string) {
		count(len(m), m == nil)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			s.str(k)
			strs(m[k])
		}
	}
	set := func(m map[string]bool) {
		count(len(m), m == nil)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			s.str(k)
		}
	}
	segs := st.segStore
	if segs == nil || len(segs.off) != len(st.chunks)+1 {
		segs = encodeSegments(st, nil, nil)
	}
	num := newTermNumbers(len(st.vocab))
	strs(st.locNames)
	lists(st.aliases)
	lists(st.rooms)
	set(st.chain)
	set(st.nameWords)
	place := map[string]int{}
	var places []string
	for _, l := range st.effLoc {
		if _, ok := place[l]; !ok && l != "" {
			place[l] = len(places)
			places = append(places, l)
		}
	}
	strs(places)
	for i := range st.chunks {
		if l := st.effLoc[i]; l != "" {
			s.uint(uint64(place[l] + 1))
		} else {
			s.uint(0)
		}
		w.WriteByte(bit(st.sectionLoc[i], flagSectionLoc) | bit(st.intro[i], flagIntro) | bit(st.faq[i], flagFAQ) |
			bit(st.staff[i], flagStaff) | bit(st.stale[i], flagStale) | bit(segs.own[i], flagOwnSegs))
		w.WriteByte(st.feat[i])
		num.set(&st.chunks[i])
		num.write(s, st.head[i])
		num.clear()
	}
	w.Write(segs.buf)
	if err := w.Flush(); err != nil {
		return err
	}
	e.uint(derivationVersion)
	e.uint(uint64(buf.Len()))
	_, err := e.w.Write(buf.Bytes())
	return err
}

// termNumbers numbers the terms of the chunk being written: a chunk's
// term ids are written as their number among its terms (one byte for
// most chunks, where an id takes two or three), past them as the count
// of its terms plus the id.
type termNumbers struct {
	pos []int32 // by term id: its number among cur's terms, or -1
	cur *chunk
}

func newTermNumbers(nVocab int) *termNumbers {
	n := &termNumbers{pos: make([]int32, nVocab)}
	for i := range n.pos {
		n.pos[i] = -1
	}
	return n
}

// set numbers c's terms; clear undoes it.
func (n *termNumbers) set(c *chunk) {
	n.cur = c
	for k, t := range c.terms {
		if int(t.id) < len(n.pos) {
			n.pos[t.id] = int32(k)
		}
	}
}

func (n *termNumbers) clear() {
	for _, t := range n.cur.terms {
		if int(t.id) < len(n.pos) {
			n.pos[t.id] = -1
		}
	}
}

// own reports whether id is one of the current chunk's terms.
func (n *termNumbers) own(id uint32) bool { return int(id) < len(n.pos) && n.pos[id] >= 0 }

// write writes a count and the ids xs, numbered.
func (n *termNumbers) write(s *enc, xs []uint32) {
	s.uint(uint64(len(xs)))
	for _, x := range xs {
		if n.own(x) {
			s.uint(uint64(n.pos[x]))
		} else {
			s.uint(uint64(len(n.cur.terms)) + uint64(x))
		}
	}
}

// Chunk-local segments. A chunk's segments are cut from its own text,
// section and file name, but chunkSegments keeps a word only when the
// index knows it, and the index knows words from every chunk: "16\noz"
// is the term "16oz" of its chunk, yet the line "oz" finds the term "oz"
// only when another chunk has it (TestSegmentsReadOtherChunks). So a
// chunk's segments are its own only when every look-up they made was of
// one of its own terms; such a chunk's segments, numbered among its own
// terms, are the same bytes in any index that holds the chunk unchanged,
// and the next ingest copies them (flagOwnSegs) instead of cutting the
// text again. Whether they are is told by the look-ups themselves
// (lexicon.probe), not by a second reading of the rules.

// encodeSegments returns the derived section's segment part for st's
// chunks: from[i] is chunk i's index in old, the snapshot st replaces,
// when the chunk is carried over unchanged (else -1; old and from may be
// nil). A carried-over chunk whose old segments read only its own terms
// gets their bytes; the others are cut again. Term order matters to the
// numbering: both snapshots' terms are in canonical order (canonicalTerms),
// which old must show (sorted vocabulary, each chunk's terms ascending).
func encodeSegments(st *state, old *state, from []int) *storedSegs {
	n := len(st.chunks)
	out := &storedSegs{off: make([]uint32, n+1), own: make([]bool, n)}
	var prev *storedSegs
	if old != nil && old.segStore != nil && slices.IsSorted(old.vocab) {
		prev = old.segStore
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	s := &enc{w: w}
	num := newTermNumbers(len(st.vocab))
	open, cut := false, 0
	probe := &lexicon{ids: st.lex.ids, probe: func(id uint32, ok bool) {
		if !ok || !num.own(id) {
			open = true
		}
	}}
	for i := range st.chunks {
		out.off[i] = uint32(buf.Len() + w.Buffered())
		if prev != nil && i < len(from) && from[i] >= 0 {
			if j := from[i]; prev.own[j] && termsAscending(old.chunks[j].terms) {
				w.Write(prev.buf[prev.off[j]:prev.off[j+1]])
				out.own[i] = true
				continue
			}
		}
		c := &st.chunks[i]
		cut++
		num.set(c)
		open = false
		cs := chunkSegments(probe, c)
		out.own[i] = !open
		num.write(s, cs.head)
		s.uint(uint64(len(cs.segs)))
		refs := prefixSegments(cs.segs)
		for j, seg := range cs.segs {
			p := refs[j]
			s.uint(uint64(p + 1))
			if p >= 0 {
				seg = seg[len(cs.segs[p]):]
			}
			num.write(s, seg)
		}
		s.uint(uint64(len(cs.rowHeads)))
		for _, r := range cs.rowHeads {
			num.write(s, r)
		}
		num.clear()
	}
	w.Flush()
	out.off[n] = uint32(buf.Len())
	out.buf = buf.Bytes()
	if segmentsCut != nil {
		segmentsCut(cut, n-cut)
	}
	return out
}

// locatorBuilt, when set (by tests), is called by every newLocator.
var locatorBuilt func()

// segmentsCut, when set (by tests), is told how many chunks each
// encodeSegments cut again and how many it copied.
var segmentsCut func(cut, copied int)

// termID returns the id of stem t, telling lx.probe of the look-up when
// it is set.
func (lx *lexicon) termID(t string) (uint32, bool) {
	id, ok := lx.ids[t]
	if lx.probe != nil {
		lx.probe(id, ok)
	}
	return id, ok
}

// termsAscending reports whether terms are in ascending id order.
func termsAscending(terms []term) bool {
	return slices.IsSortedFunc(terms, func(a, b term) int { return int(a.id) - int(b.id) })
}

// bit returns flag when set is true, else 0.
func bit(set bool, flag uint8) uint8 {
	if set {
		return flag
	}
	return 0
}

// prefixSegments returns, for each segment, the earlier segment it starts
// with, or -1: a table row's segment starts with its header row's terms,
// and is stored as a reference to the header and the row's own terms.
// Each segment is tried against the one before it and the one that one
// starts with.
func prefixSegments(segs [][]uint32) []int {
	refs := make([]int, len(segs))
	for j := range segs {
		refs[j] = -1
		if j == 0 {
			continue
		}
		cand := j - 1
		if refs[j-1] >= 0 {
			cand = refs[j-1]
		}
		if h := segs[cand]; len(h) > 0 && len(h) <= len(segs[j]) && slices.Equal(h, segs[j][:len(h)]) {
			refs[j] = cand
		}
	}
	return refs
}

// decodeDerived reads the derived section that starts at d's offset, for
// nChunks chunks over nVocab terms. It returns nil data (and no error)
// when the section is of another derivation version or absent, so the
// caller derives again; a section of this version that does not read back
// is a *SectionError.
func decodeDerived(d *dec, chunks []chunk, nVocab int) (*derivedData, error) {
	nChunks := len(chunks)
	start := d.off
	version := d.uint()
	n := d.count(1)
	sec := d.bytes(n)
	if d.err != nil {
		return nil, &SectionError{Section: "derived data: header", Offset: start, Err: d.err}
	}
	if version != derivationVersion {
		return nil, nil
	}
	base := d.off - n
	if uint64(n) >= 1<<32 {
		return nil, &SectionError{Section: "derived data: header", Offset: start, Err: fmt.Errorf("%d bytes, more than this format holds", n)}
	}
	s := &dec{b: sec}
	part := "learned locations"
	fail := func(err error) (*derivedData, error) {
		return nil, &SectionError{Section: "derived data: " + part, Offset: base + s.off, Err: err}
	}
	// count reads count + 1, 0 for nil.
	count := func(min int) (int, bool) {
		k := s.count(min)
		return max(k-1, 0), k > 0
	}
	strs := func() []string {
		k, ok := count(1)
		if !ok {
			return nil
		}
		out := make([]string, k)
		for i := range out {
			out[i] = s.str()
		}
		return out
	}
	lists := func() map[string][]string {
		k, ok := count(2)
		if !ok {
			return nil
		}
		m := make(map[string][]string, k)
		for range k {
			key := s.str()
			m[key] = strs()
		}
		return m
	}
	set := func() map[string]bool {
		k, ok := count(1)
		if !ok {
			return nil
		}
		m := make(map[string]bool, k)
		for range k {
			m[s.str()] = true
		}
		return m
	}
	dd := &derivedData{locNames: strs(), aliases: lists(), rooms: lists(), chain: set(), nameWords: set()}
	if s.err != nil {
		return fail(s.err)
	}
	part = "effective locations"
	places := strs()
	if s.err != nil {
		return fail(s.err)
	}
	dd.effLoc = make([]string, nChunks)
	dd.flags, dd.feat = make([]uint8, nChunks), make([]uint8, nChunks)
	dd.head = make([][]uint32, nChunks)
	for i := range nChunks {
		if p := s.uint(); p > uint64(len(places)) {
			part = fmt.Sprintf("chunk %d's location", i)
			return fail(fmt.Errorf("location %d of %d", p, len(places)))
		} else if p > 0 {
			dd.effLoc[i] = places[p-1]
		}
		fb := s.bytes(2)
		if len(fb) == 2 {
			dd.flags[i], dd.feat[i] = fb[0], fb[1]
		}
		dd.head[i] = s.appendTerms(nil, chunks[i].terms, nVocab)
		if s.err != nil {
			part = fmt.Sprintf("chunk %d's flags and heading", i)
			return fail(s.err)
		}
	}
	// The segments are only checked here, and decoded when searched.
	segs := &storedSegs{buf: bytes.Clone(sec[s.off:]), off: make([]uint32, nChunks+1)}
	segBase := s.off
	// Terms are checked by the reader storedSegments uses, into one
	// scratch list.
	var scratch []uint32
	for i := range nChunks {
		part = fmt.Sprintf("chunk %d's segments", i)
		segs.off[i] = uint32(s.off - segBase)
		nv := nVocab
		if dd.flags[i]&flagOwnSegs != 0 {
			// Segments marked as the chunk's own name only its own terms:
			// the next ingest copies their bytes into an index with
			// another vocabulary (encodeSegments).
			nv = 0
		}
		check := func() { scratch = s.appendTerms(scratch[:0], chunks[i].terms, nv) }
		check()
		ns := s.count(1)
		for j := range ns {
			if p := s.uint(); p > uint64(j) {
				s.fail(fmt.Errorf("segment %d starts with segment %d", j, p-1))
			}
			check()
		}
		for range s.count(1) {
			check()
		}
		if s.err != nil {
			return fail(s.err)
		}
	}
	segs.off[nChunks] = uint32(s.off - segBase)
	if s.off != len(sec) {
		part = "end"
		return fail(fmt.Errorf("%d bytes of trailing data", len(sec)-s.off))
	}
	dd.segs = segs
	return dd, nil
}

// appendTerms reads a count and that many term ids of a chunk with the
// given terms, written as encodeDerived numbers them, and appends them to
// into.
func (d *dec) appendTerms(into []uint32, terms []term, nVocab int) []uint32 {
	n := d.count(1)
	if n == 0 {
		return into
	}
	into = slices.Grow(into, n)
	nt := uint64(len(terms))
	for range n {
		switch v := d.uint(); {
		case d.err != nil:
			return into
		case v < nt:
			into = append(into, terms[v].id)
		case v-nt < uint64(nVocab):
			into = append(into, uint32(v-nt))
		default:
			d.fail(fmt.Errorf("term %d of %d", v, nt+uint64(nVocab)))
			return into
		}
	}
	return into
}
