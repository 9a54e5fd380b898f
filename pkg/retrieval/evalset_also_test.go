package retrieval

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAnswerRankCountsAlso(t *testing.T) {
	hits := []Hit{
		{Source: "faq.md", Text: "Dogs are welcome on the terrace."},
		{Source: "stores/elm.md", Text: "Elm Road: dogs welcome inside and on the terrace."},
		{Source: "stores/elm.md", Text: "Parking behind the store."},
	}
	c := PassageCase{Q: "can i bring my dog to elm road", Source: "stores/elm.md", Contains: "DOGS WELCOME INSIDE"}
	if got := PassageRank(hits, c); got != 2 {
		t.Fatalf("PassageRank = %d, want 2", got)
	}
	if got := AnswerRank(hits, c); got != 2 {
		t.Fatalf("AnswerRank with no also = %d, want 2", got)
	}
	c.Also = []PassageRef{{Source: "other.md", Contains: "dogs"}, {Source: "faq.md", Contains: "dogs are welcome"}}
	if got := PassageRank(hits, c); got != 2 {
		t.Errorf("PassageRank counted an also passage: %d, want 2", got)
	}
	if got := AnswerRank(hits, c); got != 1 {
		t.Errorf("AnswerRank = %d, want 1 (faq.md answers too)", got)
	}
	// An also passage of the right text in the wrong document is no answer.
	c.Also = []PassageRef{{Source: "stores/oak.md", Contains: "dogs are welcome"}}
	if got := AnswerRank(hits, c); got != 2 {
		t.Errorf("AnswerRank took another document's text: %d, want 2", got)
	}
}

func TestEvalPassagesReportsAnyAnswer(t *testing.T) {
	fsys := fstest.MapFS{
		"pets.md":  {Data: []byte("# Pets\n\nDogs are welcome on every terrace of every café. Water bowls at the door.\n")},
		"hours.md": {Data: []byte("# Opening hours\n\nEvery café opens at 7:00 and closes at 18:00, Sunday 9:00 to 16:00.\n")},
		"house.md": {Data: []byte("# House rules\n\nNo smoking. Dogs on a lead, please, and welcome on terraces.\n")},
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fsys, "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
		t.Fatal(err)
	}
	q := "are dogs welcome on the terrace?"
	res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: EvalDepth}, nil)
	if err != nil || len(res.Hits) < 2 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	// The case names the second hit's passage and lists the first as also
	// answering, so hit@1 misses and the any-answer figure hits.
	first, second := res.Hits[0], res.Hits[1]
	c := PassageCase{Q: q, Source: second.Source, Contains: firstLine(second.Text), Category: "pets",
		Also: []PassageRef{{Source: first.Source, Contains: firstLine(first.Text)}}}
	rep, err := ix.EvalPassages(context.Background(), []PassageCase{c}, SearchOptions{Mode: ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.Hit1 != 0 || rep.All.Hit3 != 1 {
		t.Errorf("strict hit@1/hit@3 = %d/%d, want 0/1", rep.All.Hit1, rep.All.Hit3)
	}
	if rep.Any == nil || rep.Any.Hit1 != 1 || rep.Any.N != 1 {
		t.Fatalf("any-answer metrics = %+v, want hit@1 1 of 1", rep.Any)
	}
	if rep.AnyLocated == nil || rep.AnyLocated.N != 0 {
		t.Errorf("any-answer located = %+v, want 0 cases (the case names no location)", rep.AnyLocated)
	}
	if len(rep.Misses) != 1 {
		t.Errorf("%d misses, want 1: misses stay strict", len(rep.Misses))
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "any answer        1  100.0%") {
		t.Errorf("table lacks the any-answer row:\n%s", b.String())
	}

	// With no case listing also, the report has no any-answer figures.
	c.Also = nil
	rep, err = ix.EvalPassages(context.Background(), []PassageCase{c}, SearchOptions{Mode: ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if rep.Any != nil || strings.Contains(b.String(), "any") {
		t.Errorf("any-answer figures without any also list:\n%s", b.String())
	}
}

// firstLine returns a chunk's first non-heading line, a string its chunk
// holds.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return text
}

func TestReadPassageCasesAlso(t *testing.T) {
	good := `{"q": "dogs?", "source": "a.md", "contains": "dogs", "also": [{"source": "b.md", "contains": "dogs welcome"}]}`
	cases, err := ReadPassageCases(strings.NewReader(good))
	if err != nil || len(cases) != 1 || len(cases[0].Also) != 1 || cases[0].Also[0].Source != "b.md" {
		t.Fatalf("ReadPassageCases(%s) = %+v, %v", good, cases, err)
	}
	for _, bad := range []string{
		`{"q": "dogs?", "source": "a.md", "contains": "dogs", "also": [{"source": "b.md"}]}`,
		`{"q": "dogs?", "source": "a.md", "contains": "dogs", "also": [{"contains": "dogs"}]}`,
	} {
		if _, err := ReadPassageCases(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ReadPassageCases(%s) = %v, want a line-1 error", bad, err)
		}
	}
}
