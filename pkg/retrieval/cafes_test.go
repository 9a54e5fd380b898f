package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The cafés under testdata/cafes are knowledge bases and questions that
// people outside the project wrote (see each one's README.md): they show
// whether ranking carries over to documents nobody here wrote.

func cafeDir(name string) string { return filepath.Join("..", "..", "testdata", "cafes", name) }

func cafeIndex(t testing.TB, name string) *Index {
	t.Helper()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), os.DirFS(filepath.Join(cafeDir(name), "kb")), "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// cafeNames lists the cafés under testdata/cafes.
func cafeNames(t testing.TB) []string {
	t.Helper()
	ents, err := os.ReadDir(cafeDir(""))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) < 2 {
		t.Fatalf("%d cafés under testdata/cafes, want at least 2", len(out))
	}
	return out
}

// cafeCases reads a café's passages.jsonl; half "tune" is its odd lines
// (1st, 3rd, ...), tuned on, and "test" its even lines, held out while
// tuning; the split was fixed before the set was first measured.
func cafeCases(t testing.TB, name, half string) []PassageCase {
	t.Helper()
	f, err := os.Open(filepath.Join(cafeDir(name), "passages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := ReadPassageCases(f)
	if err != nil {
		t.Fatalf("%s/passages.jsonl: %v", name, err)
	}
	if half == "" {
		return all
	}
	var out []PassageCase
	for i, c := range all {
		if (half == "tune") == (i%2 == 0) {
			out = append(out, c)
		}
	}
	return out
}

// TestCafePassagesAreAnswerable checks each café's questions: every
// case's string occurs in one chunk of its source (or in two neighbours
// that share it through the chunks' overlap, which the help-centre export
// of Copper Finch has once), so a miss is retrieval's fault and a hit is
// that passage.
func TestCafePassagesAreAnswerable(t *testing.T) {
	for _, name := range cafeNames(t) {
		t.Run(name, func(t *testing.T) {
			st := cafeIndex(t, name).st.Load()
			cases := cafeCases(t, name, "")
			if len(cases) < 100 {
				t.Fatalf("%d cases, want at least 100", len(cases))
			}
			for _, c := range cases {
				var at []int
				for i := range st.chunks {
					ch := &st.chunks[i]
					if ch.source == c.Source && strings.Contains(strings.ToLower(ch.text), strings.ToLower(c.Contains)) {
						at = append(at, i)
					}
				}
				if len(at) == 0 || len(at) > 2 || (len(at) == 2 && at[1] != at[0]+1) {
					t.Errorf("%q: chunks %v of %s contain %q, want one (or two neighbours)", c.Q, at, c.Source, c.Contains)
				}
			}
		})
	}
}

// TestCafePassageGolden reports lexical hit@1, hit@3 and MRR on each
// café's tune and test halves and holds the floors measured when the
// ranking last changed. Misses are printed (-v) for the tune half only.
// cafeFloor holds one café half's floors, as shares of its cases.
type cafeFloor struct {
	cafe, half string
	hit1, hit3 float64
	located3   float64 // hit@3 on the questions naming a location
}

func TestCafePassageGolden(t *testing.T) {
	floors := []cafeFloor{
		// Kettlewick Coffee: before this work (51fa469's ranking, no
		// location learned from its pages) the whole set was 55.0% / 74.2%,
		// at a0cf31a 52.5% / 75.8%.
		// Halves at a0cf31a: tune 58.3% / 75.0% (location hit@3 77.8%),
		// test 48.3% / 78.3% (73.7%). Locations learned from the store
		// pages' front matter, titles, nicknames and streets, chat
		// spellings, British/American spellings, dashed day ranges and
		// more café language: tune 71.7% / 90.0% (91.7%). The named
		// location's words counted as covered in its own pages: 76.7% /
		// 91.7% (94.4%). FAQ answers at 0.7: 81.7% / 91.7% (94.4%).
		// 24-hour clock times and £/€ prices as cues, staff-only folders
		// at 0.4, "get paid" for pay: 85.0% / 93.3% (94.4%). Delivery
		// apps' names also searching "delivery": 86.7% / 95.0%.
		// A store's own chunk over the chain page it covers and asked table
		// rows (rank_scope.go, rank_rows.go): 88.3% / 98.3% -> 90.0% / 98.3%.
		// Ranking round 9 (café words in synonyms.txt): 90.0% -> 93.3% / 98.3%.
		// Ranking round 11 (own chunks yield to chain chunks that answer
		// better, "how many" counts): 93.3% -> 95.0% / 98.3%.
		{cafe: "kettlewick", half: "tune", hit1: 0.95, hit3: 0.98, located3: 0.94},
		// Held out while tuning; after the same changes 48.3% / 85.0%
		// (84.2%), then 53.3% / 86.7% (86.8%), then 61.7% / 88.3% (89.5%).
		// After the cues, staff folders, official names, holiday dates
		// and café words of the next round: 63.3% / 88.3% (89.5%).
		// Held out, measured once after them: 66.7% / 88.3% -> 68.3% / 88.3%.
		// Held out, measured once at the end of ranking round 8 (fifth
		// wave), before -> after: 68.3% / 88.3% -> 70.0% / 88.3% (89.5%).
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 70.0% -> 71.7% / 88.3%.
		// Held out, measured once at the end of ranking round 11 (17687c8
		// -> the round): 71.7% -> 73.3% / 88.3%.
		// Held out, measured once at the end of ranking round 12 (3335dec ->
		// the round): 73.3% / 88.3% (89.5%) -> 73.3% / 86.7% (86.8%), one
		// question at hit@3; its misses were not read and nothing was tuned
		// back.
		{cafe: "kettlewick", half: "test", hit1: 0.73, hit3: 0.86, located3: 0.86},
		// Bramble & Loaf Bakehouse (Cork): first sight at 9c11b57's
		// ranking, tune 70.0% / 86.0% (85.3%), test 74.0% / 88.0% (86.1%);
		// after the Kettlewick changes of 4cd3f69, before any change made
		// for this café, tune 72.0% / 88.0% (88.2%), test 74.0% / 90.0%
		// (88.9%). Shops learned from "Official name:" lines (a page's or
		// one section's of a shared page) and the quoted nicknames in
		// their headings: tune 82.0% / 94.0% (97.1%). Paddy's and St
		// Stephen's Day as dates, 96.0% at hit@3; chunks listing dates
		// first for a holiday question: 84.0% / 96.0%. "staff" also
		// searching "team": 86.0% / 98.0%.
		// Own chunk over chain page, asked rows: 86.0% -> 88.0% / 98.0%.
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 88.0% / 98.0% (100.0%) -> 88.0% / 100.0% (100.0%).
		{cafe: "bramble", half: "tune", hit1: 0.88, hit3: 1.00, located3: 0.97},
		// Held out while tuning, measured at the end: 82.0% / 90.0% (88.9%).
		// The proximity re-rank (rank_proximity.go), measured once after
		// it was fixed on the tune halves: 80.0% / 92.0% (91.7%).
		// Held out, measured once after them: 80.0% -> 82.0% / 92.0%.
		// Fifth wave, ranking round 8 (hours for "open", stale pages,
		// FAQ answers to the question asked): this floor failed at the
		// round's first commit, hit@3 90.0%, one question; its misses
		// were not read and nothing was tuned back.
		// At the end of the round, before -> after: 82.0% / 92.0% (91.7%)
		// -> 82.0% / 90.0% (88.9%).
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 82.0% / 90.0% -> 82.0% / 92.0%.
		// Held out, measured once at the end of ranking round 11: 82.0% /
		// 92.0% -> 82.0% / 94.0%.
		{cafe: "bramble", half: "test", hit1: 0.82, hit3: 0.94, located3: 0.88},
		// Copper Finch Coffee Co. (the third wave's blind café, a dev café
		// since the fourth): at b2678f1, before any change made for it,
		// tune 51.7% / 75.0% (74.4%), test 56.7% / 76.7% (80.0%); nothing
		// was scoped, as no store was learned from its pages. Stores
		// learned from a folder of store pages, a section of the shared
		// hours page and a page a table of locations names
		// (learnplaces.go): tune 60.0% / 81.7% (84.6%). Its Roastery
		// page's location_id now names it (by its title) and the learned
		// names join it: the same.
		// Stores named loosely (locations_loose.go), at 56bbf09 with the
		// help-centre JSON read as articles (ef49246): 61.7% / 83.3%
		// (87.2%), the same as with the loose rules off.
		// Own chunk over chain page, asked rows: 61.7% / 83.3% (87.2%) ->
		// 68.3% / 86.7% (92.3%).
		// Ranking round 8 (fifth wave; "open" searching "hours", stale
		// pages, FAQ answers to the question asked): 68.3% / 86.7% ->
		// 71.7% / 88.3%.
		// Ranking round 9: 71.7% / 88.3% -> 71.7% / 90.0%.
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 71.7% / 90.0% (92.3%) -> 73.3% / 91.7% (92.3%).
		{cafe: "copperfinch", half: "tune", hit1: 0.73, hit3: 0.91, located3: 0.92},
		// Held out: after the same change 56.7% / 81.7% (87.5%).
		// With the loose rules, at 56bbf09: 60.0% / 85.0% (92.5%); off,
		// 61.7% / 85.0% (92.5%).
		// Held out, measured once after them: 60.0% / 85.0% (92.5%) ->
		// 63.3% / 86.7% (95.0%).
		// Held out, ranking round 8, before -> after: 63.3% / 86.7% (95.0%),
		// the same.
		// Ranking round 9: this floor failed at the round's third commit
		// (hit@1 61.7%, one question); its misses were not read and nothing
		// was tuned back. Before -> after, measured once at the round's end:
		// 63.3% / 86.7% (95.0%) -> 61.7% / 86.7% (95.0%).
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 61.7% / 86.7% -> 61.7% / 88.3%.
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 61.7% / 88.3% (95.0%) -> 63.3% / 91.7% (95.0%);
		// its misses were not read and nothing was tuned back.
		{cafe: "copperfinch", half: "test", hit1: 0.63, hit3: 0.91, located3: 0.95},
		// Tidewater Roasters (New Brunswick, bilingual; the fourth wave's
		// stranger's café): first sight at 3d9da35, before any change made
		// for it, tune 59.8% / 85.6% (88.4%), test 60.8% / 77.3% (72.9%);
		// the same at b2678f1. One location of five learned (the truck).
		// Store codes in front matter (store_code: WS01), French and
		// Canadian addresses, a style guide's table of names with a brand
		// before each, all five learned: tune 68.0% / 87.6% (91.3%).
		// Stores named loosely ("the harbour cafe", "the principal
		// store"), at 56bbf09 with the help-centre JSON read as articles
		// (ef49246): 77.3% / 88.7% (91.3%) -> 77.3% / 89.7% (92.8%).
		// Own chunk over chain page, asked rows: 77.3% -> 79.4% / 89.7%
		// (92.8%).
		// Ranking round 8: 79.4% -> 81.4% / 89.7%.
		// Ranking round 9: 81.4% / 89.7% -> 82.5% / 90.7%.
		// Ranking round 10 (staff-only pages, CSV rows): 82.5% -> 84.5% / 90.7%.
		// Ranking round 11: 84.5% -> 85.6% / 90.7%.
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 85.6% / 90.7% -> 85.6% / 91.8% (92.8%).
		{cafe: "tidewater", half: "tune", hit1: 0.85, hit3: 0.91, located3: 0.92},
		// Held out: after the same change 67.0% / 83.5% (81.4%).
		// With the loose rules, at 56bbf09: 70.1% / 87.6% (85.7%), the
		// same as with them off.
		// Held out, measured once after them: 70.1% -> 71.1% / 87.6% (85.7%).
		// Held out, ranking round 8, before -> after: 71.1% -> 75.3% / 87.6%
		// (85.7%).
		// Ranking round 11: this floor failed when the package tests ran
		// before the round's commit (hit@1 73.2%, two questions; any
		// passage answering, 77.3%, the same); its misses were not read and
		// nothing was tuned back. Held out, measured once at the end
		// (17687c8 -> the round): 75.3% / 87.6% -> 73.2% / 87.6%.
		// Held out, measured once at the end of ranking round 12: 73.2% /
		// 87.6% (85.7%) -> 75.3% / 89.7% (88.6%).
		{cafe: "tidewater", half: "test", hit1: 0.75, hit3: 0.89, located3: 0.88},
		// Saltbush Coffee Co. (Australian) and Gallán Coffee Co. (Irish): the
		// fourth wave's blind cafés, measured whole at b2678f1 and at its
		// end (aggregates only), dev cafés since the fifth wave's start
		// (a898451), with the same odd/even split, fixed before either
		// half was first measured. First sight of the halves, a898451:
		// Saltbush tune 59.4% / 81.2% (77.9%), test 49.0% / 77.0% (74.6%).
		// With the stores of 94140ed, before ranking round 8: tune 64.4% /
		// 86.1%; after it 66.3% / 88.1%. A store's folder and the only page
		// of a store with none of its own (the airport's brief, Bessie's
		// schedule) as its own, the directory's rows at staffWeight,
		// names in brackets and places in addresses (7a99406..): 71.3% /
		// 90.1% (89.7%).
		// Ranking round 9: 71.3% / 90.1% -> 74.3% / 93.1%.
		// Ranking round 10, CSV rows at csvRowWeight: 74.3% / 93.1% ->
		// 73.3% / 92.1% ("the vegan reuben at the lane" and "how much is
		// the big brekkie" yield to pages; the ten tune halves +2 / +2).
		// Ranking round 11: 73.3% -> 74.3% / 92.1%.
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 74.3% -> 75.2% / 92.1% (91.2%).
		{cafe: "saltbush", half: "tune", hit1: 0.75, hit3: 0.92, located3: 0.89},
		// Test half held out; with the stores of 94140ed, before ranking
		// round 8, 56.0% / 85.0% (86.6%); after it, measured once, 54.0% /
		// 86.0% (88.1%). Held out, measured once at the end of the
		// locations work after it: 62.0% / 87.0% (89.6%).
		// Held out, ranking round 9, before -> after: 62.0% / 87.0% (89.6%)
		// -> 62.0% / 88.0% (89.6%).
		// Sixth wave, ranking round 10: this floor failed at the round's
		// first change (staff-only pages marked by their file name, title
		// or opening line, staffDoc), hit@1 60.0%, two questions; its
		// misses were not read and nothing was tuned back.
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 62.0% / 88.0% -> 60.0% / 89.0%.
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 60.0% / 89.0% (91.0%) -> 58.0% / 89.0% (91.0%);
		// its misses were not read and nothing was tuned back.
		{cafe: "saltbush", half: "test", hit1: 0.58, hit3: 0.89, located3: 0.89},
		// Gallán tune 70.1% / 87.6% (90.6%), test 61.9% / 90.7% (90.5%).
		// Before ranking round 8 (at 6725549) tune 71.1% / 87.6%; after it
		// 74.2% / 89.7%. With the locations work after it (7a99406..):
		// 75.3% / 90.7% (93.8%).
		// Ranking round 9: 75.3% / 90.7% -> 79.4% / 92.8%.
		// Ranking round 10 (staff-only pages, CSV rows; with the sixth
		// wave's store learning and stale dates): 80.4% / 93.8%.
		// Ranking round 11: 80.4% -> 81.4% / 93.8%.
		// Ranking round 12 (second-language words): 81.4% / 93.8% (95.3%) ->
		// 81.4% / 94.8% (96.9%).
		// Ranking round 13 ("dog | pets", eighth wave): 81.4% -> 80.4%; "do dogs get a treat at the cart" now has another listed answering passage first (any answer unchanged).
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 80.4% -> 81.4% / 94.8% (96.9%): "whats in the pup cup at GQ".
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 81.4% / 94.8% (96.9%) -> 81.4% / 95.9% (96.9%).
		{cafe: "gallan", half: "tune", hit1: 0.81, hit3: 0.95, located3: 0.96},
		// Test half held out: before ranking round 8 61.9% / 91.8% (92.1%),
		// after it, measured once, 63.9% / 91.8% (92.1%). Held out, measured
		// once at the end of the locations work after it: 64.9% / 91.8%
		// (92.1%).
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 64.9% / 91.8% -> 66.0% / 91.8% (64 of 97).
		// Held out, measured once at the end of ranking round 11: 66.0% ->
		// 67.0% / 91.8% (65 of 97).
		// Held out, measured once at the end of the fourteenth wave (5a2be16
		// -> the wave): 67.0% -> 68.0% / 91.8% (92.1%).
		{cafe: "gallan", half: "test", hit1: 0.68, hit3: 0.91, located3: 0.92},
		// Tallgrass (American), Suikerbos (South African), Sudu
		// (Singaporean) and Little Kererū (New Zealand): the fifth wave's
		// blind cafés, measured whole at its start and end (aggregates
		// only), dev cafés since the sixth wave's start (923af1e), split
		// odd/even before either half was first measured. First sight of
		// the halves, 923af1e: Tallgrass tune 69.1% / 86.2% (84.6%), test
		// 73.4% / 90.4% (87.7%).
		// Sixth wave, its stores learned as its writer lists them (a
		// register table's closed store and trike, nicknames in bold,
		// "the mall", two-letter nicknames): tune 77.7% / 92.6% (93.8%).
		// Ranking round 13 ("dog | pets", eighth wave): 77.7% -> 76.6%; "can i bring my dog INSIDE at the depot" now has another listed answering passage first (any answer unchanged).
		{cafe: "tallgrass", half: "tune", hit1: 0.76, hit3: 0.92, located3: 0.93},
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102, the store learning above included): 73.4% / 90.4% ->
		// 77.7% / 95.7%.
		// Held out, measured once at the end of the sixth wave's
		// locations work, before -> after, 8a50f6b -> 372fe50 (ranking
		// round 10's CSV rows and the front matter stale marks between):
		// 73.4% / 90.4% (87.7%) -> 77.7% / 95.7% (95.4%).
		// Held out, measured once at the end of ranking round 12: 77.7% ->
		// 78.7% / 95.7%.
		// Held out, measured once at the end of the fourteenth wave: 78.7% ->
		// 79.8% / 95.7% (95.4%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 79.8% / 95.7% (95.4%) -> 79.8% / 96.8% (96.9%);
		// its misses were not read and nothing was tuned back.
		{cafe: "tallgrass", half: "test", hit1: 0.79, hit3: 0.96, located3: 0.96},
		// Suikerbos tune 48.9% / 68.1% (62.3%), test 57.0% / 84.9% (78.0%).
		// Its cart and hospital kiosk learned, "the mall": tune 50.0% /
		// 70.2% (63.9%). "the Kar" (a compound name's tail its page
		// writes), "Koffiekar" for "Die Koffiekar" in a heading, "mrt" no
		// store's word: 51.1% / 73.4% (68.9%).
		// Ranking round 11: 51.1% / 73.4% -> 54.3% / 74.5%.
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 55.3% -> 56.4% / 75.5% (70.5%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Tune half: 56.4% / 75.5% (70.5%) -> 57.4% / 77.7% (73.8%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 57.4% / 77.7% (73.8%) -> 60.6% / 81.9% (78.7%).
		{cafe: "suikerbos", half: "tune", hit1: 0.60, hit3: 0.81, located3: 0.78},
		// Held out, measured once at the end of the sixth wave's
		// locations work, before -> after, 8a50f6b -> 372fe50 (ranking
		// round 10's CSV rows and the front matter stale marks between):
		// 59.1% / 84.9% (78.0%) -> 61.3% / 86.0% (79.7%).
		// Held out, measured once at the end of ranking round 12: 61.3% ->
		// 62.4% / 86.0%.
		// Held out, measured once at the end of the fourteenth wave: 63.4% /
		// 87.1% -> 63.4% / 88.2% (81.4%).
		{cafe: "suikerbos", half: "test", hit1: 0.63, hit3: 0.88, located3: 0.81},
		// Sudu tune 61.8% / 79.8% (79.3%), test 61.8% / 83.1% (86.0%).
		// Ranking round 10 (staff-only pages, CSV rows): 62.9% / 79.8%.
		// Ranking round 12: 62.9% -> 61.8% / 79.8%, one question ("parking
		// kat redhill senang tak pagi sabtu?": "sabtu" now searches
		// "saturday", and a page of Saturday rows comes first).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 61.8% / 80.9% (81.0%) -> 62.9% / 82.0% (82.8%).
		{cafe: "sudu", half: "tune", hit1: 0.62, hit3: 0.82, located3: 0.82},
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102): 61.8% / 83.1% -> 64.0% / 84.3%.
		// Held out, measured once at the end of the sixth wave's
		// locations work, before -> after, 8a50f6b -> 372fe50 (ranking
		// round 10's CSV rows and the front matter stale marks between):
		// 61.8% / 83.1% (86.0%) -> 64.0% / 84.3% (86.0%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Held out, measured once at the end: 67.4% / 86.5% (89.5%) -> 66.3% / 86.5% (89.5%),
		// one question out of first place; not read, not tuned back.
		{cafe: "sudu", half: "test", hit1: 0.64, hit3: 0.84, located3: 0.85},
		// Little Kererū tune 60.4% / 87.5% (88.1%), test 55.2% / 78.1% (77.3%).
		// Hillcrest, Pōhutukawa and Bertha learned, the airport named by
		// its page: tune 67.7% / 92.7% (92.5%).
		// Ranking round 10 (staff-only pages, CSV rows): 68.8% / 93.8%.
		// Ranking round 11: 68.8% -> 67.7% / 93.8%, one question ("is
		// pohutukawa open easter sunday": the holiday table's Easter Sunday
		// row, which answers too, above the store's own; any answer the
		// same).
		// Ranking round 12 (a chain page about the asked topic, te reo
		// Māori words): 67.7% -> 69.8% / 93.8%.
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Tune half: 69.8% / 93.8% (94.0%) -> 70.8% / 93.8% (94.0%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 70.8% / 93.8% (94.0%) -> 70.8% / 95.8% (97.0%).
		{cafe: "kereru", half: "tune", hit1: 0.70, hit3: 0.95, located3: 0.97},
		// Held out, measured once at the end of ranking round 10 (e7640ce ->
		// ac37102, the store learning above included): 55.2% / 78.1% ->
		// 67.7% / 85.4%.
		// Held out, measured once at the end of the sixth wave's
		// locations work, before -> after, 8a50f6b -> 372fe50 (ranking
		// round 10's CSV rows and the front matter stale marks between):
		// 59.4% / 82.3% (77.3%) -> 67.7% / 85.4% (83.3%).
		// Held out, measured once at the end of ranking round 11 (17687c8
		// -> the round): 67.7% / 85.4% -> 68.8% / 86.5%.
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Held out, measured once at the end: 68.8% / 87.5% (84.8%) -> 68.8% / 86.5% (83.3%),
		// one question out of the top 3; not read, not tuned back.
		{cafe: "kereru", half: "test", hit1: 0.68, hit3: 0.86, located3: 0.83},
		// Mti (Kenyan), Banwa (Filipino) and Filterwala (Indian): the sixth
		// wave's blind cafés, measured whole at its start and end
		// (aggregates only), dev cafés since the seventh wave's start
		// (8c460b1), split odd/even before either half was first measured.
		// First sight of the halves, 8c460b1: Mti tune 62.6% / 85.0%
		// (90.7%), test 60.7% / 86.0% (83.8%). Last year's posts and
		// stamped policies current (staleLag): tune 63.6% / 84.1% (88.0%).
		// Ranking round 12 (Kiswahili words): 63.6% / 84.1% (88.0%) -> 65.4% /
		// 86.0% (90.7%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 65.4% / 87.9% (92.0%) -> 67.3% / 87.9% (92.0%).
		{cafe: "mti", half: "tune", hit1: 0.67, hit3: 0.85, located3: 0.90},
		// Held out, measured once at the end of ranking round 12: 60.7% /
		// 86.0% (83.8%) -> 61.7% / 86.9% (85.1%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 61.7% / 86.9% (85.1%) -> 62.6% / 87.9% (86.5%);
		// its misses were not read and nothing was tuned back.
		{cafe: "mti", half: "test", hit1: 0.62, hit3: 0.87, located3: 0.86},
		// Banwa tune 69.0% / 88.0% (85.7%), test 67.7% / 85.9% (84.1%).
		// staleLag: tune 69.0% / 87.0% (85.7%).
		// Names pages give as "call this one", "just say", a store open
		// round the clock as "the 24h", "the 24/7 branch": tune 70.0% /
		// 87.0% (85.7%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 72.0% / 88.0% (87.3%) -> 73.0% / 89.0% (87.3%).
		{cafe: "banwa", half: "tune", hit1: 0.73, hit3: 0.89, located3: 0.85},
		// Held out, measured once at the end of ranking round 12: 68.7% /
		// 86.9% (84.1%) -> 68.7% / 85.9% (82.5%), one question at hit@3;
		// its misses were not read and nothing was tuned back.
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Held out, measured once at the end: 69.7% / 85.9% (82.5%) -> 69.7% / 86.9% (84.1%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 69.7% / 86.9% (84.1%) -> 69.7% / 87.9% (85.7%);
		// its misses were not read and nothing was tuned back.
		{cafe: "banwa", half: "test", hit1: 0.67, hit3: 0.87, located3: 0.85},
		// Filterwala tune 71.8% / 84.5% (85.7%), test 61.2% / 90.3% (89.9%).
		// staleLag: tune 70.9% / 85.4% (85.7%).
		// Ranking round 12 (Kannada words): 70.9% / 85.4% (85.7%) -> 70.9% /
		// 86.4% (87.1%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 71.8% / 87.4% (87.1%) -> 71.8% / 89.3% (90.0%).
		{cafe: "filterwala", half: "tune", hit1: 0.70, hit3: 0.89, located3: 0.90},
		// Held out, measured once at the end of the places round (8c460b1
		// -> 061fdf2, with ranking round 12): Mti test 60.7% / 86.0%
		// (83.8%) -> 61.7% / 86.9% (85.1%), Banwa 67.7% / 85.9% (84.1%) ->
		// 68.7% / 85.9% (82.5%), Filterwala 61.2% / 90.3% (89.9%) -> 63.1%
		// / 90.3% (89.9%).
		// Held out, measured once at the end of ranking round 13 (eighth wave; 8bad99f -> the round): 63.1% / 90.3% -> 61.2% / 90.3%, two questions at hit@1; its misses were not read and nothing was tuned back.
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 61.2% / 90.3% (89.9%) -> 60.2% / 90.3% (89.9%);
		// its misses were not read and nothing was tuned back.
		{cafe: "filterwala", half: "test", hit1: 0.60, hit3: 0.90, located3: 0.89},
		// Quatre-Vents (French-speaking Belgium and Lausanne, mostly in
		// French): a dev café written for the seventh wave, never blind,
		// split odd/even before either half was first measured. First
		// sight, 8c460b1: tune 32.7% / 48.6% (50.0%), test 32.7% / 56.1%
		// (57.5%).
		// The chain's name no store's alias (dropBrandPrefixes): tune
		// 32.7% -> 31.8% / 48.6% (50.0%), one question ("waffles at the
		// ixelles one?", scoped as before, its store's page second).
		// Pages and questions in other languages (lang.go): tune 29.9% /
		// 45.8% -> 57.9% / 70.1% at 8a7ebdb, 69.2% / 81.3% with the places
		// work in the tree beside it; the floor is the lower reading.
		// Its stores learned from its French pages (learnlang.go,
		// learnjoin.go; six of six, three before), with the languages
		// work at 8a7ebdb: 60.7% / 73.8% (70.8%) -> 69.2% / 81.3% (81.9%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Tune half: 69.2% / 81.3% (81.9%) -> 69.2% / 82.2% (83.3%).
		{cafe: "quatrevents", half: "tune", hit1: 0.69, hit3: 0.82, located3: 0.83},
		// Its Belgian menu (a row with one cell too many), left out at
		// first sight, is read since a ragged CSV row costs a note, not the
		// file: test 31.8% / 55.1% (57.5%), measured for the floor only.
		// Held out, read at the end of the languages work, at d68c8ac and
		// after its last pivot fix (660f103): 32.7% / 54.2% -> 49.5% / 72.0%,
		// then 33.6% / 56.1% -> 54.2% / 73.8%; the floor is the lower reading.
		// Held out, measured once at the end of the stores work (8a7ebdb
		// -> 9f70f7e): 47.7% / 71.0% (71.2%) -> 54.2% / 73.8% (75.3%).
		// Held out, measured once at the end of ranking round 13 (eighth wave; 8bad99f -> the round): 54.2% / 73.8% -> 53.3% / 74.8%, one question at hit@1; its misses were not read and nothing was tuned back.
		{cafe: "quatrevents", half: "test", hit1: 0.53, hit3: 0.73, located3: 0.75},
		// Yarumo (Colombia, mostly in Spanish): a dev café written for the
		// seventh wave, never blind, split odd/even before either half was
		// first measured. First sight, 8c460b1: tune 50.0% / 70.8%
		// (67.6%), test 49.5% / 82.1% (80.6%).
		// Its 2024 price list (a comment row at its end), left out at first
		// sight, is read since a ragged CSV row costs a note, not the file:
		// tune 50.0% / 69.8% (66.2%).
		// Pages and questions in other languages (lang.go): tune 55.2% /
		// 75.0% -> 68.8% / 78.1%.
		// Its stores learned from its Spanish pages and register (seven of
		// seven, none before), at 8a7ebdb: 61.5% / 72.9% (72.1%) -> 68.8% /
		// 78.1% (79.4%).
		{cafe: "yarumo", half: "tune", hit1: 0.68, hit3: 0.78, located3: 0.79},
		// Held out, measured once at the end of ranking round 12: 49.5% /
		// 82.1% (80.6%) -> 49.5% / 81.1% (79.1%), one question at hit@3;
		// its misses were not read and nothing was tuned back.
		// Held out, read at the end of the languages work: 57.9% / 87.4% ->
		// 63.2% / 89.5%.
		// Held out, measured once at the end of the stores work (8a7ebdb
		// -> 9f70f7e): 55.8% / 83.2% (80.6%) -> 63.2% / 89.5% (89.6%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 63.2% / 89.5% (89.6%) -> 64.2% / 89.5% (89.6%);
		// its misses were not read and nothing was tuned back.
		{cafe: "yarumo", half: "test", hit1: 0.64, hit3: 0.89, located3: 0.89},
		// Mésange (Québec, French and English), Jacaranda (Mexico, Spanish
		// and English) and Bến Gió (Vietnam, Vietnamese and English): the
		// seventh wave's blind cafés, measured whole at its start and end
		// (8c460b1, ab58fdf; aggregates only), dev cafés since the eighth
		// wave's start (ab58fdf), split odd/even before either half was
		// first measured. First sight of the halves, ab58fdf: Mésange tune
		// 38.3% / 64.9% (64.1%), test 33.3% / 51.6% (47.6%).
		// Their stores learned as their writers list them (a staff guide's
		// register headed in French or Spanish, its « » names, a French or
		// Spanish article as "the", a store page whose hours are in words
		// the learner does not know): tune 44.7% / 66.0% (65.6%).
		{cafe: "mesange", half: "tune", hit1: 0.44, hit3: 0.65, located3: 0.65},
		// Held out, measured once at the end of that work (de61fcf -> it):
		// 33.3% / 51.6% (47.6%) -> 37.6% / 59.1% (58.7%).
		{cafe: "mesange", half: "test", hit1: 0.37, hit3: 0.59, located3: 0.58},
		// Jacaranda tune 67.1% / 83.5% (77.2%), test 49.4% / 72.9% (66.7%).
		// Its stores learned (as above): tune 74.1% / 84.7% (78.9%).
		{cafe: "jacaranda", half: "tune", hit1: 0.74, hit3: 0.84, located3: 0.78},
		// Held out, measured once at the end: 49.4% / 72.9% (66.7%) ->
		// 58.8% / 76.5% (71.9%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 60.0% / 77.6% (73.7%) -> 60.0% / 78.8% (75.4%);
		// its misses were not read and nothing was tuned back.
		{cafe: "jacaranda", half: "test", hit1: 0.58, hit3: 0.78, located3: 0.75},
		// Bến Gió tune 54.2% / 60.4% (57.4%), test 55.2% / 68.8% (70.5%).
		// Its beach kiosk learned (as above): tune 54.2% / 61.5% (59.0%);
		// held out, measured once at the end: unchanged.
		// Vietnamese read as Vietnamese (0646645: đ folded, words of
		// several syllables joined, thứ 2–7 as days): tune 54.2% / 62.5%
		// (59.0%) -> 68.8% / 86.5% (86.9%).
		{cafe: "bengio", half: "tune", hit1: 0.68, hit3: 0.86, located3: 0.86},
		// Held out, measured once at the end of the languages work: 55.2% /
		// 68.8% (70.5%) -> 65.6% / 83.3% (86.9%).
		// Single syllables read only in Vietnamese text (sữa, trứng, dừa,
		// muối, nóng, lạnh: "Hai Bà Trưng" was egg, "Sửa máy" milk in an
		// English page): 64.6% / 82.3%, one question lower at both, the
		// tune half unchanged. Lowered for that: the syllables were false
		// friends in English text; measured as the package's tests measure
		// it, its misses not read and nothing tuned back.
		// A function word wins over a Vietnamese pivot and the syllables
		// whose tone alone tells them from another word are no pivots
		// alone ("đã"/"đá", "đến"/"đen", "đồng"/"đóng", "đội"/"đổi",
		// "bao"/"bão"): 64.6% / 81.2%, one question lower at hit@3, the
		// tune half unchanged. Lowered for that: "đồng" in every price was
		// "closed" and "bao nhiêu" "storm"; measured so, misses not read.
		// Held out, measured once at the end of the fourteenth wave: 64.6% /
		// 81.2% -> 64.6% / 82.3% (86.9%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Held out, measured once at the end: 64.6% / 82.3% (86.9%) -> 65.6% / 84.4% (90.2%).
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 65.6% / 84.4% (90.2%) -> 66.7% / 86.5% (91.8%);
		// its misses were not read and nothing was tuned back.
		{cafe: "bengio", half: "test", hit1: 0.66, hit3: 0.86, located3: 0.91},
		// Haar (Scottish), Bangku (Singapore and Kuala Lumpur) and Candela
		// (Madrid and València, mostly in Spanish): the eighth wave's blind
		// cafés, blind through the eighth and ninth waves (measured whole
		// at ab58fdf and the eighth wave's end, aggregates only), dev cafés
		// since the tenth wave's start, split odd/even as written, before
		// either half was first measured. First sight of the halves, at
		// 1985e4d, before any change made for them: Haar tune 69.8% /
		// 85.4% (86.9%), test 56.2% / 76.0% (79.0%).
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// tune 69.8% / 85.4% -> 71.9% / 86.5% (86.9%).
		{cafe: "haar", half: "tune", hit1: 0.71, hit3: 0.86, located3: 0.86},
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 56.2% / 76.0% (79.0%) -> 56.2% / 75.0% (77.4%);
		// its misses were not read and nothing was tuned back.
		{cafe: "haar", half: "test", hit1: 0.56, hit3: 0.75, located3: 0.77},
		// Bangku tune 55.2% / 77.1% (75.0%), test 66.3% / 87.4% (85.7%),
		// with its stores learned wrongly (cafeLocations).
		// Its stores learned each as its own (eleventh wave: a city beside
		// a store code is no store): tune 55.2% / 77.1% (75.0%) -> 60.4% /
		// 82.3% (80.9%).
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 60.4% -> 61.5% / 82.3% (80.9%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 61.5% / 82.3% (80.9%) -> 62.5% / 83.3% (80.9%).
		{cafe: "bangku", half: "tune", hit1: 0.62, hit3: 0.83, located3: 0.80},
		// Held out, measured once at the end of the eleventh wave (9950370
		// -> e8d51c4): 66.3% / 87.4% (85.7%) -> 72.6% / 88.4% (87.3%).
		// Held out, measured once at the end of the fourteenth wave (5a2be16
		// -> the wave): 72.6% / 88.4% (87.3%) -> 72.6% / 87.4% (85.7%), one
		// question that names a store lower at hit@3, from the unscoped
		// weight of stores' own pages (unscopedOwnWeight: the store named in
		// a way the locator does not know, presumably); its misses were not
		// read and nothing was tuned back. Lowered for that.
		{cafe: "bangku", half: "test", hit1: 0.72, hit3: 0.87, located3: 0.85},
		// Candela tune 51.0% / 72.9% (70.3%), test 51.6% / 74.7% (74.3%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Tune half: 51.0% / 72.9% (70.3%) -> 53.1% / 72.9% (70.3%).
		{cafe: "candela", half: "tune", hit1: 0.53, hit3: 0.72, located3: 0.70},
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Held out, measured once at the end: 51.6% / 74.7% (74.3%) -> 54.7% / 76.8% (77.1%).
		{cafe: "candela", half: "test", hit1: 0.54, hit3: 0.76, located3: 0.77},
		// Prairie Lantern (US Midwest, American English) and Maple & Tide
		// (Québec, Ontario and the Maritimes, French and English): the
		// tenth wave's blind cafés, measured whole at its start and end
		// (6ed7f56; aggregates only), dev cafés since 9950370, split
		// odd/even as written, before either half was first measured.
		// First sight of the halves, at 9950370, before any change made
		// for them: Prairie tune 41.7% / 69.8% (64.4%), test 58.3% / 76.0%
		// (72.9%), with its flagship learned as "Prairie Lantern" and its
		// cart and trailer not learned (cafeLocations).
		// Their stores learned as their writers list them (eleventh wave:
		// the chain's name leads no store's, a "shared-drive" folder no
		// store's): tune 41.7% / 69.8% (64.4%) -> 43.8% / 71.9% (67.8%).
		// The cart and the trailer learned from the locator's rows, and the
		// staff file's kiosk notes the kiosk's (twelfth wave: a framed
		// heading parts a text file, partLocations): 43.8% / 71.9% (67.8%)
		// -> 49.0% / 76.0% (74.6%); the test half, held out, unchanged.
		// The nicknames its store pages give (aboutAliases, calledAs):
		// -> 50.0% / 77.1% (76.3%); test 63.5% / 83.3% (84.7%) -> 65.6% /
		// 84.4% (86.4%).
		// Fourteenth wave (the store share of a topic, topicshare.go; initials, locations_initials.go):
		// 50.0% -> 51.0% / 77.1% (76.3%).
		// Fifteenth wave, stores named by landmarks (locations_landmark.go);
		// Tune half: 51.0% / 77.1% (76.3%) -> 51.0% / 78.1% (78.0%).
		// Fifteenth wave, vocabulary round two (synonyms.txt: dog breeds,
		// delivery platforms by name, order lead times, lost property, ...):
		// 51.0% / 78.1% (78.0%) -> 53.1% / 80.2% (79.7%).
		{cafe: "prairie", half: "tune", hit1: 0.53, hit3: 0.80, located3: 0.79},
		// Held out, measured once at the end of the eleventh wave (9950370
		// -> e8d51c4): 58.3% / 76.0% (72.9%) -> 63.5% / 83.3% (84.7%).
		{cafe: "prairie", half: "test", hit1: 0.63, hit3: 0.83, located3: 0.84},
		// Maple & Tide tune 47.4% / 69.5% (64.9%), test 41.1% / 63.2%
		// (64.9%).
		// Its stores learned (as Prairie's): tune 47.4% / 69.5% (64.9%) ->
		// 47.4% / 70.5% (66.7%).
		{cafe: "mapletide", half: "tune", hit1: 0.47, hit3: 0.70, located3: 0.66},
		// Held out, measured once at the end of the eleventh wave:
		// unchanged.
		// Held out, measured once at the end of the fifteenth wave's vocabulary
		// round two (a3c9330 -> the round): 42.1% / 63.2% (64.9%) -> 43.2% / 64.2% (66.7%);
		// its misses were not read and nothing was tuned back.
		{cafe: "mapletide", half: "test", hit1: 0.43, hit3: 0.64, located3: 0.66},
	}
	// Every café has floors for both halves, so a café added without
	// them fails here rather than going unmeasured.
	for _, name := range cafeNames(t) {
		for _, half := range []string{"tune", "test"} {
			if !slices.ContainsFunc(floors, func(f cafeFloor) bool { return f.cafe == name && f.half == half }) {
				t.Errorf("testdata/cafes/%s: no floors for its %s half", name, half)
			}
		}
	}
	for _, tt := range floors {
		t.Run(tt.cafe+"-"+tt.half, func(t *testing.T) {
			ix := cafeIndex(t, tt.cafe)
			rep := checkPassageFloors(t, ix, cafeCases(t, tt.cafe, tt.half), tt.cafe+" "+tt.half+" half", tt.half == "tune", tt.hit1, tt.hit3)
			if r := rep.Located.Rate(rep.Located.Hit3); r < tt.located3 {
				t.Errorf("location hit@3 %.3f below the floor %.3f", r, tt.located3)
			}
		})
	}
}

// cafeLocations are the locations each café's pages should teach the
// index: its writer's table of locations (see its README), under the
// names the index gives them. Any other location learned is a false one.
var cafeLocations = map[string][]string{
	"kettlewick":  {"Kettlewick Roastery & Café", "Kettlewick Station Kiosk", "Kettlewick at St Aldhelm's", "Riverside"},
	"bramble":     {"Bramble & Loaf Cork Airport", "Bramble & Loaf Hennessy Library Café", "Bramble & Loaf Market Stall", "Bramble & Loaf Pembroke Street"},
	"copperfinch": {"Copper Finch Annex", "Copper Finch Juniper Park", "The Roastery & Café — Brickyard", "The Wandering Finch"},
	"tidewater":   {"Ferry Terminal Kiosk", "Place Champlain", "Principale", "Tidewater on Wheels", "Water Street Roastery"},
	// Saltbush's stores are named as its store directory's rows name their
	// codes (the chain's own register), the cart "Bessie (coffee cart)"
	// without its remark; Gallán's, which has no directory, after their
	// pages' titles, brand kept as its coded pages keep it.
	"saltbush": {"Bessie", "Saltbush Coffee Co. Fitzroy Lane", "Saltbush Coffee Co. Harbour Street Roastery",
		"Saltbush Ellery Beach Kiosk", "Saltbush Northgate", "Saltbush Port Ellery Airport"},
	"gallan": {"Gallán Coffee Cuan Mór", "Gallán Express – Kilbrannagh Station", "Gallán Main Street", "Gallán at the Quay", "Gallán on the Go"},
	// The sixth wave's new dev cafés (dev since 923af1e), each its writer's
	// table under the names its pages give: a store page's heading or
	// title, a store register's official name (Tallgrass's closed Oakmont
	// Plaza and its Trike, in an internal directory table), a legend of
	// store codes for the cart with no page (Kererū's "CART=Bertha"). At
	// first sight Tallgrass lacked Oakmont Plaza and the Trike, Suikerbos
	// Die Koffiekar and named its hospital kiosk by an address line,
	// Kererū lacked Hillcrest, Pōhutukawa and Bertha and learned "Airport
	// price list" and an address line for the airport. Suikerbos's stores
	// keep or drop the brand as their pages' headings do.
	"tallgrass": {"Crestview Commons", "Depot Street", "Main Street Roastery", "Oakmont Plaza", "Riverside Drive-Thru",
		"Tallgrass @ Harwell U", "The Tallgrass Trike"},
	"suikerbos": {"Die Koffiekar", "Kerkstraat Roastery & Café", "Ou Stasie", "Suikerbos Kiosk @ Vleikant Hospital", "Suikerbos Vlei Square"},
	"sudu": {"Kopi Sudu @ Redhill", "Sudu Coffee Lakeside Junction", "Sudu Coffee Tiong Bahru Roastery", "Sudu Express – Outram Park MRT",
		"Sudu at One Raffles Vista"},
	"kereru": {"Bertha", "Harbourside Kiosk", "Hillcrest", "Little Kererū @ Pōhutukawa Shopping Centre", "The Roastery – Tainui Street",
		"Waiaroha Regional Airport"},
	// The seventh wave's new dev cafés (dev since 8c460b1), each its
	// writer's table under the names its pages give, as above: the
	// hospital café's heading without its remark "(Main Lobby)", as
	// Saltbush's cart without its own; Banwa's cart by its page's title;
	// a closed store by the stale register that alone lists it (Mti's
	// Biashara Street, a row of its 2024 store directory) or the struck
	// row of a naming guide's table (Filterwala's Jayanagar). At first
	// sight Mti lacked Biashara Street and Filterwala Jayanagar.
	"mti": {"Mti Coffee Biashara Street", "Mti Coffee House – Thingira Junction Mall", "Mti Coffee — St. Veronica Hospital",
		"Mti Express – Thingira Stage", "Mti Roastery & Farm Café"},
	"banwa": {"Banwa Kape Kiosk – CSLR Canteen", "Banwa Kape Poblacion – Flagship & Roastery", "Banwa Kape Tabok-Dagat 24/7",
		"Banwa Kape – Balinsay Gateway Mall", "Kariton sa Plaza San Roque"},
	"filterwala": {"Filterwala @ Hive & Desk, Koramangala", "Filterwala Counter – Indiranagar Metro", "Filterwala Express – Silverline Tech Park",
		"Filterwala Jayanagar 4th Block", "Filterwala Kitchen – HSR Layout", "Filterwala Roastery & Café — Basavanagudi", "Kaapi Gaadi"},
	// Quatre-Vents and Yarumo, written in French and Spanish: each its
	// writer's table under the names its store register gives
	// (liste-magasins-MASTER.csv's nom_officiel, directorio_tiendas.csv's
	// nombre_oficial, learnlang.go), a store page joined to its row by
	// its name's words or the code its text writes (learnjoin.go), the
	// closed Usaquén by its row. When they were added Quatre-Vents
	// learned three of its six (by their pages' titles) and Yarumo none.
	"quatrevents": {"Kiosque Quatre-Vents Esplanade CM", "Quatre-Vents Gare du Midi", "Quatre-Vents Lausanne Terreaux",
		"Quatre-Vents Outremeuse", "Quatre-Vents chez Les Marges", "Stand Quatre-Vents"},
	"yarumo": {"Carrito Yarumo Parque El Virrey", "Casa Yarumo Chapinero", "Sala de Catación Finca El Yarumal", "Yarumo Campus USGA",
		"Yarumo Estación Av. Jiménez", "Yarumo Los Balsos Plaza", "Yarumo Usaquén"},
	// The seventh wave's blind cafés (dev since ab58fdf), each its
	// writer's table: Mésange's and Jacaranda's under the names their
	// staff guides' registers give (a table headed "Nom officiel | On
	// l'appelle aussi…" or "Oficial | Clave sistema | Cómo les dicen
	// clientes"), Bến Gió's under their pages' titles, its beach kiosk's
	// page read by its "Địa chỉ:" address and phone. At first sight
	// Mésange lacked its campus café and named three stores by part of
	// their names, Jacaranda lacked its flagship, its franchise and its
	// drive-through and named its market stall as its staff note's
	// heading shouts it ("PUESTO SANTA TERE"), Bến Gió lacked its kiosk.
	"mesange": {"Café Mésange Villeray", "Café Mésange chez Coop Le Panier Rond", "Café Mésange – Brûlerie Saint-Denis",
		"Café Mésange – Pavillon Hélène-Dufresne", "Comptoir Mésange Lionel-Groulx", "Kiosque Mésange – Marina de Port-Aubert"},
	"jacaranda": {"Autoservicio Km 38", "Casa Chapultepec", "Jardín Tequixtlán", "Plaza Los Arcos del Sol", "Puesto Santa Tere", "Torre Citlali"},
	"bengio": {"Bến Gió Bạch Đằng – Roastery & Café", "Bến Gió Hàng Bạc", "Bến Gió Lumen Hub", "Bến Gió Tràng Tiền",
		"Bến Gió Đà Nẵng Airport", "Quầy Bến Gió Mỹ Khê"},
	// The eighth wave's blind cafés (dev since the tenth wave's start), as
	// learned at first sight (1985e4d). Haar's seven are its writer's
	// table under its pages' titles, the closed Merchant City by its
	// stale page's. Candela's are its store pages' front matter
	// locations ("Madrid – Lavapiés", a city before the store), all seven
	// that sell; it should also learn the bakery that does not (Obrador
	// Alboraia, a row of its internal register, tiendas_codigos.csv).
	// Bangku's seven are its writer's, under the names its internal store
	// directory gives their codes. At first sight they were wrong: its
	// store pages' front matter "location:" is a city ("Singapore" for four
	// stores, "Sepang, Selangor" for KLIA), which the index took for the
	// store ("Kuala Lumpur, Malaysia", "Petaling Jaya, Selangor", "Sepang,
	// Selangor", "Singapore"); a short place name beside a store code that
	// shares no word with the page's title is now the store's city and the
	// code its location (document.frontMatterLocation).
	"haar": {"Haar Beach Hut Bruachan Sands", "Haar Leith Roastery", "Haar Northfield", "Haar Queen Street Kiosk",
		"Haar at Fernbrae", "Haar at Quire & Quill", "Merchant City"},
	"bangku": {"Bangku Kopi Bukit Chandan", "Bangku Kopi Express @ Kallang Tengah MRT", "Bangku Kopi Gaya Central", "Bangku Kopi Heritage House",
		"Bangku Kopi KLIA", "Bangku Kopi Kampus UTKL", "Bangku Kopi The Original Stall"},
	"candela": {"Alcorcón – C.C. Puerta de las Dehesas", "Madrid – Chamberí", "Madrid – Estación Puerta del Mediodía", "Madrid – Lavapiés",
		"València – Campus dels Til·lers (Universitat del Túria)", "València – Mercat del Rosar", "València – Platja de Sant Isidre"},
	// The tenth wave's blind cafés (dev since 9950370), pinned so a change
	// to them is seen; its writer's eight each. Prairie's are Ingersoll,
	// Dodge St Drive-Thru, RRMC Lobby Cart, PVU Kiosk, Metcalf, Clover
	// Market, The Lantern Wagon and the closed East Village; Maple &
	// Tide's Vieux-Port, Saint-Henri (closed), Saint-Roch, Chalet
	// Mont-Castor, Vieux-Hull, Campus, Moncton — Main Street and Ferry
	// kiosk. At first sight each flagship was learned as the chain's name
	// ("Prairie Lantern — Ingersoll", "Maple & Tide — Vieux-Port
	// (Montréal)"); since the eleventh wave a page's name that leads
	// another store page's name is the chain's, and the store the next
	// part of its title (brandKeys). Since the twelfth wave Prairie's
	// hospital cart and fair trailer are learned from the store locator's
	// rows (their rows give no phone: rowPlaces), and Maple & Tide's
	// register rows are named by their last part, so "NS > Ferry kiosk" is
	// the ferry kiosk's page again and no store keeps a province prefix
	// (rowName).
	"prairie": {"Dodge St Drive-Thru", "East Village", "Ingersoll", "Metcalf", "PVU Kiosk", "Prairie Lantern at Clover Market",
		"RRMC Lobby Cart", "The Lantern Wagon"},
	"mapletide": {"Campus", "Chalet Mont-Castor", "Maple & Tide Saint-Henri", "Moncton", "Saint-Roch", "The Ferry Kiosk", "Vieux-Hull", "Vieux-Port"},
}

// TestCafeLocationsLearned checks that each café teaches the index the
// locations its writer listed, and no others.
func TestCafeLocationsLearned(t *testing.T) {
	for _, name := range cafeNames(t) {
		t.Run(name, func(t *testing.T) {
			want, ok := cafeLocations[name]
			if !ok {
				t.Fatalf("testdata/cafes/%s: no expected locations in cafeLocations", name)
			}
			got := cafeIndex(t, name).st.Load().locNames
			if !slices.Equal(got, want) {
				t.Errorf("learned %d locations %q, want %d %q", len(got), got, len(want), want)
			}
		})
	}
}
