package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDocuments(t *testing.T) {
	ctx := context.Background()
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"hours.md":        "---\nlocation: North Quay\n---\n# Hours\n\nOpen 7 to 9.\n",
		"menu/drinks.csv": "item,price\nLatte,4.50\nMocha,5.00\n",
	})
	ix := New(home)
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	docs := ix.Documents()
	if len(docs) != 2 {
		t.Fatalf("documents %+v", docs)
	}
	hours := docs[0]
	if hours.Source != "hours.md" || hours.Location != "North Quay" || hours.Chunks != 1 || len(hours.ID) != 8 || hours.Folder == "" {
		t.Errorf("hours.md %+v", hours)
	}
	// The ID is stable across a re-ingest and a reopen.
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	re, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if got := re.Documents()[0].ID; got != hours.ID {
		t.Errorf("ID changed from %s to %s", hours.ID, got)
	}
	if got := re.Folders(); len(got) != 1 || got[0].Path != hours.Folder || got[0].Location != "" {
		t.Errorf("folders %v, want [%s]", got, hours.Folder)
	}

	for _, ref := range []string{hours.ID, "hours.md"} {
		d, chunks, err := re.Document(ref)
		if err != nil || d.ID != hours.ID || len(chunks) != 1 || chunks[0].Text != "Open 7 to 9." || chunks[0].Section != "Hours" {
			t.Errorf("Document(%q) = %+v, %+v, %v", ref, d, chunks, err)
		}
	}
	if _, _, err := re.Document("nope"); !errors.Is(err, ErrNoDocument) {
		t.Errorf("unknown ref: %v", err)
	}

	removed, err := re.RemoveDocument(ctx, "menu/drinks.csv", false)
	if err != nil || removed.Source != "menu/drinks.csv" {
		t.Fatalf("remove: %+v %v", removed, err)
	}
	res, err := re.Search(ctx, "latte", SearchOptions{Mode: ModeLexical}, nil)
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("removed document still found: %+v %v", res.Hits, err)
	}
	// Removal is saved: another process sees it.
	again, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Documents(); len(got) != 1 || got[0].Source != "hours.md" {
		t.Errorf("after reopen %+v", got)
	}
	if _, err := again.RemoveDocument(ctx, removed.ID, false); !errors.Is(err, ErrNoDocument) {
		t.Errorf("second removal: %v", err)
	}
	// The search structures stay sound after a removal.
	res, err = again.Search(ctx, "open", SearchOptions{Mode: ModeLexical}, nil)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Location != "North Quay" {
		t.Errorf("search after removal %+v %v", res.Hits, err)
	}
	if err := os.RemoveAll(filepath.Join(dir)); err != nil {
		t.Fatal(err)
	}
	if got := again.Folders(); len(got) != 0 {
		t.Errorf("a folder that is gone is still listed: %v", got)
	}
}

func TestKeyLocation(t *testing.T) {
	for key, want := range map[string]string{
		fileKey([]byte("x"), IngestOptions{Location: "Elm Road"}):                   "Elm Road",
		fileKey([]byte("x"), IngestOptions{}):                                       "",
		cutKey(fileKey([]byte("x"), IngestOptions{Location: "Harbour Street"}), 50): "Harbour Street",
		"garbage": "",
	} {
		if got := keyLocation(key); got != want {
			t.Errorf("keyLocation(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestRemoveDocumentWhileLocked(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	ix := New(home)
	lock, err := lockDir(ctx, home, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.unlock()
	if _, err := ix.RemoveDocument(ctx, "x", false); err == nil {
		t.Error("removal ran while another process held the ingest lock")
	}
}
