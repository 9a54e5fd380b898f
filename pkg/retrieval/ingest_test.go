package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/llm"
)

var fixedNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// kb is a small knowledge base used by most ingest tests.
var kb = map[string]string{
	"policies/refunds.md": "# Refund policy\n\nRefunds are accepted within 14 days of purchase with a receipt.\n\n" +
		"## Card payments\n\nCard refunds go back to the original card within 5 business days.\n\n" +
		"## Manager approval\n\nRefunds above $50 need a manager to approve them.\n",
	"policies/loyalty.md":  "# Loyalty\n\nMembers earn 10 points per dollar. A free drink costs 150 points.\n",
	"menu/menu.csv":        "item,size,price\nOat latte,12oz,4.75\nMocha,16oz,5.85\nScone,one size,3.25\n",
	"locations/elm.md":     "---\nlocation: Elm Road\n---\n# Elm Road hours\n\nElm Road opens at 7am and closes at 6pm. Parking behind the bakery.\n",
	"locations/harbour.md": "---\nlocation: Harbour Street\n---\n# Harbour Street hours\n\nHarbour Street opens at 6am and closes at 9pm. Parking on the pier.\n",
	"info/wifi.txt":        "The wifi network is Larkspur-Guest.\n\nThe wifi password is printed on your receipt.\n",
}

func opts() IngestOptions {
	return IngestOptions{ChunkChars: 300, Overlap: 50, Batch: 4, Concurrency: 2, Prune: true, Now: clock}
}

func sources(ix *Index) []string {
	st := ix.st.Load()
	var out []string
	for _, f := range st.files {
		out = append(out, f.source)
	}
	return out
}

func TestIngestIdempotent(t *testing.T) {
	ctx := context.Background()
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	emb := newFake("fake-embed", 64)
	ix := New(home)
	first, err := ix.Ingest(ctx, []string{dir}, opts(), emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Added != len(kb) || first.Embedded != first.Chunks || !first.VectorSearch || first.Notice != "" {
		t.Fatalf("first ingest: %+v", first)
	}
	before, err := os.Stat(ix.Path())
	if err != nil {
		t.Fatal(err)
	}
	calls := emb.calls.Load()

	second, err := ix.Ingest(ctx, []string{dir}, opts(), emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Unchanged: len(kb), Files: len(kb), Chunks: first.Chunks, Vectors: first.Chunks, VectorSearch: true}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("second ingest (-want +got):\n%s", diff)
	}
	if got := emb.calls.Load() - calls; got != 0 {
		t.Errorf("second ingest made %d embed calls, want 0", got)
	}
	after, err := os.Stat(ix.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("second ingest rewrote the index file")
	}

	// A fresh process sees the same: reopen and ingest again.
	re, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	third, err := re.Ingest(ctx, []string{dir}, opts(), emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, third); diff != "" {
		t.Errorf("ingest after reopen (-want +got):\n%s", diff)
	}
	if got := emb.calls.Load() - calls; got != 0 {
		t.Errorf("ingest after reopen made %d embed calls, want 0", got)
	}
}

func TestIngestChanges(t *testing.T) {
	ctx := context.Background()
	long := func(extra string) string {
		var b strings.Builder
		b.WriteString("# Catering\n\n")
		for i := range 12 {
			fmt.Fprintf(&b, "Rule %d: orders of platter %d need notice in advance and a deposit.\n\n", i, i)
		}
		b.WriteString(extra)
		return b.String()
	}
	all := []string{"info/wifi.txt", "locations/elm.md", "locations/harbour.md", "menu/menu.csv", "policies/catering.md", "policies/loyalty.md", "policies/refunds.md"}
	tests := []struct {
		name        string
		change      func(t *testing.T, dir string)
		prune       bool
		want        Report // Chunks, Embedded and VectorSearch are checked separately
		wantSources []string
	}{
		{
			name: "changed file replaces only its chunks",
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"policies/catering.md": long("Cancellations within 72 hours cost 50 percent.\n")})
			},
			prune:       true,
			want:        Report{Updated: 1, Unchanged: len(kb)},
			wantSources: all,
		},
		{
			name:        "removed file is pruned",
			change:      func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "info", "wifi.txt")) },
			prune:       true,
			want:        Report{Unchanged: len(kb), Removed: 1},
			wantSources: all[1:],
		},
		{
			name:        "removed file stays without prune",
			change:      func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "info", "wifi.txt")) },
			prune:       false,
			want:        Report{Unchanged: len(kb)},
			wantSources: all,
		},
		{
			name: "new file is added",
			change: func(t *testing.T, dir string) {
				writeFiles(t, dir, map[string]string{"info/pets.md": "# Pets\n\nDogs are welcome on the patio.\n"})
			},
			prune:       true,
			want:        Report{Added: 1, Unchanged: len(kb) + 1},
			wantSources: append([]string{"info/pets.md"}, all...),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, kb)
			writeFiles(t, dir, map[string]string{"policies/catering.md": long("")})
			emb := newFake("fake-embed", 64)
			ix := New(t.TempDir())
			if _, err := ix.Ingest(ctx, []string{dir}, opts(), emb, nil); err != nil {
				t.Fatal(err)
			}
			before := texts(ix)
			tt.change(t, dir)
			o := opts()
			o.Prune = tt.prune
			texts0 := emb.texts.Load()
			got, err := ix.Ingest(ctx, []string{dir}, o, emb, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Only text never embedded before is embedded now.
			fresh := 0
			for txt := range texts(ix) {
				if !before[txt] {
					fresh++
				}
			}
			if got.Embedded != fresh || emb.texts.Load()-texts0 != int64(fresh) {
				t.Errorf("embedded %d chunks (%d texts sent), want the %d new ones", got.Embedded, emb.texts.Load()-texts0, fresh)
			}
			if !got.VectorSearch || got.Chunks != len(texts(ix)) {
				t.Errorf("report %+v for %d chunks", got, len(texts(ix)))
			}
			// Every file of the knowledge base gives chunks.
			if got.Files != got.Added+got.Updated+got.Unchanged {
				t.Errorf("report counts %d files with chunks, want %d", got.Files, got.Added+got.Updated+got.Unchanged)
			}
			if got.Vectors != got.Chunks {
				t.Errorf("%d of %d chunks have vectors", got.Vectors, got.Chunks)
			}
			got.Chunks, got.Embedded, got.VectorSearch, got.Files, got.Vectors = 0, 0, false, 0, 0
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSources, sources(ix)); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})
	}
}

// texts returns the set of "section | text" of the index's chunks.
func texts(ix *Index) map[string]bool {
	out := map[string]bool{}
	for _, c := range ix.st.Load().chunks {
		out[c.section+" | "+c.text] = true
	}
	return out
}

func TestIngestSkips(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"good.md":          "# Good\n\nUseful text.\n",
		"photo.png":        "\x89PNG\r\n\x1a\n\x00\x00",
		"fake.md":          "looks like text\x00but is binary",
		"broken.csv":       "a,b\n1,2\n\"3\n",
		"notes":            "no extension",
		".hidden/x.md":     "# Hidden\n\nnever read\n",
		".DS_Store":        "junk",
		"sub/records.json": `[{"name":"Scone","price":3.25}]`,
	})
	ix := New(t.TempDir())
	rep, err := ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, s := range rep.Skipped {
		rel, _ := filepath.Rel(dir, s.Path)
		skipped = append(skipped, filepath.ToSlash(rel)+": "+s.Reason)
	}
	sort.Strings(skipped)
	want := []string{
		`broken.csv: csv: parse error on line 3, column 4: extraneous or missing " in quoted-field`,
		"fake.md: unsupported file: binary content (NUL bytes)",
		"notes: unsupported file type (no extension)",
		"photo.png: unsupported file type .png",
	}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if rep.Added != 2 {
		t.Errorf("added %d files, want 2 (good.md, sub/records.json)", rep.Added)
	}
	if diff := cmp.Diff([]string{"good.md", "sub/records.json"}, sources(ix)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if rep.VectorSearch || !strings.Contains(rep.Notice, "lexical search only") {
		t.Errorf("report without embedder: vector %v notice %q", rep.VectorSearch, rep.Notice)
	}

	// A file that turns malformed keeps its previous chunks.
	writeFiles(t, dir, map[string]string{"sub/records.json": `[{"name":`})
	rep, err = ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range rep.Skipped {
		if strings.HasSuffix(s.Path, "records.json") {
			found = strings.Contains(s.Reason, "kept the previously ingested version")
		}
	}
	if !found || len(sources(ix)) != 2 {
		t.Errorf("malformed update: skipped %+v, sources %v", rep.Skipped, sources(ix))
	}
}

func TestIngestRoots(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(t.TempDir())
	file := filepath.Join(dir, "policies", "loyalty.md")
	rep, err := ix.Ingest(ctx, []string{file}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || !cmp.Equal(sources(ix), []string{"loyalty.md"}) {
		t.Errorf("file root: %+v, sources %v", rep, sources(ix))
	}
	fsys := fstest.MapFS{
		"faq/wifi.txt":  {Data: []byte("The wifi password is on the receipt.")},
		"faq/image.gif": {Data: []byte("GIF89a\x00")},
	}
	rep, err = ix.IngestFS(ctx, fsys, "bundled", opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Path != "faq/image.gif" {
		t.Errorf("fs root: %+v", rep)
	}
	// Pruning the bundled root never touches files from other roots.
	delete(fsys, "faq/wifi.txt")
	rep, err = ix.IngestFS(ctx, fsys, "bundled", opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 1 || !cmp.Equal(sources(ix), []string{"loyalty.md"}) {
		t.Errorf("prune fs root: %+v, sources %v", rep, sources(ix))
	}
	if _, err := ix.Ingest(ctx, []string{filepath.Join(dir, "missing")}, opts(), nil, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing root: err %v, want ErrNotExist", err)
	}
}

func TestEmbeddingModelMismatch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(t.TempDir())
	a := newFake("embed-a", 64)
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), a, nil); err != nil {
		t.Fatal(err)
	}
	b := newFake("embed-b", 32)
	_, err := ix.Ingest(ctx, []string{dir}, opts(), b, nil)
	if !errors.Is(err, ErrEmbeddingMismatch) {
		t.Fatalf("ingest with another model: err %v, want ErrEmbeddingMismatch", err)
	}
	for _, want := range []string{"embed-a", "embed-b", "cafebot ingest --reembed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("mismatch error %q does not mention %q", err, want)
		}
	}
	if _, err := ix.Search(ctx, "refund", SearchOptions{}, b); !errors.Is(err, ErrEmbeddingMismatch) {
		t.Errorf("search with another model: err %v, want ErrEmbeddingMismatch", err)
	}
	if b.calls.Load() != 0 {
		t.Errorf("the mismatched embedder was called %d times", b.calls.Load())
	}

	o := opts()
	o.Reembed = true
	rep, err := ix.Ingest(ctx, []string{dir}, o, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Embedded != rep.Chunks || !rep.VectorSearch || rep.Unchanged != len(kb) {
		t.Errorf("reembed: %+v", rep)
	}
	if s := ix.Stats(); s.Model != "embed-b" || s.Dim != 32 {
		t.Errorf("after reembed: model %q dim %d", s.Model, s.Dim)
	}
	res, err := ix.Search(ctx, "refund card", SearchOptions{}, b)
	if err != nil || res.Mode != ModeHybrid {
		t.Errorf("search after reembed: mode %q err %v", res.Mode, err)
	}
	if _, err := ix.Search(ctx, "refund", SearchOptions{}, a); !errors.Is(err, ErrEmbeddingMismatch) {
		t.Errorf("search with the old model: err %v, want ErrEmbeddingMismatch", err)
	}

	// Same model name, different dimension: still never mixed.
	writeFiles(t, dir, map[string]string{"info/new.md": "# New\n\nSomething new.\n"})
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), newFake("embed-b", 16), nil); !errors.Is(err, ErrEmbeddingMismatch) {
		t.Errorf("ingest with a new dimension: err %v, want ErrEmbeddingMismatch", err)
	}
	if _, err := ix.Ingest(ctx, []string{dir}, IngestOptions{Reembed: true}, nil, nil); err == nil {
		t.Error("reembed without an embedder succeeded")
	}
}

func TestEmbedderDown(t *testing.T) {
	ctx := context.Background()
	for _, down := range []error{
		fmt.Errorf("embed with x: %w at http://127.0.0.1:11434", llm.ErrUnreachable),
		fmt.Errorf("embed with x: %w: model \"x\" not found", llm.ErrModelNotFound),
	} {
		t.Run(down.Error(), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, kb)
			ix := New(t.TempDir())
			emb := newFake("fake-embed", 64)
			emb.setErr(down)
			o := opts()
			o.Concurrency = 1 // so exactly one call fails and no other starts
			rep, err := ix.Ingest(ctx, []string{dir}, o, emb, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Added != len(kb) || rep.Embedded != 0 || rep.VectorSearch || !strings.Contains(rep.Notice, "vector search is off") {
				t.Errorf("ingest with embedder down: %+v", rep)
			}
			if got := emb.calls.Load(); got != 1 {
				t.Errorf("%d embed calls, want 1 (no retry, no further batches)", got)
			}
			res, err := ix.Search(ctx, "refund card payments", SearchOptions{}, emb)
			if err != nil {
				t.Fatal(err)
			}
			if res.Mode != ModeLexical || res.Notice == "" || len(res.Hits) == 0 || res.Hits[0].Source != "policies/refunds.md" {
				t.Errorf("search: %+v", res)
			}

			emb.setErr(nil)
			rep, err = ix.Ingest(ctx, []string{dir}, opts(), emb, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Unchanged != len(kb) || rep.Embedded != rep.Chunks || !rep.VectorSearch || rep.Notice != "" {
				t.Errorf("ingest with embedder back: %+v", rep)
			}
			res, err = ix.Search(ctx, "refund card payments", SearchOptions{}, emb)
			if err != nil || res.Mode != ModeHybrid || res.Notice != "" {
				t.Errorf("hybrid search: mode %q notice %q err %v", res.Mode, res.Notice, err)
			}

			// Down again at query time: lexical with a notice, not an error.
			emb.setErr(down)
			res, err = ix.Search(ctx, "refund card payments", SearchOptions{}, emb)
			if err != nil || res.Mode != ModeLexical || !strings.Contains(res.Notice, "lexical search only") || len(res.Hits) == 0 {
				t.Errorf("search with embedder down: %+v err %v", res, err)
			}
		})
	}
}

func TestEmbedRetriesTransientErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(t.TempDir())
	emb := newFake("fake-embed", 64)
	emb.fails = 2
	o := opts()
	o.Concurrency = 1
	var mu sync.Mutex
	var seen [][2]int
	rep, err := ix.Ingest(ctx, []string{dir}, o, emb, func(done, total int) {
		mu.Lock()
		seen = append(seen, [2]int{done, total})
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.VectorSearch || rep.Embedded != rep.Chunks {
		t.Errorf("report: %+v", rep)
	}
	batches := (rep.Chunks + o.Batch - 1) / o.Batch
	if got := emb.calls.Load(); got != int64(batches+2) {
		t.Errorf("%d embed calls, want %d batches + 2 retries", got, batches)
	}
	if len(seen) != batches+1 || seen[0] != [2]int{0, rep.Chunks} || seen[len(seen)-1] != [2]int{rep.Chunks, rep.Chunks} {
		t.Errorf("progress calls %v", seen)
	}

	// Transient errors that never stop: the chunks are stored anyway.
	ix = New(t.TempDir())
	emb = newFake("fake-embed", 64)
	emb.setErr(errTransient)
	rep, err = ix.Ingest(ctx, []string{dir}, o, emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.VectorSearch || rep.Chunks == 0 || emb.calls.Load() != embedAttempts {
		t.Errorf("persistent failure: %+v after %d calls", rep, emb.calls.Load())
	}
}

func TestIngestCancelled(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ix := New(t.TempDir())
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), newFake("m", 8), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if _, err := os.Stat(ix.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled ingest wrote the index: %v", err)
	}
}

func TestChunkMetadata(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	home := t.TempDir()
	o := opts()
	o.Location = "Riverside"
	if _, err := New(home).Ingest(ctx, []string{dir}, o, nil, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range ix.st.Load().chunks {
		if !c.ingestedAt.Equal(fixedNow) {
			t.Errorf("%s: ingested at %v, want %v", c.source, c.ingestedAt, fixedNow)
		}
		if fmt.Sprintf("%x", c.hash) != document.Hash(c.text) {
			t.Errorf("%s: hash does not match text", c.source)
		}
		got[c.source+" | "+c.section] = c.location
	}
	want := map[string]string{
		"info/wifi.txt | ":                                       "Riverside",
		"locations/elm.md | Elm Road hours":                      "Elm Road",
		"locations/harbour.md | Harbour Street hours":            "Harbour Street",
		"menu/menu.csv | Mocha":                                  "Riverside",
		"menu/menu.csv | Oat latte":                              "Riverside",
		"menu/menu.csv | Scone":                                  "Riverside",
		"policies/loyalty.md | Loyalty":                          "Riverside",
		"policies/refunds.md | Refund policy":                    "Riverside",
		"policies/refunds.md | Refund policy > Card payments":    "Riverside",
		"policies/refunds.md | Refund policy > Manager approval": "Riverside",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("section → location (-want +got):\n%s", diff)
	}
}

// TestIngestFixtureDir ingests testdata/ingest, a mix of every supported
// format plus a binary, an unknown and a malformed file.
func TestIngestFixtureDir(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join("..", "..", "testdata", "ingest")
	ix := New(t.TempDir())
	rep, err := ix.Ingest(ctx, []string{root}, IngestOptions{Prune: true, Now: clock}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, filepath.ToSlash(s.Path)+": "+s.Reason)
	}
	wantSkipped := []string{
		"../../testdata/ingest/assets/logo.png: unsupported file type .png",
		"../../testdata/ingest/assets/manual.pdf: unsupported file: the PDF has no pages", // a PDF is read now; this one is not a real PDF
		`../../testdata/ingest/broken/bad.csv: csv: parse error on line 3, column 13: extraneous or missing " in quoted-field`,
	}
	if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	var notes []string
	for _, n := range rep.Notes {
		notes = append(notes, filepath.ToSlash(n.Path)+": "+n.Note)
	}
	wantNotes := []string{
		"../../testdata/ingest/info/placeholder.md: empty file: nothing to index",
		"../../testdata/ingest/menu/legacy-1252.csv: decoded as windows-1252 (the file is not UTF-8)",
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	wantSources := []string{"info/faq.json", "info/notes.txt", "info/placeholder.md", "info/records.jsonl", "menu/legacy-1252.csv", "menu/specials.csv", "menu/specials.html", "policies/returns.md"}
	if diff := cmp.Diff(wantSources, sources(ix)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ q, location, source, section string }{
		{"return an opened bag of beans", "Elm Road", "policies/returns.md", "Elm Road returns desk > Opened bags"},
		{"cardamom bun price", "", "menu/specials.csv", "Cardamom Bun"},
		{"brunch plate sourdough", "", "menu/specials.html", "Weekend specials > Brunch plate"},
		{"where are the lockers", "", "info/records.jsonl", "Lockers"},
		{"bring my own cup discount", "", "info/faq.json", "Can I bring my own cup?"},
		{"when are the grinder burrs replaced", "", "info/notes.txt", ""},
		{"pâté en croûte", "", "menu/legacy-1252.csv", "Pâté en croûte"},
	} {
		res, err := ix.Search(ctx, tt.q, SearchOptions{K: 1, Location: tt.location}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Source != tt.source || res.Hits[0].Section != tt.section {
			t.Errorf("%q: got %+v, want %s > %s", tt.q, res.Hits, tt.source, tt.section)
		}
	}
	if res, _ := ix.Search(ctx, "return an opened bag of beans", SearchOptions{Location: "Harbour Street"}, nil); slices.Contains(hitSources(res), "policies/returns.md") {
		t.Error("an Elm Road document matched a Harbour Street search")
	}
}
