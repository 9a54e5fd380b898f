package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestDocsCommands(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	if r := c.ok("docs", "list"); !strings.Contains(r.out, "no documents") {
		t.Errorf("empty index: %q", r.out)
	}
	c.ok("ingest", knowledgeDir(t))
	var docs []struct {
		ID, Source, Location, Folder string
		Chunks                       int
	}
	if err := json.Unmarshal([]byte(c.ok("docs", "list", "--json").out), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) < 20 {
		t.Fatalf("%d documents", len(docs))
	}
	var pets, elm string
	for _, d := range docs {
		switch d.Source {
		case "info/pets.md":
			pets = d.ID
		case "locations/elm-road.md":
			elm = d.ID
			if d.Location != "Elm Road" || d.Chunks == 0 || d.Folder == "" {
				t.Errorf("elm-road.md %+v", d)
			}
		}
	}
	r := c.ok("docs", "list")
	if !strings.Contains(r.out, "ID") || !strings.Contains(r.out, elm) || !strings.Contains(r.out, "Elm Road") {
		t.Errorf("docs list:\n%s", r.out)
	}
	for _, ref := range []string{pets, "info/pets.md"} {
		r = c.ok("docs", "show", ref)
		if !strings.Contains(r.out, "Dogs and Other Pets > Service animals") || !strings.Contains(r.out, "Pup cup") {
			t.Errorf("docs show %s:\n%s", ref, r.out)
		}
	}
	r = c.ok("docs", "remove", pets)
	if !strings.Contains(r.out, "removed "+pets) {
		t.Errorf("docs remove: %q", r.out)
	}
	if r := c.ok("search", "--json", "pup cup"); strings.Contains(r.out, "info/pets.md") {
		t.Errorf("removed document still searched:\n%s", r.out)
	}
	for _, args := range [][]string{{"docs", "show", pets}, {"docs", "remove", "nope"}} {
		r := c.run("", args...)
		if r.code == 0 || !strings.Contains(r.err, "no such document") || !strings.Contains(r.err, "docs list") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.err)
		}
	}
	for _, args := range [][]string{{"docs"}, {"docs", "show"}, {"docs", "remove", "a", "b"}} {
		if r := c.run("", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want a usage error", args, r.code)
		}
	}
}
