package retrieval

import (
	"slices"
	"testing"
)

func TestFollowUpQuery(t *testing.T) {
	const brownie = "is the killer brownie gluten free?"
	tests := []struct {
		prev, msg string
		want      string
		rewritten bool
	}{
		{brownie, "how much is oat milk?", "how much is oat milk?", false},
		{brownie, "is it vegan?", brownie + " is it vegan?", true},
		{brownie, "and how much is it?", brownie + " and how much is it?", true},
		{"how much is a regular latte", "and the large?", "how much is a regular latte and the large?", true},
		{"how much is a regular latte", "large?", "how much is a regular latte large?", true},
		{"how much is a regular latte", "what about the mocha?", "how much is a regular latte what about the mocha?", true},
		{"what's in the tuna melt", "calories?", "what's in the tuna melt calories?", true},
		{"does elm road have parking", "same for harbour street?", "does elm road have parking same for harbour street?", true},
		{brownie, "wifi?", "wifi?", false},
		{brownie, "what are your opening hours?", "what are your opening hours?", false},
		{brownie, "is there a happy hour", "is there a happy hour", false},
		{brownie, "can I bring my dog to the harbour street patio on sundays", "can I bring my dog to the harbour street patio on sundays", false},
		{"", "is it vegan?", "is it vegan?", false},
		{brownie, "   ", "", false},
		{"  ", "and the large?", "and the large?", false},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			got, rw := FollowUpQuery(tt.prev, tt.msg)
			if got != tt.want || rw != tt.rewritten {
				t.Errorf("FollowUpQuery(%q, %q) = %q, %v; want %q, %v", tt.prev, tt.msg, got, rw, tt.want, tt.rewritten)
			}
		})
	}
}

// TestFollowUpRetrieval: the rewrite changes what is found the right way.
func TestFollowUpRetrieval(t *testing.T) {
	ix := bundledIndex(t)
	search := func(prev, msg string) Results {
		q, _ := FollowUpQuery(prev, msg)
		return scopeOf(t, ix, q, SearchOptions{K: 3})
	}
	res := search("is the killer brownie gluten free?", "how much is oat milk?")
	for _, h := range res.Hits {
		if h.Section == "Killer Brownie" {
			t.Errorf("oat milk question retrieved the brownie: %v", hitSources(res))
		}
	}
	if PassageRank(res.Hits, PassageCase{Source: "menu/drink-customisation.md", Contains: "Oatly"}) == 0 {
		t.Errorf("oat milk price not found: %v", hitSources(res))
	}
	res = search("how much is a regular latte", "and the large?")
	if PassageRank(res.Hits, PassageCase{Source: "menu/menu.csv", Contains: "item: Latte; category: espresso; size: large"}) == 0 {
		t.Errorf("large latte not found: %+v", hitSources(res))
	}
}

// TestFollowUpMovesScope: "what about harbour street?" after a Riverside
// question is about Harbour Street only; naming two places in one
// question keeps both.
func TestFollowUpMovesScope(t *testing.T) {
	ix := bundledIndex(t)
	q, rw := FollowUpQuery("when does riverside close on friday", "what about harbour street?")
	if !rw {
		t.Fatal("not a follow-up")
	}
	res := scopeOf(t, ix, q, SearchOptions{})
	if !slices.Equal(res.Scope.Locations, []string{"Harbour Street"}) {
		t.Errorf("scope %+v", res.Scope)
	}
	res = scopeOf(t, ix, "does elm road or harbour street close later on friday", SearchOptions{})
	if !slices.Equal(res.Scope.Locations, []string{"Elm Road", "Harbour Street"}) {
		t.Errorf("two places: scope %+v", res.Scope)
	}
	res = scopeOf(t, ix, "what about the vegan options", SearchOptions{})
	if len(res.Scope.Locations) != 0 {
		t.Errorf("no place: scope %+v", res.Scope)
	}
}
