package document

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// checkChunks asserts the invariants every parser keeps, whatever the input.
func checkChunks(t *testing.T, rel string, data []byte, opt Options) {
	t.Helper()
	doc, err := Read(rel, data, opt)
	if err != nil {
		if errors.Is(err, ErrTooComplex) {
			t.Fatalf("a fuzz input ran over the parse budget: %v", err)
		}
		return
	}
	chunks := doc.Chunks
	if !utf8.Valid(data) && doc.Encoding == "utf-8" {
		t.Fatalf("invalid UTF-8 was read as UTF-8")
	}
	if (doc.Encoding != "utf-8") != strings.Contains(strings.Join(doc.Notes, ";"), "decoded as") {
		t.Fatalf("encoding %s with notes %q", doc.Encoding, doc.Notes)
	}
	if n := opt.normalised().MaxChunks; len(chunks) > n || doc.Truncated != strings.Contains(strings.Join(doc.Notes, ";"), "cap of") {
		t.Fatalf("%d chunks (cap %d), truncated %v, notes %q", len(chunks), n, doc.Truncated, doc.Notes)
	}
	limit := opt.normalised().ChunkChars
	for i, c := range chunks {
		if strings.TrimSpace(c.Text) == "" {
			t.Fatalf("chunk %d is empty", i)
		}
		if n := utf8.RuneCountInString(c.Text); n > limit {
			t.Fatalf("chunk %d has %d runes, limit %d", i, n, limit)
		}
		if c.Ordinal != i || c.Source != rel || c.Hash != Hash(c.Text) {
			t.Fatalf("chunk %d: bad metadata %+v", i, c)
		}
		if !utf8.ValidString(c.Text) || !utf8.ValidString(c.Section) {
			t.Fatalf("chunk %d: invalid UTF-8", i)
		}
	}
}

func fuzzOptions(size, overlap uint16) Options {
	return Options{ChunkChars: int(size%600) + 20, Overlap: int(overlap % 400), MaxChunks: int(size>>8) + 1}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\ntitle: T\nlocation: x\n---\n# A\n\ntext. More text.\n\n## B\n```\n# c\n```\n"), uint16(200), uint16(50))
	f.Add([]byte("Title\n===\n\npara one\n\n---\n\n* item\n* item two\n"), uint16(30), uint16(10))
	f.Add([]byte(strings.Repeat("word ", 300)), uint16(100), uint16(40))
	f.Add([]byte("---\ntitle: Hours: the farm\nnickname: [a, 'b'\naka:\n  - c\n  x: y\n---\nbody\n"), uint16(60), uint16(10))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.md", data, fuzzOptions(size, overlap))
	})
}

func FuzzParseText(f *testing.F) {
	f.Add([]byte("One. Two.\n\nThree! Four?"), uint16(40), uint16(10))
	f.Add([]byte(strings.Repeat("x", 2000)), uint16(90), uint16(80))
	f.Add([]byte("Title: A > B\n\nDRINKS BOARD\n=====\n(note)\n---\n"), uint16(40), uint16(10))
	f.Add([]byte("intro\n=== A > B ===\n\n--- x ---\n===  ===\n*** C ***\r\n~~~ D ~~~"), uint16(30), uint16(10))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.txt", data, fuzzOptions(size, overlap))
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("item,price\nLatte,4.85\n\"Oat, latte\",5\n"), uint16(200), uint16(0))
	f.Add([]byte("a;b;c\n1;2;3\n"), uint16(20), uint16(5))
	f.Add([]byte("item;price\nCaf\xe9;3,50 \x80\n"), uint16(20), uint16(5))
	f.Add([]byte("\xff\xfei\x00,\x00p\x00\n\x001\x00,\x002\x00"), uint16(20), uint16(5))
	f.Add([]byte("a,b\n1,\"x\ny\"\n"), uint16(50), uint16(5))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.csv", data, fuzzOptions(size, overlap))
	})
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte("<html><head><title>T</title></head><body><h1>A</h1><p>x <b>y</b></p><script>z</script><table><tr><td>1</td><td>2</td></tr></table></body></html>"), uint16(100), uint16(20))
	f.Add([]byte("<h2>No root<p>unclosed<li>item"), uint16(30), uint16(10))
	f.Add([]byte(strings.Repeat("<div><table><td>", 700)+"deep"), uint16(300), uint16(10))
	f.Add([]byte("<p>Caf\xe9 cr\xe8me \x80 3,50</p>"), uint16(300), uint16(10))
	f.Add([]byte(`<header><a>Logo</a></header><div class="cookie">c</div><table><tr><td>a<br>b</td><td colspan="3">x</td><td></td></tr><tr><td><table><tr><td>n</td><td></td></tr></table></td></tr></table><footer><p>note</p><p>&copy; 2026</p></footer>`), uint16(80), uint16(10))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.html", data, fuzzOptions(size, overlap))
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`[{"name":"a","n":1,"tags":["x","y"],"sub":{"k":null}}]`), uint16(100), uint16(20))
	f.Add([]byte(`{"a":[[1,2],[{"b":true}]]}`), uint16(30), uint16(0))
	f.Add([]byte(`{"exported_at":"2026-01-01T00:00:00Z","sections":[{"name":"A","articles":[{"id":1,"title":"T?","body":"<p>x <b>y</b></p><h2>h</h2><ul><li>z</li></ul>","status":"draft"},{"title":"U","body":"One. Two.","section":"A"}]}]}`), uint16(60), uint16(10))
	f.Add([]byte(`{"x":{"1":{"q":"a?","a":"&amp; b"},"2":{"q":"c","a":"d"}}}`), uint16(40), uint16(5))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.json", data, fuzzOptions(size, overlap))
	})
}

func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n{\"b\":\"two\"}\n"), uint16(100), uint16(20))
	f.Fuzz(func(t *testing.T, data []byte, size, overlap uint16) {
		checkChunks(t, "doc.jsonl", data, fuzzOptions(size, overlap))
	})
}

// FuzzFlattenHTML: flattening only ever replaces tags, never text, and
// leaves a page that needs none of it untouched.
func FuzzFlattenHTML(f *testing.F) {
	f.Add([]byte(strings.Repeat("<div>", 40)+"x"+strings.Repeat("</div>", 40)), uint8(8))
	f.Add([]byte("<table><tr><td>a<td>b<tr><td>c</table><ul><li>x<li>y</ul>"), uint8(3))
	f.Add([]byte("<p><b><i>x</p><svg><g><g></svg><select><option>a<optgroup><option>b"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, max uint8) {
		src := string(data)
		out, flattened := flattenHTML(src, int(max%64)+1)
		if !flattened {
			if out != src {
				t.Fatal("changed a page it did not flatten")
			}
			return
		}
		if got, want := visibleText(out), visibleText(src); got != want {
			t.Fatalf("text changed:\n got %q\nwant %q", got, want)
		}
	})
}

// visibleText is the concatenated text tokens of a page.
func visibleText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

// FuzzDecodeText: whatever the bytes, decoded text is valid UTF-8, and
// UTF-8 input comes back unchanged.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("Caf\xe9 cr\xe8me \x80 3,50"))
	f.Add([]byte("\xff\xfea\x00b\x00"))
	f.Add([]byte("\xfe\xff\x00a\xd8\x00"))
	f.Add([]byte("plain UTF-8 café"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := decodeText(data)
		if err != nil {
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v does not wrap ErrUnsupported", err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("%s decoding gave invalid UTF-8", enc)
		}
		if enc == "utf-8" && text != string(data) {
			t.Fatal("UTF-8 input changed")
		}
		if utf8.Valid(data) && enc == "windows-1252" {
			t.Fatal("valid UTF-8 decoded as windows-1252")
		}
	})
}

// FuzzSplitCapped: the capped splitter gives exactly the first pieces of
// the whole split, however the prefix it reads is cut.
func FuzzSplitCapped(f *testing.F) {
	f.Add(strings.Repeat("One sentence here. Another one follows! ", 30), uint16(40), uint16(10), uint8(3))
	f.Add(strings.Repeat("x", 500), uint16(30), uint16(0), uint8(5))
	f.Add(strings.Repeat("para one\n\npara two is longer, e.g. this. ", 20), uint16(50), uint16(20), uint8(7))
	f.Add(strings.Repeat("é€ ", 300), uint16(25), uint16(5), uint8(2))
	f.Fuzz(func(t *testing.T, text string, size, overlap uint16, limit uint8) {
		if !utf8.ValidString(text) {
			return
		}
		// Small chunks and caps reach the prefix logic with short inputs.
		o := Options{ChunkChars: int(size%60) + 5, Overlap: int(overlap % 30)}.normalised()
		limit %= 16
		all := split(text, o.ChunkChars, o.Overlap)
		got, more := splitCapped(text, o.ChunkChars, o.Overlap, int(limit))
		want := all[:min(len(all), int(limit))]
		if !slices.Equal(got, want) || more != (len(all) > int(limit)) {
			t.Fatalf("capped at %d: %d pieces (more %v), want %d of %d", limit, len(got), more, len(want), len(all))
		}
	})
}
