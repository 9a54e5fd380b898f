package retrieval

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/knowledge"
)

func TestLocatorFind(t *testing.T) {
	l := newLocator([]string{"Elm Road", "Harbour Street", "Riverside Campus"}, map[string][]string{
		"Riverside Campus": {"the uni one", "halden hall"},
	})
	tests := []struct {
		q       string
		want    []string
		mention string
	}{
		{"when does riverside close on friday", []string{"Riverside Campus"}, "riverside"},
		{"harbour st hours", []string{"Harbour Street"}, "harbour st"},
		{"Harbor Street parking", []string{"Harbour Street"}, "harbor street"},
		{"elm rd phone", []string{"Elm Road"}, "elm rd"},
		{"is the elm road cafe open", []string{"Elm Road"}, "elm road cafe"},
		{"the campus one", []string{"Riverside Campus"}, "campus one"},
		{"is the uni one open late", []string{"Riverside Campus"}, "the uni one"},
		{"coffee in halden hall", []string{"Riverside Campus"}, "halden hall"},
		{"elm road or harbour street, which closes later", []string{"Elm Road", "Harbour Street"}, "elm road harbour street"},
		{"what is in the elm road blend", nil, ""},
		{"what time do you open", nil, ""},
		{"is the street parking free", nil, ""},
		{"road closures", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			locs, mention := l.find(rawWords(tt.q))
			var got []string
			for _, i := range locs {
				got = append(got, l.names[i])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("locations (-want +got):\n%s", diff)
			}
			if m := strings.Join(mention, " "); m != tt.mention {
				t.Errorf("mention %q, want %q", m, tt.mention)
			}
		})
	}
}

func TestSectionLocation(t *testing.T) {
	l := newLocator([]string{"Elm Road", "Harbour Street"}, nil)
	for section, want := range map[string]int{
		"Parking and Getting There > Elm Road":                   0,
		"Dogs and Other Pets > Harbour Street: our dog-friendly": 1,
		"Holiday Hours 2026 > Notes for each café > Elm Road":    0,
		"Our Coffee and the Elm Road Roastery":                   -1, // a title alone does not scope
		"Our Coffee and the Elm Road Roastery > Buying beans":    -1,
		"Catering > Private room: The Loft at Elm Road":          -1, // names it, is not about it
		"": -1,
	} {
		if got := l.sectionLocation(section); got != want {
			t.Errorf("sectionLocation(%q) = %d, want %d", section, got, want)
		}
	}
}

func scopeOf(t *testing.T, ix *Index, q string, opt SearchOptions) Results {
	t.Helper()
	opt.Mode = ModeLexical
	if opt.K == 0 {
		opt.K = 5
	}
	res, err := ix.Search(context.Background(), q, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// scopedFirst searches q lexically for three hits (scopeOf) and returns
// the results and the first location they were scoped to, "" for none.
func scopedFirst(t *testing.T, ix *Index, q string) (Results, string) {
	t.Helper()
	res := scopeOf(t, ix, q, SearchOptions{K: 3})
	if len(res.Scope.Locations) == 0 {
		return res, ""
	}
	return res, res.Scope.Locations[0]
}

// TestLocationScope holds the examples and the scoping rules.
func TestLocationScope(t *testing.T) {
	ix := bundledIndex(t)
	others := func(res Results, keep ...string) {
		t.Helper()
		for _, h := range res.Hits {
			for _, other := range []string{"Elm Road", "Harbour Street", "Riverside Campus"} {
				if slices.Contains(keep, other) {
					continue
				}
				if h.Location == other || strings.HasSuffix(h.Section, "> "+other) {
					t.Errorf("%q: hit of another location: %s › %s", res.Query, h.Source, h.Section)
				}
			}
		}
	}

	res := scopeOf(t, ix, "what are your opening hours?", SearchOptions{Location: "Elm Road"})
	if len(res.Hits) == 0 || res.Hits[0].Section != "Larkspur Café Elm Road > Opening hours" {
		t.Errorf("--location Elm Road opening hours: first %v", hitSources(res))
	}
	if res.Scope.From != ScopeFlag || !slices.Equal(res.Scope.Locations, []string{"Elm Road"}) {
		t.Errorf("scope %+v", res.Scope)
	}
	others(res, "Elm Road")

	res = scopeOf(t, ix, "when does riverside close on friday", SearchOptions{})
	if res.Scope.From != ScopeQuery || !slices.Equal(res.Scope.Locations, []string{"Riverside Campus"}) {
		t.Errorf("scope %+v", res.Scope)
	}
	others(res, "Riverside Campus")
	if len(res.Hits) == 0 || res.Hits[0].Source != "locations/riverside-campus.md" {
		t.Errorf("riverside friday: %v", hitSources(res))
	}

	// The terminal's store scopes a question that names no location...
	res = scopeOf(t, ix, "what are your opening hours?", SearchOptions{Store: "Harbour Street"})
	if res.Scope.From != ScopeStore || len(res.Hits) == 0 || res.Hits[0].Section != "Larkspur Café Harbour Street > Opening hours" {
		t.Errorf("store scope %+v, first %v", res.Scope, hitSources(res))
	}
	others(res, "Harbour Street")
	// ...but a question naming another location is about that one.
	res = scopeOf(t, ix, "what are elm road's opening hours?", SearchOptions{Store: "Harbour Street"})
	if res.Scope.From != ScopeQuery || len(res.Hits) == 0 || res.Hits[0].Section != "Larkspur Café Elm Road > Opening hours" {
		t.Errorf("named over store: scope %+v, first %v", res.Scope, hitSources(res))
	}

	// A configured alias names a location the words alone do not.
	res = scopeOf(t, ix, "what time does the waterfront one close on friday", SearchOptions{Aliases: map[string][]string{"Harbour Street": {"the waterfront one"}}})
	if !slices.Equal(res.Scope.Locations, []string{"Harbour Street"}) {
		t.Errorf("alias scope %+v", res.Scope)
	}
	others(res, "Harbour Street")

	// Chain-wide pages stay in a scoped search.
	res = scopeOf(t, ix, "how many points do i earn per dollar at elm road", SearchOptions{})
	if len(res.Hits) == 0 || res.Hits[0].Source != "policies/loyalty.md" {
		t.Errorf("chain-wide page in scope: %v", hitSources(res))
	}

	// No location, no store: nothing is scoped or left out.
	res = scopeOf(t, ix, "what are your opening hours?", SearchOptions{K: 10})
	if res.Scope.From != "" || len(res.Scope.Locations) != 0 {
		t.Errorf("unscoped %+v", res.Scope)
	}
	locs := map[string]bool{}
	for _, h := range res.Hits {
		locs[h.Location] = true
	}
	if len(locs) < 3 {
		t.Errorf("unscoped opening hours reach only %v", locs)
	}
}

// TestStoreOutranksChain: a store's own page beats the chain's general
// page on the same topic.
func TestStoreOutranksChain(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"hours.md":        "# Opening hours\n\nAll our cafés are open 8 am to 6 pm every day, and close early on holidays.\n",
		"north/hours.md":  "---\nlocation: North Quay\n---\n# Opening hours\n\nNorth Quay is open 7 am to 9 pm every day.\n",
		"south/hours.md":  "---\nlocation: South Park\n---\n# Opening hours\n\nSouth Park is open 9 am to 5 pm.\n",
		"info/parking.md": "# Parking\n\n## North Quay\n\nPark in the quay garage.\n\n## South Park\n\nStreet parking only.\n",
	})
	ix := New(home)
	if _, err := ix.Ingest(context.Background(), []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	res := scopeOf(t, ix, "what are the opening hours at north quay", SearchOptions{})
	if got := hitSources(res); len(got) < 2 || got[0] != "north/hours.md" || !slices.Contains(got, "hours.md") || slices.Contains(got, "south/hours.md") {
		t.Errorf("north quay hours: %v", got)
	}
	res = scopeOf(t, ix, "parking", SearchOptions{Store: "South Park"})
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "quay garage") {
			t.Errorf("a South Park terminal sees North Quay's parking section: %+v", h)
		}
	}
}

// TestLocationAttacks: inputs that try to break scoping.
func TestLocationAttacks(t *testing.T) {
	ix := bundledIndex(t)
	// A scope naming a location the index does not know keeps chain-wide
	// passages and drops every known location's own pages.
	res := scopeOf(t, ix, "what are your opening hours?", SearchOptions{Location: "Moon Base"})
	for _, h := range res.Hits {
		if h.Location != "" {
			t.Errorf("unknown scope let in %s (%s)", h.Source, h.Location)
		}
	}
	// Regex and case noise in names and aliases are plain text.
	res = scopeOf(t, ix, "HARBOUR   ST. (.*) hours", SearchOptions{Aliases: map[string][]string{"Elm Road": {"(.*)", "[a-z]+"}}})
	if !slices.Contains(res.Scope.Locations, "Harbour Street") {
		t.Errorf("scope %+v", res.Scope)
	}
	// A huge question still searches, scoped, in reasonable time.
	long := strings.Repeat("coffee ", 5000) + "at elm road"
	res = scopeOf(t, ix, long, SearchOptions{})
	if !slices.Equal(res.Scope.Locations, []string{"Elm Road"}) {
		t.Errorf("long question scope %+v", res.Scope)
	}
	// Empty and blank scopes are no scope.
	for _, loc := range []string{"", "   "} {
		if res := scopeOf(t, ix, "parking", SearchOptions{Location: loc, Store: loc}); len(res.Scope.Locations) != 0 {
			t.Errorf("blank %q gave scope %+v", loc, res.Scope)
		}
	}
}

// TestLocationsFromTitles: location pages without front matter are
// still known by their titles.
func TestLocationsFromTitles(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kbLocationPages(t))
	ix := New(home)
	if _, err := ix.Ingest(context.Background(), []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := ix.st.Load().locNames; !slices.Equal(got, []string{"Elm Road", "Harbour Street", "Riverside Campus"}) {
		t.Fatalf("learned locations %v", got)
	}
	res := scopeOf(t, ix, "when does riverside close on friday", SearchOptions{})
	if !slices.Equal(res.Scope.Locations, []string{"Riverside Campus"}) {
		t.Errorf("scope %+v", res.Scope)
	}
	for _, h := range res.Hits {
		if strings.HasPrefix(h.Source, "locations/") && h.Source != "locations/riverside-campus.md" && h.Source != "locations/holidays-2026.md" {
			t.Errorf("another location's page: %s", h.Source)
		}
	}
}

// kbLocationPages returns the bundled locations/ pages.
func kbLocationPages(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"elm-road.md", "harbour-street.md", "riverside-campus.md", "holidays-2026.md"} {
		data, err := fs.ReadFile(knowledge.FS(), "locations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(data), "---\n") {
			_, rest, _ := strings.Cut(string(data)[4:], "---\n")
			data = []byte(rest)
		}
		out["locations/"+name] = string(data)
	}
	return out
}

// TestStaffOnly attacks staffOnly with paths whose words merely contain
// a staff marker: it must read whole path elements.
func TestStaffOnly(t *testing.T) {
	for _, tt := range []struct {
		source string
		want   bool
	}{
		{"shared-drive/staff-only/STAFF-ONLY-escalations.md", true},
		{"shared-drive/Staff Only/allergen-procedure.md", true},
		{"ops/staff-only/shift-cheatsheet.md", true},
		{"shared-drive/Operations/allergen-escalation-STAFF-ONLY.md", true},
		{"ops/STAFF-ONLY_loadshedding-playbook.md", true},
		{"shared-drive/Operations/store-directory-INTERNAL.md", true},
		{"internal/till-guide.md", true},
		{"Private/float-counts.txt", true},
		// a substring of a word is no marker
		{"website/private-events.md", false},
		{"events/private-hire-and-parties.md", false},
		{"shared-drive/Operations/holiday-staffing-memo-2026.txt", false},
		{"website/internalized-costs-explained.md", false},
		{"website/staffing-and-careers.md", false},
		{"website/staff-picks.md", false},
		// the operations team's folder is not staff-only on its own
		{"shared-drive/operations/bessie-schedule.txt", false},
		{"privatelabel/beans.md", false},
	} {
		if got := staffOnly(tt.source); got != tt.want {
			t.Errorf("staffOnly(%q) = %v, want %v", tt.source, got, tt.want)
		}
	}
}
