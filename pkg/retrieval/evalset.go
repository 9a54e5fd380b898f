package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// PassageCase is one golden question checked at passage level: a hit
// answers it when it comes from Source and its text contains Contains
// (case does not matter).
type PassageCase struct {
	Q        string `json:"q"`
	Source   string `json:"source"`
	Contains string `json:"contains"`
	Category string `json:"category"`
	// Location is the location the question names, if any; it is not
	// passed to the search (the question itself must carry it).
	Location string `json:"location,omitempty"`
	// Also lists other passages that answer the question as fully, as a
	// reviewer who never saw a ranking judged them: documents repeat
	// facts across pages. Hit@1 counts only Source/Contains; the report's
	// Any figures count any of them.
	Also []PassageRef `json:"also,omitempty"`
}

// PassageRef names one passage: the chunk of Source whose text contains
// Contains (case does not matter).
type PassageRef struct {
	Source   string `json:"source"`
	Contains string `json:"contains"`
}

// ReadPassageCases reads PassageCases from JSON Lines, one per line; blank
// lines are skipped. A bad line gives an error naming its number.
func ReadPassageCases(r io.Reader) ([]PassageCase, error) {
	var out []PassageCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		var c PassageCase
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if c.Q == "" || c.Source == "" || c.Contains == "" {
			return nil, fmt.Errorf("line %d: q, source and contains are required", line)
		}
		for _, a := range c.Also {
			if a.Source == "" || a.Contains == "" {
				return nil, fmt.Errorf("line %d: every also entry needs source and contains", line)
			}
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// PassageMetrics are hit@1, hit@3 and mean reciprocal rank (over the top
// EvalDepth hits) of a group of cases.
type PassageMetrics struct {
	N    int     `json:"n"`
	Hit1 int     `json:"hit1"`
	Hit3 int     `json:"hit3"`
	MRR  float64 `json:"mrr"`
}

// Rate returns hits as a share of N, 0 for an empty group.
func (m PassageMetrics) Rate(hits int) float64 {
	if m.N == 0 {
		return 0
	}
	return float64(hits) / float64(m.N)
}

// PassageMiss is a case whose passage was not first.
type PassageMiss struct {
	Case PassageCase `json:"case"`
	// Rank is the 1-based rank of the answering passage, 0 when it is not
	// in the top EvalDepth.
	Rank int `json:"rank"`
	// Got is the source and section of the first hit.
	Got string `json:"got"`
}

// PassageReport is the outcome of EvalPassages.
type PassageReport struct {
	All PassageMetrics `json:"all"`
	// Located groups the cases that name a location.
	Located    PassageMetrics            `json:"located"`
	ByCategory map[string]PassageMetrics `json:"by_category"`
	Misses     []PassageMiss             `json:"misses"`
	// Any and AnyLocated count a case answered when any of its passages
	// (Source/Contains or one of Also) ranks; they are set only when some
	// case lists Also.
	Any        *PassageMetrics `json:"any,omitempty"`
	AnyLocated *PassageMetrics `json:"any_located,omitempty"`
}

// EvalDepth is how many hits EvalPassages looks at for the MRR.
const EvalDepth = 10

// EvalPassages searches every case with opt (K is set to EvalDepth) and
// reports where the answering passage ranked.
func (ix *Index) EvalPassages(ctx context.Context, cases []PassageCase, opt SearchOptions, emb Embedder) (PassageReport, error) {
	rep := PassageReport{ByCategory: map[string]PassageMetrics{}}
	if slices.ContainsFunc(cases, func(c PassageCase) bool { return len(c.Also) > 0 }) {
		rep.Any, rep.AnyLocated = &PassageMetrics{}, &PassageMetrics{}
	}
	opt.K = EvalDepth
	add := func(m *PassageMetrics, rank int) {
		m.N++
		if rank == 1 {
			m.Hit1++
		}
		if rank >= 1 && rank <= 3 {
			m.Hit3++
		}
		if rank >= 1 {
			m.MRR += 1 / float64(rank)
		}
	}
	for _, c := range cases {
		res, err := ix.Search(ctx, c.Q, opt, emb)
		if err != nil {
			return rep, fmt.Errorf("eval %q: %w", c.Q, err)
		}
		rank := PassageRank(res.Hits, c)
		add(&rep.All, rank)
		if c.Location != "" {
			add(&rep.Located, rank)
		}
		m := rep.ByCategory[c.Category]
		add(&m, rank)
		rep.ByCategory[c.Category] = m
		if rep.Any != nil {
			anyRank := answerRank(res.Hits, c, rank)
			add(rep.Any, anyRank)
			if c.Location != "" {
				add(rep.AnyLocated, anyRank)
			}
		}
		if rank != 1 {
			got := ""
			if len(res.Hits) > 0 {
				got = res.Hits[0].Source + " › " + res.Hits[0].Section
			}
			rep.Misses = append(rep.Misses, PassageMiss{Case: c, Rank: rank, Got: got})
		}
	}
	finish := func(m *PassageMetrics) {
		if m.N > 0 {
			m.MRR /= float64(m.N)
		}
	}
	finish(&rep.All)
	finish(&rep.Located)
	if rep.Any != nil {
		finish(rep.Any)
		finish(rep.AnyLocated)
	}
	for k, m := range rep.ByCategory {
		finish(&m)
		rep.ByCategory[k] = m
	}
	return rep, nil
}

// PassageRank returns the 1-based rank of the first hit that is c's own
// passage (Source/Contains), or 0 when none is.
func PassageRank(hits []Hit, c PassageCase) int {
	return refRank(hits, PassageRef{Source: c.Source, Contains: c.Contains})
}

// AnswerRank returns the 1-based rank of the first hit that is c's own
// passage or one of its Also passages, or 0 when none is.
func AnswerRank(hits []Hit, c PassageCase) int {
	return answerRank(hits, c, PassageRank(hits, c))
}

// answerRank is AnswerRank given own, c's own passage's rank, which
// EvalPassages has already found.
func answerRank(hits []Hit, c PassageCase, own int) int {
	best := own
	for _, a := range c.Also {
		if r := refRank(hits, a); r > 0 && (best == 0 || r < best) {
			best = r
		}
	}
	return best
}

func refRank(hits []Hit, p PassageRef) int {
	want := strings.ToLower(p.Contains)
	for i, h := range hits {
		if h.Source == p.Source && strings.Contains(strings.ToLower(h.Text), want) {
			return i + 1
		}
	}
	return 0
}

// Categories returns the report's category names, sorted.
func (r PassageReport) Categories() []string {
	out := make([]string, 0, len(r.ByCategory))
	for k := range r.ByCategory {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// WriteTable prints the report as an aligned table: one row per category,
// then the location-naming cases and all cases, then, when cases list
// Also, the same two counting any answering passage.
func (r PassageReport) WriteTable(w io.Writer) error {
	row := func(name string, m PassageMetrics) string {
		return fmt.Sprintf("%-14s %4d  %5.1f%%  %5.1f%%  %.3f\n", name, m.N, 100*m.Rate(m.Hit1), 100*m.Rate(m.Hit3), m.MRR)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %4s  %6s  %6s  %s\n", "category", "n", "hit@1", "hit@3", "MRR")
	for _, k := range r.Categories() {
		b.WriteString(row(k, r.ByCategory[k]))
	}
	b.WriteString(row("names location", r.Located))
	b.WriteString(row("all", r.All))
	if r.Any != nil {
		// Any passage that answers, as a reviewer listed them (Also).
		b.WriteString(row("any, location", *r.AnyLocated))
		b.WriteString(row("any answer", *r.Any))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
