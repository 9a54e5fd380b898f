package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Search modes reported in Results.Mode and accepted in SearchOptions.Mode.
const (
	ModeHybrid  = "hybrid"
	ModeLexical = "lexical"
	ModeVector  = "vector"
)

// Fusion methods accepted in SearchOptions.Fusion.
const (
	// FusionRRF is reciprocal rank fusion: Σ 1/(60 + rank).
	FusionRRF = "rrf"
	// FusionScore sums each ranking's min-max normalised scores.
	FusionScore = "score"
	// DefaultFusion is the method used when SearchOptions.Fusion is empty.
	// On testdata/search/golden.jsonl with the tests' deterministic
	// embedder, score fusion put the wanted document in the top 3 for
	// 76/76 questions (MRR 0.94), RRF for 74/76 (MRR 0.90): RRF throws
	// away how far ahead the lexical winner is (see TestFusionOnGolden).
	DefaultFusion = FusionScore
)

// DefaultK is the number of hits returned when SearchOptions.K is not set.
const DefaultK = 4

// DefaultMinRelevance is the Relevance of the best hit below which the
// index is taken not to cover a question, tuned in lexical mode on
// testdata/search/golden.jsonl against testdata/search/offtopic.txt: every
// golden question scores at least 0.44, 25 of the 30 off-topic ones stay
// below 0.40 (the rest reach 0.46 on one shared word such as "tax" or
// "president"). It errs towards answering: an off-topic question that
// passes still meets a model told to answer only from the passages.
const DefaultMinRelevance = 0.40

const (
	rrfK = 60
	// candidateDepth is how many chunks each ranking contributes to fusion.
	candidateDepth = 50
)

// SearchOptions tunes one search.
type SearchOptions struct {
	// K is the number of hits to return; zero means DefaultK.
	K int
	// Location scopes the search to that location: its chunks rank first
	// (score × 1.25), chain-wide chunks (no location) stay, other locations'
	// chunks are left out. "" lets the question name the scope.
	Location string
	// Store is this terminal's own location (store.location): the scope of
	// a question that names none. "" means chain-wide.
	Store string
	// Aliases are more names of locations (location → phrases such as
	// "the campus one"), on top of the names the documents carry.
	Aliases map[string][]string
	// Synonyms rewrite customers' words into the documents'; nil means
	// DefaultSynonyms.
	Synonyms *Synonyms
	// Fusion is FusionRRF or FusionScore; "" means DefaultFusion.
	Fusion string
	// Mode forces ModeLexical or ModeVector; "" means hybrid when the index
	// has vectors and the embedder answers, else lexical.
	Mode string
}

// Hit is one retrieved chunk.
type Hit struct {
	Source   string `json:"source"`
	Section  string `json:"section"`
	Location string `json:"location,omitempty"`
	Text     string `json:"text"`
	// Score is the ranking score in the mode used (the fused score, BM25
	// times query coverage, or cosine similarity); it orders the hits of one
	// search and is not comparable across searches.
	Score float64 `json:"score"`
	// Relevance in [0,1] estimates how well the chunk answers the query,
	// comparable across searches: compare it with retrieval.min_score.
	Relevance float64 `json:"relevance"`
}

// Results is the answer to one search.
type Results struct {
	Query string `json:"query"`
	// Mode is ModeHybrid, ModeLexical or ModeVector: what actually ran.
	Mode string `json:"mode"`
	Hits []Hit  `json:"hits"`
	// Notice explains a degraded search (no vectors, embedder down).
	Notice string `json:"notice,omitempty"`
	// Scope is the location scope used.
	Scope Scope `json:"scope"`
}

// Search ranks the index's chunks for query. It embeds the query with emb
// when the index has vectors; when it cannot (no vectors, emb nil or
// unreachable) it searches lexically and says so in Results.Notice. A
// different embedding model than the index's gives ErrEmbeddingMismatch.
func (ix *Index) Search(ctx context.Context, query string, opt SearchOptions, emb Embedder) (Results, error) {
	st := ix.st.Load()
	res := Results{Query: query, Mode: ModeLexical, Hits: []Hit{}}
	k := opt.K
	if k <= 0 {
		k = DefaultK
	}
	fusion := opt.Fusion
	if fusion == "" {
		fusion = DefaultFusion
	}
	if fusion != FusionRRF && fusion != FusionScore {
		return res, fmt.Errorf("search: fusion must be %q or %q, not %q", FusionRRF, FusionScore, opt.Fusion)
	}
	switch opt.Mode {
	case "", ModeHybrid, ModeLexical, ModeVector:
	default:
		return res, fmt.Errorf("search: mode must be %q, %q or %q, not %q", ModeHybrid, ModeLexical, ModeVector, opt.Mode)
	}
	if len(st.chunks) == 0 {
		res.Notice = "the index is empty: run `cafebot ingest` first"
		return res, nil
	}
	qv, notice, err := st.queryVector(ctx, query, opt.Mode, emb)
	if err != nil {
		return res, err
	}
	res.Notice = notice
	plan := st.plan(query, opt)
	res.Scope = plan.scope
	keep := plan.keep(st)
	depth := max(k, candidateDepth)
	q := plan.lexQuery(st)
	var lex []lexHit
	if qv == nil || opt.Mode != ModeVector {
		lex = st.lex.search(q, keep, depth)
	}
	var vec []vecHit
	if qv != nil {
		// Scoped by the effective location after the search: chromem only
		// knows the location a chunk was ingested with.
		if vec, err = st.vectorSearch(ctx, qv, "", depth*2); err != nil {
			return res, err
		}
		if keep != nil {
			vec = slices.DeleteFunc(vec, func(h vecHit) bool { return !keep(h.doc) })
		}
		vec = vec[:min(len(vec), depth)]
	}
	var ranked []scored
	switch {
	case qv == nil:
		res.Mode = ModeLexical
		for _, h := range lex {
			ranked = append(ranked, scored(h))
		}
	case opt.Mode == ModeVector:
		res.Mode = ModeVector
		for _, h := range vec {
			ranked = append(ranked, scored{doc: h.doc, score: h.sim})
		}
	default:
		res.Mode = ModeHybrid
		ranked = fuse(fusion, lex, vec)
	}
	plan.boost(st, q, ranked)
	if res.Mode != ModeVector {
		st.rerankTop(q, ranked)
		st.boostCounted(query, ranked)
		st.ownOverChain(q, plan.keys, plan.cues, ranked)
	}
	if len(ranked) > k {
		ranked = ranked[:k]
	}
	for _, r := range ranked {
		c := &st.chunks[r.doc]
		loc := c.location
		if n := st.locationName(st.effLoc[r.doc]); n != "" && !st.sectionLoc[r.doc] {
			loc = n // the name a store code or a location page's title gave it
		}
		res.Hits = append(res.Hits, Hit{
			Source: c.source, Section: c.section, Location: loc, Text: c.text,
			Score: r.score, Relevance: st.relevance(q, qv, r.doc, res.Mode),
		})
	}
	return res, nil
}

// queryVector embeds the query when vector search is possible, returning a
// nil vector and a notice when it is not.
func (st *state) queryVector(ctx context.Context, query, mode string, emb Embedder) ([]float32, string, error) {
	if mode == ModeLexical {
		return nil, "", nil
	}
	partial := ""
	if missing := len(st.chunks) - st.embedded; st.embedded > 0 && missing > 0 {
		partial = fmt.Sprintf("; %d of %d chunks have no embedding yet (run `cafebot ingest` with Ollama running)", missing, len(st.chunks))
	}
	switch {
	case st.embedded == 0:
		return nil, "the index has no embeddings: lexical search only (run `cafebot ingest` with Ollama running to add vector search)", nil
	case emb == nil:
		return nil, "no embedding model: lexical search only", nil
	case emb.Model() != st.model:
		return nil, "", mismatch(st.model, emb.Model())
	}
	vecs, err := emb.Embed(ctx, []string{query})
	if ctx.Err() != nil {
		return nil, "", fmt.Errorf("embed query: %w", ctx.Err())
	}
	if err != nil {
		return nil, fmt.Sprintf("vector search is off for this question, lexical search only: %v", err), nil
	}
	if len(vecs) != 1 || len(vecs[0]) != st.dim {
		got := 0
		if len(vecs) == 1 {
			got = len(vecs[0])
		}
		return nil, "", fmt.Errorf("%w: %s gave a %d-dimensional query vector, the index holds %d; %s",
			ErrEmbeddingMismatch, emb.Model(), got, st.dim, reembedHint)
	}
	qv := slices.Clone(vecs[0])
	if !normalise(qv) {
		return nil, "vector search is off for this question (the query embedding is zero): lexical search only", nil
	}
	return qv, partial, nil
}

type scored struct {
	doc   int
	score float64
}

// fuse merges the lexical and vector rankings by fusion, best first.
func fuse(fusion string, lex []lexHit, vec []vecHit) []scored {
	acc := map[int]float64{}
	switch fusion {
	case FusionScore:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, h := range lex {
			lo, hi = math.Min(lo, h.score), math.Max(hi, h.score)
		}
		for _, h := range lex {
			acc[h.doc] += minMax(h.score, lo, hi)
		}
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, h := range vec {
			lo, hi = math.Min(lo, h.sim), math.Max(hi, h.sim)
		}
		for _, h := range vec {
			acc[h.doc] += minMax(h.sim, lo, hi)
		}
	default:
		for rank, h := range lex {
			acc[h.doc] += 1.0 / float64(rrfK+rank+1)
		}
		for rank, h := range vec {
			acc[h.doc] += 1.0 / float64(rrfK+rank+1)
		}
	}
	out := make([]scored, 0, len(acc))
	for doc, s := range acc {
		out = append(out, scored{doc: doc, score: s})
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return a.doc - b.doc
	})
	return out
}

func minMax(x, lo, hi float64) float64 {
	if hi <= lo {
		return 1
	}
	return (x - lo) / (hi - lo)
}

// relevance estimates in [0,1] how well chunk doc answers the query. The
// lexical part is the share of the query's IDF mass the chunk contains; the
// vector part is the cosine similarity. Hybrid averages the two so that an
// embedding model's high baseline similarity for unrelated text does not
// make every question look covered.
func (st *state) relevance(q lexQuery, qv []float32, doc int, mode string) float64 {
	c := &st.chunks[doc]
	lexRel := st.lex.coverage(q, c.terms)
	if mode == ModeLexical || qv == nil || c.vec == nil {
		return lexRel
	}
	var dot float64
	for i, x := range qv {
		dot += float64(x) * float64(c.vec[i])
	}
	if mode == ModeVector {
		return math.Max(0, math.Min(1, dot))
	}
	// In hybrid mode the vectors rank but do not gate: cosine similarity is
	// not calibrated across embedding models (nomic-embed-text scores
	// unrelated English around 0.4), while the query coverage is the signal
	// retrieval.min_score was measured on. So the threshold means the same
	// with or without embeddings.
	return lexRel
}

// lexQuery is the plan's query as the lexicon searches it: its word
// groups with their weights, and the named location's words credited as
// covered (credit). Search and the tests that rank part of the way build
// it here, once.
func (p queryPlan) lexQuery(st *state) lexQuery {
	q := st.lex.parseGroups(p.groups, p.weight)
	p.credit(st, &q)
	return q
}
