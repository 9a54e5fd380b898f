package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func docSources(ix *Index) []string {
	var out []string
	for _, d := range ix.Documents() {
		out = append(out, d.Source+"@"+d.Location)
	}
	return out
}

func TestIdentitySameFileAnotherPath(t *testing.T) {
	ctx := context.Background()
	kb, home := t.TempDir(), t.TempDir()
	writeFiles(t, kb, map[string]string{"menu/winter-menu.csv": "item,price\nEggnog Latte,5.95\n", "info/pets.md": "# Pets\n\nDogs on the patio.\n"})
	ix := New(home)
	if _, err := ix.Ingest(ctx, []string{kb}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, kb, map[string]string{"menu/winter-menu.csv": "item,price\nEggnog Latte,6.25\n"})
	rep, err := ix.Ingest(ctx, []string{filepath.Join(kb, "menu")}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := docSources(ix); !slices.Equal(got, []string{"info/pets.md@", "menu/winter-menu.csv@"}) || rep.Updated != 1 || rep.Added != 0 {
		t.Errorf("documents %v, report %+v", got, rep)
	}
	res, err := ix.Search(ctx, "eggnog latte price", SearchOptions{Mode: ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.Contains(h.Text, "5.95") {
			t.Errorf("the old price is still indexed: %+v", h)
		}
	}
	// The single file by its own path is the same document too.
	if _, err := ix.Ingest(ctx, []string{filepath.Join(kb, "menu", "winter-menu.csv")}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := docSources(ix); len(got) != 2 {
		t.Errorf("after a single-file ingest: %v", got)
	}
	// And ingesting the whole folder again changes nothing.
	rep, err = ix.Ingest(ctx, []string{kb}, opts(), nil, nil)
	if err != nil || rep.Unchanged != 2 || rep.Added+rep.Updated+rep.Removed != 0 {
		t.Errorf("re-ingest %+v %v; documents %v", rep, err, docSources(ix))
	}
}

func TestIdentitySameNameTwoLocations(t *testing.T) {
	ctx := context.Background()
	base, home := t.TempDir(), t.TempDir()
	elm, harbour := filepath.Join(base, "elm"), filepath.Join(base, "harbour")
	writeFiles(t, elm, map[string]string{"hours.md": "# Hours\n\nOpen 6:30 am to 7 pm.\n"})
	writeFiles(t, harbour, map[string]string{"hours.md": "# Hours\n\nOpen 7 am to 6 pm.\n"})
	ix := New(home)
	ingest := func(dir, loc string) {
		t.Helper()
		o := opts()
		o.Location, o.Prune = loc, true
		if _, err := ix.Ingest(ctx, []string{dir}, o, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	ingest(elm, "Elm Road")
	ingest(harbour, "Harbour Street")
	want := []string{"harbour/hours.md@Harbour Street", "hours.md@Elm Road"}
	if got := docSources(ix); !slices.Equal(got, want) {
		t.Fatalf("documents %v, want %v", got, want)
	}
	ingest(harbour, "Harbour Street")
	ingest(elm, "Elm Road")
	if got := docSources(ix); !slices.Equal(got, want) {
		t.Errorf("after re-ingests %v, want %v", got, want)
	}
	res, err := ix.Search(ctx, "hours", SearchOptions{Mode: ModeLexical, Location: "Harbour Street"}, nil)
	if err != nil || len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Text, "7 am to 6 pm") {
		t.Errorf("Harbour Street hours: %+v %v", res.Hits, err)
	}
	// A file that disappears is pruned from its own folder only.
	if err := os.Remove(filepath.Join(harbour, "hours.md")); err != nil {
		t.Fatal(err)
	}
	ingest(harbour, "Harbour Street")
	if got := docSources(ix); !slices.Equal(got, []string{"hours.md@Elm Road"}) {
		t.Errorf("after pruning harbour %v", got)
	}
}

func TestIdentityMovedFolder(t *testing.T) {
	ctx := context.Background()
	base, home := t.TempDir(), t.TempDir()
	from, to := filepath.Join(base, "kb"), filepath.Join(base, "moved", "kb")
	writeFiles(t, from, map[string]string{"pets.md": "# Pets\n\nDogs welcome.\n"})
	ix := New(home)
	if _, err := ix.Ingest(ctx, []string{from}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, []string{to}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := docSources(ix); !slices.Equal(got, []string{"pets.md@"}) {
		t.Errorf("after moving the folder %v", got)
	}
	if f := ix.Folders(); len(f) != 1 || f[0].Path != to {
		t.Errorf("folders %v", f)
	}
}
