package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestStalePageYields: a dated launch post that uses the question's words
// more than the current page yields to it, but still answers when it is
// the only page that does. Each case checks the first hit before the
// re-rank too, so it fails if the stale weight is taken out.
func TestStalePageYields(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"news/2024-10-club-coming.md": "# Say hello to the Club\n\nPoints are coming! Earn points on every coffee, redeem points for a free coffee, " +
			"points for your birthday. Redeeming points in the app is coming soon. Our founders started the café in 2014.",
		"loyalty/club.md":            "# The Club\n\n## How it works\n\nEarn 10 points per dollar. 1,000 points is a free coffee; redeem in the app.",
		"news/2026-summer-events.md": "# Summer events 2026\n\nLive music on Fridays.",
		"help/wifi.md":               "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	for _, tt := range []struct {
		q, want, before string
	}{
		{q: "how many points do i need to redeem a free coffee", want: "loyalty/club.md", before: "news/2024-10-club-coming.md"},
		{q: "when did the founders start the cafe", want: "news/2024-10-club-coming.md", before: "news/2024-10-club-coming.md"},
	} {
		without := searchWithoutProximity(ix, tt.q)
		if len(without) == 0 || ix.st.Load().chunks[without[0].doc].source != tt.before {
			t.Fatalf("%q: before the re-rank the first hit is not %s: the corpus no longer tests the stale weight", tt.q, tt.before)
		}
		res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v, %d hits", tt.q, err, len(res.Hits))
		}
		if res.Hits[0].Source != tt.want {
			t.Errorf("%q: first hit %s, want %s", tt.q, res.Hits[0].Source, tt.want)
		}
	}
}

// TestFAQAsked: an FAQ answer whose question is the customer's beats a
// page that mentions the same words among others, where without the
// boost the page wins; an FAQ answer whose question shares only a word
// with the customer's is not boosted.
func TestFAQAsked(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"help/export.json": `[{"title": "How do I delete my account?", "body": "Open the app, then Profile, then Settings; the button is at the bottom. Your points are lost."},
			{"title": "Can I change my email?", "body": "Yes, under Profile in the app."}]`,
		"policies/privacy.md": "# Privacy policy\n\n## Your rights\n\nYou can ask to see, correct or delete your data at any time. To delete your account, write to us: " +
			"we delete the account and its data within 30 days, and a deleted account keeps no points.\n\n" +
			"## What we collect\n\nYour name, email and orders.",
		"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	st := ix.st.Load()
	const q = "how do i delete my account"
	without := searchWithoutProximity(ix, q)
	if len(without) < 2 || st.chunks[without[0].doc].source != "policies/privacy.md" {
		t.Fatalf("before the re-rank the privacy page is not first: the corpus no longer tests the boost")
	}
	res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("%v, %d hits", err, len(res.Hits))
	}
	if res.Hits[0].Source != "help/export.json" {
		t.Errorf("first hit %s › %s, want the help centre's answer", res.Hits[0].Source, res.Hits[0].Section)
	}
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{q, true},
		{"how do i delete my email from your list", false}, // "email" is one word of its question
		{"is there wifi", false},                           // not an FAQ answer
	} {
		plan := st.plan(tt.q, SearchOptions{})
		lq := st.lex.parseGroups(plan.groups, plan.weight)
		var got []string
		for doc := range st.chunks {
			if st.faqAsked(lq, doc) {
				got = append(got, st.chunks[doc].section)
			}
		}
		if (len(got) > 0) != tt.want {
			t.Errorf("%q: FAQ answers asked %q, want any: %v", tt.q, got, tt.want)
		}
	}
}

// TestRerankTopBounds attacks the re-rank over every question of the six
// dev cafés: the factors only rescore the best proximityDepth hits, so
// the chunks a search ranks are the same set as before the re-rank, in
// order of score, and those below the top keep their scores.
func TestRerankTopBounds(t *testing.T) {
	for _, name := range cafeNames(t) {
		ix := cafeIndex(t, name)
		st := ix.st.Load()
		for _, c := range cafeCases(t, name, "") {
			plan := st.plan(c.Q, SearchOptions{})
			q := plan.lexQuery(st)
			before := searchWithoutProximity(ix, c.Q)
			after := slices.Clone(before)
			st.rerankTop(q, after)
			if !slices.IsSortedFunc(after, byScore) {
				t.Errorf("%s %q: not sorted after the re-rank", name, c.Q)
			}
			docs := func(s []scored) []int {
				var out []int
				for _, h := range s {
					out = append(out, h.doc)
				}
				slices.Sort(out)
				return out
			}
			if !slices.Equal(docs(before), docs(after)) {
				t.Errorf("%s %q: the re-rank changed which chunks ranked", name, c.Q)
			}
			for _, h := range before[min(len(before), proximityDepth):] {
				if i := slices.IndexFunc(after, func(a scored) bool { return a.doc == h.doc }); after[i].score != h.score {
					t.Errorf("%s %q: the re-rank rescored %s, below the top %d", name, c.Q, ix.label(h.doc), proximityDepth)
				}
			}
		}
	}
}

// TestOpenSearchesHours: with the shipped synonyms a customer's "open"
// also searches "hours", so a store's Hours section that never says
// "open" beats its accessibility note that does ("restrooms open 6 AM");
// without the line the note wins. "Opening hours" stays one phrase with
// both words its own, so a page saying only "hours" does not match it
// as fully as one saying "opening hours".
func TestOpenSearchesHours(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"stores/annex.md": "---\nlocation: Annex\n---\n# Annex\n\n## Hours\n\nMon–Fri: 6 AM - 3 PM\nSaturday: 8 AM - 1 PM\nSunday: closed\n\n" +
			"## Accessibility\n\nStep-free entrance. Restrooms in the lobby are open 6 AM - 7 PM on weekdays and until 2 PM on Saturdays.\n",
		"stores/porch.md": "---\nlocation: Porch\n---\n# Porch\n\n## Hours\n\nEvery day 7 AM - 6 PM.\n",
		"help/wifi.md":    "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	without := mustSynonyms(t, strings.ReplaceAll(string(defaultSynonyms), "\nhours = open, opens\n", "\n"))
	if !strings.Contains(string(defaultSynonyms), "\nhours = open, opens\n") {
		t.Fatal("the shipped synonyms no longer have the line `hours = open, opens`")
	}
	const q = "is the annex open on sundays"
	first := func(syn *Synonyms) string {
		res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 3, Synonyms: syn}, nil)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%v, %d hits", err, len(res.Hits))
		}
		return res.Hits[0].Section
	}
	if got := first(without); got != "Annex > Accessibility" {
		t.Fatalf("without the line the first hit is %q: the corpus no longer tests it", got)
	}
	if got := first(nil); got != "Annex > Hours" {
		t.Errorf("first hit %q, want the Hours section", got)
	}
	st := ix.st.Load()
	plan := st.plan("what are your opening hours", SearchOptions{})
	if !slices.ContainsFunc(plan.groups, func(g qgroup) bool {
		return slices.ContainsFunc(g, func(a qalt) bool { return a.own && slices.Equal(a.stems, []string{"open", "hour"}) })
	}) {
		t.Errorf("\"opening hours\" is not one phrase of its own words: %+v", plan.groups)
	}
}
