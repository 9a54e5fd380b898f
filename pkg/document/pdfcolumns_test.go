package document

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

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
