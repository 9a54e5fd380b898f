package document

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// makePDF writes a minimal valid PDF: one page per content stream, the
// Helvetica font as F1, optionally a Type0 font F2 with a ToUnicode map,
// streams Flate-compressed when compress is set.
func makePDF(t testing.TB, compress bool, pages ...string) []byte {
	t.Helper()
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) string {
		body := []byte(data)
		if compress {
			var b bytes.Buffer
			zw := zlib.NewWriter(&b)
			zw.Write(body)
			zw.Close()
			body = b.Bytes()
			dict += " /Filter /FlateDecode"
		}
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(body), body)
	}
	catalog := add("") // filled below
	pagesObj := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	cmap := add(stream("", "/CIDInit /ProcSet findresource begin\nbegincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfchar\n<0001> <0043>\n<0002> <00E9>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0061>\nendbfrange\nendcmap"))
	type0 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /Foo /Encoding /Identity-H /ToUnicode %d 0 R >>", cmap))
	image := add(stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80"))
	var kids []string
	for _, p := range pages {
		content := add(stream("", p))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", pagesObj, font, type0, image, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

func TestPDF(t *testing.T) {
	menu := "BT /F1 18 Tf 72 720 Td (Winter Menu) Tj ET\n" +
		"BT /F1 11 Tf 72 690 Td (Gingerbread Latte \\(12 oz\\): $5.95) Tj 0 -14 Td [(Peppermint) -250 (Mocha)] TJ T* (Contains milk.) Tj ET\n" +
		"BT /F2 11 Tf 72 600 Td <000100020010001100120001> Tj ET"
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprintf("compressed=%v", compress), func(t *testing.T) {
			doc, err := Read("menu/winter.pdf", makePDF(t, compress, menu, "BT /F1 11 Tf 72 700 Td (Page two text.) Tj ET"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, c := range doc.Chunks {
				all.WriteString(c.Section + "\n" + c.Text + "\n")
				if c.Source != "menu/winter.pdf" {
					t.Errorf("source %q", c.Source)
				}
			}
			for _, want := range []string{"Winter Menu", "Gingerbread Latte (12 oz): $5.95", "Peppermint Mocha", "Contains milk.", "Céabc" + "C", "Page two text."} {
				if !strings.Contains(all.String(), want) {
					t.Errorf("text lacks %q:\n%s", want, all.String())
				}
			}
		})
	}
}

func TestPDFWithoutText(t *testing.T) {
	scan := makePDF(t, true, "q 612 0 0 792 0 0 cm /Im1 Do Q")
	_, err := Read("menu/scan.pdf", scan, Options{})
	if !errors.Is(err, ErrNoTextLayer) || !strings.Contains(err.Error(), "OCR") {
		t.Errorf("scanned PDF: %v", err)
	}
	for name, data := range map[string][]byte{
		"not a pdf": []byte("hello"),
		"encrypted": append(makePDF(t, false, "BT (x) Tj ET"), []byte("trailer << /Encrypt 9 0 R >>")...),
		"no pages":  []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
	} {
		if _, err := Read("x.pdf", data, Options{}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", name, err)
		}
	}
}

// makeDOCX writes a minimal .docx whose body is the given XML.
func makeDOCX(t testing.TB, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`, body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func wp(style, text string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestDOCX(t *testing.T) {
	cell := func(s string) string { return `<w:tc>` + wp("", s) + `</w:tc>` }
	body := wp("Title", "Catering Menu") +
		wp("Heading1", "Packages") +
		wp("", "Every package includes cups &amp; napkins.") +
		`<w:tbl><w:tr>` + cell("Package") + cell("Per person") + `</w:tr><w:tr>` + cell("Working Lunch") + cell("$19.00") + `</w:tr></w:tbl>` +
		wp("Heading1", "Ordering") +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Order 48 hours </w:t></w:r><w:r><w:t>ahead.</w:t></w:r></w:p>`
	doc, err := Read("catering.docx", makeDOCX(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range doc.Chunks {
		got[c.Section] += c.Text
	}
	if s := got["Catering Menu > Packages"]; !strings.Contains(s, "cups & napkins") || !strings.Contains(s, "| Working Lunch | $19.00 |") {
		t.Errorf("Packages section %q (all %q)", s, got)
	}
	if s := got["Catering Menu > Ordering"]; !strings.Contains(s, "- Order 48 hours ahead.") {
		t.Errorf("Ordering section %q", s)
	}
	for name, data := range map[string][]byte{
		"not a zip": []byte("PK but not really"),
		"no document": func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			zw.Create("x.txt")
			zw.Close()
			return b.Bytes()
		}(),
	} {
		if _, err := Read("x.docx", data, Options{}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", name, err)
		}
	}
	if _, err := Read("x.docx", makeDOCX(t, "<w:p><w:r><w:t>unclosed"), Options{}); err == nil {
		t.Error("broken XML accepted")
	}
}

func FuzzPDF(f *testing.F) {
	f.Add(makePDF(f, false, "BT /F1 11 Tf (Hi) Tj ET"))
	f.Add(makePDF(f, true, "BT [(a) -300 (b)] TJ ET"))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /ObjStm /N 1 /First 4 >> stream\n1 0 << >>\nendstream endobj"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = pdfToMarkdown(data) // must not panic or hang
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(makeDOCX(f, wp("Heading1", "A")+wp("", "b")))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = docxToMarkdown(data)
	})
}

// layoutMenu is a one-page menu whose layout carries the structure: a
// 20 pt title, 14 pt section headings, an 11 pt table of three aligned
// columns and 11 pt body text, written out of reading order (the "Bakes"
// section first in the stream) and partly positioned by Tm.
const layoutMenu = "BT /F1 14 Tf 72 590 Td (Bakes) Tj ET\n" +
	"BT /F1 11 Tf 1 0 0 1 72 570 Tm (Stollen slice, contains almonds.) Tj ET\n" +
	"BT /F1 20 Tf 72 740 Td (Winter Menu 2026) Tj ET\n" +
	"BT /F1 14 Tf 72 700 Td (Hot drinks) Tj ET\n" +
	"BT /F1 11 Tf 72 680 Td (Item) Tj 150 0 Td (Size) Tj 100 0 Td (Price) Tj ET\n" +
	"BT /F1 11 Tf 72 666 Td (Gingerbread Latte) Tj 150 0 Td (12 oz) Tj 100 0 Td ($5.95) Tj ET\n" +
	"BT /F1 11 Tf 72 652 Td (Eggnog Latte) Tj 150 0 Td (12 oz) Tj 100 0 Td ($5.75) Tj ET\n" +
	"BT /F1 11 Tf 72 620 Td (Any drink) Tj 52 0 Td (with oat milk) Tj 75 0 Td (is $0.80 more.) Tj ET\n" +
	"BT /F1 11 Tf 72 606 Td (Ask the) Tj 52 0 Td (barista) Tj ET\n"

// TestPDFLayout: headings come from font sizes, table rows from aligned
// columns, reading order from positions, not from the content stream.
func TestPDFLayout(t *testing.T) {
	doc, err := Read("menu/winter.pdf", makePDF(t, true, layoutMenu), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var order []string
	for _, c := range doc.Chunks {
		got[c.Section] += c.Text
		order = append(order, c.Section)
	}
	want := map[string][]string{
		"Winter Menu 2026 > Hot drinks": {
			"| Item | Size | Price |\n|---|---|---|\n| Gingerbread Latte | 12 oz | $5.95 |\n| Eggnog Latte | 12 oz | $5.75 |",
			// words placed one by one, close together, are a sentence, not cells
			"Any drink with oat milk is $0.80 more.\nAsk the barista",
		},
		"Winter Menu 2026 > Bakes": {"Stollen slice, contains almonds."},
	}
	for sec, parts := range want {
		for _, p := range parts {
			if !strings.Contains(got[sec], p) {
				t.Errorf("section %q lacks %q; sections: %q", sec, p, got)
			}
		}
	}
	if len(order) < 2 || order[0] != "Winter Menu 2026 > Hot drinks" || order[len(order)-1] != "Winter Menu 2026 > Bakes" {
		t.Errorf("sections in order %q, want Hot drinks before Bakes (the page's top to bottom)", order)
	}
}

func TestPDFLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		runs []pdfRun
		want string
	}{
		{"one word split across two runs", []pdfRun{{x: 72, y: 700, size: 10, text: "Cappuc"}, {x: 72 + 6*5, y: 700, size: 10, text: "cino"}}, "Cappuccino\n"},
		{"kerned words", []pdfRun{{x: 72, y: 700, size: 10, text: "Oat"}, {x: 72 + 3*5 + 3, y: 700, size: 10, text: "milk"}}, "Oat milk\n"},
		{"a lone wide gap is not a table", []pdfRun{{x: 72, y: 700, size: 10, text: "Latte"}, {x: 300, y: 700, size: 10, text: "$4.85"}}, "Latte $4.85\n"},
		{"baselines a little apart are one line", []pdfRun{{x: 72, y: 700, size: 10, text: "Hours"}, {x: 102, y: 701.5, size: 10, text: "daily"}}, "Hours daily\n"},
		{"empty runs vanish", []pdfRun{{x: 72, y: 700, size: 10, text: "  "}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfPageMarkdown(tt.runs, 10, nil); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzPDFLayout(f *testing.F) {
	f.Add(makePDF(f, false, layoutMenu))
	f.Add([]byte(hugeObjectNumber))
	f.Add(makePDF(f, false, "q q q 0 0 0 0 0 0 cm BT /F1 0 Tf 1e308 -1e308 Td (x) Tj T* (y) Tj Q Q Q Q ET"))
	f.Fuzz(func(t *testing.T, data []byte) {
		md, err := pdfToMarkdown(data)
		if err == nil && strings.TrimSpace(md) == "" {
			t.Error("no error and no text")
		}
	})
}

// hugeObjectNumber is a PDF without a catalog whose only page has object
// number 999,999,999: the page order falls back to object numbers, which
// must not mean counting up to the largest one.
const hugeObjectNumber = "%PDF-1.4\n999999999 0 obj\n<< /Type /Page /Contents 5 0 R >>\nendobj\n" +
	"5 0 obj\n<< /Length 20 >>\nstream\nBT (Open daily) Tj ET\nendstream\nendobj\n"

func TestPDFHugeObjectNumber(t *testing.T) {
	done := make(chan string, 1)
	go func() {
		md, err := pdfToMarkdown([]byte(hugeObjectNumber))
		done <- fmt.Sprint(md, err)
	}()
	select {
	case got := <-done:
		if !strings.Contains(got, "Open daily") {
			t.Errorf("got %q, want the page's text", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a huge object number made the page order count up to it")
	}
}
