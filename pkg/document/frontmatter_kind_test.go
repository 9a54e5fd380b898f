package document

import "testing"

func TestFrontMatterKind(t *testing.T) {
	for _, tt := range []struct {
		name, md, want string
	}{
		{"category", "---\ntitle: A\ncategory: Locations\n---\n# A\n", "locations"},
		{"type before layout", "---\nlayout: page\ntype: store\n---\n# A\n", "store"},
		{"a list", "---\ncategory: [events, music]\n---\n# A\n", "events"},
		{"an empty key falls through", "---\ncategory: \"\"\nlayout: menu\n---\n# A\n", "menu"},
		{"none", "---\ntitle: A\ntags: [locations]\n---\n# A\n", ""},
		{"no front matter", "# A\n\ncategory: locations\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("a.md", []byte(tt.md), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.want {
				t.Errorf("Kind = %q, want %q", doc.Kind, tt.want)
			}
		})
	}
}
