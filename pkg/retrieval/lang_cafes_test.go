package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// TestLangCafes holds the rule the other languages' support was kept
// by: on every dev café's tune half it loses no more than one question at
// hit@1 or hit@3 against the same tree with it off, and over all of them
// it gains. With CAFEBOT_LANG_MEASURE naming cafés (comma separated; a
// path is a café folder outside testdata with kb/ and questions.jsonl) it
// measures those instead and logs, for the tune half, how many questions
// are in, or about a page in, another language than English (with
// CAFEBOT_LANG_MISSES set, those questions' misses; "all", every miss).
// The test half is measured only with CAFEBOT_LANG_TEST set (or for a
// folder outside testdata), as aggregates: its misses are never printed.
// langLossAtFirstSight holds, for a dev café that broke TestLangCafes's
// rule when it was added, the further questions its tune half may lose,
// so it may not lose more: Candela (dev since the tenth wave's start)
// lost 51 -> 49 at hit@1 and 71 -> 70 at hit@3 at first sight (1985e4d),
// its Spanish written without accents read as French ("en nochevieja la
// de la estación cierra antes?"), a finding left for the languages work.
// Since the eleventh wave five of its six such questions read as Spanish
// (textnorm's ending tie-break) and it still loses the same: the loss is
// its Spanish questions' own ranking (53.1% -> 51.0% at hit@1).
// Fifteenth wave: stores named by landmarks (locations_landmark.go) lift
// both readings, the shipped one (languages on) 49 / 70 -> 51 / 70 and the
// one without the languages 51 / 71 -> 52 / 73, so the gap at hit@3 is 3;
// the questions whose rank differs between the two are the same Spanish
// ones as before (none is scoped differently but "si reservo el roscon en
// tienda", which only the reading without the languages scopes, wrongly).
var langLossAtFirstSight = map[string]int{"candela": 2}

func TestLangCafes(t *testing.T) {
	names := cafeNames(t)
	if raceDetector {
		// The whole package is near its time limit under -race; the
		// two cafés written mostly in another language stand for all.
		names = []string{"quatrevents", "yarumo"}
	}
	if list := os.Getenv("CAFEBOT_LANG_MEASURE"); list != "" {
		names = strings.Split(list, ",")
	}
	gain := 0
	for _, name := range names {
		name = strings.TrimSpace(name)
		dir, qfile := cafeDir(name), "passages-any.jsonl"
		if strings.Contains(name, "/") {
			dir, qfile = name, "questions.jsonl"
		} else if _, err := os.Stat(filepath.Join(dir, qfile)); err != nil {
			qfile = "passages.jsonl"
		}
		index := func(off bool) *Index {
			langOff.Store(off)
			defer langOff.Store(false)
			ix := New(t.TempDir())
			if _, err := ix.IngestFS(context.Background(), os.DirFS(filepath.Join(dir, "kb")), "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
				t.Fatal(err)
			}
			return ix
		}
		ix, without := index(false), index(true)
		f, err := os.Open(filepath.Join(dir, qfile))
		if err != nil {
			t.Fatal(err)
		}
		all, err := ReadPassageCases(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		st := ix.st.Load()
		chunkLang := func(c PassageCase) textnorm.Lang {
			for i := range st.chunks {
				ch := &st.chunks[i]
				if ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
					return textnorm.DetectLang(rawWords(ch.text))
				}
			}
			return ""
		}
		halves := []string{"tune"}
		if os.Getenv("CAFEBOT_LANG_TEST") != "" || strings.Contains(name, "/") {
			halves = append(halves, "test")
		}
		for _, half := range halves {
			var cases []PassageCase
			for i, c := range all {
				if (half == "tune") == (i%2 == 0) {
					cases = append(cases, c)
				}
			}
			eval := func(ix *Index, off bool) PassageReport {
				langOff.Store(off)
				defer langOff.Store(false)
				rep, err := ix.EvalPassages(context.Background(), cases, SearchOptions{Mode: ModeLexical}, nil)
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			rep, before := eval(ix, false), eval(without, true)
			figures := func(r PassageReport) string {
				s := fmt.Sprintf("strict %.1f/%.1f", 100*r.All.Rate(r.All.Hit1), 100*r.All.Rate(r.All.Hit3))
				if r.Any != nil {
					s += fmt.Sprintf(" any %.1f/%.1f", 100*r.Any.Rate(r.Any.Hit1), 100*r.Any.Rate(r.Any.Hit3))
				}
				return s
			}
			t.Logf("%s %s n=%d: without %s, with %s", filepath.Base(name), half, rep.All.N, figures(before), figures(rep))
			if half != "tune" {
				continue
			}
			gain += rep.All.Hit1 + rep.All.Hit3 - before.All.Hit1 - before.All.Hit3
			if lost := 1 + langLossAtFirstSight[filepath.Base(name)]; rep.All.Hit1 < before.All.Hit1-lost || rep.All.Hit3 < before.All.Hit3-lost {
				t.Errorf("%s tune half: hit@1 %d -> %d, hit@3 %d -> %d of %d: more than one question lost",
					name, before.All.Hit1, rep.All.Hit1, before.All.Hit3, rep.All.Hit3, rep.All.N)
			}
			missed, missedBefore := map[string]int{}, map[string]int{}
			for _, m := range rep.Misses {
				missed[m.Case.Q] = m.Rank
			}
			for _, m := range before.Misses {
				missedBefore[m.Case.Q] = m.Rank
			}
			type tally struct{ n, miss1, miss3, before1, before3 int }
			byKind := map[string]*tally{}
			var kinds []string
			for _, c := range cases {
				ql := textnorm.DetectQueryLang(rawWords(c.Q))
				pl := chunkLang(c)
				kind := string(ql) + " q, " + string(pl) + " page"
				tl := byKind[kind]
				if tl == nil {
					tl = &tally{}
					byKind[kind] = tl
					kinds = append(kinds, kind)
				}
				tl.n++
				r, miss := missed[c.Q]
				if miss {
					tl.miss1++
					if r == 0 || r > 3 {
						tl.miss3++
					}
				}
				if r, miss := missedBefore[c.Q]; miss {
					tl.before1++
					if r == 0 || r > 3 {
						tl.before3++
					}
				}
				other := kind != "en q, en page"
				if m := os.Getenv("CAFEBOT_LANG_MISSES"); miss && (m == "all" || m != "" && other) {
					t.Logf("  [%s] rank %d %q want %s %q", kind, r, c.Q, c.Source, c.Contains)
				}
			}
			slices.Sort(kinds)
			for _, k := range kinds {
				if k != "en q, en page" || len(kinds) > 1 {
					tl := byKind[k]
					t.Logf("  %-16s n=%3d miss@1 %3d -> %3d, miss@3 %3d -> %3d", k, tl.n, tl.before1, tl.miss1, tl.before3, tl.miss3)
				}
			}
		}
	}
	t.Logf("tune halves: %+d hits at hit@1 and hit@3 together", gain)
	if gain <= 0 {
		t.Errorf("the other languages' support gains %d hits over the tune halves, want more than 0", gain)
	}
}

// BenchmarkSearchLexicalLang is BenchmarkSearchLexical at 10k chunks with
// the other languages' support on and off, run in turn so the two meet
// the same load; "cold" clears the proximity segments before each search,
// so every chunk near the top is tokenised again (BenchmarkSearchLexicalCold).
func BenchmarkSearchLexicalLang(b *testing.B) {
	f := getFixture(b, benchSizes[1].n)
	for _, cold := range []bool{false, true} {
		for _, off := range []bool{false, true, false, true} {
			name := "warm/on"
			if cold {
				name = "cold/on"
			}
			if off {
				name = strings.Replace(name, "on", "off", 1)
			}
			b.Run(name, func(b *testing.B) {
				langOff.Store(off)
				defer langOff.Store(false)
				ix := &Index{}
				ix.st.Store(f.st)
				ctx := context.Background()
				cpu0 := cpuTime()
				i := 0
				for b.Loop() {
					if cold {
						b.StopTimer()
						clear(f.st.lex.segs)
						b.StartTimer()
					}
					if _, err := ix.Search(ctx, f.queries[i%len(f.queries)], SearchOptions{Mode: ModeLexical}, nil); err != nil {
						b.Fatal(err)
					}
					i++
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
			})
		}
	}
}

// BenchmarkIngestLang ingests a dev café written mostly in French, and
// one written in English, with the other languages' support on and off.
func BenchmarkIngestLang(b *testing.B) {
	for _, name := range []string{"quatrevents", "kettlewick"} {
		for _, off := range []bool{false, true, false, true} {
			mode := "on"
			if off {
				mode = "off"
			}
			b.Run(name+"/"+mode, func(b *testing.B) {
				langOff.Store(off)
				defer langOff.Store(false)
				cpu0 := cpuTime()
				n := 0
				for b.Loop() {
					ix := New(b.TempDir())
					if _, err := ix.IngestFS(context.Background(), os.DirFS(filepath.Join(cafeDir(name), "kb")), "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
						b.Fatal(err)
					}
					n++
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
			})
		}
	}
}
