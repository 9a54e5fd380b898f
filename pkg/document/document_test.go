package document

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

// view is the part of a chunk the table tests compare.
type view struct {
	Section, Location, Text string
}

func views(cs []Chunk) []view {
	var out []view
	for _, c := range cs {
		out = append(out, view{c.Section, c.Location, c.Text})
	}
	return out
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		data string
		opt  Options
		want []view
	}{
		{
			name: "markdown headings become the section path",
			rel:  "policies/refunds.md",
			data: "# Refund policy\n\nWe refund within 14 days.\n\n## Card payments\n\nCard refunds take 3-5 days.\n\n### Chargebacks\n\nCall the manager.\n\n## Cash\n\nCash is refunded in cash.\n",
			want: []view{
				{"Refund policy", "", "We refund within 14 days."},
				{"Refund policy > Card payments", "", "Card refunds take 3-5 days."},
				{"Refund policy > Card payments > Chargebacks", "", "Call the manager."},
				{"Refund policy > Cash", "", "Cash is refunded in cash."},
			},
		},
		{
			name: "front matter sets location and titles a document without h1",
			rel:  "locations/harbour.md",
			data: "---\ntitle: Harbour Street café\nlocation: harbour\n---\nIntro line.\n\n## Opening hours\n\nMon-Fri 7-18.\n",
			opt:  Options{Location: "ignored"},
			want: []view{
				{"Harbour Street café", "harbour", "Intro line."},
				{"Harbour Street café > Opening hours", "harbour", "Mon-Fri 7-18."},
			},
		},
		{
			name: "option location applies without front matter",
			rel:  "a.markdown",
			data: "Setext title\n============\n\nBody **bold**.\n\nSub part\n--------\nMore.\n",
			opt:  Options{Location: "downtown"},
			want: []view{
				{"Setext title", "downtown", "Body **bold**."},
				{"Setext title > Sub part", "downtown", "More."},
			},
		},
		{
			name: "headings inside fenced code are text",
			rel:  "code.md",
			data: "# Real\n\n```\n# not a heading\n```\n\n---\n\n## [Linked](http://x) `code` heading ##\ntext\n",
			want: []view{
				{"Real", "", "```\n# not a heading\n```"},
				{"Real > Linked code heading", "", "text"},
			},
		},
		{
			name: "text is paragraphs without section",
			rel:  "notes.TXT",
			data: "First paragraph\nstill first.\r\n\r\nSecond.\n",
			want: []view{{"", "", "First paragraph\nstill first.\n\nSecond."}},
		},
		{
			// one staff file with two stores' notes: each part its own
			// section, so each can be learned as its store's
			name: "text parted by framed headings",
			rel:  "shared/cart-and-kiosk.txt",
			data: "=== CART — running notes ===\n\n- Tip jar from Nov 1.\n\n--- KIOSK — notes (Priya) ---\n- No blender.\n",
			want: []view{
				{"CART — running notes", "", "- Tip jar from Nov 1."},
				{"KIOSK — notes (Priya)", "", "- No blender."},
			},
		},
		{
			// an intro before the first framed heading keeps no section
			name: "text intro before framed headings",
			rel:  "notes.txt",
			data: "Read me first.\n\n*** Elm Road ***\nOpen 7-18.\n~~~~ Harbour ~~~~\nOpen 8-16.\n",
			want: []view{
				{"", "", "Read me first."},
				{"Elm Road", "", "Open 7-18."},
				{"Harbour", "", "Open 8-16."},
			},
		},
		{
			// one framed heading parts nothing: it is the file's title
			// line, and a rule of "=====" or a sentence framed is no heading
			name: "text with one framed heading is one run",
			rel:  "board.txt",
			data: "=== DRINKS BOARD ===\nLatte 4.50\n\n==========\n=== Ask us anything. ===\n",
			want: []view{{"", "", "=== DRINKS BOARD ===\nLatte 4.50\n\n==========\n=== Ask us anything. ==="}},
		},
		{
			name: "csv rows keep header names, section is the first column",
			rel:  "menu/menu.csv",
			data: "item,size,price,notes\nOat latte,12oz,4.75,\"Oat milk, double shot\"\n,8oz,3.00,\n\nMocha, 16oz ,5.85,\n",
			want: []view{
				{"Oat latte", "", "item: Oat latte; size: 12oz; price: 4.75; notes: Oat milk, double shot"},
				{"row on line 3", "", "size: 8oz; price: 3.00"},
				{"Mocha", "", "item: Mocha; size: 16oz; price: 5.85"},
			},
		},
		{
			name: "semicolon csv",
			rel:  "prices.csv",
			data: "item;price\nScone;3,25\n",
			want: []view{{"Scone", "", "item: Scone; price: 3,25"}},
		},
		{
			name: "html drops script style nav, headings become sections",
			rel:  "site/about.html",
			data: `<html><head><title>About us</title><style>p{}</style></head><body>
<nav><a href="/">Home</a> <a href="/menu">Menu</a></nav>
<p>We roast   our own <b>beans</b>.</p><script>var x = 1;</script>
<h2>Hours</h2><ul><li>Mon: 7-18</li><li>Sun: closed</li></ul>
<h2>Prices</h2><table><tr><th>Item</th><th>Price</th></tr><tr><td>Latte</td><td>4.85</td></tr></table>
</body></html>`,
			want: []view{
				{"About us", "", "We roast our own beans."},
				{"About us > Hours", "", "- Mon: 7-18\n- Sun: closed"},
				{"About us > Prices", "", "Item | Price\nLatte | 4.85"},
			},
		},
		{
			name: "json array of records keeps key order and nests keys",
			rel:  "faq.json",
			data: `[{"question":"Do you have wifi?","answer":"Yes, free.","tags":["wifi","internet"]},
 {"id": 7, "hours": {"sat": "8-16", "sun": null}, "open": true}]`,
			want: []view{
				{"Do you have wifi?", "", "question: Do you have wifi?\nanswer: Yes, free.\ntags: wifi, internet"},
				// the id is bookkeeping: not text, not the label
				{"record 2", "", "hours.sat: 8-16\nopen: yes"},
			},
		},
		{
			name: "json single object",
			rel:  "store.json",
			data: `{"name":"Elm Road","staff":[{"role":"manager","who":"Ana"}]}`,
			want: []view{{"Elm Road", "", "name: Elm Road\nstaff[1].role: manager\nstaff[1].who: Ana"}},
		},
		{
			name: "jsonl one record per line",
			rel:  "items.jsonl",
			data: "{\"sku\":\"A1\",\"price\":2.5}\n\n{\"title\":\"Scone\"}\n",
			want: []view{{"A1", "", "sku: A1\nprice: 2.5"}, {"Scone", "", "title: Scone"}},
		},
		{
			name: "empty documents give no chunks",
			rel:  "empty.md",
			data: "---\ntitle: Nothing\n---\n\n# Heading only\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.rel, []byte(tt.data), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, views(got)); diff != "" {
				t.Errorf("chunks (-want +got):\n%s", diff)
			}
			for i, c := range got {
				if c.Source != tt.rel || c.Ordinal != i || c.Hash != Hash(c.Text) {
					t.Errorf("chunk %d: source %q ordinal %d hash %q", i, c.Source, c.Ordinal, c.Hash)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name        string
		rel         string
		data        string
		unsupported bool
		wantMsg     string
	}{
		{name: "unknown extension", rel: "slides.pptx", data: "PK", unsupported: true, wantMsg: ".pptx"},
		{name: "no extension", rel: "README", data: "hi", unsupported: true, wantMsg: "no file extension"},
		{name: "nul bytes", rel: "x.txt", data: "abc\x00def", unsupported: true, wantMsg: "binary"},
		{name: "binary without nul bytes", rel: "x.md", data: "\xff\xd8\xff\xe0\x10JFIF\x01\x02\x01\x01\x2c\x01\x2c\x03\x04", unsupported: true, wantMsg: "binary"},
		{name: "mostly high bytes", rel: "x.txt", data: "ab\xe9\xe8\xf4\xfb\xe0\xe9\xe8\xf4", unsupported: true, wantMsg: "binary"},
		{name: "utf-16 with a nul character", rel: "x.txt", data: "\xff\xfea\x00\x00\x00", unsupported: true, wantMsg: "binary"},
		{name: "csv unterminated quoted cell", rel: "m.csv", data: "a,b\n1,\"x\n2,y\n", wantMsg: "line 2"},
		{name: "csv stray quote, then a cell that runs to the end", rel: "m.csv", data: "a,b\n1,x\"y\n2,\"z\n3,w\n", wantMsg: "line 2"},
		{name: "json syntax", rel: "r.json", data: "[\n{\"a\": 1},\n{\"a\" 2}\n]", wantMsg: "json line 3"},
		{name: "json truncated", rel: "r.json", data: "[\n{\"a\": 1},\n", wantMsg: "unexpected end"},
		{name: "json record not object", rel: "r.json", data: "[\n{\"a\": 1},\n 5\n]", wantMsg: "json line 3: record 2 is not an object"},
		{name: "json scalar top level", rel: "r.json", data: "\"hello\"", wantMsg: "want an object"},
		{name: "json trailing data", rel: "r.json", data: "{\"a\":1}\n{\"b\":2}", wantMsg: "line 2: unexpected data"},
		{name: "jsonl bad line", rel: "r.jsonl", data: "{\"a\":1}\n\n{oops}\n", wantMsg: "jsonl line 3"},
		{name: "jsonl array line", rel: "r.jsonl", data: "[1]\n", wantMsg: "jsonl line 1: not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.rel, []byte(tt.data), Options{})
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if got := errors.Is(err, ErrUnsupported); got != tt.unsupported {
				t.Errorf("errors.Is(err, ErrUnsupported) = %v, want %v (err %v)", got, tt.unsupported, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

// TestCSVReadsHandEditedRows checks that a stray quote mark costs a note
// naming the line, not the whole file: every row is still indexed, with
// the quote kept as text.
func TestCSVReadsHandEditedRows(t *testing.T) {
	for _, tt := range []struct {
		name, data, wantText, wantNote string
		rows                           int
	}{
		{
			name:     "bare quote",
			data:     "item,notes\nLatte,oat\nSyrup (hazelnut-free \"nutty\" syrup),nut-free\nMocha,\n",
			wantText: `item: Syrup (hazelnut-free "nutty" syrup); notes: nut-free`,
			wantNote: "csv line 3",
			rows:     3,
		},
		{
			name:     "two stray quotes in one cell, a later row clean",
			data:     "item;allergens\nCroissant;wheat, \"may contain\" nuts\nScone;wheat\n",
			wantText: `item: Croissant; allergens: wheat, "may contain" nuts`,
			wantNote: "csv line 2",
			rows:     2,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("menu.csv", []byte(tt.data), Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(doc.Chunks) != tt.rows {
				t.Errorf("%d chunks, want one per row (%d)", len(doc.Chunks), tt.rows)
			}
			found := false
			for _, c := range doc.Chunks {
				found = found || strings.Contains(c.Text, tt.wantText)
			}
			if !found {
				t.Errorf("no chunk holds %q", tt.wantText)
			}
			if len(doc.Notes) != 1 || !strings.Contains(doc.Notes[0], tt.wantNote) {
				t.Errorf("notes %q, want one naming %q", doc.Notes, tt.wantNote)
			}
		})
	}
	// A well-formed file reads strictly, with no note.
	doc, err := Read("menu.csv", []byte("item,price\nLatte,4.50\n"), Options{})
	if err != nil || len(doc.Notes) != 0 {
		t.Errorf("clean csv: notes %q, err %v", doc.Notes, err)
	}
}

// TestCSVKeepsRaggedRows checks that a row with more cells than the
// header, or a single cell, costs a note naming its line, not the file:
// the row is kept as written, without header names (its cells could sit
// under the wrong ones: an allergen under "price"), and every aligned row
// reads as before. A row with fewer cells (two or more, not opening with
// "#") is a record whose trailing cells were left off: its cells keep
// their headers' names.
func TestCSVKeepsRaggedRows(t *testing.T) {
	data := "cat;item;size;price\n" +
		"Lait;Latte;35 cl;3,80\n" +
		"Lait;Babyccino;10 cl;1,00;mousse + cacao; enfants\n" + // a note with the delimiter in it
		"Lait;Mocha;35 cl;4,20\n" +
		"Lait;Cortado\n" + // trailing cells left off: still a record
		"# old prices below\n" + // a comment line: one cell
		"Closed 25 December\n" + // a note of one cell, no "#"
		"# valid to 2024;see menu-2026.csv\n" // a comment line of two cells
	doc, err := Read("menu.csv", []byte(data), Options{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var texts []string
	for _, c := range doc.Chunks {
		texts = append(texts, c.Text)
	}
	want := []string{
		"cat: Lait; item: Latte; size: 35 cl; price: 3,80",
		"Lait; Babyccino; 10 cl; 1,00; mousse + cacao; enfants",
		"cat: Lait; item: Mocha; size: 35 cl; price: 4,20",
		"cat: Lait; item: Cortado",
		"# old prices below",
		"Closed 25 December",
		"# valid to 2024; see menu-2026.csv",
	}
	for _, w := range want {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("no chunk holds %q; chunks %q", w, texts)
		}
	}
	for _, s := range texts {
		if strings.Contains(s, "Babyccino") && strings.Contains(s, "price:") || strings.Contains(s, "cat: Closed") {
			t.Errorf("the ragged row's cells were put under headers: %q", s)
		}
	}
	if len(doc.Notes) != 1 || !strings.Contains(doc.Notes[0], "csv line 3: 4 rows do not have one cell per header (4 headers)") {
		t.Errorf("notes %q, want one naming line 3 and four rows", doc.Notes)
	}
}

func TestSplitLongSections(t *testing.T) {
	sentence := func(i int) string {
		return "Sentence number " + strings.Repeat("x", i%7+1) + " about refunds and loyalty points."
	}
	var paras []string
	for p := 0; p < 6; p++ {
		var ss []string
		for s := 0; s < 5; s++ {
			ss = append(ss, sentence(p*5+s))
		}
		paras = append(paras, strings.Join(ss, " "))
	}
	text := "# Long\n\n" + strings.Join(paras, "\n\n")
	opt := Options{ChunkChars: 200, Overlap: 60}
	chunks, err := Parse("long.md", []byte(text), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 5 {
		t.Fatalf("got %d chunks, want the section split into several", len(chunks))
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	overlapped := 0
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c.Text); n > opt.ChunkChars {
			t.Errorf("chunk %d has %d runes, want ≤ %d", i, n, opt.ChunkChars)
		}
		for _, w := range strings.Fields(c.Text) {
			if !words[w] {
				t.Errorf("chunk %d contains %q, a word cut in the middle", i, w)
			}
		}
		if !strings.HasPrefix(c.Text, "Sentence") {
			t.Errorf("chunk %d does not start at a sentence: %q", i, c.Text)
		}
		if i > 0 {
			prev := chunks[i-1].Text
			first, _, _ := strings.Cut(c.Text, ".")
			if strings.Contains(prev, first+".") {
				overlapped++
			}
		}
	}
	if overlapped == 0 {
		t.Error("no chunk repeats the end of the previous one; want overlap")
	}
	// Every sentence of the input appears in some chunk.
	all := ""
	for _, c := range chunks {
		all += c.Text + "\n"
	}
	for i := 0; i < 30; i++ {
		if !strings.Contains(all, sentence(i)) {
			t.Errorf("sentence %d missing from the chunks", i)
		}
	}
}

func TestSplitHugeWord(t *testing.T) {
	word := strings.Repeat("é", 450)
	chunks, err := Parse("w.txt", []byte("short start. "+word+" end."), Options{ChunkChars: 200})
	if err != nil {
		t.Fatal(err)
	}
	var total int
	for i, c := range chunks {
		n := utf8.RuneCountInString(c.Text)
		if n > 200 || n == 0 {
			t.Errorf("chunk %d has %d runes", i, n)
		}
		total += strings.Count(c.Text, "é")
	}
	if total != 450 {
		t.Errorf("chunks hold %d of the word's 450 runes", total)
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three? four.", []string{"One.", "Two!", "Three? four."}},
		{"Price is 4.75 today. Dr. Who said e.g. this.", []string{"Price is 4.75 today.", "Dr. Who said e.g. this."}},
		{"1. First item. Second.", []string{"1. First item.", "Second."}},
		{`He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"  - indented item. Next", []string{"  - indented item.", "Next"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, sentences(tt.in)); diff != "" {
				t.Errorf("sentences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.md": true, "b.HTML": true, "c.jsonl": true, "d.pdf": true, "d.DOCX": true, "f.pptx": false, "e": false} {
		if got := Supported(name); got != want {
			t.Errorf("Supported(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestReadComposesDecomposedText: a file typed decomposed (Unikey's
// composite Unicode, a file saved on a Mac: "ị" as i and a dot below) is
// read as the same file composed, so the patterns that name accented
// words ("Địa chỉ:", "Dirección:", "gọi là") and the Vietnamese letters
// the language is told by see it as they see the composed file.
func TestReadComposesDecomposedText(t *testing.T) {
	text := "---\ntitle: Quầy biển\n---\n# Quầy biển\n\n**Địa chỉ:** Bãi biển Xanh, đối diện 250 Võ Nguyên Giáp\n\n" +
		"## Dirección\n\nCarrera 9 # 60-14, Bogotá; la crème brûlée\n"
	decomposed := norm.NFD.String(text)
	if decomposed == text {
		t.Fatal("the text has no decomposed form: the test tests nothing")
	}
	want, err := Read("stores/beach.md", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read("stores/beach.md", []byte(decomposed), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a decomposed file reads otherwise than composed (-composed +decomposed):\n%s", diff)
	}
}
