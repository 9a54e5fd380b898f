package retrieval

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestShareDiag (CAFEBOT_SHARE_DIAG=1) prints each dev café's hit@1 and
// hit@3 counts on both halves (the test halves as aggregates only) and
// tallies the tune halves' first hits by the store share of the
// question's topic (topicStoreShare), whether it was scoped and whether
// the wanted chunk and the first hit are a store's own. With
// CAFEBOT_SHARE_MISSES set it logs each tune miss; CAFEBOT_SHARE_STORECOV
// buckets scoped questions by how much of the topic the scoped store's
// own chunks hold instead, CAFEBOT_SHARE_INTRO by whether the wanted chunk
// and the first hit are a document's intro, a flat document's or a
// section's; CAFEBOT_SHARE_UNSCOPED logs the tune questions naming a store
// that were left unscoped, CAFEBOT_SHARE_CLASS tallies the tune misses by
// class (scoped or not, the wanted chunk's and the first hit's kind, the
// same document or another, which covers more of the topic, the rank).
// The fourteenth and fifteenth waves' measurements came from it.
func TestShareDiag(t *testing.T) {
	if os.Getenv("CAFEBOT_SHARE_DIAG") == "" {
		t.Skip("set CAFEBOT_SHARE_DIAG=1")
	}
	ctx := context.Background()
	type key struct {
		bucket        string
		scoped        bool
		goldOwn, top1 string
	}
	tally := map[key][2]int{}
	classes := map[string]int{}
	var tot [2][3]int
	for _, name := range cafeNames(t) {
		ix := cafeIndex(t, name)
		st := ix.st.Load()
		var line [2][3]int
		for h, half := range []string{"tune", "test"} {
			for _, c := range cafeCases(t, name, half) {
				res, err := ix.Search(ctx, c.Q, SearchOptions{Mode: ModeLexical, K: 10}, nil)
				if err != nil {
					t.Fatal(err)
				}
				r := PassageRank(res.Hits, c)
				line[h][0]++
				if r == 1 {
					line[h][1]++
				}
				if r >= 1 && r <= 3 {
					line[h][2]++
				}
				if half != "tune" {
					continue
				}
				plan := st.plan(c.Q, SearchOptions{Mode: ModeLexical})
				q := plan.lexQuery(st)
				share := st.topicStoreShare(q)
				b := "<0.1"
				switch {
				case share >= 0.4:
					b = ">=0.4"
				case share >= 0.1:
					b = "0.1-0.4"
				}
				gold := "chain"
				for i := range st.chunks {
					ch := &st.chunks[i]
					if ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
						if st.effLoc[i] != "" && !st.sectionLoc[i] {
							gold = "own"
						}
						break
					}
				}
				top := "none"
				if len(res.Hits) > 0 {
					top = "chain"
					if r == 1 {
						top = "HIT"
					} else {
						for i := range st.chunks {
							ch := &st.chunks[i]
							if ch.source == res.Hits[0].Source && ch.text == res.Hits[0].Text {
								if st.effLoc[i] != "" && !st.sectionLoc[i] {
									top = "own"
								}
								break
							}
						}
					}
				}
				if os.Getenv("CAFEBOT_SHARE_STORECOV") != "" {
					b = "unscoped"
					if len(plan.keys) > 0 {
						cv := storeCoverDiag(st, q, plan.keys)
						b = "<0.5"
						switch {
						case cv >= 0.999:
							b = "=1"
						case cv >= 0.75:
							b = "0.75-1"
						case cv >= 0.5:
							b = "0.5-0.75"
						}
					}
				}
				if os.Getenv("CAFEBOT_SHARE_INTRO") != "" {
					b = "?"
					gi, ti := "-", "-"
					for i := range st.chunks {
						ch := &st.chunks[i]
						if ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
							gi = introKind(st, i)
							break
						}
					}
					if len(res.Hits) > 0 {
						for i := range st.chunks {
							ch := &st.chunks[i]
							if ch.source == res.Hits[0].Source && ch.text == res.Hits[0].Text {
								ti = introKind(st, i)
								break
							}
						}
					}
					b = gi + "/" + ti
				}
				if os.Getenv("CAFEBOT_SHARE_UNSCOPED") != "" && c.Location != "" && len(plan.keys) == 0 {
					t.Logf("UNSCOPED %s rank=%d loc=%q %q", name, r, c.Location, c.Q)
				}
				k := key{b, len(plan.keys) > 0, gold, top}
				v := tally[k]
				v[0]++
				tally[k] = v
				if os.Getenv("CAFEBOT_SHARE_CLASS") != "" && r != 1 && len(res.Hits) > 0 {
					classes[missClass(st, q, c, res.Hits[0], len(plan.keys) > 0, gold, top, r)]++
				}
				if os.Getenv("CAFEBOT_SHARE_MISSES") != "" && r != 1 {
					got := "nothing"
					if len(res.Hits) > 0 {
						got = res.Hits[0].Source + " > " + res.Hits[0].Section
					}
					t.Logf("%s %.2f scoped=%v gold=%s top=%s rank=%d %q want %s got %s", name, share, len(plan.keys) > 0, gold, top, r, c.Q, c.Source, got)
				}
			}
			for i := range 3 {
				tot[h][i] += line[h][i]
			}
		}
		t.Logf("%-12s tune %3d %3d %3d  test %3d %3d %3d", name, line[0][0], line[0][1], line[0][2], line[1][0], line[1][1], line[1][2])
	}
	t.Logf("TOTAL tune n=%d hit1=%d hit3=%d (%.1f%% / %.1f%%)  test n=%d hit1=%d hit3=%d (%.1f%% / %.1f%%)",
		tot[0][0], tot[0][1], tot[0][2], pct(tot[0][1], tot[0][0]), pct(tot[0][2], tot[0][0]),
		tot[1][0], tot[1][1], tot[1][2], pct(tot[1][1], tot[1][0]), pct(tot[1][2], tot[1][0]))
	keys := make([]key, 0, len(tally))
	for k := range tally {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	for _, k := range keys {
		t.Logf("share %-8s scoped=%-5v gold=%-5s top1=%-5s %4d", k.bucket, k.scoped, k.goldOwn, k.top1, tally[k][0])
	}
	cs := make([]string, 0, len(classes))
	for k := range classes {
		cs = append(cs, k)
	}
	slices.SortFunc(cs, func(a, b string) int { return classes[b] - classes[a] })
	for _, k := range cs {
		t.Logf("miss %s %4d", k, classes[k])
	}
}

// missClass names a tune miss's class: scoped or not, the wanted chunk's
// kind and the first hit's (a store's own or the chain's), the same
// document or another, whether the wanted chunk covers more of the
// question's topic (topicWeightsOf; the words naming a store aside) than
// the first hit, the same or less, and the wanted chunk's rank (2-3,
// 4-10, or not in the ten).
func missClass(st *state, q lexQuery, c PassageCase, first Hit, scoped bool, gold, top string, rank int) string {
	w := topicWeightsOf(q)
	cover := func(i int) float64 {
		if w.total == 0 {
			return 0
		}
		has := termsHave(st.chunks[i].terms)
		held := map[int]bool{}
		for _, t := range q.terms {
			if !t.place && has(t.id) {
				held[t.group] = true
			}
		}
		var s float64
		for g := range held {
			s += w.group[g]
		}
		return s / w.total
	}
	gi, ti := -1, -1
	for i := range st.chunks {
		ch := &st.chunks[i]
		if gi < 0 && ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
			gi = i
		}
		if ti < 0 && ch.source == first.Source && ch.text == first.Text {
			ti = i
		}
	}
	cv := "?"
	if gi >= 0 && ti >= 0 {
		switch g, f := cover(gi), cover(ti); {
		case g > f+0.05:
			cv = "gold-covers-more"
		case g < f-0.05:
			cv = "gold-covers-less"
		default:
			cv = "same-cover"
		}
	}
	doc := "other-doc"
	if first.Source == c.Source {
		doc = "same-doc"
	}
	rk := "rank0"
	switch {
	case rank >= 2 && rank <= 3:
		rk = "rank2-3"
	case rank >= 4:
		rk = "rank4-10"
	}
	return fmt.Sprintf("scoped=%-5v gold=%-5s top=%-5s %-9s %-16s %s", scoped, gold, top, doc, cv, rk)
}

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}

// storeCoverDiag is the share of q's topic weight whose group some own
// chunk of the scoped stores holds.
func storeCoverDiag(st *state, q lexQuery, keys []string) float64 {
	w := topicWeightsOf(q)
	if w.total == 0 {
		return 0
	}
	held := map[int]bool{}
	for i := range st.chunks {
		if st.effLoc[i] == "" || st.sectionLoc[i] || !slices.Contains(keys, st.effLoc[i]) {
			continue
		}
		has := termsHave(st.chunks[i].terms)
		for _, t := range q.terms {
			if !t.place && has(t.id) {
				held[t.group] = true
			}
		}
	}
	var s float64
	for g := range held {
		s += w.group[g]
	}
	return s / w.total
}

// introKind says whether chunk i is a document's intro chunk, a chunk of a
// document with no sections, or a section's.
func introKind(st *state, i int) string {
	if st.intro[i] {
		return "intro"
	}
	if !strings.Contains(st.chunks[i].section, " > ") {
		return "flat"
	}
	return "sect"
}

// TestQueryDiag (CAFEBOT_DIAG_Q="cafe|question") prints the top hits of one
// tune-half question.
func TestQueryDiag(t *testing.T) {
	v := os.Getenv("CAFEBOT_DIAG_Q")
	if v == "" {
		t.Skip("set CAFEBOT_DIAG_Q=cafe|question")
	}
	name, q, _ := strings.Cut(v, "|")
	ix := cafeIndex(t, name)
	st := ix.st.Load()
	plan := st.plan(q, SearchOptions{Mode: ModeLexical})
	lq := plan.lexQuery(st)
	for _, tm := range lq.terms {
		t.Logf("term %s g%d a%d idf %.2f place=%v stores=%d/%d", st.vocab[tm.id], tm.group, tm.alt, tm.idf, tm.place, st.storeCount[tm.id], st.nStores)
	}
	t.Logf("scope %v share %.2f", plan.scope, st.topicStoreShare(lq))
	res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range res.Hits {
		t.Logf("%d %.3f %s > %s [%s]\n%.300s", i+1, h.Score, h.Source, h.Section, h.Location, h.Text)
	}
}
