package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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

func TestIngestWithoutPathResyncs(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	if r := c.run("", "ingest"); r.code != 2 || !strings.Contains(r.err, "no folder has been ingested yet") {
		t.Errorf("nothing registered: exit %d, stderr %q", r.code, r.err)
	}
	base := t.TempDir()
	elm, harbour := filepath.Join(base, "elm"), filepath.Join(base, "harbour")
	for dir, text := range map[string]string{elm: "Open 6:30 am.", harbour: "Open 7 am."} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "hours.md"), []byte("# Hours\n\n"+text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "extra.md"), []byte("# Extra\n\nGone soon.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c.ok("ingest", "--location", "Elm Road", elm)
	c.ok("ingest", "--location", "Harbour Street", harbour)
	if err := os.Remove(filepath.Join(harbour, "extra.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(elm, "hours.md"), []byte("# Hours\n\nOpen 6 am.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.ok("ingest")
	if !strings.Contains(r.err, "re-syncing") {
		t.Errorf("no re-sync notice: %q", r.err)
	}
	var docs []struct{ Source, Location string }
	if err := json.Unmarshal([]byte(c.ok("docs", "list", "--json").out), &docs); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range docs {
		got[d.Source] = d.Location
	}
	want := map[string]string{"hours.md": "Elm Road", "extra.md": "Elm Road", "harbour/hours.md": "Harbour Street"}
	if len(got) != len(want) {
		t.Errorf("documents %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("document %s location %q, want %q (all %v)", k, got[k], v, got)
		}
	}
	if r := c.ok("search", "--json", "--location", "Elm Road", "hours open"); !strings.Contains(r.out, "Open 6 am.") || strings.Contains(r.out, "Open 6:30 am.") {
		t.Errorf("the changed Elm Road hours were not re-read:\n%s", r.out)
	}
}
