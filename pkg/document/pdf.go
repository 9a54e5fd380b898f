package document

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ErrNoTextLayer reports a PDF whose pages carry no text (a scan or a
// photo of a menu): it needs OCR before it can be ingested.
var ErrNoTextLayer = errors.New("the PDF has no text layer (a scanned image?): run it through OCR and ingest the result")

// maxPDFStream bounds one inflated stream, against deflate bombs.
const maxPDFStream = 32 << 20

// pdfToMarkdown extracts the text of a PDF page by page, in reading order
// from the text's positions (the content stream's order does not count),
// decoding strings through the font's ToUnicode map when it has one and
// through its encoding otherwise (see simpleText). It reads plain and
// compressed object streams (FlateDecode) with the standard library only;
// encrypted PDFs and other filters are reported, not guessed at. A PDF with pages but no text gives
// ErrNoTextLayer. A PDF carries no headings or tables as such, only
// positioned text, so they are read from the layout (see pdfPageMarkdown):
// lines set larger than the body text become headings, lines whose cells
// line up in columns become table rows, and a page set in columns is read
// a column at a time (see pdfReadingOrder).
func pdfToMarkdown(data []byte) (string, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data, "\x00\t\r\n "), []byte("%PDF-")) {
		return "", fmt.Errorf("%w: not a PDF file (no %%PDF- header)", ErrUnsupported)
	}
	if bytes.Contains(data, []byte("/Encrypt")) {
		return "", fmt.Errorf("%w: the PDF is encrypted; save an unprotected copy and ingest that", ErrUnsupported)
	}
	objs, err := pdfObjects(data)
	if err != nil {
		return "", err
	}
	pages := 0
	var perPage [][]pdfRun
	var all []pdfRun
	for _, num := range pdfPageOrder(objs) {
		pages++
		page := objs[num]
		fonts := pdfFonts(objs, page.dict)
		var content []byte
		for _, ref := range pdfRefs(pdfValue(page.dict, "Contents")) {
			if o, ok := objs[ref]; ok && o.stream != nil {
				s, err := o.decoded()
				if err != nil {
					return "", fmt.Errorf("page %d: %w", pages, err)
				}
				content = append(append(content, s...), '\n')
			}
		}
		runs := pdfText(content, fonts)
		perPage = append(perPage, runs)
		all = append(all, runs...)
	}
	// Sizes are compared across the whole document, so a page of body
	// text alone has no headings and a title page's title stays level 1.
	body := bodySize(all)
	heads := headingSizesOf(all, body)
	var out strings.Builder
	for _, runs := range perPage {
		if text := pdfPageMarkdown(runs, body, heads); strings.TrimSpace(text) != "" {
			out.WriteString(text)
			out.WriteString("\n\n")
		}
	}
	if pages == 0 {
		return "", fmt.Errorf("%w: the PDF has no pages", ErrUnsupported)
	}
	if strings.TrimSpace(out.String()) == "" {
		return "", ErrNoTextLayer
	}
	return strings.TrimSpace(out.String()) + "\n", nil
}

// pdfObj is one indirect object: its dictionary source and stream bytes.
type pdfObj struct {
	dict   string
	stream []byte
}

func (o pdfObj) decoded() ([]byte, error) {
	filter := strings.Join(strings.Fields(strings.Trim(pdfValue(o.dict, "Filter"), "[]")), " ")
	switch filter {
	case "":
		return o.stream, nil
	case "/FlateDecode", "/Fl":
		zr, err := zlib.NewReader(bytes.NewReader(o.stream))
		if err != nil {
			return nil, fmt.Errorf("inflate a stream: %w", err)
		}
		defer zr.Close()
		b, err := io.ReadAll(io.LimitReader(zr, maxPDFStream+1))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("inflate a stream: %w", err)
		}
		if len(b) > maxPDFStream {
			return nil, fmt.Errorf("%w: a stream inflates to more than %d MB", ErrTooComplex, maxPDFStream>>20)
		}
		return b, nil
	default:
		return nil, fmt.Errorf("%w: stream filter %s is not read", ErrUnsupported, filter)
	}
}

var objStart = regexp.MustCompile(`(?m)(\d+)\s+(\d+)\s+obj\b`)

// pdfObjects finds every "N G obj … endobj" by scanning (so a damaged
// cross-reference table does not matter), then the objects packed in
// object streams.
func pdfObjects(data []byte) (map[int]pdfObj, error) {
	objs := map[int]pdfObj{}
	locs := objStart.FindAllSubmatchIndex(data, -1)
	for i, m := range locs {
		num, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := data[m[1]:end]
		if e := bytes.Index(body, []byte("endobj")); e >= 0 {
			body = body[:e]
		}
		o := pdfObj{dict: string(body)}
		if s := bytes.Index(body, []byte("stream")); s >= 0 {
			o.dict = string(body[:s])
			st := body[s+len("stream"):]
			st = bytes.TrimPrefix(st, []byte("\r"))
			st = bytes.TrimPrefix(st, []byte("\n"))
			if n, err := strconv.Atoi(pdfValue(o.dict, "Length")); err == nil && n >= 0 && n <= len(st) {
				st = st[:n]
			} else if e := bytes.LastIndex(st, []byte("endstream")); e >= 0 {
				st = bytes.TrimRight(st[:e], "\r\n")
			}
			o.stream = st
		}
		objs[num] = o
	}
	for num, o := range objs {
		if !strings.Contains(o.dict, "/ObjStm") || o.stream == nil {
			continue
		}
		b, err := o.decoded()
		if err != nil {
			return nil, fmt.Errorf("object stream %d: %w", num, err)
		}
		n, _ := strconv.Atoi(pdfValue(o.dict, "N"))
		first, _ := strconv.Atoi(pdfValue(o.dict, "First"))
		if first < 0 || first > len(b) || n < 0 {
			continue
		}
		head := strings.Fields(string(b[:first]))
		for k := 0; k+1 < len(head) && k/2 < n; k += 2 {
			id, err1 := strconv.Atoi(head[k])
			off, err2 := strconv.Atoi(head[k+1])
			if err1 != nil || err2 != nil || off < 0 || first+off > len(b) {
				continue
			}
			end := len(b)
			if k+3 < len(head) {
				if next, err := strconv.Atoi(head[k+3]); err == nil && first+next <= len(b) && next >= off {
					end = first + next
				}
			}
			if _, ok := objs[id]; !ok {
				objs[id] = pdfObj{dict: string(b[first+off : end])}
			}
		}
	}
	return objs, nil
}

var nameValue = regexp.MustCompile(`^\s*(/[^\s/<>\[\]()]+|\d+\s+\d+\s+R|-?\d+(\.\d+)?|\[[^\]]*\]|true|false)`)

// pdfValue returns the raw value of /key in a dictionary's source: a name,
// a reference "N G R", a number or an array; "" when absent. A nested
// dictionary value is returned whole.
func pdfValue(dict, key string) string {
	re := regexp.MustCompile(`/` + regexp.QuoteMeta(key) + `[\s/\[<(]`)
	for _, m := range re.FindAllStringIndex(dict, -1) {
		rest := strings.TrimLeft(dict[m[1]-1:], " \t\r\n")
		if strings.HasPrefix(rest, "<<") {
			return nestedDict(rest)
		}
		if v := nameValue.FindString(rest); v != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// nestedDict returns the "<< … >>" that s starts with.
func nestedDict(s string) string {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == '<' && s[i+1] == '<':
			depth++
			i++
		case s[i] == '>' && s[i+1] == '>':
			depth--
			i++
			if depth == 0 {
				return s[:i+1]
			}
		}
	}
	return s
}

var refRe = regexp.MustCompile(`(\d+)\s+\d+\s+R`)

// pdfRefs returns the object numbers a value refers to, in order.
func pdfRefs(v string) []int {
	var out []int
	for _, m := range refRe.FindAllStringSubmatch(v, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

// pdfPageOrder returns the page objects in reading order, following the
// page tree from the catalog, or in object order when there is none.
func pdfPageOrder(objs map[int]pdfObj) []int {
	isPage := func(d string) bool {
		return regexp.MustCompile(`/Type\s*/Page\b`).MatchString(d) && !strings.Contains(d, "/Pages")
	}
	var order []int
	seen := map[int]bool{}
	var walk func(n, depth int)
	walk = func(n, depth int) {
		o, ok := objs[n]
		if !ok || seen[n] || depth > 32 {
			return
		}
		seen[n] = true
		if isPage(o.dict) {
			order = append(order, n)
			return
		}
		for _, k := range pdfRefs(pdfValue(o.dict, "Kids")) {
			walk(k, depth+1)
		}
	}
	for n, o := range objs {
		if regexp.MustCompile(`/Type\s*/Catalog\b`).MatchString(o.dict) {
			for _, root := range pdfRefs(pdfValue(o.dict, "Pages")) {
				walk(root, 0)
			}
			_ = n
			break
		}
	}
	if len(order) > 0 {
		return order
	}
	// In object-number order; the numbers are the file's own and can be
	// huge, so the loop is over the objects, not up to the largest number.
	nums := make([]int, 0, len(objs))
	for n, o := range objs {
		if isPage(o.dict) {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	return append(order, nums...)
}

// pdfFont decodes a font's strings.
type pdfFont struct {
	cmap  map[string]string // code bytes → text, from ToUnicode
	width int               // code length in bytes: 2 for Type0 fonts
	// glyphs holds the widths of the font's codes in ems (/Widths of a
	// simple font, /W of a Type0 font's CIDFont); codes not in it are dw
	// wide, or avgGlyph when dw is 0 (a font that gives no widths).
	glyphs map[int]float64
	dw     float64
	// names holds the text of single-byte codes that the font's
	// /Differences names (see simpleText).
	names map[int]string
	// bold is set for a bold face (see boldFont).
	bold bool
}

// boldFont reports whether the font dictionary fd is a bold face: its
// name says so (Bold, Black, Heavy, Demi, after any subset prefix), or
// its descriptor gives a weight of 600 or more or the ForceBold flag.
func boldFont(objs map[int]pdfObj, fd string) bool {
	name := strings.TrimPrefix(pdfValue(fd, "BaseFont"), "/")
	if i := strings.IndexByte(name, '+'); i >= 0 {
		name = name[i+1:]
	}
	for _, w := range []string{"Bold", "Black", "Heavy", "Demi"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	desc := objs[firstRef(pdfValue(fd, "FontDescriptor"))].dict
	if w, err := strconv.ParseFloat(pdfValue(desc, "FontWeight"), 64); err == nil && w >= 600 {
		return true
	}
	flags, err := strconv.ParseInt(pdfValue(desc, "Flags"), 10, 64)
	return err == nil && flags&(1<<18) != 0
}

// firstRef is the first object number v refers to, or -1.
func firstRef(v string) int {
	if refs := pdfRefs(v); len(refs) > 0 {
		return refs[0]
	}
	return -1
}

// maxGlyphWidths bounds the widths read from one font, against a /W
// range that claims every CID there is.
const maxGlyphWidths = 1 << 16

// advance is the width of code in ems.
func (f pdfFont) advance(code int) float64 {
	if w, ok := f.glyphs[code]; ok {
		return w
	}
	if f.dw > 0 {
		return f.dw
	}
	return avgGlyph
}

// readWidths reads the glyph widths of the font dictionary fd: /FirstChar
// and /Widths for a simple font; for a Type0 font, /DW and /W of its
// descendant CIDFont. Either array may be an indirect object. Values are
// in thousandths of an em, as PDF gives them.
func (f *pdfFont) readWidths(objs map[int]pdfObj, fd string) {
	array := func(dict, key string) string {
		v := pdfArray(dict, key)
		if refs := pdfRefs(v); v != "" && !strings.HasPrefix(v, "[") && len(refs) == 1 {
			v = strings.TrimSpace(objs[refs[0]].dict)
		}
		return v
	}
	if f.width == 2 {
		desc := pdfValue(fd, "DescendantFonts")
		refs := pdfRefs(desc)
		if len(refs) == 0 {
			return
		}
		cid := objs[refs[0]].dict
		if dw, err := strconv.ParseFloat(pdfValue(cid, "DW"), 64); err == nil && dw > 0 {
			f.dw = dw / 1000
		} else {
			f.dw = 1 // the PDF default
		}
		f.glyphs = parseCIDWidths(array(cid, "W"))
		return
	}
	first, err := strconv.Atoi(pdfValue(fd, "FirstChar"))
	if err != nil || first < 0 || first > 255 {
		return
	}
	ws := strings.Fields(strings.Trim(array(fd, "Widths"), "[]"))
	for i, w := range ws {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || first+i > 255 {
			break
		}
		if f.glyphs == nil {
			f.glyphs = map[int]float64{}
		}
		f.glyphs[first+i] = v / 1000
	}
}

// parseCIDWidths reads a /W array: "c [w1 w2 …]" gives CIDs c, c+1, … the
// widths listed; "c1 c2 w" gives every CID from c1 to c2 the width w.
// Widths are in thousandths of an em; the result is in ems.
func parseCIDWidths(a string) map[int]float64 {
	toks := arrayTokens(a)
	out := map[int]float64{}
	var pending []float64
	for i := 0; i < len(toks) && len(out) < maxGlyphWidths; i++ {
		switch t := toks[i]; t {
		case "[":
			if len(pending) == 0 {
				continue // the array's own bracket
			}
			c := int(pending[len(pending)-1])
			pending = pending[:0]
			for i++; i < len(toks) && toks[i] != "]" && len(out) < maxGlyphWidths; i++ {
				if v, err := strconv.ParseFloat(toks[i], 64); err == nil {
					out[c] = v / 1000
					c++
				}
			}
		case "]":
			pending = pending[:0]
		default:
			v, err := strconv.ParseFloat(t, 64)
			if err != nil {
				return out
			}
			if pending = append(pending, v); len(pending) == 3 {
				lo, hi, w := int(pending[0]), int(pending[1]), pending[2]/1000
				for c := lo; c <= hi && len(out) < maxGlyphWidths; c++ {
					out[c] = w
				}
				pending = pending[:0]
			}
		}
	}
	return out
}

// arrayTokens splits an array's source into brackets and the words
// between them.
func arrayTokens(a string) []string {
	var toks []string
	start := -1
	for i := 0; i <= len(a); i++ {
		if i < len(a) && !isPDFSpace(a[i]) && a[i] != '[' && a[i] != ']' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, a[start:i])
			start = -1
		}
		if i < len(a) && (a[i] == '[' || a[i] == ']') {
			toks = append(toks, a[i:i+1])
		}
	}
	return toks
}

// pdfArray returns the value of /key in a dictionary's source as
// pdfValue does, but an array whole, nested arrays and all.
func pdfArray(dict, key string) string {
	m := regexp.MustCompile(`/` + regexp.QuoteMeta(key) + `[\s/\[<(]`).FindStringIndex(dict)
	if m == nil {
		return ""
	}
	rest := strings.TrimLeft(dict[m[1]-1:], " \t\r\n")
	if !strings.HasPrefix(rest, "[") {
		return pdfValue(dict, key)
	}
	depth := 0
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return rest[:i+1]
			}
		}
	}
	return rest
}

// maxPageTreeDepth bounds the walk up a page tree for inherited
// resources, against a /Parent that loops.
const maxPageTreeDepth = 32

// pdfFonts reads the fonts of a page's resources: its own, or those it
// inherits from the page tree above it (some generators, groff's among
// them, put the resources on the /Pages node only).
func pdfFonts(objs map[int]pdfObj, page string) map[string]pdfFont {
	res := pdfValue(page, "Resources")
	for node, depth := page, 0; res == "" && depth < maxPageTreeDepth; depth++ {
		refs := pdfRefs(pdfValue(node, "Parent"))
		if len(refs) != 1 {
			break
		}
		node = objs[refs[0]].dict
		res = pdfValue(node, "Resources")
	}
	if refs := pdfRefs(res); len(refs) == 1 && !strings.HasPrefix(res, "<<") {
		res = objs[refs[0]].dict
	}
	fontDict := pdfValue(res, "Font")
	if refs := pdfRefs(fontDict); !strings.HasPrefix(fontDict, "<<") && len(refs) == 1 {
		fontDict = objs[refs[0]].dict
	}
	out := map[string]pdfFont{}
	for _, m := range regexp.MustCompile(`/([^\s/<>\[\]()]+)\s+(\d+)\s+\d+\s+R`).FindAllStringSubmatch(fontDict, -1) {
		n, _ := strconv.Atoi(m[2])
		fd := objs[n].dict
		f := pdfFont{width: 1}
		if strings.Contains(fd, "/Type0") {
			f.width = 2
		}
		f.readWidths(objs, fd)
		f.readEncoding(objs, fd)
		f.bold = boldFont(objs, fd)
		if refs := pdfRefs(pdfValue(fd, "ToUnicode")); len(refs) == 1 {
			if o, ok := objs[refs[0]]; ok && o.stream != nil {
				if b, err := o.decoded(); err == nil {
					f.cmap = parseToUnicode(b)
				}
			}
		}
		out[m[1]] = f
	}
	return out
}

var (
	bfchar  = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>`)
	bfrange = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
)

// parseToUnicode reads the bfchar and bfrange entries of a ToUnicode CMap.
func parseToUnicode(b []byte) map[string]string {
	m := map[string]string{}
	s := string(b)
	for _, sec := range sections(s, "beginbfrange", "endbfrange") {
		for _, r := range bfrange.FindAllStringSubmatch(sec, -1) {
			lo, err1 := strconv.ParseUint(r[1], 16, 32)
			hi, err2 := strconv.ParseUint(r[2], 16, 32)
			dst, err3 := strconv.ParseUint(r[3], 16, 32)
			if err1 != nil || err2 != nil || err3 != nil || hi < lo || hi-lo > 0xFFFF {
				continue
			}
			w := len(r[1]) / 2
			for c := lo; c <= hi; c++ {
				m[codeKey(c, w)] = string(rune(dst + (c - lo)))
			}
		}
	}
	for _, sec := range sections(s, "beginbfchar", "endbfchar") {
		for _, r := range bfchar.FindAllStringSubmatch(sec, -1) {
			code, err := hexBytes(r[1])
			if err != nil {
				continue
			}
			m[string(code)] = utf16Hex(r[2])
		}
	}
	return m
}

func sections(s, begin, end string) []string {
	var out []string
	for {
		i := strings.Index(s, begin)
		if i < 0 {
			return out
		}
		s = s[i+len(begin):]
		j := strings.Index(s, end)
		if j < 0 {
			return append(out, s)
		}
		out = append(out, s[:j])
		s = s[j:]
	}
}

func codeKey(c uint64, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte(c)
		c >>= 8
	}
	return string(b)
}

func hexBytes(h string) ([]byte, error) {
	if len(h)%2 == 1 {
		h += "0"
	}
	out := make([]byte, len(h)/2)
	for i := range out {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, err
		}
		out[i] = byte(v)
	}
	return out, nil
}

// utf16Hex decodes the UTF-16BE hex of a ToUnicode destination.
func utf16Hex(h string) string {
	b, err := hexBytes(h)
	if err != nil || len(b)%2 == 1 {
		return ""
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// decode turns a shown string's bytes into text.
func (f pdfFont) decode(b []byte) string {
	if f.cmap == nil {
		if f.width == 2 {
			return "" // CID font without a ToUnicode map: no way to know the text
		}
		var out strings.Builder
		for _, c := range b {
			out.WriteString(f.simpleText(c))
		}
		return out.String()
	}
	var out strings.Builder
	w := max(f.width, 1)
	for i := 0; i+w <= len(b); i += w {
		if s, ok := f.cmap[string(b[i:i+w])]; ok {
			out.WriteString(s)
		} else if w == 1 {
			out.WriteString(f.simpleText(b[i]))
		}
	}
	return out.String()
}

// pdfMatrix is a PDF transformation matrix [a b c d e f].
type pdfMatrix [6]float64

var pdfIdentity = pdfMatrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first, as PDF composes matrices).
func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func pdfTranslate(tx, ty float64) pdfMatrix { return pdfMatrix{1, 0, 0, 1, tx, ty} }

// pageCoord keeps a position or size that a crafted matrix made NaN,
// infinite or absurdly large on a page (at 0, or at ±1e6 points), so that
// the text stays and layout arithmetic stays finite.
func pageCoord(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(-1e6, math.Min(1e6, v))
}

// maxGraphicsDepth bounds the q/Q stack, against a stream of q operators.
const maxGraphicsDepth = 64

// pdfText interprets a content stream's text operators and returns the
// runs of text it shows, each with its position, font size and width on
// the page (text matrix × current transformation matrix). The position
// after a string comes from the font's glyph widths, character and word
// spacing and horizontal scaling; a font that gives no widths is taken
// to be avgGlyph em a glyph.
func pdfText(content []byte, fonts map[string]pdfFont) []pdfRun {
	var runs []pdfRun
	font := pdfFont{width: 1}
	var fs, leading float64 = 1, 0
	var tc, tw, th float64 = 0, 0, 1 // Tc, Tw and Tz/100
	tm, tlm, ctm := pdfIdentity, pdfIdentity, pdfIdentity
	var stack []pdfMatrix
	var operands []pdfTok
	nums := func(n int) ([]float64, bool) {
		var out []float64
		for _, o := range operands {
			if o.kind == tokNumber {
				out = append(out, o.n)
			}
		}
		if len(out) < n {
			return nil, false
		}
		return out[len(out)-n:], true
	}
	show := func(b []byte) {
		text := font.decode(b)
		if text == "" {
			return
		}
		var adv float64
		w := max(font.width, 1)
		for i := 0; i+w <= len(b); i += w {
			code := int(b[i])
			if w == 2 {
				code = code<<8 | int(b[i+1])
			}
			adv += font.advance(code)*fs + tc
			if w == 1 && code == ' ' {
				adv += tw
			}
		}
		adv *= th
		m := tm.mul(ctm)
		size := math.Abs(fs) * math.Hypot(m[2], m[3])
		run := pdfRun{x: pageCoord(m[4]), y: pageCoord(m[5]), size: pageCoord(size), text: text, bold: font.bold}
		if font.glyphs != nil || font.dw > 0 {
			run.w = pageCoord(math.Abs(adv) * math.Hypot(m[0], m[1]))
		}
		runs = append(runs, run)
		tm = pdfTranslate(adv, 0).mul(tm)
	}
	nextLine := func() {
		// With no leading set, T* would print over the line before (a
		// viewer shows that); a line's height below is what was meant.
		l := leading
		if l == 0 {
			l = 1.2 * fs
		}
		tlm = pdfTranslate(0, -l).mul(tlm)
		tm = tlm
	}
	lx := pdfLexer{src: content}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != tokOp {
			operands = append(operands, t)
			if len(operands) > 64 {
				operands = operands[1:]
			}
			continue
		}
		switch t.s {
		case "q":
			if len(stack) < maxGraphicsDepth {
				stack = append(stack, ctm)
			}
		case "Q":
			if n := len(stack); n > 0 {
				ctm, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if v, ok := nums(6); ok {
				ctm = pdfMatrix(v).mul(ctm)
			}
		case "BT":
			tm, tlm = pdfIdentity, pdfIdentity
		case "Tf":
			for _, o := range operands {
				if o.kind == tokName {
					if f, ok := fonts[o.s]; ok {
						font = f
					} else {
						font = pdfFont{width: 1}
					}
				}
			}
			if v, ok := nums(1); ok {
				fs = v[0]
			}
		case "TL":
			if v, ok := nums(1); ok {
				leading = v[0]
			}
		case "Tc":
			if v, ok := nums(1); ok {
				tc = v[0]
			}
		case "Tw":
			if v, ok := nums(1); ok {
				tw = v[0]
			}
		case "Tz":
			if v, ok := nums(1); ok {
				th = v[0] / 100
			}
		case "Td", "TD":
			if v, ok := nums(2); ok {
				if t.s == "TD" {
					leading = -v[1]
				}
				tlm = pdfTranslate(v[0], v[1]).mul(tlm)
				tm = tlm
			}
		case "Tm":
			if v, ok := nums(6); ok {
				tm, tlm = pdfMatrix(v), pdfMatrix(v)
			}
		case "T*":
			nextLine()
		case "Tj":
			for _, o := range operands {
				if o.kind == tokString {
					show(o.b)
				}
			}
		case "'", "\"":
			if v, ok := nums(2); ok && t.s == "\"" {
				tw, tc = v[0], v[1]
			}
			nextLine()
			for _, o := range operands {
				if o.kind == tokString {
					show(o.b)
				}
			}
		case "TJ":
			for _, o := range operands {
				switch o.kind {
				case tokString:
					show(o.b)
				case tokNumber:
					tm = pdfTranslate(-o.n/1000*fs*th, 0).mul(tm)
				}
			}
		}
		operands = operands[:0]
	}
	return runs
}

type tokKind int

const (
	tokOp tokKind = iota
	tokName
	tokString
	tokNumber
	tokOther
)

type pdfTok struct {
	kind tokKind
	s    string
	b    []byte
	n    float64
}

// pdfLexer splits a content stream into operands and operators; inline
// images (BI … EI) are skipped.
type pdfLexer struct {
	src []byte
	i   int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (l *pdfLexer) next() (pdfTok, bool) {
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case isPDFSpace(c) || c == '[' || c == ']' || c == '{' || c == '}':
			l.i++
		case c == '%':
			for l.i < len(l.src) && l.src[l.i] != '\n' && l.src[l.i] != '\r' {
				l.i++
			}
		case c == '(':
			return pdfTok{kind: tokString, b: l.literal()}, true
		case c == '<' && l.i+1 < len(l.src) && l.src[l.i+1] == '<':
			l.i += 2
			return pdfTok{kind: tokOther}, true
		case c == '>' && l.i+1 < len(l.src) && l.src[l.i+1] == '>':
			l.i += 2
			return pdfTok{kind: tokOther}, true
		case c == '<':
			end := bytes.IndexByte(l.src[l.i:], '>')
			if end < 0 {
				l.i = len(l.src)
				return pdfTok{}, false
			}
			h := strings.Map(func(r rune) rune {
				if isPDFSpace(byte(r)) {
					return -1
				}
				return r
			}, string(l.src[l.i+1:l.i+end]))
			l.i += end + 1
			b, _ := hexBytes(h)
			return pdfTok{kind: tokString, b: b}, true
		case c == '/':
			j := l.i + 1
			for j < len(l.src) && !isPDFSpace(l.src[j]) && !isPDFDelim(l.src[j]) {
				j++
			}
			t := pdfTok{kind: tokName, s: string(l.src[l.i+1 : j])}
			l.i = j
			return t, true
		default:
			j := l.i
			for j < len(l.src) && !isPDFSpace(l.src[j]) && !isPDFDelim(l.src[j]) {
				j++
			}
			if j == l.i {
				l.i++
				continue
			}
			w := string(l.src[l.i:j])
			l.i = j
			if n, err := strconv.ParseFloat(w, 64); err == nil {
				return pdfTok{kind: tokNumber, n: n, s: w}, true
			}
			if w == "BI" {
				if e := bytes.Index(l.src[l.i:], []byte("EI")); e >= 0 {
					l.i += e + 2
				} else {
					l.i = len(l.src)
				}
				continue
			}
			return pdfTok{kind: tokOp, s: w}, true
		}
	}
	return pdfTok{}, false
}

// literal reads a "( … )" string with its escapes and nested parentheses.
func (l *pdfLexer) literal() []byte {
	l.i++ // (
	var out []byte
	depth := 1
	for l.i < len(l.src) {
		c := l.src[l.i]
		l.i++
		switch c {
		case '\\':
			if l.i >= len(l.src) {
				return out
			}
			e := l.src[l.i]
			l.i++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n':
				// a line continuation
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.src) && l.src[l.i] >= '0' && l.src[l.i] <= '7'; k++ {
						v = v*8 + int(l.src[l.i]-'0')
						l.i++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				return out
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
