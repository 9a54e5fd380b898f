package document

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// TestReadLegacyEncodings reads menus saved by older tools: before, every
// one of them was skipped as "binary content (not UTF-8 text)".
func TestReadLegacyEncodings(t *testing.T) {
	tests := []struct {
		name, rel string
		data      []byte
		wantEnc   string
		want      []view
	}{
		{
			name:    "windows-1252 csv with euro sign and en dash",
			rel:     "menu.csv",
			data:    []byte("item;price\nCaf\xe9 cr\xe8me \x96 grand;3,50 \x80\n"),
			wantEnc: "windows-1252",
			want:    []view{{"Café crème – grand", "", "item: Café crème – grand; price: 3,50 €"}},
		},
		{
			name:    "latin-1 markdown",
			rel:     "desserts.md",
			data:    []byte("# Desserts\n\nCr\xe8me br\xfbl\xe9e, g\xe2teau, na\xefve pi\xf1a colada.\n"),
			wantEnc: "windows-1252",
			want:    []view{{"Desserts", "", "Crème brûlée, gâteau, naïve piña colada."}},
		},
		{
			name:    "utf-16le spreadsheet export",
			rel:     "hours.txt",
			data:    utf16le("Open 7–18 café\r\n"),
			wantEnc: "utf-16le",
			want:    []view{{"", "", "Open 7–18 café"}},
		},
		{
			name:    "utf-8 with a byte-order mark is not remarked on",
			rel:     "hours.txt",
			data:    []byte("\xef\xbb\xbfOpen 7–18 café\n"),
			wantEnc: "utf-8",
			want:    []view{{"", "", "Open 7–18 café"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(tt.rel, tt.data, Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if diff := cmp.Diff(tt.want, views(doc.Chunks)); diff != "" {
				t.Errorf("chunks (-want +got):\n%s", diff)
			}
			if doc.Encoding != tt.wantEnc {
				t.Errorf("encoding %q, want %q", doc.Encoding, tt.wantEnc)
			}
			noted := strings.Contains(strings.Join(doc.Notes, "; "), "decoded as "+tt.wantEnc)
			if noted != (tt.wantEnc != "utf-8") {
				t.Errorf("notes %q: want a decoding note only for a legacy encoding", doc.Notes)
			}
		})
	}
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// TestReadCapsChunks: a document gives at most MaxChunks chunks, however
// it is built, and says it was cut.
func TestReadCapsChunks(t *testing.T) {
	var csvRows, jsonRecs, jsonlRecs, mdSections strings.Builder
	csvRows.WriteString("item,price\n")
	jsonRecs.WriteString("[")
	for i := range 1000 {
		fmt.Fprintf(&csvRows, "Item %d,%d.50\n", i, i)
		if i > 0 {
			jsonRecs.WriteString(",\n")
		}
		fmt.Fprintf(&jsonRecs, `{"name":"Item %d"}`, i)
		fmt.Fprintf(&jsonlRecs, "{\"name\":\"Item %d\"}\n", i)
		fmt.Fprintf(&mdSections, "## Part %d\n\nText of part %d.\n\n", i, i)
	}
	jsonRecs.WriteString("]")
	long := strings.Repeat("A sentence about the oat latte. ", 2000)
	tests := []struct{ rel, data string }{
		{"menu.csv", csvRows.String()},
		{"menu.json", jsonRecs.String()},
		{"menu.jsonl", jsonlRecs.String()},
		{"menu.md", mdSections.String()},
		{"long.txt", long},
		{"long.html", "<p>" + long + "</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			doc, err := Read(tt.rel, []byte(tt.data), Options{ChunkChars: 200, MaxChunks: 7})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Chunks) != 7 || !doc.Truncated {
				t.Errorf("%d chunks, truncated %v; want 7, true", len(doc.Chunks), doc.Truncated)
			}
			if !strings.Contains(strings.Join(doc.Notes, "; "), "cap of 7 chunks") {
				t.Errorf("notes %q do not report the cut", doc.Notes)
			}
			// Exactly at the cap is not a cut.
			whole, err := Read(tt.rel, []byte(tt.data), Options{ChunkChars: 200, MaxChunks: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			exact, _ := Read(tt.rel, []byte(tt.data), Options{ChunkChars: 200, MaxChunks: len(whole.Chunks)})
			if whole.Truncated || exact.Truncated || len(exact.Chunks) != len(whole.Chunks) {
				t.Errorf("at the cap: %d of %d chunks, truncated %v/%v", len(exact.Chunks), len(whole.Chunks), exact.Truncated, whole.Truncated)
			}
		})
	}
}

// TestMillionRowCSVIsCut: the 1M-row CSV used to be accepted whole
// (1.5 GB RSS in the index); the parser now stops reading at the cap.
func TestMillionRowCSVIsCut(t *testing.T) {
	b := []byte("item,size,price\n")
	for i := range 1_000_000 {
		b = append(b, "Latte "...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ",12oz,4.85\n"...)
	}
	start := time.Now()
	doc, err := Read("big.csv", b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Chunks) != DefaultMaxChunks || !doc.Truncated {
		t.Errorf("%d chunks, truncated %v; want %d, true", len(doc.Chunks), doc.Truncated, DefaultMaxChunks)
	}
	if last := doc.Chunks[len(doc.Chunks)-1].Section; last != fmt.Sprintf("Latte %d", DefaultMaxChunks-1) {
		t.Errorf("last chunk %q: the cap must keep the first rows", last)
	}
	t.Logf("1M-row CSV (%d MB): %d chunks in %v", len(b)>>20, len(doc.Chunks), time.Since(start))
}

// TestDeepHTMLIsLinear parses the file, nested <div>s (200,000 of
// them, 2.2 MB, took 242 s because the tree builder scanned its stack of
// open elements on every start tag). It is held by how the parse grows
// from 25,000 to 100,000 (growth), not by a wall-clock bound a busy
// machine could break.
func TestDeepHTMLIsLinear(t *testing.T) {
	const depth = 100_000
	deep := func(n int) string {
		return "<title>Deep</title>" + strings.Repeat("<div>", n) + "espresso" + strings.Repeat("</div>", n) + "<p>after</p>"
	}
	doc, ratio := growth(t, deep, depth)
	if ratio > maxGrowth {
		t.Errorf("a parse of %d nested divs took %.1f times one of %d: not linear", depth, ratio, depth/4)
	}
	if diff := cmp.Diff([]view{{"Deep", "", "espresso\n\nafter"}}, views(doc.Chunks)); diff != "" {
		t.Errorf("chunks (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(doc.Notes, "; "), "flattened") {
		t.Errorf("notes %q do not say the nesting was flattened", doc.Notes)
	}
}

// maxGrowth bounds growth's ratio for a fourfold input: linear work reads
// about 4 and quadratic about 16, so 9 tells them apart with room for noise.
const maxGrowth = 9

// growth reads build(n) and build(n/4) as HTML, the best of two runs each
// under a budget no parse reaches, and returns the document of n and how
// many times longer it took. A ratio holds where a wall-clock bound does
// not: the race detector and a machine busy with other packages slow both
// sizes alike (a clean-clone CI run under load took 12 s on a 10 s bound).
func growth(t *testing.T, build func(n int) string, n int) (Doc, float64) {
	t.Helper()
	best := func(data string) (Doc, time.Duration) {
		var doc Doc
		took := time.Duration(1<<63 - 1)
		for range 2 {
			start := time.Now()
			d, err := Read("deep.html", []byte(data), Options{ParseTime: 10 * time.Minute})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			doc, took = d, min(took, time.Since(start))
		}
		return doc, took
	}
	_, small := best(build(n / 4))
	doc, large := best(build(n))
	t.Logf("n/4 %v, n %v", small, large)
	return doc, float64(large) / float64(max(small, time.Microsecond))
}

// TestHTMLParseTimeCap: a parse that runs over ParseTime stops with
// ErrTooComplex instead of blocking the ingest.
func TestHTMLParseTimeCap(t *testing.T) {
	data := strings.Repeat("<p>Some <b>menu</b> text.</p>\n", 5000)
	_, err := Read("menu.html", []byte(data), Options{ParseTime: time.Nanosecond})
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("err = %v, want ErrTooComplex", err)
	}
	if _, err := Read("menu.html", []byte(data), Options{}); err != nil {
		t.Fatalf("with the default budget: %v", err)
	}
}

// TestFlattenLeavesOrdinaryHTML: pages that leave out optional end tags
// (long tables, lists, paragraphs) are not deep, whatever their length.
func TestFlattenLeavesOrdinaryHTML(t *testing.T) {
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	tests := map[string]string{
		"table without end tags":      "<table>" + rep("<tr><td>Latte<td>4.85<th>hot", 2000) + "</table>",
		"tbody sections":              "<table>" + rep("<tbody><tr><td>x", 2000) + "</table>",
		"list without end tags":       "<ul>" + rep("<li>item <b>bold</b>", 2000) + "</ul>",
		"definition list":             "<dl>" + rep("<dt>term<dd>definition", 2000) + "</dl>",
		"paragraphs without end tags": rep("<p>para <i>x</i>", 2000) + rep("<div>block</div>", 2000),
		"paragraph closed by blocks":  rep("<p>text<ul><li>a</ul><p>more<h2>h</h2><p>x<table><tr><td>c</table>", 1000),
		"select options":              "<select>" + rep("<option>a<optgroup><option>b", 2000) + "</select>",
		"void elements":               rep("<br><img src=x><hr><input><meta charset=utf-8><wbr>", 2000),
		"self-closing void":           rep("<br/><img/>", 2000),
		"nested lists 100 deep":       rep("<ul><li>", 100) + "x" + rep("</li></ul>", 100),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if got, flattened := flattenHTML(data, maxHTMLDepth); flattened || got != data {
				t.Errorf("flattened an ordinary page (%d bytes in, %d out)", len(data), len(got))
			}
		})
	}
}

// treeDepth is the deepest element nesting of a parsed tree.
func treeDepth(n *html.Node) int {
	d := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		d = max(d, treeDepth(c))
	}
	if n.Type == html.ElementNode {
		d++
	}
	return d
}

// TestFlattenBoundsParsedDepth: whatever shape the nesting takes, the tree
// the parser builds from the flattened page stays near the cap.
func TestFlattenBoundsParsedDepth(t *testing.T) {
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	const max = 20
	tests := map[string]string{
		"divs":                  rep("<div>", 500) + "x",
		"mixed":                 rep("<div><span><section><b>", 200) + "x",
		"divs in table cells":   rep("<table><tr><td><div>", 200) + "x",
		"unclosed end mismatch": rep("<div><table></div>", 200) + "x",
		"formatting reopened":   rep("<p><b><i><u>x</p>", 200),
		"lists in lists":        rep("<ul><li><ol><li>", 200) + "x",
		"svg":                   "<svg>" + rep("<g>", 500) + "</svg>",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			flat, _ := flattenHTML(data, max)
			root, err := html.Parse(strings.NewReader(flat))
			if err != nil {
				t.Fatal(err)
			}
			if d := treeDepth(root); d > 2*max {
				t.Errorf("parsed depth %d after flattening to %d", d, max)
			}
		})
	}
}

// TestBinaryStaysBinary: decoding legacy text must not turn real binary
// content into chunks of mojibake.
func TestBinaryStaysBinary(t *testing.T) {
	noNUL := make([]byte, 4096)
	x := uint32(2463534242)
	for i := range noNUL {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noNUL[i] = byte(x%255) + 1 // random bytes, never NUL
	}
	tests := map[string][]byte{
		"random bytes without NUL":   noNUL,
		"gzip":                       []byte("\x1f\x8b\x08\x08\xa3\x9b\x5e\x65\x02\x03menu.txt\x00\xcb\x48\xcd\xc9"),
		"png":                        []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"utf-16 without a BOM":       []byte("O\x00a\x00t\x00 \x00l\x00a\x00t\x00t\x00e\x00"),
		"high bytes with no letters": []byte("\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Read("menu.txt", data, Options{}); !errors.Is(err, ErrUnsupported) {
				t.Errorf("err %v, want ErrUnsupported", err)
			}
		})
	}
}

// TestSplitCappedMatchesSplit: on long texts of every shape the capped
// splitter, which reads growing prefixes, gives exactly the whole split's
// first pieces.
func TestSplitCappedMatchesSplit(t *testing.T) {
	texts := map[string]string{
		"sentences":       strings.Repeat("The oat latte is 4.75. Ask Dr. Smith! Refunds e.g. cards? Yes. ", 400),
		"paragraphs":      strings.Repeat("First para line one.\nline two.\n\nSecond para, longer than the first one by far.\n\n", 400),
		"one huge word":   strings.Repeat("x", 40_000),
		"unicode words":   strings.Repeat("café crème brûlée – 3,50 € ", 1500),
		"no sentence end": strings.Repeat("word ", 8000),
		"list":            strings.Repeat("- item one\n- item two is here\n1. numbered\n", 800),
		"mixed long":      strings.Repeat("short. "+strings.Repeat("y", 700)+" tail\n\n", 60),
	}
	for name, text := range texts {
		for _, o := range []struct{ max, overlap int }{{200, 0}, {300, 50}, {1200, 150}, {40, 19}} {
			all := split(text, o.max, o.overlap)
			for _, limit := range []int{1, 2, 7, 30, len(all) - 1, len(all), len(all) + 5} {
				got, more := splitCapped(text, o.max, o.overlap, limit)
				want := all[:min(max(limit, 0), len(all))]
				if !slices.Equal(got, want) || more != (len(all) > limit) {
					t.Errorf("%s, max %d overlap %d, limit %d: %d pieces (more %v), want %d of %d",
						name, o.max, o.overlap, limit, len(got), more, len(want), len(all))
				}
			}
		}
	}
}
