package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
	"github.com/google/go-cmp/cmp"
)

// The fixtures under testdata/formats are small documents in the shapes
// other cafés' tools export (a help centre's JSON, a CMS page, a text
// file typed up from a board); each case says what a café's staff would
// expect of it, and the golden beside each fixture holds its whole
// reading (go test ./pkg/document -run TestExportFormats -update).

// render writes a document's chunks and notes as the golden holds them.
func render(doc Doc) string {
	var b strings.Builder
	if doc.Title != "" {
		b.WriteString("title: " + doc.Title + "\n")
	}
	for _, c := range doc.Chunks {
		b.WriteString("--- [" + c.Section + "]\n" + c.Text + "\n")
	}
	for _, n := range doc.Notes {
		b.WriteString("note: " + n + "\n")
	}
	return b.String()
}

func TestExportFormats(t *testing.T) {
	tests := []struct {
		file string
		// want are chunks that must be read (section and text, in order
		// among the chunks), absent strings that no chunk's section or
		// text may hold, notes strings a note must hold.
		want   []view
		absent []string
		notes  []string
		title  string
	}{
		{
			file: "help-centre.json",
			want: []view{
				// the article's title heads it under its section, not the
				// export's timestamp; the body is the text
				{Section: "Ordering > Which shops take app orders?", Text: "question: Which shops take app orders?\nanswer: Every shop except the kiosk. The kiosk has no tablet for orders.\ntags: app, order-ahead"},
				// HTML in a JSON string is read as text
				{Section: "Ordering > Can I cancel an order?", Text: "question: Can I cancel an order?\nanswer: Within 2 minutes of placing it.\n\n- Open Order history\n- Tap Cancel"},
				{Section: "Rewards > Do my points expire?", Text: "question: Do my points expire?\nanswer: Points expire after 12 months with no activity."},
			},
			// ids, timestamps, slugs, flags and the export's own labels
			// are not words to search; drafts and unpublished articles
			// are not read
			absent: []string{"1101", "2026-05-02", "2025-07-09", "exported_at", "helpdesk_articles", "help.example-cafe.test", "en-GB", "order-ahead-stores", "featured", "88", "<p>", "<strong>", "drone", "Double points", "articles["},
			notes:  []string{"2 records marked draft, unpublished, hidden or archived"},
		},
		{
			file: "nested-faq.json",
			want: []view{
				// sections of FAQs nest under the export's title; an
				// entity in a string is its character
				{Section: "Harbour Café help > Allergies > Is the oat milk gluten-free?", Text: "question: Is the oat milk gluten-free?\nanswer: Yes — it is certified gluten-free."},
				{Section: "Harbour Café help > Allergies > Do you use nuts?", Text: "question: Do you use nuts?\nanswer: Our kitchen handles peanuts and tree nuts."},
				{Section: "Harbour Café help > Visiting > Is there parking?", Text: "question: Is there parking?\nanswer: Four spaces behind the shop, two hours maximum."},
			},
			absent: []string{"3f0d5a52", "position", "&mdash;", "2024-01-01", "terrace", "categories["},
			notes:  []string{"1 record marked draft"},
		},
		{
			file: "menu-items.json",
			want: []view{
				// data rows keep their columns, group by their category,
				// and a flag about the item (vegan) is text
				{Section: "Coffee > Oat latte", Text: "sku: LAT-12\nname: Oat latte\ncategory: Coffee\nprice: 4.75\nvegan: yes"},
				{Section: "Coffee > Mocha", Text: "sku: MOC-12\nname: Mocha\ncategory: Coffee\nprice: 5.1\nvegan: no"},
				{Section: "Bakes > Cheese scone", Text: "sku: SCN-01\nname: Cheese scone\ncategory: Bakes\nprice: 3.2\nvegan: no"},
			},
			absent: []string{"updated_at", "2026-01-02"},
		},
		{
			file: "page.html",
			want: []view{
				{Section: "Winter menu", Text: "From 17 November while stocks last."},
				// a row is one line, whatever breaks its cells hold; an
				// empty cell keeps the columns after it in place, a
				// trailing one ends the row, a spanning cell its columns
				{Section: "Winter menu > Drinks", Text: "Drink | Small | Large | Notes\nSpiced pear latte — Pear syrup, espresso, steamed milk. | £3.80 | £4.60 | Milk\nOrange juice | £2.50\nMulled apple | One size £3.20 | | Vegan"},
				// the footer's note is the page's; its copyright line is not
				{Section: "Winter menu > Bakes", Text: "- Mince pie — £2.20\n- Stollen slice — £3.20\n\nPrices include VAT. A 10% service charge applies to tables of eight or more."},
			},
			// the site's logo, menu, cookie banner, skip link, scripts,
			// hidden text, copyright line and link-only footer are not
			// the page
			absent: []string{"cookies", "Accept all", "Skip to content", "Find us", "dataLayer", "old price list", "©", "Quay Street", "Careers"},
		},
		{
			// the first line in capitals titles the file; the chunks
			// stay paragraphs
			file:  "board.txt",
			title: "HARBOUR CAFÉ — DRINKS BOARD",
		},
		{
			// a "Title:" line titles it
			file:  "export.txt",
			title: "Refund policy",
		},
		{
			// an underlined first line titles it, " > " written " / "
			// as it would part a section path
			file:  "readme.txt",
			title: "Guest Wi-Fi / read me",
		},
		{
			// a sentence is not a title
			file: "plain.txt",
			want: []view{{Section: "", Text: "Our café opens at seven.\nIt closes at six.\n\nDogs are welcome on the terrace."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "formats", tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(tt.file, data, Options{ChunkChars: 1200, Overlap: 150})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			got := views(doc.Chunks)
			// want is a subsequence of the chunks read
			k := 0
			for _, g := range got {
				if k < len(tt.want) && cmp.Equal(g, tt.want[k]) {
					k++
				}
			}
			if k < len(tt.want) {
				t.Errorf("chunk %q not read as wanted; got:\n%s", tt.want[k].Section, render(doc))
			}
			for _, a := range tt.absent {
				for _, c := range doc.Chunks {
					if strings.Contains(c.Section, a) || strings.Contains(c.Text, a) {
						t.Errorf("%q is in chunk [%s]: %q", a, c.Section, c.Text)
					}
				}
			}
			if doc.Title != tt.title {
				t.Errorf("title %q, want %q", doc.Title, tt.title)
			}
			for _, n := range tt.notes {
				if !strings.Contains(strings.Join(doc.Notes, "\n"), n) {
					t.Errorf("no note says %q; notes %q", n, doc.Notes)
				}
			}
			golden.Check(t, path+".golden", []byte(render(doc)))
		})
	}
}

// TestHTMLChromeHostile: the chrome checks look a bounded way into each
// header and footer, so a page of thousands of nested and sibling
// footers and headers parses in time linear in its size (growth) and
// keeps its text.
func TestHTMLChromeHostile(t *testing.T) {
	page := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString("<footer><header><p>note ")
		}
		b.WriteString("end")
		for range n {
			b.WriteString("<footer><p>more</p></footer><header><div>text</div></header>")
		}
		return b.String()
	}
	doc, ratio := growth(t, page, 10000)
	if ratio > maxGrowth {
		t.Errorf("a page of 10000 footers took %.1f times one of 2500: not linear", ratio)
	}
	all := render(doc)
	if !strings.Contains(all, "end") || !strings.Contains(all, "more") {
		t.Errorf("text lost: %.200q", all)
	}
}
