package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestConfigShow(t *testing.T) {
	c := newCLI(t, "http://127.0.0.1:11500")
	r := c.ok("config", "show")
	assertGolden(t, "config_show", strings.ReplaceAll(r.out, c.home, "$CAFEBOT_HOME"))

	r = c.ok("config", "show", "--json")
	var cfg struct {
		Models map[string]string    `json:"models"`
		Ollama struct{ URL string } `json:"ollama"`
	}
	if err := json.Unmarshal([]byte(r.out), &cfg); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"faq", "tools", "escalation", "guard", "embedding"} {
		if cfg.Models[role] == "" {
			t.Errorf("config show --json has no model for role %s", role)
		}
	}
	if cfg.Ollama.URL != "http://127.0.0.1:11500" {
		t.Errorf("ollama url = %q, want the --ollama flag", cfg.Ollama.URL)
	}
}

func TestConfigFileAndEnvironment(t *testing.T) {
	c := newCLI(t, "http://127.0.0.1:11500")
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("models:\n  faq: my-faq:latest\nretrieval:\n  top_k: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CAFEBOT_MODEL_TOOLS", "env-tools")
	r := c.ok("config", "show", "--json")
	for _, want := range []string{`"faq": "my-faq:latest"`, `"tools": "env-tools"`, `"top_k": 7`} {
		if !strings.Contains(r.out, want) {
			t.Errorf("config show lacks %s:\n%s", want, r.out)
		}
	}
}

func TestBadInputGetsOneLineErrorAndHint(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(c *cli)
		args     []string
		code     int
		contains []string
	}{
		{
			name:     "config typo",
			setup:    func(c *cli) { os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("modles:\n  faq: x\n"), 0o644) },
			args:     []string{"config", "show"},
			code:     1,
			contains: []string{"config.yaml", "line 1", "hint:"},
		},
		{
			name:     "unknown flag",
			args:     []string{"ask", "--nope", "hi"},
			code:     2,
			contains: []string{"unknown flag: --nope", "usage:"},
		},
		{
			name:     "missing argument",
			args:     []string{"ask"},
			code:     2,
			contains: []string{"ask needs a question", "usage:"},
		},
		{
			name:     "ingest missing path",
			args:     []string{"ingest", "/no/such/dir"},
			code:     1,
			contains: []string{"/no/such/dir", "hint: check the path"},
		},
		{
			name:     "unknown customer",
			setup:    func(c *cli) { c.ok("backend", "seed") },
			args:     []string{"backend", "show", "C9999"},
			code:     1,
			contains: []string{"C9999", "hint: list customers"},
		},
		{
			name:     "bad ticket number",
			args:     []string{"handoff", "show", "abc"},
			code:     2,
			contains: []string{"ticket number"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, ollamatest.DeadURL(t))
			if tc.setup != nil {
				tc.setup(c)
			}
			r := c.run("", tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.out, r.err)
			}
			all := r.out + r.err
			for _, want := range tc.contains {
				if !strings.Contains(all, want) {
					t.Errorf("output lacks %q:\n%s", want, all)
				}
			}
			if strings.Contains(all, "goroutine ") || strings.Contains(all, "panic:") {
				t.Errorf("stack trace in output:\n%s", all)
			}
			if tc.code != 0 {
				first := strings.SplitN(strings.TrimSpace(r.err), "\n", 2)[0]
				if !strings.HasPrefix(first, "cafebot: ") {
					t.Errorf("first stderr line = %q, want a one-line cafebot: error", first)
				}
			}
		})
	}
}

func TestIngestTwiceReportsUnchanged(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	first := c.ok("ingest", "--json", knowledgeDir(t))
	var rep struct {
		Added, Updated, Unchanged, Removed int
		VectorSearch                       bool `json:"vector_search"`
	}
	if err := json.Unmarshal([]byte(first.out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, first.out)
	}
	if rep.Added < 15 || rep.VectorSearch {
		t.Errorf("first ingest = %+v, want ≥15 added and vector search off with Ollama down", rep)
	}
	if !strings.Contains(first.err, "vector search") {
		t.Errorf("stderr does not say vector search is off:\n%s", first.err)
	}
	second := c.ok("ingest", "--json", knowledgeDir(t))
	rep = struct {
		Added, Updated, Unchanged, Removed int
		VectorSearch                       bool `json:"vector_search"`
	}{}
	if err := json.Unmarshal([]byte(second.out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Updated != 0 || rep.Removed != 0 || rep.Unchanged < 15 {
		t.Errorf("second ingest = %+v, want everything unchanged", rep)
	}
}

func TestSearchLexicalGolden(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	for _, q := range []struct{ name, query string }{
		{"search_oat_milk", "how much is oat milk"},
		{"search_refund", "can I get my money back for a wrong order"},
		{"search_harbour_hours", "harbour street opening hours sunday"},
	} {
		t.Run(q.name, func(t *testing.T) {
			r := c.ok("search", "-k", "3", "--json", q.query)
			var res struct {
				Mode    string
				Results []struct{ Source string }
			}
			if err := json.Unmarshal([]byte(r.out), &res); err != nil {
				t.Fatal(err)
			}
			if res.Mode != "lexical" || len(res.Results) != 3 {
				t.Errorf("mode %s with %d results, want lexical with 3", res.Mode, len(res.Results))
			}
			assertGolden(t, q.name, r.out)
		})
	}
}

func TestClassifyReadsLinesFromStdin(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.run("what is your refund policy\nI want a refund for order 10482\n\nI found glass in my muffin\n", "classify")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	want := []string{"faq", "transactional", "escalation"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), r.out)
	}
	for i, line := range lines {
		var d struct {
			Text, Intent string
			Confidence   float64
			Cues         []string
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if d.Intent != want[i] || d.Text == "" || d.Confidence <= 0 {
			t.Errorf("line %d = %+v, want intent %s", i, d, want[i])
		}
	}
}

func TestModerate(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.run("this killer brownie is the bomb\nI will kill you\n", "moderate")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"flagged":false`) || !strings.Contains(lines[1], `"flagged":true`) {
		t.Errorf("moderate output:\n%s", r.out)
	}
}

func TestBackendAndHandoffCommands(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("backend", "seed")
	again := c.ok("backend", "seed")
	if !strings.Contains(again.out, "customers") {
		t.Errorf("seed output = %q", again.out)
	}
	var list []struct{ ID, Name, Phone string }
	if err := json.Unmarshal([]byte(c.ok("backend", "list", "--json").out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) < 20 {
		t.Errorf("%d customers after seeding twice, want at least 20 and no duplicates", len(list))
	}
	show := c.ok("backend", "show", "555-010-2233")
	if !strings.Contains(show.out, "Maya Thompson") {
		t.Errorf("backend show by phone:\n%s", show.out)
	}

	// A safety message makes a ticket with no model involved.
	c.ok("ingest", knowledgeDir(t))
	ask := c.ok("ask", "--json", "I found a piece of glass in my muffin and my mouth is bleeding")
	var ans struct {
		Route     string `json:"route"`
		HandoffID int64  `json:"handoff_id"`
	}
	if err := json.Unmarshal([]byte(ask.out), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Route != "handoff" || ans.HandoffID == 0 {
		t.Fatalf("ask = %s", ask.out)
	}
	num := "#" + jsonNumber(ans.HandoffID)
	if l := c.ok("handoff", "list"); !strings.Contains(l.out, num) || !strings.Contains(l.out, "urgent") {
		t.Errorf("handoff list:\n%s", l.out)
	}
	if s := c.ok("handoff", "show", num); !strings.Contains(s.out, "glass") {
		t.Errorf("handoff show lacks the transcript:\n%s", s.out)
	}
	c.ok("handoff", "resolve", num, "--note", "Called the customer; incident form filed.")
	if l := c.ok("handoff", "list"); strings.Contains(l.out, num) {
		t.Errorf("resolved ticket still listed as open:\n%s", l.out)
	}
	if r := c.run("", "handoff", "resolve", num, "--note", "again"); r.code != 1 || !strings.Contains(r.err, "already resolved") {
		t.Errorf("second resolve: exit %d, %s", r.code, r.err)
	}
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
