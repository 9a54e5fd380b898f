package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// startServe runs `cafebot serve` in-process on a free loopback port over
// c's home and returns its URL; the server stops when the test ends.
func startServe(t *testing.T, c *cli, opt serveOptions) string {
	t.Helper()
	url, _ := startServeStop(t, c, opt)
	return url
}

// startServeStop is startServe that also returns a stop function, which
// waits for the server to finish (it runs at the test's end otherwise).
func startServeStop(t *testing.T, c *cli, opt serveOptions) (string, func()) {
	t.Helper()
	app := NewApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	app.Home, app.OllamaURL = c.home, c.url
	ctx, stop := context.WithCancel(context.Background())
	if err := app.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if opt.Addr == "" {
		opt.Addr = "127.0.0.1:0"
	}
	if opt.Debounce == 0 {
		opt.Debounce = 100 * time.Millisecond
	}
	addr := make(chan string, 1)
	opt.onListen = func(a string) { addr <- a }
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, app, opt) }()
	var once sync.Once
	finish := func() {
		once.Do(func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			app.Close()
		})
	}
	t.Cleanup(finish)
	select {
	case a := <-addr:
		return "http://" + a, finish
	case err := <-done:
		t.Fatalf("serve did not start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start within 10 s")
	}
	return "", finish
}

// dropTimings removes what legitimately differs between two runs.
func dropTimings(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	delete(m, "timings_ms")
	if g, ok := m["guard"].(map[string]any); ok {
		for _, k := range []string{"input", "draft"} {
			if v, ok := g[k].(map[string]any); ok {
				delete(v, "model_ms")
			}
		}
	}
	// A tool's as_of is the clock at the call, to the minute: two runs
	// either side of a minute boundary differ there and nowhere else.
	if calls, ok := m["tool_calls"].([]any); ok {
		for _, c := range calls {
			if r, ok := c.(map[string]any)["result"].(map[string]any); ok {
				delete(r, "as_of")
			}
		}
	}
	return m
}

// ask --server --json prints what in-process ask --json prints, timings
// aside, for every route.
func TestAskThroughServerGivesTheSameJSON(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	questions := [][]string{
		{"Is the killer brownie gluten free?"},
		{"--customer", "C1001", "How many points do I have?"},
		{"My flat white was cold and the table was dirty, not happy"},
		{"--location", "Harbour Street", "What time do you open on Sunday?"},
	}
	var local []map[string]any
	for _, q := range questions {
		local = append(local, dropTimings(t, c.ok(append([]string{"ask", "--json"}, q...)...).out))
	}
	url := startServe(t, c, serveOptions{})
	for i, q := range questions {
		got := dropTimings(t, c.ok(append([]string{"ask", "--server", url, "--json"}, q...)...).out)
		if diff := cmp.Diff(local[i], got); diff != "" {
			t.Errorf("%q: ask --server --json differs (-in-process +server):\n%s", q, diff)
		}
	}

	// search too, and CAFEBOT_SERVER names the server.
	want := c.ok("search", "--json", "-k", "3", "oat milk price").out
	t.Setenv("CAFEBOT_SERVER", url)
	if got := c.ok("search", "--json", "-k", "3", "oat milk price").out; got != want {
		t.Errorf("search through the server:\n%s\nin-process:\n%s", got, want)
	}
	r := c.ok("ask", "--explain", "Is the killer brownie gluten free?")
	if !strings.Contains(r.out, "answered by the cafebot server at "+url) {
		t.Errorf("--explain does not say the server answered:\n%s", r.out)
	}
	// --server "" answers in-process although CAFEBOT_SERVER is set.
	r = c.ok("ask", "--server", "", "--explain", "Is the killer brownie gluten free?")
	if strings.Contains(r.out, "cafebot server") {
		t.Errorf(`--server "" still used the server:\n%s`, r.out)
	}
}

func TestServeRefusesAndExplains(t *testing.T) {
	dead := ollamatest.DeadURL(t)
	tests := []struct {
		name     string
		config   string
		env      map[string]string
		args     []string
		contains []string
	}{
		{name: "non-loopback without token", args: []string{"serve", "--addr", "0.0.0.0:0"},
			contains: []string{"requires a token", "hint: set server.token"}},
		{name: "short token", config: "server:\n  token: short\n", args: []string{"serve", "--addr", "0.0.0.0:0"},
			contains: []string{"at least 16 characters", "hint:"}},
		{name: "server down", args: []string{"ask", "--server", dead, "hello"},
			contains: []string{"cafebot server unreachable", "hint: start it with `cafebot serve`"}},
		{name: "server down, env", env: map[string]string{"CAFEBOT_SERVER": dead}, args: []string{"search", "brownie"},
			contains: []string{"unreachable", "hint:"}},
		{name: "bad server url", args: []string{"ask", "--server", "ftp://x", "hello"},
			contains: []string{"want http://HOST:PORT"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, dead)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if tc.config != "" {
				if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte(tc.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := c.run("", tc.args...)
			if r.code == 0 {
				t.Fatalf("exit 0, want an error\n%s", r.out)
			}
			for _, want := range tc.contains {
				if !strings.Contains(r.err, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.err)
				}
			}
			if first := strings.SplitN(r.err, "\n", 2)[0]; !strings.HasPrefix(first, "cafebot: ") {
				t.Errorf("first line %q is not a one-line error", first)
			}
		})
	}
}

// With server.token set, the CLI sends it; a wrong token gets the
// server's one-line error and hint.
func TestServerTokenFromConfig(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("server:\n  token: counter-terminal-0123456789\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("ingest", knowledgeDir(t))
	url := startServe(t, c, serveOptions{})
	if r := c.ok("classify", "--server", url, "--json", "I want a refund for order 10482"); !strings.Contains(r.out, `"intent":"transactional"`) {
		t.Errorf("classify through the server: %s", r.out)
	}
	t.Setenv("CAFEBOT_SERVER_TOKEN", "someone-else-0123456789")
	r := c.run("", "search", "--server", url, "brownie")
	if r.code != 1 || !strings.Contains(r.err, "cafebot: missing or wrong server token") || !strings.Contains(r.err, "hint: send the token") {
		t.Errorf("wrong token: exit %d\n%s", r.code, r.err)
	}
}

// serve --watch picks up a new file in the folder.
func TestServeWatchReingests(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	docs := t.TempDir()
	if err := os.WriteFile(filepath.Join(docs, "hours.md"), []byte("# Hours\n\nWe open at seven.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	url := startServe(t, c, serveOptions{Watch: []string{docs}})
	if err := os.WriteFile(filepath.Join(docs, "specials.md"), []byte("# Specials\n\nThe quokkaberry tart is back on Fridays.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.run("", "search", "--server", url, "--json", "quokkaberry")
		if r.code == 0 && strings.Contains(r.out, "quokkaberry tart") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new file never reached the served index:\n%s%s", r.out, r.err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// chat --server runs the staff chat over a session the server holds; the
// conversation is saved and resumes through the server too.
func TestChatThroughServer(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	url := startServe(t, c, serveOptions{})
	r := c.run("Is the killer brownie gluten free?\n", "chat", "--server", url)
	if r.code != 0 || !strings.Contains(r.out, "Answer from cafebot-faq") {
		t.Fatalf("chat --server: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "answered by the cafebot server at "+url) || !strings.Contains(r.err, "conversation 1 saved") {
		t.Errorf("stderr does not name the server and the saved conversation:\n%s", r.err)
	}
	r = c.run("And the chocolate almond cake?\n", "chat", "--server", url, "--resume", "1")
	if r.code != 0 || !strings.Contains(r.out, "Answer from") {
		t.Fatalf("chat --server --resume: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	list := c.ok("chat", "--list", "--json").out
	if !strings.Contains(list, `"count": 4`) {
		t.Errorf("the resumed conversation does not hold both turns:\n%s", list)
	}
}

// classify --server prints what in-process classify prints, one message
// or one JSON line per input line.
func TestClassifyThroughServer(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	url := startServe(t, c, serveOptions{})
	lines := "I want a refund for order 10482\n\nhow late are you open on sunday\nI want to speak to a manager right now\n"
	want := c.run(lines, "classify")
	got := c.run(lines, "classify", "--server", url)
	if got.code != 0 || got.out != want.out {
		t.Errorf("classify lines through the server (exit %d):\n%s\nin-process:\n%s", got.code, got.out, want.out)
	}
	for _, args := range [][]string{{"--json"}, {}, {"--explain", "--json"}} {
		msg := "can someone real call me back"
		want := c.ok(append(append([]string{"classify"}, args...), msg)...).out
		got := c.ok(append(append([]string{"classify", "--server", url}, args...), msg)...).out
		if got != want {
			t.Errorf("classify %v through the server:\n%s\nin-process:\n%s", args, got, want)
		}
	}
}
