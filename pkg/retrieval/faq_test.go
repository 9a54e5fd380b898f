package retrieval

import (
	"context"
	"testing"
	"testing/fstest"
)

// An FAQ answer that restates a page in a line no longer outranks the
// page; an FAQ that alone holds the answer is still found.
func TestFAQAnswerYieldsToThePage(t *testing.T) {
	fsys := fstest.MapFS{
		"help/faq.json": {Data: []byte(`[{"question": "Do you grind beans?", "answer": "Yes, we grind beans for you."},
			{"question": "Can I bring my bike?", "answer": "Bike racks are by the door."}]`)},
		"menu/beans.md": {Data: []byte("# Our beans\n\n## Grinding\n\nWe grind beans to order for espresso, filter or cafetière, free, while you wait.\n")},
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fsys, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if !ix.st.Load().faq[0] {
		t.Fatal("the FAQ record is not marked as an FAQ answer")
	}
	for _, tt := range []struct{ q, want string }{
		{"do you grind beans", "menu/beans.md"},
		{"can i bring my bike", "help/faq.json"},
	} {
		res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Source != tt.want {
			t.Errorf("%q: first hit %+v, want %s", tt.q, res.Hits, tt.want)
		}
	}
}
