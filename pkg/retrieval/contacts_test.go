package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPublicContactsFromIngest(t *testing.T) {
	ctx := context.Background()
	docs, idx := t.TempDir(), t.TempDir()
	writeFiles(t, docs, map[string]string{
		"contact.md": "# Contact\n\nCall Elm Road on (555) 010-2200 or write to hello@larkspur.example.\n",
		"menu.md":    "# Menu\n\nFlat white, 4.50. Order 10482 is not a phone.\n",
	})
	ix := New(idx)
	if _, err := ix.PublicContacts(); !errors.Is(err, ErrNoContacts) {
		t.Fatalf("empty index: err %v, want ErrNoContacts", err)
	}
	if _, err := ix.Ingest(ctx, []string{docs}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := ix.PublicContacts()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Phones, []string{"(555) 010-2200"}) || !slices.Equal(got.Emails, []string{"hello@larkspur.example"}) {
		t.Fatalf("contacts %+v", got)
	}

	// Another process opening the index reads the same sidecar.
	re, err := Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := re.PublicContacts(); err != nil || !slices.Equal(again.Emails, got.Emails) {
		t.Fatalf("reopened: %+v, %v", again, err)
	}
	if at, err := ContactsAt(idx); err != nil || !slices.Equal(at.Phones, got.Phones) {
		t.Fatalf("ContactsAt: %+v, %v", at, err)
	}

	// A changed document changes the sidecar with the index.
	writeFiles(t, docs, map[string]string{"contact.md": "# Contact\n\nWrite to team@larkspur.example.\n"})
	if _, err := re.Ingest(ctx, []string{docs}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if now, err := re.PublicContacts(); err != nil || !slices.Equal(now.Emails, []string{"team@larkspur.example"}) || len(now.Phones) != 0 {
		t.Fatalf("after re-ingest: %+v, %v", now, err)
	}
	matches, _ := filepath.Glob(filepath.Join(idx, ContactsName+".*.tmp"))
	if len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// TestPublicContactsStaleSidecar attacks the sidecar: one from another
// snapshot, a corrupt one or a missing one is never trusted, and an
// unchanged re-ingest writes the missing one back.
func TestPublicContactsStaleSidecar(t *testing.T) {
	ctx := context.Background()
	docs, idx := t.TempDir(), t.TempDir()
	writeFiles(t, docs, map[string]string{"a.md": "# A\n\nCall 555-010-3300.\n"})
	ix := New(idx)
	if _, err := ix.Ingest(ctx, []string{docs}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	side := filepath.Join(idx, ContactsName)
	good, err := os.ReadFile(side)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"corrupt":        "{not json",
		"other snapshot": `{"updated":"2001-01-01T00:00:00Z","chunks":1,"phones":["555-999-0000"],"emails":[]}`,
	} {
		if err := os.WriteFile(side, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if c, err := ix.PublicContacts(); !errors.Is(err, ErrNoContacts) {
			t.Errorf("%s sidecar: got %+v, %v; want ErrNoContacts", name, c, err)
		}
	}
	if err := os.Remove(side); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.PublicContacts(); !errors.Is(err, ErrNoContacts) {
		t.Errorf("missing sidecar: err %v", err)
	}
	if _, err := ContactsAt(idx); !errors.Is(err, ErrNoContacts) {
		t.Errorf("ContactsAt, missing sidecar: err %v", err)
	}
	if _, err := ix.Ingest(ctx, []string{docs}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	back, err := os.ReadFile(side)
	if err != nil || string(back) != string(good) {
		t.Fatalf("unchanged re-ingest did not restore the sidecar: %v\n%s\nwant\n%s", err, back, good)
	}

	// An index file replaced behind the sidecar's back (a backup restored,
	// another binary's ingest) makes the sidecar stale for readers that do
	// not open the index.
	if err := os.WriteFile(ix.Path(), append(must(os.ReadFile(ix.Path())), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := ContactsAt(idx); !errors.Is(err, ErrNoContacts) {
		t.Errorf("replaced index: ContactsAt %+v, %v; want ErrNoContacts", c, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
