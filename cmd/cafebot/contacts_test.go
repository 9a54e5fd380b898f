package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestCafeContactsComeFromTheIndex: after ingest the café's contacts are
// the ones its own documents publish (the index's sidecar), not the
// bundled knowledge base's; before any ingest the bundled scan stands in.
func TestCafeContactsComeFromTheIndex(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	indexDir := filepath.Join(c.home, "index")

	before := cafeContacts(indexDir)
	if len(before.Phones) == 0 {
		t.Fatal("no index yet: the bundled scan found no phones")
	}

	docs := t.TempDir()
	if err := os.WriteFile(filepath.Join(docs, "contact.md"), []byte("# Contact\n\nRing the Quay Street shop on 555-014-7788 or mail quay@larkspur.example.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("ingest", docs)
	after := cafeContacts(indexDir)
	if !slices.Equal(after.Phones, []string{"555-014-7788"}) || !slices.Equal(after.Emails, []string{"quay@larkspur.example"}) {
		t.Fatalf("contacts after ingest = %+v, want the ingested document's", after)
	}
	app := &App{Home: c.home}
	if got := app.Guard().PublicContacts(); !slices.Contains(got, "quay@larkspur.example") || slices.Contains(got, before.Phones[0]) {
		t.Errorf("guard's public contacts = %v, want the index's only", got)
	}
}
