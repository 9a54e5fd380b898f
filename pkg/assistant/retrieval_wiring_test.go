package assistant

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// TestFollowUpSearchQuery: only a real follow-up is glued to the previous
// message, and the answer says what was searched.
func TestFollowUpSearchQuery(t *testing.T) {
	prev := []Turn{{Role: "customer", Text: "Is the killer brownie gluten free?"}, {Role: "assistant", Text: "No, it contains wheat flour."}}
	for _, tt := range []struct {
		msg, want string
	}{
		{"How much is oat milk?", "How much is oat milk?"},
		{"is it vegan?", "Is the killer brownie gluten free? is it vegan?"},
	} {
		e := newEnv(t)
		e.model.down = errors.Join(errors.New("chat cafebot-faq"), llm.ErrUnreachable)
		ans, _, _ := e.ask(t, Request{Text: tt.msg, History: prev})
		if len(e.search.queries) == 0 || e.search.queries[0] != tt.want {
			t.Errorf("%q searched %q, want %q", tt.msg, e.search.queries, tt.want)
		}
		if ans.SearchQuery != tt.want {
			t.Errorf("%q: search_query %q, want %q", tt.msg, ans.SearchQuery, tt.want)
		}
		if !slices.ContainsFunc(ans.Explanation, func(l string) bool { return strings.Contains(l, "searched") && strings.Contains(l, tt.want) }) {
			t.Errorf("%q: the explanation does not show the searched query: %q", tt.msg, ans.Explanation)
		}
	}
}

// bundledEnv is newEnv over a real index of the bundled knowledge base,
// with Ollama down.
func bundledEnv(t *testing.T, edit ...func(*config.Config)) *testEnv {
	t.Helper()
	ix := retrieval.New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), knowledge.FS(), "knowledge", retrieval.IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, edit...)
	e.p.d.Index = ix
	e.model.down = errors.Join(errors.New("chat cafebot-faq"), llm.ErrUnreachable)
	return e
}

func TestRetrievalOnlyAnswersRead(t *testing.T) {
	e := bundledEnv(t)
	ans, _, _ := e.ask(t, Request{Text: "What allergens are in the almond croissant?"})
	if !ans.Fallback || !strings.Contains(ans.Answer, "allergens: wheat (gluten), milk, egg, tree nuts (almond)") || !strings.Contains(ans.Answer, "(menu/menu.csv › Almond Croissant)") {
		t.Errorf("allergens answer:\n%s", ans.Answer)
	}
	ans, _, _ = e.ask(t, Request{Text: "When does riverside close on friday?"})
	if strings.Contains(ans.Answer, "| Day |") || !strings.Contains(ans.Answer, "    Day     Hours\n    Friday  7:00 am – 5:00 pm") {
		t.Errorf("hours answer shows raw tables or the wrong café:\n%s", ans.Answer)
	}
	if strings.Contains(ans.Answer, "Harbour Street ›") || strings.Contains(ans.Answer, "Elm Road ›") {
		t.Errorf("another location's passage:\n%s", ans.Answer)
	}
	if ans.Scope == nil || !slices.Equal(ans.Scope.Locations, []string{"Riverside Campus"}) {
		t.Errorf("scope %+v", ans.Scope)
	}
}

func TestStoreLocationScopesAnswers(t *testing.T) {
	e := bundledEnv(t, func(c *config.Config) { c.Store.Location = "Harbour Street" })
	ans, _, _ := e.ask(t, Request{Text: "What are your opening hours?"})
	if ans.Scope == nil || ans.Scope.From != retrieval.ScopeStore || len(ans.Sources) == 0 || ans.Sources[0].Source != "locations/harbour-street.md" {
		t.Errorf("scope %+v, sources %+v", ans.Scope, ans.Sources)
	}
}

func TestComplaintRetrievalOnlyShowsPolicy(t *testing.T) {
	e := bundledEnv(t)
	ans, _, _ := e.ask(t, Request{Text: "My latte was cold and nobody listened when I said so, this is really disappointing"})
	if ans.Route != RouteComplaint {
		t.Skipf("routed %s, not complaint", ans.Route)
	}
	// The first source line of the extract: "  (source › section)".
	first := ans.Answer
	if i := strings.Index(ans.Answer, "\n  ("); i >= 0 {
		first = ans.Answer[i:]
		if j := strings.Index(first, ")"); j >= 0 {
			first = first[:j]
		}
	}
	if !strings.Contains(first, "policies/refunds.md") && !strings.Contains(first, "info/contact-feedback.md") {
		t.Errorf("the first passage of a complaint is not the policy:\n%s", ans.Answer)
	}
}
