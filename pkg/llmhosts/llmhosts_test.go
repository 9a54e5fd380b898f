package llmhosts_test

import (
	"context"
	"errors"
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
