package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
)

func TestStatusLocalFile(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	t.Setenv("CAFEBOT_DATABASE_URL", "")
	r := c.ok("status")
	for _, want := range []string{"database: sqlite " + filepath.Join(c.home, "cafebot.db"), "link:     reachable", "outbox:   not used"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("status lacks %q:\n%s", want, r.out)
		}
	}
}

func TestStatusUnreachableServer(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	// Port 9 (discard) on loopback: nothing listens, the refusal is immediate.
	t.Setenv("CAFEBOT_DATABASE_URL", "postgres://cafe:s3cret@127.0.0.1:9/cafebot?sslmode=disable")
	r := c.ok("status")
	for _, want := range []string{"database: postgres postgres://cafe:xxxxx@127.0.0.1:9/cafebot", "link:     UNREACHABLE", "hint:     no PostgreSQL server answered", "outbox:   empty"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("status lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out+r.err, "s3cret") {
		t.Errorf("status shows the password:\n%s%s", r.out, r.err)
	}
	// An account command says the account system is unreachable, with the hint.
	b := c.run("", "backend", "list")
	if b.code == 0 || !strings.Contains(b.err, "no PostgreSQL server answered") {
		t.Errorf("backend list with the server down: exit %d\n%s", b.code, b.err)
	}
}

// TestChainStoreThroughAnOutage runs a chain store's cafebot against a real
// PostgreSQL server: seeded over the link, a safety ticket filed while the
// server is down (it waits in the outbox; the FAQ-free safety route needs
// no model), and delivered once the server is back.
func TestChainStoreThroughAnOutage(t *testing.T) {
	srv := pgtest.Start(t)
	c := newCLI(t, ollamatest.DeadURL(t))
	t.Setenv("CAFEBOT_DATABASE_URL", srv.NewSchema(t))
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("store:\n  id: elm-road\n  name: Elm Road\n  location: Elm Road\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("backend", "seed")
	if r := c.ok("status"); !strings.Contains(r.out, "link:     reachable") || !strings.Contains(r.out, "store:    elm-road") {
		t.Fatalf("status with the server up:\n%s", r.out)
	}
	c.ok("ingest", knowledgeDir(t))

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	ask := c.ok("ask", "--json", "I found a piece of glass in my muffin and my mouth is bleeding")
	var ans struct {
		Route     string `json:"route"`
		HandoffID int64  `json:"handoff_id"`
		Answer    string `json:"answer"`
	}
	if err := json.Unmarshal([]byte(ask.out), &ans); err != nil {
		t.Fatalf("%v: %s", err, ask.out)
	}
	if ans.Route != "handoff" || ans.HandoffID == 0 {
		t.Fatalf("ask with the server down = %s\nstderr: %s", ask.out, ask.err)
	}
	// The customer is told the offline reference, not the outbox's own
	// number, which at head office may be another store's ticket.
	if !strings.Contains(ans.Answer, "ELM-ROAD-L1001") {
		t.Errorf("the customer was not given the offline reference: %q", ans.Answer)
	}
	if !strings.Contains(ask.err, "outbox") {
		t.Errorf("ask with the server down did not say tickets wait in the outbox:\n%s", ask.err)
	}
	if r := c.ok("status"); !strings.Contains(r.out, "UNREACHABLE") || !strings.Contains(r.out, "outbox:   1 tickets") {
		t.Errorf("status with the server down:\n%s", r.out)
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if r := c.ok("status", "--deliver"); !strings.Contains(r.out, "delivered: 1 tickets") || !strings.Contains(r.out, "outbox:   empty") {
		t.Errorf("status --deliver after the restart:\n%s", r.out)
	}
	var ts []struct {
		Store    string `json:"store"`
		Category string `json:"category"`
	}
	if err := json.Unmarshal([]byte(c.ok("handoff", "list", "--store", "elm-road", "--json").out), &ts); err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].Store != "elm-road" || ts[0].Category != "safety" {
		t.Errorf("head office's inbox for elm-road: %+v, want the one safety ticket", ts)
	}
	if show := c.ok("handoff", "show", "ELM-ROAD-L1001"); !strings.Contains(show.out, "glass in my muffin") || !strings.Contains(show.out, "Store:") {
		t.Errorf("head office finding the ticket by the customer's reference:\n%s", show.out)
	}
	if r := c.ok("status", "--deliver"); !strings.Contains(r.out, "delivered: 0 tickets") {
		t.Errorf("a second delivery moved something:\n%s", r.out)
	}
	if err := json.Unmarshal([]byte(c.ok("handoff", "list", "--store", "harbour", "--json").out), &ts); err != nil || len(ts) != 0 {
		t.Errorf("another store's inbox: %+v, %v", ts, err)
	}
}

func TestStatusModelHosts(t *testing.T) {
	gpu := ollamatest.NewFake(t)
	c := newCLI(t, ollamatest.DeadURL(t))
	t.Setenv("CAFEBOT_DATABASE_URL", "")
	dead := ollamatest.DeadURL(t)
	cfg := "ollama:\n  hosts:\n    escalation: [" + gpu.URL + ", " + dead + "]\n"
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.ok("status")
	for _, want := range []string{"model:    escalation on " + gpu.URL + ": up", "model:    escalation on " + dead + ": DOWN"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("status lacks %q:\n%s", want, r.out)
		}
	}
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("ollama:\n  hosts:\n    dessert: [http://x:1]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if bad := c.run("", "status"); bad.code == 0 || !strings.Contains(bad.err, "ollama.hosts") {
		t.Errorf("an unknown role in ollama.hosts: exit %d\n%s", bad.code, bad.err)
	}
}

// TestModelHostsForGuardAndEmbedding names hosts for the guard and
// embedding roles, the first of each down: ingest embeds on the
// embedding role's second host, ask's guard checks go to the guard
// role's second host, and the counter's Ollama (which has neither model)
// is asked for neither. With every host of both roles down, ask still
// answers (lexical search, the guard's rules) under one note per role.
func TestModelHostsForGuardAndEmbedding(t *testing.T) {
	counter := ollamatest.NewFake(t)
	for _, m := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation"} {
		counter.AddModel(m, ollamatest.NumCtx(4096))
	}
	counter.ReplyWith("Yes, the patio is dog-friendly.")
	guardB := ollamatest.NewFake(t)
	guardB.AddModel("cafebot-guard")
	guardB.ReplyWith("safe")
	embB := ollamatest.NewFake(t)
	embB.AddModel("cafebot-embed", ollamatest.EmbeddingDim(384))
	deadGuard, deadEmb := ollamatest.DeadURL(t), ollamatest.DeadURL(t)

	c := newCLI(t, counter.URL)
	t.Setenv("CAFEBOT_DATABASE_URL", "")
	cfg := "ollama:\n  hosts:\n    guard: [" + deadGuard + ", " + guardB.URL + "]\n    embedding: [" + deadEmb + ", " + embB.URL + "]\n"
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("ingest", knowledgeDir(t))
	if len(embB.EmbedCalls()) == 0 || len(counter.EmbedCalls()) != 0 {
		t.Fatalf("ingest embedded %d times on the embedding host and %d on the counter", len(embB.EmbedCalls()), len(counter.EmbedCalls()))
	}
	r := c.ok("ask", "--json", "Is the Harbour Street patio dog-friendly?")
	if a := decodeAsk(t, r.out); a.Answer == "" || a.Flagged {
		t.Fatalf("ask: %s\n%s", r.out, r.err)
	}
	guarded := 0
	for _, req := range guardB.Requests() {
		if strings.HasPrefix(req.Model, "cafebot-guard") {
			guarded++
		}
	}
	for _, req := range counter.Requests() {
		if strings.HasPrefix(req.Model, "cafebot-guard") {
			t.Errorf("the counter was asked for the guard model")
		}
	}
	if guarded == 0 {
		t.Errorf("no guard check reached the guard role's host")
	}
	if strings.Contains(r.err, "all down") {
		t.Errorf("one host down per role was reported as all down:\n%s", r.err)
	}

	guardB.SetDown(true)
	embB.SetDown(true)
	down := c.ok("ask", "--json", "Is the Harbour Street patio dog-friendly?")
	if a := decodeAsk(t, down.out); a.Answer == "" {
		t.Fatalf("ask with the guard's and the embedding's hosts down: %s\n%s", down.out, down.err)
	}
	for _, want := range []string{"note: embedding model hosts all down (" + deadEmb + ", " + embB.URL + ")", "search is lexical",
		"note: guard model hosts all down (" + deadGuard + ", " + guardB.URL + ")", "built-in rules decide alone"} {
		if !strings.Contains(down.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, down.err)
		}
	}
	if n := strings.Count(down.err, "guard model hosts all down"); n != 1 {
		t.Errorf("the guard's outage was noted %d times, want once:\n%s", n, down.err)
	}
	st := c.ok("status")
	for _, want := range []string{"model:    guard on " + deadGuard + ": DOWN", "model:    embedding on " + embB.URL + ": DOWN"} {
		if !strings.Contains(st.out, want) {
			t.Errorf("status lacks %q:\n%s", want, st.out)
		}
	}
}
