package retrieval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// The quantised scan makes vector search over a large index an order of
// magnitude cheaper than chromem-go's float32 scan, which reads every
// vector whole (300 MB per query at 100k 768-dimensional chunks). Each
// vector is also kept as 4-bit codes, one per dimension, scaled per
// dimension; a query is scaled into 8-bit codes, so an estimate of every
// similarity is an integer dot product. Sixteen vectors' codes for one
// dimension share one uint64, so one multiply computes four products at
// once (SWAR, in 16-bit lanes). The best candidates by estimate are then
// re-ranked with the exact similarity, computed exactly as chromem-go
// computes it, so a hit the scan finds has the similarity and the rank an
// exhaustive search gives it; the scan only risks missing a true hit
// whose estimate fell below the candidates' (recall, measured in tests).

// quantMinVectors is the size from which vector search uses the quantised
// scan; smaller indexes (the bundled knowledge base among them) ask
// chromem-go, whose exhaustive results are exact. Tests lower it.
var quantMinVectors = 4096

// Candidates re-ranked exactly for a search of n hits: at least
// quantMinCandidates, else quantCandidatesPerHit per hit. Tests lower the
// minimum to keep the share of a small corpus re-ranked what it is at
// 100k chunks.
var quantMinCandidates = 512

const quantCandidatesPerHit = 4

const (
	quantBlock  = 16                 // vectors whose codes share one uint64 per dimension
	codeMax     = 15                 // 4-bit vector codes
	queryMax    = 255                // 8-bit query codes
	quantSpill  = 16                 // dimensions summed in 16-bit lanes: 16·15·255 < 1<<16
	nibbles     = 0x000F000F000F000F // every fourth nibble, one per 16-bit lane
	lowLanes32  = 0x0000FFFF0000FFFF // the low half of each 32-bit lane
	scanMinWork = 1 << 20            // codes worth a goroutine of their own

	quantRangeSample = 16384 // vectors the ranges are taken from
)

// quantIndex is the quantised copy of an index's vectors.
type quantIndex struct {
	dim    int
	stride int         // dim rounded up to a multiple of quantSpill: codes per vector in a block
	docs   []int32     // vector ordinal → chunk index
	vecs   [][]float32 // the vectors as chromem holds them, for the re-rank
	lo     []float32   // per dimension, the value code 0 stands for
	step   []float32   // per dimension, the value of one code step
	codes  []uint64    // block b, dimension j → codes[b*stride+j]; nibble k is vector 16b+k
	sums   []uint32    // per vector, the sum of its codes
}

// quantSlot holds a snapshot's quantised scan, built in the background
// from the snapshot's second vector search on: building it costs more
// than one exhaustive search (0.1–0.3 s of CPU at 100k chunks), so a
// one-question `cafebot ask` never builds it, while `cafebot serve` has it
// moments after its second question (or at once after
// Index.PrepareVectorScan). Until it is built, searches ask chromem.
type quantSlot struct {
	chunks []chunk
	dim    int
	asked  atomic.Int32 // vector searches so far
	once   sync.Once
	done   chan struct{} // closed when q is set
	q      *quantIndex
}

// newQuantSlot returns the slot for a snapshot's chunks, or nil when
// there are too few vectors for the scan to pay.
func newQuantSlot(chunks []chunk, dim int) *quantSlot {
	n := 0
	for i := range chunks {
		if chunks[i].vec != nil {
			n++
		}
	}
	if n < quantMinVectors || dim == 0 {
		return nil
	}
	return &quantSlot{chunks: chunks, dim: dim, done: make(chan struct{})}
}

// start begins the build, once.
func (s *quantSlot) start() {
	s.once.Do(func() {
		go func() {
			s.q = buildQuant(s.chunks, s.dim)
			close(s.done)
		}()
	})
}

// ready returns the scan if it is built, else returns nil, starting the
// build from the second call on. A nil slot has none.
func (s *quantSlot) ready() *quantIndex {
	if s == nil {
		return nil
	}
	select {
	case <-s.done:
		return s.q
	default:
		if s.asked.Add(1) >= 2 {
			s.start()
		}
		return nil
	}
}

// PrepareVectorScan starts building the current snapshot's quantised
// vector scan in the background, for a long-running process (the server)
// to answer at full speed from its first question; a small index has none.
func (ix *Index) PrepareVectorScan() {
	if s := ix.st.Load().quant; s != nil {
		s.start()
	}
}

// WaitVectorScan builds the current snapshot's quantised vector scan if
// it has one and is not built yet, and returns when it is.
func (ix *Index) WaitVectorScan() { ix.st.Load().quant.wait() }

// wait builds the scan if need be and returns it; tests and benchmarks
// use it to search the built scan from the first query.
func (s *quantSlot) wait() *quantIndex {
	if s == nil {
		return nil
	}
	s.start()
	<-s.done
	return s.q
}

// buildQuant quantises the chunks' vectors, or returns nil when there are
// too few for the scan to pay (or a vector has the wrong length, which
// chromem reports itself).
func buildQuant(chunks []chunk, dim int) *quantIndex {
	q := &quantIndex{dim: dim}
	for i := range chunks {
		if v := chunks[i].vec; v != nil {
			if len(v) != dim {
				return nil
			}
			q.docs = append(q.docs, int32(i))
			q.vecs = append(q.vecs, v)
		}
	}
	if len(q.docs) < quantMinVectors || dim == 0 {
		return nil
	}
	q.ranges()
	n := len(q.vecs)
	inv := make([]float32, dim)
	for j, st := range q.step {
		inv[j] = 1 / st
	}
	q.stride = (dim + quantSpill - 1) / quantSpill * quantSpill
	blocks := (n + quantBlock - 1) / quantBlock
	q.codes = make([]uint64, blocks*q.stride)
	q.sums = make([]uint32, n)
	parallel(blocks, blocks*dim*quantBlock, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			q.encode(b, inv)
		}
	})
	return q
}

// encode sets block b's codes and sums. It also makes its vectors what
// chromem holds (see chromemVector), summing their squares in the order
// chromem does; that is rare enough (ingest stores unit vectors) that such
// a vector, now shorter, is just clamped to the ranges found before.
func (q *quantIndex) encode(b int, inv []float32) {
	dim := q.dim
	blk := q.codes[b*q.stride : b*q.stride+dim]
	v0 := b * quantBlock
	vecs := q.vecs[v0:min(v0+quantBlock, len(q.vecs))]
	sums := q.sums[v0 : v0+len(vecs)]
	var sq [quantBlock]float64
	for j := range blk {
		lo, inv := q.lo[j], inv[j]
		var w uint64
		for k, vec := range vecs {
			x := vec[j]
			sq[k] += float64(x) * float64(x)
			u := min(max(int32((x-lo)*inv+0.5), 0), codeMax)
			w |= uint64(u) << (4 * k)
			sums[k] += uint32(u)
		}
		blk[j] = w
	}
	again := false
	for k, vec := range vecs {
		if !unitLength(sq[k]) {
			q.vecs[v0+k] = chromemVector(vec)
			again = true
		}
	}
	if again {
		clear(sums)
		q.encode(b, inv) // with unit vectors now: no further round
	}
}

// ranges sets each dimension's quantisation range to the values it takes
// in a sample of quantRangeSample vectors, evenly spread (a value outside
// it gets the nearest code). Clipping a range to a few standard deviations
// would help dense vectors a little but loses recall on sparse ones, such
// as hashed word counts.
func (q *quantIndex) ranges() {
	dim := q.dim
	var mu sync.Mutex
	lo, hi := slices.Clone(q.vecs[0][:dim]), slices.Clone(q.vecs[0][:dim])
	every := max(len(q.vecs)/quantRangeSample, 1)
	samples := (len(q.vecs) + every - 1) / every
	parallel(samples, samples*dim, func(s0, s1 int) {
		l, h := slices.Clone(lo), slices.Clone(hi)
		for s := s0; s < s1; s++ {
			for j, x := range q.vecs[s*every][:dim] {
				if x < l[j] {
					l[j] = x
				}
				if x > h[j] {
					h[j] = x
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for j := range dim {
			lo[j], hi[j] = min(lo[j], l[j]), max(hi[j], h[j])
		}
	})
	q.lo = lo
	q.step = make([]float32, dim)
	for j := range dim {
		if hi[j] > lo[j] {
			q.step[j] = (hi[j] - lo[j]) / codeMax
		} else {
			q.step[j] = 1 // one value: every code is 0 and stands for it
		}
	}
}

// search returns the n vectors most similar to qv (unit length), by
// exact similarity among the candidates the quantised scan picks.
func (q *quantIndex) search(ctx context.Context, qv []float32, n int) ([]vecHit, error) {
	if len(qv) != q.dim {
		return nil, fmt.Errorf("vector search: a %d-dimensional query for %d-dimensional vectors", len(qv), q.dim)
	}
	qv = chromemVector(qv)
	n = min(n, len(q.vecs))
	if n <= 0 {
		return nil, nil
	}
	codes, scale := q.queryCodes(qv)
	want := min(max(quantMinCandidates, quantCandidatesPerHit*n), len(q.vecs))
	blocks := len(q.codes) / q.stride
	var mu sync.Mutex
	var cands []candidate
	var ctxErr error
	parallel(blocks, len(q.codes)*quantBlock, func(b0, b1 int) {
		h := candHeap{max: want}
		var dots [quantBlock]uint32
		for b := b0; b < b1; b++ {
			if b%256 == 0 && ctx.Err() != nil {
				mu.Lock()
				ctxErr = ctx.Err()
				mu.Unlock()
				return
			}
			scanBlock(q.codes[b*q.stride:(b+1)*q.stride], codes, &dots)
			for k, d := range dots {
				v := b*quantBlock + k
				if v >= len(q.vecs) {
					break
				}
				h.offer(candidate{est: float32(d) + scale*float32(q.sums[v]), v: int32(v)})
			}
		}
		mu.Lock()
		cands = append(cands, h.c...)
		mu.Unlock()
	})
	if ctxErr != nil {
		return nil, fmt.Errorf("vector search: %w", ctxErr)
	}
	if len(cands) > want {
		// Several workers each kept their best; keep the best overall.
		slices.SortFunc(cands, func(a, b candidate) int {
			if a.est != b.est {
				if a.est > b.est {
					return -1
				}
				return 1
			}
			return int(a.v - b.v)
		})
		cands = cands[:want]
	}
	hits := make([]vecHit, len(cands))
	for i, c := range cands {
		hits[i] = vecHit{doc: int(q.docs[c.v]), sim: float64(chromemDot(qv, q.vecs[c.v]))}
	}
	sortHits(hits)
	return hits[:n], nil
}

// queryCodes scales qv into the vectors' code space (each dimension times
// its step) and quantises that into 8-bit codes p, so that a vector's
// similarity is, up to a positive factor and a constant shared by all
// vectors, dot(p, codes) + scale·sum(codes).
func (q *quantIndex) queryCodes(qv []float32) ([]uint8, float32) {
	w := make([]float32, q.dim)
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for j, x := range qv {
		w[j] = x * q.step[j]
		lo, hi = min(lo, w[j]), max(hi, w[j])
	}
	t := (hi - lo) / queryMax
	if t == 0 {
		t = 1
	}
	p := make([]uint8, q.stride) // the padding's codes are 0
	for j, x := range w {
		p[j] = uint8(min(max(math.Round(float64((x-lo)/t)), 0), queryMax))
	}
	return p, lo / t
}

// scanBlock sets dots[k] to the integer dot product of p with the codes of
// the block's vector k; both are padded to a multiple of quantSpill. The
// codes of one dimension are 16 nibbles; masking every fourth puts four
// vectors' codes in the 16-bit lanes of a word, and multiplying that word
// by p[j] multiplies all four at once. The lanes hold quantSpill
// dimensions' products; then they move to 32-bit lanes.
func scanBlock(blk []uint64, p []uint8, dots *[quantBlock]uint32) {
	var e [8]uint64
	p = p[:len(blk)]
	for j := 0; j+quantSpill <= len(blk); j += quantSpill {
		a0, a1, a2, a3 := lanes((*[quantSpill]uint64)(blk[j:j+quantSpill]), (*[quantSpill]uint8)(p[j:j+quantSpill]))
		e[0] += a0 & lowLanes32
		e[1] += a0 >> 16 & lowLanes32
		e[2] += a1 & lowLanes32
		e[3] += a1 >> 16 & lowLanes32
		e[4] += a2 & lowLanes32
		e[5] += a2 >> 16 & lowLanes32
		e[6] += a3 & lowLanes32
		e[7] += a3 >> 16 & lowLanes32
	}
	// a_m's lanes are vectors m, m+4, m+8, m+12; its even lanes went to
	// e[2m], the odd ones to e[2m+1].
	for m := range 4 {
		dots[m] = uint32(e[2*m])
		dots[m+8] = uint32(e[2*m] >> 32)
		dots[m+4] = uint32(e[2*m+1])
		dots[m+12] = uint32(e[2*m+1] >> 32)
	}
}

// lanes sums quantSpill dimensions' products in 16-bit lanes: a_m holds
// those of vectors m, m+4, m+8 and m+12.
func lanes(w *[quantSpill]uint64, p *[quantSpill]uint8) (a0, a1, a2, a3 uint64) {
	for i, x := range p {
		v, y := w[i], uint64(x)
		a0 += (v & nibbles) * y
		a1 += (v >> 4 & nibbles) * y
		a2 += (v >> 8 & nibbles) * y
		a3 += (v >> 12 & nibbles) * y
	}
	return a0, a1, a2, a3
}

// candidate is a vector ordinal and its estimated similarity.
type candidate struct {
	est float32
	v   int32
}

// candHeap keeps the max best candidates offered, worst at the root.
type candHeap struct {
	c   []candidate
	max int
}

func (h *candHeap) offer(c candidate) {
	if len(h.c) < h.max {
		h.c = append(h.c, c)
		for i := len(h.c) - 1; i > 0; {
			parent := (i - 1) / 2
			if !h.c[i].worse(h.c[parent]) {
				break
			}
			h.c[i], h.c[parent] = h.c[parent], h.c[i]
			i = parent
		}
		return
	}
	if !h.c[0].worse(c) {
		return
	}
	h.c[0] = c
	for i := 0; ; {
		l, r, least := 2*i+1, 2*i+2, i
		if l < len(h.c) && h.c[l].worse(h.c[least]) {
			least = l
		}
		if r < len(h.c) && h.c[r].worse(h.c[least]) {
			least = r
		}
		if least == i {
			return
		}
		h.c[i], h.c[least] = h.c[least], h.c[i]
		i = least
	}
}

// worse orders candidates by estimate, the later vector losing a tie.
func (c candidate) worse(d candidate) bool {
	if c.est != d.est {
		return c.est < d.est
	}
	return c.v > d.v
}

// parallel calls f over [0, n) split into contiguous ranges, one per
// goroutine, as many as GOMAXPROCS allows and work (in elementary
// operations) is worth; it returns when all have.
func parallel(n, work int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(work/scanMinWork, 1), n)
	if workers <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(n*w/workers, n*(w+1)/workers) })
	}
	wg.Wait()
}

// sortHits orders hits by similarity, then by chunk, as every vector
// search reports them.
func sortHits(hits []vecHit) {
	slices.SortFunc(hits, func(a, b vecHit) int {
		if a.sim != b.sim {
			if a.sim > b.sim {
				return -1
			}
			return 1
		}
		return a.doc - b.doc
	})
}

// chromemVector returns v as chromem-go stores and queries it: as is when
// its length is within 1e-6 of one, else divided by its float32 norm.
func chromemVector(v []float32) []float32 {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	if unitLength(sq) {
		return v
	}
	var norm float32
	for _, x := range v {
		norm += x * x
	}
	norm = float32(math.Sqrt(float64(norm)))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x / norm
	}
	return out
}

// unitLength reports whether a vector whose squares sum to sq is of unit
// length by chromem-go's test.
func unitLength(sq float64) bool { return math.Abs(math.Sqrt(sq)-1) < 1e-6 }

// chromemDot is the similarity chromem-go reports: a float32 dot product
// summed in order, so a re-ranked hit's similarity is the exhaustive one.
func chromemDot(a, b []float32) float32 {
	b = b[:len(a)]
	var s float32
	for i, x := range a {
		s += x * b[i]
	}
	return s
}
