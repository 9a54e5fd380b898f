package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestDocsShowSectionLocation: a store that is one section of a shared
// page shows on that section's chunks in `docs show`, while the page is
// listed as one document for all locations.
func TestDocsShowSectionLocation(t *testing.T) {
	dir := t.TempDir()
	page := "# Visit us\n\nGroup hours Mon–Fri 7am–6pm.\n\n## Harbour Kiosk (\"the Hut\")\n\n**Address:** 4 Quay Lane, Saltmere\n**Phone:** (555) 300-1200\n\n" +
		"- Monday – Thursday: 7 AM - 3 PM\n- Friday – Sunday: 7 AM - 7 PM\n\n## Getting here\n\nBus 7 stops at the harbour.\n"
	if err := os.WriteFile(filepath.Join(dir, "visit.md"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", dir)
	r := c.ok("docs", "show", "visit.md")
	if !strings.Contains(r.out, "(all locations, 3 chunks") {
		t.Errorf("the shared page is not one chain-wide document:\n%s", r.out)
	}
	for _, line := range strings.Split(r.out, "\n") {
		if !strings.HasPrefix(line, "[") {
			continue
		}
		if hut := strings.Contains(line, "Harbour Kiosk (\"the Hut\")"); hut != strings.HasSuffix(line, "  [Harbour Kiosk]") {
			t.Errorf("chunk heading %q", line)
		}
	}
}
