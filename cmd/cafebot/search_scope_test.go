package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestSearchScope(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	type out struct {
		Scope *struct {
			Locations []string
			From      string
		}
		Results []struct{ Source, Section, Location string }
	}
	search := func(args ...string) out {
		t.Helper()
		var o out
		r := c.ok(append([]string{"search", "--json", "-k", "3"}, args...)...)
		if err := json.Unmarshal([]byte(r.out), &o); err != nil {
			t.Fatalf("%v\n%s", err, r.out)
		}
		return o
	}
	o := search("when does riverside close on friday")
	if o.Scope == nil || o.Scope.From != "question" || len(o.Scope.Locations) != 1 || o.Scope.Locations[0] != "Riverside Campus" {
		t.Errorf("scope %+v", o.Scope)
	}
	for _, r := range o.Results {
		if r.Location != "" && r.Location != "Riverside Campus" {
			t.Errorf("another location's passage: %+v", r)
		}
	}
	o = search("--location", "Elm Road", "what are your opening hours?")
	if o.Scope == nil || o.Scope.From != "location" || len(o.Results) == 0 || o.Results[0].Section != "Larkspur Café Elm Road > Opening hours" {
		t.Errorf("--location Elm Road: scope %+v results %+v", o.Scope, o.Results)
	}
	t.Setenv("CAFEBOT_STORE_LOCATION", "Harbour Street")
	o = search("what are your opening hours?")
	if o.Scope == nil || o.Scope.From != "store" || len(o.Results) == 0 || o.Results[0].Location != "Harbour Street" {
		t.Errorf("store scope %+v results %+v", o.Scope, o.Results)
	}
	r := c.ok("search", "what are your opening hours?")
	if !strings.Contains(r.out, "scope: Harbour Street (this terminal's store.location)") {
		t.Errorf("text output lacks the scope:\n%s", r.out)
	}
}

func TestSearchEval(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	golden, err := filepath.Abs("../../testdata/search/passages-blind.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	r := c.ok("search", "--eval", golden)
	for _, want := range []string{"category", "hit@1", "hit@3", "MRR", "names location", "all "} {
		if !strings.Contains(r.out, want) {
			t.Errorf("eval table lacks %q:\n%s", want, r.out)
		}
	}
	r = c.ok("search", "--eval", golden, "--json")
	var rep struct {
		All        struct{ N, Hit1, Hit3 int }
		ByCategory map[string]struct{ N int } `json:"by_category"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.All.N != 80 || rep.All.Hit3 < rep.All.Hit1 || rep.All.Hit1 == 0 || len(rep.ByCategory) < 10 {
		t.Errorf("eval report %+v", rep)
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"q\": \"x\", \"source\": \"a\", \"contains\": \"b\"}\n{\"q\": \"no source\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := c.run("", "search", "--eval", bad); r.code == 0 || !strings.Contains(r.err, "line 2") {
		t.Errorf("bad golden set: exit %d, stderr %q", r.code, r.err)
	}
	if r := c.run("", "search", "--eval", golden, "a query"); r.code == 0 || !strings.Contains(r.err, "--eval takes no query") {
		t.Errorf("--eval with a query: exit %d, stderr %q", r.code, r.err)
	}
}

func TestSearchSynonymsFile(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	syn := filepath.Join(t.TempDir(), "syn.txt")
	if err := os.WriteFile(syn, []byte("cashless = plastic only\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("retrieval:\n  synonyms_file: "+syn+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.ok("--config", cfg, "search", "--json", "-k", "1", "plastic only")
	if !strings.Contains(r.out, "cashless") {
		t.Errorf("the café's synonym did not reach the search:\n%s", r.out)
	}
	if err := os.WriteFile(syn, []byte("no equals sign\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "--config", cfg, "search", "anything")
	if r.code == 0 || !strings.Contains(r.err, "syn.txt:1: no `=`") || strings.Count(strings.TrimSpace(r.err), "\n") > 1 {
		t.Errorf("bad synonyms file: exit %d, stderr %q", r.code, r.err)
	}
}

// TestSearchThroughServerScopes: the server searches with the same store,
// aliases and synonyms as an in-process search.
func TestSearchThroughServerScopes(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	t.Setenv("CAFEBOT_STORE_LOCATION", "Harbour Street")
	want := c.ok("search", "--json", "-k", "3", "what are your opening hours?").out
	url := startServe(t, c, serveOptions{})
	got := c.ok("search", "--server", url, "--json", "-k", "3", "what are your opening hours?").out
	if got != want || !strings.Contains(got, `"from": "store"`) {
		t.Errorf("through the server:\n%s\nin-process:\n%s", got, want)
	}
}
