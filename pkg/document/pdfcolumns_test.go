package document

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/golden"
)

// pdfPage builds a content stream from text placed at absolute positions:
// each entry is one BT … ET block at (x, y) in the given size, so a test
// reads as the page looks.
type pdfPlaced struct {
	x, y, size float64
	text       string
}

func pdfPage(items ...pdfPlaced) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "BT /F1 %g Tf %g %g Td (%s) Tj ET\n", it.size, it.x, it.y, it.text)
	}
	return b.String()
}

// tablePage is a one-column page with a four-column table between two
// paragraphs: the table's wide gaps must not be read as column gutters.
var tablePage = pdfPage(
	pdfPlaced{72, 740, 20, "Allergen Guide"},
	pdfPlaced{72, 712, 11, "Every item below is made in a kitchen that handles nuts, gluten and milk."},
	pdfPlaced{72, 680, 11, "Item"}, pdfPlaced{230, 680, 11, "Size"}, pdfPlaced{300, 680, 11, "Price"}, pdfPlaced{370, 680, 11, "Allergens"},
	pdfPlaced{72, 666, 11, "Banana bread"}, pdfPlaced{230, 666, 11, "slice"}, pdfPlaced{300, 666, 11, "$3.60"}, pdfPlaced{370, 666, 11, "wheat, egg, milk, walnut"},
	pdfPlaced{72, 652, 11, "Flapjack"}, pdfPlaced{230, 652, 11, "bar"}, pdfPlaced{300, 652, 11, "$2.90"}, pdfPlaced{370, 652, 11, "oats, butter"},
	pdfPlaced{72, 638, 11, "Almond croissant"}, pdfPlaced{230, 638, 11, "each"}, pdfPlaced{300, 638, 11, "$3.90"}, pdfPlaced{370, 638, 11, "wheat, almond, milk, egg"},
	pdfPlaced{72, 610, 11, "Ask a barista for the full ingredient list of any bake before you order."},
)

// twoColumnMenu is a menu set in two columns, each with its own headings
// and item/price pairs; the right column's second heading sits between
// the left column's lines, and a full-width title and footer frame them.
var twoColumnMenu = pdfPage(
	pdfPlaced{200, 750, 20, "Harbour Street Menu"},
	// left column, x 72 to about 280
	pdfPlaced{72, 710, 14, "Coffee"},
	pdfPlaced{72, 690, 11, "Espresso"}, pdfPlaced{250, 690, 11, "$3.00"},
	pdfPlaced{72, 676, 11, "Flat white"}, pdfPlaced{250, 676, 11, "$4.20"},
	pdfPlaced{72, 662, 11, "Cappuccino"}, pdfPlaced{250, 662, 11, "$4.40"},
	pdfPlaced{72, 648, 11, "Mocha"}, pdfPlaced{250, 648, 11, "$4.80"},
	pdfPlaced{72, 614, 14, "Bakes"},
	pdfPlaced{72, 594, 11, "Almond croissant"}, pdfPlaced{250, 594, 11, "$3.90"},
	pdfPlaced{72, 580, 11, "Cheese scone"}, pdfPlaced{250, 580, 11, "$3.50"},
	pdfPlaced{72, 566, 11, "Banana bread"}, pdfPlaced{250, 566, 11, "$3.60"},
	// right column, x 320 to about 530
	pdfPlaced{320, 710, 14, "Tea"},
	pdfPlaced{320, 690, 11, "English breakfast"}, pdfPlaced{498, 690, 11, "$3.20"},
	pdfPlaced{320, 676, 11, "Green sencha"}, pdfPlaced{498, 676, 11, "$3.40"},
	pdfPlaced{320, 662, 11, "Chai latte"}, pdfPlaced{498, 662, 11, "$4.30"},
	pdfPlaced{320, 630, 14, "Cold drinks"},
	pdfPlaced{320, 610, 11, "Iced latte"}, pdfPlaced{498, 610, 11, "$4.60"},
	pdfPlaced{320, 596, 11, "Lemonade"}, pdfPlaced{498, 596, 11, "$3.80"},
	pdfPlaced{72, 520, 9, "All prices include VAT. Ask our staff about the allergens in every item we sell."},
)

// twoColumnAligned is the hard case: both columns start on the same
// baseline, keep the same leading and have as many lines, so only the
// headings side by side tell columns from a four-column table.
var twoColumnAligned = pdfPage(
	pdfPlaced{72, 710, 14, "Hot drinks"}, pdfPlaced{320, 710, 14, "Cold drinks"},
	pdfPlaced{72, 690, 11, "Latte"}, pdfPlaced{250, 690, 11, "$4.10"}, pdfPlaced{320, 690, 11, "Iced latte"}, pdfPlaced{498, 690, 11, "$4.60"},
	pdfPlaced{72, 676, 11, "Americano"}, pdfPlaced{250, 676, 11, "$3.30"}, pdfPlaced{320, 676, 11, "Cold brew"}, pdfPlaced{498, 676, 11, "$4.50"},
	pdfPlaced{72, 662, 11, "Hot chocolate"}, pdfPlaced{250, 662, 11, "$3.90"}, pdfPlaced{320, 662, 11, "Iced tea"}, pdfPlaced{498, 662, 11, "$3.10"},
)

// twoColumnProse is a newsletter-style page: two columns of running text
// on shared baselines, no headings inside the columns.
var twoColumnProse = pdfPage(
	pdfPlaced{72, 740, 18, "News from the roastery"},
	pdfPlaced{72, 710, 10, "Our winter blend arrives in every"}, pdfPlaced{320, 710, 10, "Staff training days close the"},
	pdfPlaced{72, 697, 10, "store on Monday and stays on the"}, pdfPlaced{320, 697, 10, "Elm Road store early on the first"},
	pdfPlaced{72, 684, 10, "menu until the end of February."}, pdfPlaced{320, 684, 10, "Tuesday of each month at three."},
)

// threeColumnMenu has three columns, each a heading over plain items.
var threeColumnMenu = pdfPage(
	pdfPlaced{72, 740, 18, "Sandwich Bar"},
	pdfPlaced{72, 710, 13, "Breads"}, pdfPlaced{250, 710, 13, "Fillings"}, pdfPlaced{430, 710, 13, "Extras"},
	pdfPlaced{72, 692, 10, "Sourdough"}, pdfPlaced{250, 692, 10, "Ham and mustard"}, pdfPlaced{430, 692, 10, "Pickles"},
	pdfPlaced{72, 679, 10, "Rye"}, pdfPlaced{250, 679, 10, "Cheddar and chutney"}, pdfPlaced{430, 679, 10, "Avocado"},
	pdfPlaced{72, 666, 10, "Gluten-free roll"}, pdfPlaced{250, 666, 10, "Hummus and roast pepper"},
)

// pdfGoldens are the pages whose extracted Markdown is kept in
// testdata/pdf. "one-column" and "table" were written before column
// detection existed and must not change with it.
var pdfGoldens = []struct {
	name  string
	pages []string
}{
	{"one-column", []string{layoutMenu}},
	{"table", []string{tablePage}},
	{"two-column-menu", []string{twoColumnMenu}},
	{"two-column-aligned", []string{twoColumnAligned}},
	{"two-column-prose", []string{twoColumnProse}},
	{"three-column", []string{threeColumnMenu}},
}

// TestPDFGolden compares each page's extracted Markdown with its golden
// file (`go test ./pkg/document -run TestPDFGolden -update` rewrites them).
func TestPDFGolden(t *testing.T) {
	for _, tt := range pdfGoldens {
		t.Run(tt.name, func(t *testing.T) {
			md, err := pdfToMarkdown(makePDF(t, true, tt.pages...))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "pdf", tt.name+".md"), []byte(md))
		})
	}
}

// TestPDFColumnsNotInterleaved: a two-column menu is read a column at a
// time: every left-column item comes before every right-column item, no
// line holds items of both columns, and each column's items land in the
// chunks of that column's headings.
func TestPDFColumnsNotInterleaved(t *testing.T) {
	for _, tt := range []struct {
		name        string
		page        string
		left, right []string
		sections    map[string][]string // section → items its chunks hold
	}{
		{
			name:  "menu",
			page:  twoColumnMenu,
			left:  []string{"Coffee", "Espresso", "Flat white", "Cappuccino", "Mocha", "Bakes", "Almond croissant", "Cheese scone", "Banana bread"},
			right: []string{"Tea", "English breakfast", "Green sencha", "Chai latte", "Cold drinks", "Iced latte", "Lemonade"},
			sections: map[string][]string{
				"Harbour Street Menu > Coffee":      {"Espresso", "$3.00", "Mocha", "$4.80"},
				"Harbour Street Menu > Bakes":       {"Almond croissant", "$3.90", "Banana bread"},
				"Harbour Street Menu > Tea":         {"English breakfast", "$3.20", "Chai latte"},
				"Harbour Street Menu > Cold drinks": {"Iced latte", "$4.60", "Lemonade", "$3.80"},
			},
		},
		{
			name:  "aligned baselines",
			page:  twoColumnAligned,
			left:  []string{"Hot drinks", "Latte", "Americano", "Hot chocolate"},
			right: []string{"Cold drinks", "Iced latte", "Cold brew", "Iced tea"},
			sections: map[string][]string{
				"Hot drinks":  {"Latte", "$4.10", "Hot chocolate", "$3.90"},
				"Cold drinks": {"Iced latte", "$4.60", "Iced tea", "$3.10"},
			},
		},
		{
			name:  "prose",
			page:  twoColumnProse,
			left:  []string{"Our winter blend", "store on Monday", "end of February."},
			right: []string{"Staff training days", "Elm Road store", "Tuesday of each month"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := makePDF(t, true, tt.page)
			md, err := pdfToMarkdown(data)
			if err != nil {
				t.Fatal(err)
			}
			lastLeft := -1
			for _, w := range tt.left {
				lastLeft = max(lastLeft, strings.Index(md, w))
			}
			for _, w := range tt.right {
				if i := strings.Index(md, w); i < 0 || i < lastLeft {
					t.Errorf("right-column %q at %d, before the end of the left column (%d):\n%s", w, i, lastLeft, md)
				}
			}
			for _, line := range strings.Split(md, "\n") {
				l := slices.ContainsFunc(tt.left, func(w string) bool { return strings.Contains(line, w) })
				r := slices.ContainsFunc(tt.right, func(w string) bool { return strings.Contains(line, w) })
				if l && r {
					t.Errorf("line %q mixes the two columns", line)
				}
			}
			doc, err := Read("menu/harbour.pdf", data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, c := range doc.Chunks {
				got[c.Section] += c.Text + "\n"
			}
			for sec, items := range tt.sections {
				for _, it := range items {
					if !strings.Contains(got[sec], it) {
						t.Errorf("section %q lacks %q; sections: %q", sec, it, got)
					}
				}
			}
		})
	}
}

// TestPDFColumnOrder attacks the split from the sides: which lines make
// columns, which stay one column or one table, and where lines outside
// the columns go.
func TestPDFColumnOrder(t *testing.T) {
	for _, tt := range []struct {
		name string
		page string
		// want are strings that must appear in this order; together
		// are strings that must share one output line.
		want     []string
		together [][]string
	}{
		{
			name: "the right column starting higher is still read second",
			page: pdfPage(
				pdfPlaced{320, 724, 14, "Tea"},
				pdfPlaced{320, 704, 11, "Earl grey"}, pdfPlaced{498, 704, 11, "$3.20"},
				pdfPlaced{72, 700, 14, "Coffee"},
				pdfPlaced{320, 690, 11, "Rooibos"}, pdfPlaced{498, 690, 11, "$3.20"},
				pdfPlaced{72, 680, 11, "Espresso"}, pdfPlaced{250, 680, 11, "$3.00"},
				pdfPlaced{72, 666, 11, "Latte"}, pdfPlaced{250, 666, 11, "$4.10"},
			),
			want:     []string{"Coffee", "Espresso", "Latte", "Tea", "Earl grey", "Rooibos"},
			together: [][]string{{"Espresso", "$3.00"}, {"Earl grey", "$3.20"}},
		},
		{
			name: "a footnote far below one column comes after both",
			page: pdfPage(
				pdfPlaced{72, 710, 14, "Coffee"}, pdfPlaced{320, 710, 14, "Tea"},
				pdfPlaced{72, 690, 11, "Espresso"}, pdfPlaced{320, 690, 11, "Earl grey"},
				pdfPlaced{72, 676, 11, "Latte"}, pdfPlaced{320, 676, 11, "Rooibos"},
				pdfPlaced{72, 600, 9, "Oat milk 60c"},
			),
			want: []string{"Coffee", "Latte", "Tea", "Rooibos", "Oat milk 60c"},
		},
		{
			name: "items with prices under one heading stay one column",
			page: pdfPage(
				pdfPlaced{72, 710, 14, "Coffee"},
				pdfPlaced{72, 690, 11, "Espresso"}, pdfPlaced{250, 690, 11, "$3.00"},
				pdfPlaced{72, 676, 11, "Latte"}, pdfPlaced{250, 676, 11, "$4.10"},
				pdfPlaced{72, 662, 11, "Mocha"}, pdfPlaced{250, 662, 11, "$4.80"},
			),
			want:     []string{"Coffee", "Espresso", "Latte", "Mocha"},
			together: [][]string{{"Espresso", "$3.00"}, {"Latte", "$4.10"}, {"Mocha", "$4.80"}},
		},
		{
			name: "a table whose rows leave the first cell blank stays whole",
			page: pdfPage(
				pdfPlaced{72, 700, 14, "Milk drinks"},
				pdfPlaced{72, 680, 11, "Item"}, pdfPlaced{230, 680, 11, "Size"}, pdfPlaced{300, 680, 11, "Price"},
				pdfPlaced{72, 666, 11, "Latte"}, pdfPlaced{230, 666, 11, "12 oz"}, pdfPlaced{300, 666, 11, "$4.10"},
				pdfPlaced{230, 652, 11, "16 oz"}, pdfPlaced{300, 652, 11, "$4.70"},
				pdfPlaced{72, 638, 11, "Mocha"}, pdfPlaced{230, 638, 11, "12 oz"}, pdfPlaced{300, 638, 11, "$4.80"},
				pdfPlaced{230, 624, 11, "16 oz"}, pdfPlaced{300, 624, 11, "$5.40"},
			),
			want:     []string{"Latte", "$4.10", "$4.70", "Mocha", "$4.80", "$5.40"},
			together: [][]string{{"Latte", "12 oz", "$4.10"}, {"Mocha", "12 oz", "$4.80"}},
		},
		{
			name: "a line across the gutter ends the columns",
			page: pdfPage(
				pdfPlaced{72, 710, 14, "Coffee"}, pdfPlaced{320, 710, 14, "Tea"},
				pdfPlaced{72, 690, 11, "Espresso"}, pdfPlaced{320, 690, 11, "Earl grey"},
				pdfPlaced{72, 676, 11, "Latte"}, pdfPlaced{320, 676, 11, "Rooibos"},
				pdfPlaced{72, 650, 11, "Every drink can be made with oat milk, soy milk or almond milk."},
				pdfPlaced{72, 620, 14, "Bakes"}, pdfPlaced{320, 620, 14, "Soups"},
				pdfPlaced{72, 600, 11, "Scone"}, pdfPlaced{320, 600, 11, "Tomato"},
				pdfPlaced{72, 586, 11, "Brownie"}, pdfPlaced{320, 586, 11, "Lentil"},
			),
			want: []string{"Coffee", "Latte", "Tea", "Rooibos", "Every drink", "Bakes", "Brownie", "Soups", "Lentil"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			md, err := pdfToMarkdown(makePDF(t, false, tt.page))
			if err != nil {
				t.Fatal(err)
			}
			at := -1
			for _, w := range tt.want {
				i := strings.Index(md, w)
				if i <= at {
					t.Errorf("%q at %d, want it after %d:\n%s", w, i, at, md)
				}
				at = max(at, i)
			}
			for _, group := range tt.together {
				if !slices.ContainsFunc(strings.Split(md, "\n"), func(line string) bool {
					return !slices.ContainsFunc(group, func(w string) bool { return !strings.Contains(line, w) })
				}) {
					t.Errorf("no line holds all of %q:\n%s", group, md)
				}
			}
		})
	}
}

// TestPDFColumnsManyLines: the column search is bounded. A page at the
// line limit (a tiny-print table of 400 rows) and a crafted one of 400
// lines of 40 cells each lay out fast and lose no text, and a page over
// the limit is read straight across.
func TestPDFColumnsManyLines(t *testing.T) {
	// The budget is for a layout that grows faster than its input, not
	// for a busy machine: a plain run takes about 0.1 s and a race run about
	// 2 s under load, so the race detector gets five times the budget.
	budget := 3 * time.Second
	if raceEnabled {
		budget *= 5
	}
	for _, tt := range []struct{ lines, cells int }{{maxColumnLines, 4}, {maxColumnLines + 1, 4}, {maxColumnLines, 40}} {
		var items []pdfPlaced
		for i := range tt.lines {
			y := 780 - float64(i)*1.9
			for c := range tt.cells {
				// the cells shift a little from line to line, so that every
				// line starts new candidate gutters
				items = append(items, pdfPlaced{10 + float64(c)*14 + float64(i%3), y, 1.5, "ab"})
			}
		}
		start := time.Now()
		md, err := pdfToMarkdown(makePDF(t, false, pdfPage(items...)))
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > budget {
			t.Errorf("%d lines of %d cells took %v", tt.lines, tt.cells, took)
		}
		if got := strings.Count(md, "ab"); got != tt.lines*tt.cells {
			t.Errorf("%d lines of %d cells: %d cells in the output", tt.lines, tt.cells, got)
		}
	}
}

// FuzzPDFColumns lays out arbitrary runs: the layout must end, lose no
// character and give the same text twice.
func FuzzPDFColumns(f *testing.F) {
	words := []string{"Latte", "$4.10", "Tea", "oat milk", "Scone", "12 oz", "Hours", "Mon–Fri 7–18", "é", "gluten-free"}
	f.Add([]byte{10, 10, 11, 1, 90, 10, 11, 2, 10, 15, 11, 3, 90, 15, 11, 4, 10, 20, 14, 5, 90, 20, 14, 6})
	f.Add([]byte{0, 0, 0, 0, 255, 255, 255, 255, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		var runs []pdfRun
		var in []rune
		for i := 0; i+4 <= len(data) && len(runs) < 600; i += 4 {
			w := words[int(data[i+3])%len(words)]
			runs = append(runs, pdfRun{x: float64(data[i]) * 3, y: 800 - float64(data[i+1])*3, size: 1 + float64(data[i+2]%24), text: w})
			in = append(in, []rune(strings.ReplaceAll(w, " ", ""))...)
		}
		body := bodySize(runs)
		md := pdfPageMarkdown(runs, body, headingSizesOf(runs, body))
		var out []rune
		for _, r := range md {
			if !strings.ContainsRune("#|- \n", r) {
				out = append(out, r)
			}
		}
		in = slices.DeleteFunc(in, func(r rune) bool { return r == '-' })
		slices.Sort(in)
		slices.Sort(out)
		if string(in) != string(out) {
			t.Errorf("characters in %q, out %q:\n%s", string(in), string(out), md)
		}
		if again := pdfPageMarkdown(runs, body, headingSizesOf(runs, body)); again != md {
			t.Errorf("a second layout differs:\n%s\n---\n%s", md, again)
		}
	})
}

// pdfWithFont is makePDF's layout with one font of our own as F1: dict is
// the font dictionary; extra are further objects it refers to, numbered
// from 4 (objects 1 to 3 are the catalog, the page tree and the font).
func pdfWithFont(t testing.TB, dict string, extra []string, page string) []byte {
	t.Helper()
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", dict}
	objs = append(objs, extra...)
	content := len(objs) + 1
	objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(page), page))
	objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", content))
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", len(objs))
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	for i, o := range objs {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return []byte(b.String())
}

// narrowColumns is a two-column page in a condensed font (every glyph
// 0.3 em), each line set word by word in a TJ array, so the place of each
// word follows from the widths of the words before it: at the default
// 0.5 em a glyph the left lines would run on into the right column.
func narrowColumns() string {
	var b strings.Builder
	line := func(x, y, size float64, words ...string) {
		fmt.Fprintf(&b, "BT /F1 %g Tf %g %g Td [", size, x, y)
		for i, w := range words {
			if i > 0 {
				b.WriteString(" -250 ")
			}
			fmt.Fprintf(&b, "(%s)", w)
		}
		b.WriteString("] TJ ET\n")
	}
	line(72, 710, 14, "Breakfast")
	line(72, 690, 11, "Porridge", "with", "oat", "milk", "and", "a", "honey", "drizzle")
	line(72, 676, 11, "Sourdough", "toast", "with", "butter", "and", "jam")
	line(72, 662, 11, "Granola", "with", "yoghurt", "and", "berries")
	line(72, 648, 11, "Bacon", "roll", "on", "a", "soft", "white", "bap")
	line(300, 710, 14, "Lunch")
	line(300, 690, 11, "Soup", "of", "the", "day", "with", "bread")
	line(300, 676, 11, "Toasted", "cheese", "and", "onion", "sandwich")
	line(300, 662, 11, "Quiche", "with", "a", "green", "salad", "on", "the", "side")
	line(300, 648, 11, "Falafel", "wrap", "with", "hummus")
	return b.String()
}

// TestPDFGlyphWidths: a font's own widths place the words of a line, so
// columns set in a narrow font are found; without the widths the same
// page runs its columns together (the estimate is too wide for it).
func TestPDFGlyphWidths(t *testing.T) {
	widths := strings.TrimSpace(strings.Repeat("300 ", 95))
	narrow := "<< /Type /Font /Subtype /TrueType /BaseFont /Condensed /FirstChar 32 /LastChar 126 /Widths 4 0 R >>"
	for _, tt := range []struct {
		name      string
		font      string
		extra     []string
		separated bool
	}{
		{"with widths", narrow, []string{"[" + widths + "]"}, true},
		{"without widths", "<< /Type /Font /Subtype /TrueType /BaseFont /Condensed >>", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			md, err := pdfToMarkdown(pdfWithFont(t, tt.font, tt.extra, narrowColumns()))
			if err != nil {
				t.Fatal(err)
			}
			lunch, bacon := strings.Index(md, "Lunch"), strings.Index(md, "Bacon roll on a soft white bap")
			if got := bacon >= 0 && lunch > bacon && strings.Contains(md, "Porridge with oat milk and a honey drizzle\n"); got != tt.separated {
				t.Errorf("columns read apart: %v, want %v:\n%s", got, tt.separated, md)
			}
		})
	}
}

// TestPDFFontWidths reads widths the ways fonts give them: a simple
// font's /Widths (inline or indirect) from /FirstChar, a Type0 font's
// /W and /DW through its descendant font, and none at all.
func TestPDFFontWidths(t *testing.T) {
	objs := map[int]pdfObj{
		1: {dict: "<< /Type /Font /Subtype /Type1 /FirstChar 65 /Widths 2 0 R >>"},
		2: {dict: "[700 800]"},
		3: {dict: "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [4 0 R] >>"},
		4: {dict: "<< /Type /Font /Subtype /CIDFontType2 /DW 400 /W [5 [600 650] 20 22 250] >>"},
		5: {dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"},
		6: {dict: "<< /Type /Font /Subtype /Type0 /DescendantFonts [7 0 R] >>"},
		7: {dict: "<< /Type /Font /Subtype /CIDFontType0 >>"},
	}
	fonts := pdfFonts(objs, "<< /Resources << /Font << /S 1 0 R /C 3 0 R /H 5 0 R /D 6 0 R >> >> >>")
	for _, tt := range []struct {
		font string
		code int
		want float64
	}{
		{"S", 'A', 0.7}, {"S", 'B', 0.8}, {"S", 'C', avgGlyph},
		{"C", 5, 0.6}, {"C", 6, 0.65}, {"C", 7, 0.4}, {"C", 21, 0.25}, {"C", 23, 0.4},
		{"H", 'A', avgGlyph},
		{"D", 9, 1}, // a CIDFont without /DW is 1000 units a glyph
	} {
		if got := fonts[tt.font].advance(tt.code); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("font %s code %d: width %v, want %v", tt.font, tt.code, got, tt.want)
		}
	}
}

func TestParseCIDWidths(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want map[int]float64
		n    int // when want is nil: how many widths
	}{
		{in: "[1 [500 600] 10 12 250]", want: map[int]float64{1: 0.5, 2: 0.6, 10: 0.25, 11: 0.25, 12: 0.25}},
		{in: "[ 3 [ 1000 ] ]", want: map[int]float64{3: 1}},
		{in: "[]", want: map[int]float64{}},
		{in: "[7 5 300]", want: map[int]float64{}}, // a range backwards is empty
		{in: "[1 [500 /x 600]]", want: map[int]float64{1: 0.5, 2: 0.6}},
		{in: "[x 1 [500]]", want: map[int]float64{}},  // not a number: stop
		{in: "[0 4294967295 500]", n: maxGlyphWidths}, // capped, not four billion
		{in: "[-5 5 1]", n: 11},
	} {
		got := parseCIDWidths(tt.in)
		if tt.want == nil {
			if len(got) != tt.n {
				t.Errorf("%s: %d widths, want %d", tt.in, len(got), tt.n)
			}
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, tt.want)
			continue
		}
		for c, w := range tt.want {
			if math.Abs(got[c]-w) > 1e-9 {
				t.Errorf("%s: CID %d width %v, want %v", tt.in, c, got[c], w)
			}
		}
	}
}

// TestPDFTextSpacing: character spacing (Tc), word spacing (Tw) and
// horizontal scaling (Tz) move the text after a string as a viewer does.
func TestPDFTextSpacing(t *testing.T) {
	for _, tt := range []struct {
		name, content string
		x             float64 // where the second string starts
	}{
		{"plain", "BT /F1 10 Tf 72 700 Td (ab) Tj (cd) Tj ET", 72 + 2*5},
		{"character spacing", "BT /F1 10 Tf 2 Tc 72 700 Td (ab) Tj (cd) Tj ET", 72 + 2*(5+2)},
		{"word spacing on a space", "BT /F1 10 Tf 3 Tw 72 700 Td (a ) Tj (cd) Tj ET", 72 + 2*5 + 3},
		{"horizontal scaling", "BT /F1 10 Tf 50 Tz 72 700 Td (ab) Tj (cd) Tj ET", 72 + 2*5*0.5},
		{"scaled kerning", "BT /F1 10 Tf 50 Tz 72 700 Td [(ab) -1000 (cd)] TJ ET", 72 + (2*5+10)*0.5},
		{"the quote operator sets both", "BT /F1 10 Tf 72 700 Td 4 1 (a ) \" (cd) Tj ET", 72 + 2*(5+1) + 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runs := pdfText([]byte(tt.content), nil)
			if len(runs) != 2 || math.Abs(runs[1].x-tt.x) > 1e-9 {
				t.Errorf("runs %+v, want the second at x %v", runs, tt.x)
			}
		})
	}
}

// FuzzPDFFonts fuzzes PDFs whose fonts give widths and encodings: a
// simple font's /Widths and /Differences, a Type0 font's /W and /DW, and
// groff's menu, all of which the reader parses itself.
func FuzzPDFFonts(f *testing.F) {
	widths := "[" + strings.TrimSpace(strings.Repeat("300 ", 95)) + "]"
	f.Add(pdfWithFont(f, "<< /Type /Font /Subtype /TrueType /FirstChar 32 /Widths 4 0 R >>", []string{widths}, narrowColumns()))
	f.Add(pdfWithFont(f, "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
		[]string{"<< /Type /Font /Subtype /CIDFontType2 /DW 500 /W [1 [600 700] 10 20 250 [0 [1]]] >>",
			"<< /Length 80 >>\nstream\nbegincmap 1 beginbfrange <0001> <0010> <0041> endbfrange endcmap\nendstream"},
		"BT /F1 11 Tf 72 700 Td <000100020003> Tj 2 Tc 50 Tz [<0004> -300 <0005>] TJ ET"))
	f.Add(pdfWithFont(f, "<< /Type /Font /Subtype /Type1 /Encoding << /Differences [65 /emdash/uni20AC 128 /quoteright] >> >>", nil,
		"BT /F1 11 Tf 72 700 Td (AB\x80\x92) Tj ET"))
	if groff, err := os.ReadFile(filepath.Join("testdata", "pdf", "groff", "riverside-menu.pdf")); err == nil {
		f.Add(groff)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := pdfToMarkdown(data)
		if err == nil && strings.TrimSpace(md) == "" {
			t.Error("no error and no text")
		}
	})
}

// TestPDFNonFinitePositions: matrices that overflow put text at NaN or
// infinite positions; the text is kept and the page still lays out.
func TestPDFNonFinitePositions(t *testing.T) {
	page := "BT /F1 11 Tf 1e308 1e308 -1e308 1 0 0 Tm (Hidden) Tj (words) Tj ET\n" +
		"BT /F1 1e308 Tf 1e308 0 0 1e308 0 0 Tm (Huge) Tj ET\n" +
		"BT /F1 14 Tf 72 710 Td (Coffee) Tj 248 0 Td (Tea) Tj ET\n" +
		"BT /F1 11 Tf 72 690 Td (Espresso) Tj 248 0 Td (Earl grey) Tj ET\n" +
		"BT /F1 11 Tf 72 676 Td (Latte) Tj 248 0 Td (Rooibos) Tj ET\n"
	md, err := pdfToMarkdown(makePDF(t, false, page))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Hidden", "words", "Huge", "Coffee", "Espresso", "Latte", "Tea", "Earl grey", "Rooibos"} {
		if !strings.Contains(md, w) {
			t.Errorf("%q lost:\n%s", w, md)
		}
	}
	for _, r := range pdfText([]byte(page), nil) {
		for _, v := range []float64{r.x, r.y, r.size, r.w} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("run %+v has a position or size that is not finite", r)
			}
		}
	}
}

// TestPDFObjectStreamBounds: an object stream's /First and the offsets in
// its header are the file's word, negative ones included (fuzzing found
// /First -1 slicing out of range); none may panic.
func TestPDFObjectStreamBounds(t *testing.T) {
	for _, tt := range []struct{ head, stream string }{
		{"/First -1", "1 0 << /Type /Page >>"},
		{"/First 99999", "1 0 << /Type /Page >>"},
		{"/N -1 /First 4", "1 0 << /Type /Page >>"},
		{"/N 1 /First 6", "1 -30 << /Type /Page >>"},     // an offset before the stream
		{"/N 2 /First 10", "1 5 2 -1 << /Type /Page >>"}, // offsets going backwards
	} {
		head := tt.head
		data := []byte("%PDF-1.4\n7 0 obj\n<< /Type /ObjStm " + head + " >>\nstream\n" + tt.stream + "\nendstream\nendobj\n")
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", head, r)
				}
			}()
			_, _ = pdfToMarkdown(data)
		}()
	}
}

// TestPDFGroffMenu reads a two-column menu that groff made (see
// testdata/pdf/groff/README.md): inherited resources, the fonts' widths
// and Differences, and the columns read apart.
func TestPDFGroffMenu(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "groff", "riverside-menu.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := pdfToMarkdown(data)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "pdf", "groff-two-column.md"), []byte(md))
	for _, w := range []string{"Espresso, a short double shot — $3.00", "Bakes\n", "Lemonade made in house — $3.80"} {
		if !strings.Contains(md, w) {
			t.Errorf("lacks %q:\n%s", w, md)
		}
	}
	// the first page's left column (Coffee to Cappuccino) before its right
	// one (Mocha, Bakes, Almond croissant)
	order := []string{"Coffee", "Cappuccino", "Mocha", "Bakes", "Almond croissant", "$3.90", "Cheese scone"}
	at := -1
	for _, w := range order {
		i := strings.Index(md, w)
		if i <= at {
			t.Errorf("%q at %d, want it after %d:\n%s", w, i, at, md)
		}
		at = max(at, i)
	}
}

// TestPDFSimpleFontText: single-byte codes without a ToUnicode entry are
// read through the font's /Differences, else WinAnsi (curly quotes,
// dashes and the euro live at 0x80–0x9F, where Latin-1 has controls).
func TestPDFSimpleFontText(t *testing.T) {
	diff := pdfFont{width: 1, names: parseDifferences("[65 /emdash /B 128/uni20AC/quoteright 200 /fi /notaglyph]")}
	for _, tt := range []struct {
		font pdfFont
		in   string
		want string
	}{
		{pdfFont{width: 1}, "Today\x92s soup \x96 \x80" + "4", "Today’s soup – €4"},
		{pdfFont{width: 1}, "\x93Caf\xe9\x94 \x81", "“Café” "}, // 0x81 is unused in WinAnsi
		{diff, "A", "—"},
		{diff, "B", "B"},
		{diff, "\x80\x81", "€’"},
		{diff, "\xc8sh", "fish"},
		{diff, "\xc9", "É"}, // an unknown glyph name: the code's WinAnsi letter
		{pdfFont{width: 1, cmap: map[string]string{"a": "x"}}, "a\x97", "x—"},
	} {
		if got := tt.font.decode([]byte(tt.in)); got != tt.want {
			t.Errorf("decode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for name, want := range map[string]string{
		"space": " ", "quoteright": "’", "eacute": "é", "Aring": "Å", "uni00E9": "é",
		"u1F600": "😀", "uniD800": "", "ffl": "ffl", "z": "z", "nosuchglyph": "", "": "",
	} {
		if got := glyphText(name); got != want {
			t.Errorf("glyphText(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestPDFBoldHeadings: a short bold line in the body size is a heading
// one level below the size-based ones; bold sentences, bold small print,
// bold table cells and pages set mostly in bold are not.
func TestPDFBoldHeadings(t *testing.T) {
	run := func(x, y, size float64, text string, bold bool) pdfRun {
		return pdfRun{x: x, y: y, size: size, text: text, bold: bold}
	}
	body := []pdfRun{
		run(72, 650, 10, "Espresso, a short double shot of our house blend", false),
		run(72, 636, 10, "Flat white with whole or oat milk, as you like it", false),
		run(72, 622, 10, "Cappuccino dusted with cocoa or with cinnamon", false),
	}
	for _, tt := range []struct {
		name  string
		runs  []pdfRun
		heads []float64
		want  string // a line the output must have
	}{
		{"a bold line in the body size", []pdfRun{run(72, 670, 10, "Hot drinks", true)}, nil, "\n# Hot drinks\n"},
		{"below the size-based headings", []pdfRun{run(72, 700, 16, "Menu", false), run(72, 670, 10, "Hot drinks", true)}, []float64{16}, "\n## Hot drinks\n"},
		{"a bold sentence is text", []pdfRun{run(72, 670, 10, "Ask us about allergens.", true)}, nil, "\nAsk us about allergens.\n"},
		{"a long bold line is text", []pdfRun{run(72, 670, 10, "Every drink can be made with oat milk today", true)}, nil, "\nEvery drink can be made with oat milk today\n"},
		{"bold small print is text", []pdfRun{run(72, 600, 7, "Prices incl. VAT", true)}, nil, "\nPrices incl. VAT\n"},
		{"half bold is text", []pdfRun{run(72, 670, 10, "Hot", true), run(92, 670, 10, "drinks", false)}, nil, "\nHot drinks\n"},
		{"a bold table header stays a table row", []pdfRun{
			run(72, 670, 10, "Item", true), run(250, 670, 10, "Price", true),
			run(72, 656, 10, "Latte", false), run(250, 656, 10, "$4.10", false),
		}, nil, "| Item | Price |"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runs := append(slices.Clone(tt.runs), body...)
			md := pdfPageMarkdown(runs, 10, tt.heads)
			if !strings.Contains("\n"+md, tt.want) {
				t.Errorf("got\n%s\nwant a line %q", md, tt.want)
			}
		})
	}
	t.Run("a page mostly in bold has no bold headings", func(t *testing.T) {
		var runs []pdfRun
		for _, r := range append([]pdfRun{run(72, 670, 10, "Hot drinks", true)}, body...) {
			r.bold = true
			runs = append(runs, r)
		}
		if md := pdfPageMarkdown(runs, 10, nil); strings.Contains(md, "#") {
			t.Errorf("got headings on an all-bold page:\n%s", md)
		}
	})
}

func TestPDFBoldFont(t *testing.T) {
	objs := map[int]pdfObj{
		1:  {dict: "<< /Type /Font /BaseFont /ABCDEF+Arial-BoldMT >>"},
		2:  {dict: "<< /Type /Font /BaseFont /Helvetica-Black >>"},
		3:  {dict: "<< /Type /Font /BaseFont /Custom /FontDescriptor 9 0 R >>"},
		4:  {dict: "<< /Type /Font /BaseFont /Custom2 /FontDescriptor 10 0 R >>"},
		5:  {dict: "<< /Type /Font /BaseFont /Helvetica >>"},
		6:  {dict: "<< /Type /Font /BaseFont /Custom3 /FontDescriptor 11 0 R >>"},
		9:  {dict: "<< /Type /FontDescriptor /FontWeight 700 >>"},
		10: {dict: "<< /Type /FontDescriptor /Flags 262178 >>"},
		11: {dict: "<< /Type /FontDescriptor /FontWeight 400 /Flags 34 >>"},
	}
	for n, want := range map[int]bool{1: true, 2: true, 3: true, 4: true, 5: false, 6: false} {
		if got := boldFont(objs, objs[n].dict); got != want {
			t.Errorf("font %d %q: bold %v, want %v", n, objs[n].dict, got, want)
		}
	}
}
