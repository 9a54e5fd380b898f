package document

import "testing"

// TestFrontMatterDate: a markdown file's front matter date, as ingest
// keeps it for stale pages (retrieval's stale.go); the first dating key
// wins, nested keys and text after the front matter date nothing.
func TestFrontMatterDate(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"last_updated", "---\ntitle: Wi-Fi\nlast_updated: 2025-02-17\n---\n# Wi-Fi\n", "2025-02-17"},
		{"updated, month only", "---\nupdated: 2025-05\n---\nbody", "2025-05"},
		{"quoted, CRLF, BOM", "\ufeff---\r\ntitle: x\r\nLast-Reviewed: \"2026-05-11\"\r\n---\r\n", "2026-05-11"},
		{"the first dating key", "---\ndate: 2026-10-19\nupdated: 2026-11-01\n---\n", "2026-10-19"},
		{"not a dating key", "---\nreviewed_by: Ops\nslug: x\n---\n", ""},
		{"nested key", "---\nseo:\n  updated: 2024-01-01\n---\n", ""},
		{"after the front matter", "---\ntitle: x\n---\nupdated: 2024-01-01\n", ""},
		{"never closed", "---\ntitle: x\nupdated: 2024-01-01\n", ""},
		{"no front matter", "# Title\nupdated: 2024-01-01\n", ""},
		{"empty value", "---\nupdated:\ndate: 2026-01-01\n---\n", "2026-01-01"},
	} {
		doc, err := Read("page.md", []byte(tt.data), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if doc.Dated != tt.want {
			t.Errorf("%s: Dated = %q, want %q", tt.name, doc.Dated, tt.want)
		}
	}
	doc, err := Read("notes.txt", []byte("---\nupdated: 2024-01-01\n---\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Dated != "" {
		t.Errorf("a text file's front matter dated it: %q", doc.Dated)
	}
}
