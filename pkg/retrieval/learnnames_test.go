package retrieval

import (
	"context"
	"testing"
	"testing/fstest"
)

// TestNamesQuestionsUse: the names pages give in other words than "call
// it" ("call this one", "just say") and a store open round the clock by each spelling of it after
// "the" or before a store word; the attacks are the same spellings in a
// policy question and a page's "say" that is not about a name.
func TestNamesQuestionsUse(t *testing.T) {
	fs := fstest.MapFS{
		"locations/tabok.md":    {Data: []byte("---\nlocation: Larch Tabok 24/7\n---\n# Larch Tabok 24/7\n\nEveryone calls it **\"the 24-hour\"**. Ground floor, Tower 2.\n")},
		"locations/gateway.md":  {Data: []byte("---\nlocation: Larch Gateway Mall\n---\n# Larch Gateway Mall\n\nKnown as **Gateway**. Mall staff sometimes just say **L2**.\n")},
		"locations/kiosk.md":    {Data: []byte("---\nlocation: Larch Kiosk – CSLR\n---\n# Larch Kiosk – CSLR\n\nStudents call this one **\"Lorenzo\"** or **\"canteen Larch\"**.\n")},
		"locations/veronica.md": {Data: []byte("---\nlocation: Larch — St. Veronica\n---\n# Larch — St. Veronica\n\n*Staff and visitors call it \"St. V's\" or \"the hospital one\".*\n")},
		"pages/refunds.md":      {Data: []byte("# Refunds\n\nReport a wrong order within 24h; refunds take 24 hours. We always say \"thank you\".\n")},
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"can my dog come inside the 24hr store":    "Larch Tabok 24/7",
		"foodpanda from the 24/7 branch at 3am?":   "Larch Tabok 24/7",
		"hiring night shift at the 24h branch?":    "Larch Tabok 24/7",
		"is the 24 hour one open on good friday":   "Larch Tabok 24/7",
		"how do i get to L2 with a stroller":       "Larch Gateway Mall",
		"polvoron at lorenzo?":                     "Larch Kiosk – CSLR",
		"till what time is uji served at st. v's":  "Larch — St. Veronica",
		"can i report a wrong order within 24h?":   "",
		"do refunds take 24 hours":                 "",
		"thank you for the coffee":                 "",
		"is there a 24 hours refund window or 48?": "",
	} {
		res, got := scopedFirst(t, ix, q)
		if got != want || len(res.Scope.Locations) > 1 {
			t.Errorf("%q scoped to %q, want %q", q, res.Scope.Locations, want)
		}
	}
}
