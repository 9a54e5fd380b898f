package llmhosts_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/llmhosts"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func client(t *testing.T, url string) *llm.Client {
	t.Helper()
	c, err := llm.New(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fake(t *testing.T, model, reply string) *ollamatest.Fake {
	f := ollamatest.NewFake(t)
	f.AddModel(model)
	f.ReplyWith(reply)
	return f
}

func chat(r *llmhosts.Router, model string) (string, error) {
	resp, err := r.Chat(context.Background(), llm.ChatRequest{Model: model, Messages: []llm.Message{{Role: "user", Content: "hi"}}}, nil)
	return resp.Message.Content, err
}

func TestRolesGoToTheirHostsWithFailover(t *testing.T) {
	counter := fake(t, "cafebot-faq", "from the counter")
	gpuA := fake(t, "cafebot-escalation", "from gpu a")
	gpuB := fake(t, "cafebot-escalation", "from gpu b")
	r := llmhosts.New(client(t, counter.URL), llmhosts.Role{Name: "escalation", Model: "cafebot-escalation",
		Hosts: []llmhosts.Host{{URL: gpuA.URL, Model: client(t, gpuA.URL)}, {URL: gpuB.URL, Model: client(t, gpuB.URL)}}})

	tests := []struct {
		name, model, want string
		setup             func()
	}{
		{"a small role stays on the counter", "cafebot-faq", "from the counter", func() {}},
		{"escalation goes to the first GPU host", "cafebot-escalation", "from gpu a", func() {}},
		{"the first host down: the second answers", "cafebot-escalation", "from gpu b", func() { gpuA.SetDown(true) }},
		{"while it cools down the second is asked first", "cafebot-escalation", "from gpu b", func() { gpuA.SetDown(false) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			got, err := chat(r, tt.model)
			if err != nil || !strings.Contains(got, tt.want) {
				t.Fatalf("reply %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	st := r.Status()
	if len(st) != 2 || st[0].Up || !st[1].Up || st[0].Error == "" {
		t.Errorf("status %+v: want gpu a down with its error, gpu b up", st)
	}

	gpuB.SetDown(true)
	gpuA.SetDown(true)
	_, err := chat(r, "cafebot-escalation")
	var all *llmhosts.AllDownError
	if !errors.As(err, &all) || all.Role != "escalation" || len(all.Hosts) != 2 || !errors.Is(err, llm.ErrUnreachable) {
		t.Fatalf("all hosts down: %v, want an AllDownError naming both that is ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), gpuA.URL) || !strings.Contains(err.Error(), gpuB.URL) {
		t.Errorf("the error does not name the hosts: %v", err)
	}
	if got, err := chat(r, "cafebot-faq"); err != nil || !strings.Contains(got, "counter") {
		t.Errorf("the counter's roles stopped working with the GPU hosts down: %q %v", got, err)
	}
}

func TestModelNotFoundIsNoFailover(t *testing.T) {
	a := fake(t, "other-model", "a")
	b := fake(t, "cafebot-escalation", "b")
	r := llmhosts.New(client(t, a.URL), llmhosts.Role{Name: "escalation", Model: "cafebot-escalation",
		Hosts: []llmhosts.Host{{URL: a.URL, Model: client(t, a.URL)}, {URL: b.URL, Model: client(t, b.URL)}}})
	// Host a answers but lacks the model: that is a set-up error to show,
	// not an outage to hide by asking another host.
	if _, err := chat(r, "cafebot-escalation"); err == nil || errors.Is(err, llm.ErrUnreachable) {
		t.Fatalf("missing model on the first host: %v, want its own error", err)
	}
}

// TestGuardAndEmbeddingRoles: the guard's checks and the embeddings go to
// their roles' hosts like any chat, fail over when the first host is
// down, and, with every host of a role down, fail with an AllDownError
// that OnAllDown hears once per outage, while the other roles keep
// working. A host answering again ends the outage, so the next one is
// reported too.
func TestGuardAndEmbeddingRoles(t *testing.T) {
	ctx := context.Background()
	counter := fake(t, "cafebot-faq", "from the counter")
	counter.AddModel("nomic-embed-text", ollamatest.EmbeddingDim(4))
	guardA, guardB := fake(t, "cafebot-guard", "safe"), fake(t, "cafebot-guard", "safe")
	embA, embB := ollamatest.NewFake(t), ollamatest.NewFake(t)
	for _, f := range []*ollamatest.Fake{embA, embB} {
		f.AddModel("nomic-embed-text", ollamatest.EmbeddingDim(8))
	}
	r := llmhosts.New(client(t, counter.URL),
		llmhosts.Role{Name: "guard", Model: "cafebot-guard", Hosts: []llmhosts.Host{{URL: guardA.URL, Model: client(t, guardA.URL)}, {URL: guardB.URL, Model: client(t, guardB.URL)}}},
		llmhosts.Role{Name: "embedding", Model: "nomic-embed-text", Hosts: []llmhosts.Host{{URL: embA.URL, Model: client(t, embA.URL)}, {URL: embB.URL, Model: client(t, embB.URL)}}})
	var notes []string
	r.OnAllDown(func(e *llmhosts.AllDownError) { notes = append(notes, e.Role) })
	embed := func() (int, error) {
		vecs, err := r.Embed(ctx, "nomic-embed-text", []string{"is the patio dog-friendly"}, 0)
		if err != nil {
			return 0, err
		}
		return len(vecs[0]), nil
	}
	calls := func(fs ...*ollamatest.Fake) []int {
		var n []int
		for _, f := range fs {
			n = append(n, len(f.Requests())+len(f.EmbedCalls()))
		}
		return n
	}

	if got, err := chat(r, "cafebot-guard"); err != nil || got != "safe" || !slices.Equal(calls(guardA, guardB, counter), []int{1, 0, 0}) {
		t.Fatalf("guard check: %q, %v; calls a/b/counter %v", got, err, calls(guardA, guardB, counter))
	}
	if dim, err := embed(); err != nil || dim != 8 || !slices.Equal(calls(embA, embB, counter), []int{1, 0, 0}) {
		t.Fatalf("embedding: dim %d, %v; calls a/b/counter %v (the counter's model has 4 dimensions)", dim, err, calls(embA, embB, counter))
	}

	guardA.SetDown(true)
	embA.SetDown(true)
	if _, err := chat(r, "cafebot-guard"); err != nil || calls(guardB)[0] != 1 {
		t.Errorf("guard with its first host down: %v, host b calls %v", err, calls(guardB))
	}
	if dim, err := embed(); err != nil || dim != 8 || calls(embB)[0] != 1 {
		t.Errorf("embedding with its first host down: %d, %v, host b calls %v", dim, err, calls(embB))
	}
	if len(notes) != 0 {
		t.Errorf("one host down was reported as all down: %v", notes)
	}

	guardB.SetDown(true)
	embB.SetDown(true)
	for range 2 {
		_, gerr := chat(r, "cafebot-guard")
		_, eerr := embed()
		for role, err := range map[string]error{"guard": gerr, "embedding": eerr} {
			var all *llmhosts.AllDownError
			if !errors.As(err, &all) || all.Role != role || !strings.Contains(err.Error(), role+" model hosts all down") {
				t.Errorf("%s with every host down: %v", role, err)
			}
		}
	}
	slices.Sort(notes)
	if !slices.Equal(notes, []string{"embedding", "guard"}) {
		t.Errorf("OnAllDown heard %v, want each role once", notes)
	}
	if got, err := chat(r, "cafebot-faq"); err != nil || !strings.Contains(got, "counter") {
		t.Errorf("the counter's FAQ model stopped with the guard's hosts down: %q %v", got, err)
	}
	if models, err := r.ListFor(ctx, "cafebot-guard"); err == nil {
		t.Errorf("listing the guard's models with its hosts down: %v", models)
	}

	// The outage ends when a host answers; the next outage is news again.
	guardB.SetDown(false)
	if models, err := r.ListFor(ctx, "cafebot-guard"); err != nil || len(models) != 1 || !strings.HasPrefix(models[0].Name, "cafebot-guard") {
		t.Errorf("guard models on its host: %v, %v", models, err)
	}
	guardB.SetDown(true)
	if _, err := chat(r, "cafebot-guard"); err == nil {
		t.Error("guard answered with every host down")
	}
	if n := strings.Count(strings.Join(notes, " "), "guard"); n != 2 {
		t.Errorf("the second guard outage was reported %d times in all, want 2", n)
	}
}
