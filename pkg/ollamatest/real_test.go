package ollamatest

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
)

// cafebotRoles are the model names cmd/cafebot's integration tests create.
var cafebotRoles = []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation", "cafebot-guard", "cafebot-embed"}

func TestStartRealServesCafebotRoles(t *testing.T) {
	r := StartReal(t, cafebotRoles...)
	c := r.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	models, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range models {
		names = append(names, strings.TrimSuffix(m.Name, ":latest"))
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(cafebotRoles))
	if !slices.Equal(names, want) {
		t.Errorf("models = %v, want %v", names, want)
	}

	for _, role := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation"} {
		resp, err := c.Chat(ctx, llm.ChatRequest{Model: role, Messages: []llm.Message{{Role: "user", Content: "hello"}}}, nil)
		if err != nil {
			t.Errorf("chat with %s: %v", role, err)
			continue
		}
		if resp.Message.Content == "" || resp.DoneReason != "length" || resp.OutputTokens != 24 {
			t.Errorf("chat with %s = %q (%s, %d tokens), want words up to num_predict 24", role, resp.Message.Content, resp.DoneReason, resp.OutputTokens)
		}
	}
	// The guard says "safe" to anything, at temperature 0 as pkg/guard
	// asks and at the default.
	for _, temp := range []*float64{new(0.0), nil} {
		resp, err := c.Chat(ctx, llm.ChatRequest{Model: "cafebot-guard", Temperature: temp, Messages: []llm.Message{{Role: "user", Content: "I will hurt you"}}}, nil)
		if err != nil || resp.Message.Content != " safe" {
			t.Errorf("guard (temperature %v) = %q, %v; want \" safe\"", temp, resp.Message.Content, err)
		}
	}
	if _, err := c.Embed(ctx, "cafebot-embed", []string{"x"}, 0); err != nil {
		t.Errorf("embed: %v", err)
	}

	// Env points the ollama CLI (or a cafebot subprocess) at the server.
	cmd := exec.CommandContext(ctx, r.Bin, "list")
	cmd.Env = append(os.Environ(), r.Env()...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "cafebot-guard:latest") {
		t.Errorf("ollama list with r.Env() = %v\n%s", err, out)
	}
	if !strings.Contains(r.Log(), "Listening on 127.0.0.1:") {
		t.Errorf("server log lacks the listen line:\n%s", r.logTail(20))
	}
}

func TestTinyModelSpeaksWords(t *testing.T) {
	r := StartReal(t, "tiny")
	var chunks []string
	_, err := r.Client().Chat(context.Background(), llm.ChatRequest{Model: "tiny", Messages: []llm.Message{{Role: "user", Content: "Is the brownie gluten free?"}}}, func(s string) error {
		chunks = append(chunks, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The output matrix favours whole-word tokens, so every chunk is a
	// space and a vocabulary word, never a stray byte.
	for _, c := range chunks {
		if !strings.HasPrefix(c, " ") || !slices.Contains(tinyWords, c[1:]) {
			t.Errorf("chunk %q is not a vocabulary word", c)
		}
	}
}

func TestStartRealWithoutBinary(t *testing.T) {
	tests := []struct {
		mode        string
		wantSkipped bool
	}{
		{"", true},
		{"require", false},
	}
	for _, tt := range tests {
		t.Run("mode="+tt.mode, func(t *testing.T) {
			t.Setenv(EnvBin, "/nonexistent/ollama")
			t.Setenv(EnvMode, tt.mode)
			rec := &recordingTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				StartReal(rec)
				t.Error("StartReal returned without a binary")
			}()
			<-done
			msg := rec.fatal
			if tt.wantSkipped {
				msg = rec.skipped
			}
			if msg == "" {
				t.Fatalf("skipped %q, fatal %q; want the other", rec.skipped, rec.fatal)
			}
			if testing.Short() && tt.mode == "" {
				return // skipped for -short before looking for the binary
			}
			if !strings.Contains(msg, "make ollama") || !strings.Contains(msg, "/nonexistent/ollama") {
				t.Errorf("message %q should name the path tried and `make ollama`", msg)
			}
		})
	}
}

func TestStartRealOff(t *testing.T) {
	t.Setenv(EnvMode, "off")
	rec := &recordingTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		StartReal(rec)
	}()
	<-done
	if !strings.Contains(rec.skipped, "off") {
		t.Errorf("skipped = %q, want a skip naming %s=off", rec.skipped, EnvMode)
	}
}
