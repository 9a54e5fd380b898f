// Package document turns the café's source files (Markdown, plain text,
// CSV, HTML, JSON, JSON Lines, PDF and Word .docx) into chunks small enough to embed and
// quote: each chunk keeps the heading path or record label it came from, so
// an answer can cite "policies/refunds.md › Refund policy > Card payments".
package document

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// DefaultChunkChars is the chunk size used when Options.ChunkChars is not set.
const DefaultChunkChars = 1200

// DefaultMaxChunks is the per-document chunk cap used when
// Options.MaxChunks is not set: a few megabytes of text, far more than any
// menu or policy, and small enough that one runaway export (a million-row
// CSV) cannot swamp the index.
const DefaultMaxChunks = 5000

// DefaultParseTime bounds how long one document may take to parse when
// Options.ParseTime is not set.
const DefaultParseTime = 10 * time.Second

// ErrUnsupported reports a file that is not a document this package reads:
// an unknown extension or binary content. Callers skip such files.
var ErrUnsupported = errors.New("unsupported file")

// ErrTooComplex reports a document whose parse ran over Options.ParseTime.
var ErrTooComplex = errors.New("document too complex")

// Chunk is one passage of a document, the unit that is indexed and cited.
type Chunk struct {
	// Source is the document's path relative to the ingest root, slash-separated.
	Source string `json:"source"`
	// Section is the heading path ("Refund policy > Card payments") or a
	// record's label (a CSV row's first column).
	Section string `json:"section"`
	// Location is the café location the chunk applies to; "" means every location.
	Location string `json:"location,omitempty"`
	// Text is the passage itself, never empty.
	Text string `json:"text"`
	// Ordinal is the chunk's position within its document, from 0.
	Ordinal int `json:"ordinal"`
	// Hash is the hex SHA-256 of Text.
	Hash string `json:"hash"`
}

// Options tunes chunking.
type Options struct {
	// ChunkChars is the most characters (runes) a chunk may hold; zero means
	// DefaultChunkChars.
	ChunkChars int
	// Overlap is how many characters of the end of a chunk may be repeated at
	// the start of the next one when a section is split. It is capped at half
	// of ChunkChars; zero means no overlap.
	Overlap int
	// Location tags chunks of documents whose front matter names no location.
	Location string
	// MaxChunks is the most chunks one document gives; the rest of the
	// document is dropped and Doc.Notes says so. Zero means DefaultMaxChunks.
	MaxChunks int
	// ParseTime bounds the parse of one document; a parse that runs over
	// fails with ErrTooComplex. Zero means DefaultParseTime.
	ParseTime time.Duration
}

func (o Options) normalised() Options {
	if o.ChunkChars <= 0 {
		o.ChunkChars = DefaultChunkChars
	}
	if o.Overlap < 0 {
		o.Overlap = 0
	}
	if o.Overlap > o.ChunkChars/2 {
		o.Overlap = o.ChunkChars / 2
	}
	if o.MaxChunks <= 0 {
		o.MaxChunks = DefaultMaxChunks
	}
	if o.ParseTime <= 0 {
		o.ParseTime = DefaultParseTime
	}
	return o
}

// block is a run of text under one section, before it is split to size.
type block struct {
	section string
	text    string
}

// parsed is what a format parser returns.
type parsed struct {
	location string // from the document itself (front matter); "" if none
	title    string // front matter title, else the first top-level heading
	aliases  []string
	address  string // front matter address
	kind     string // front matter's kind of page (category, type, layout)
	dated    string // front matter's date (updated, last_reviewed, date)
	blocks   []block
	notes    []string // what the parser had to cap, for Doc.Notes
	more     bool     // the parser stopped at limits.blocks with input left
}

// limits bound what one parse may produce and how long it may run.
type limits struct {
	blocks   int       // stop after this many blocks (each gives ≥ 1 chunk)
	deadline time.Time // parsers with super-linear corners check it
}

type parser func(text string, lim limits) (parsed, error)

// add appends b unless the document already holds lim.blocks blocks, in
// which case it records that input was left and reports false: the
// parser stops there instead of reading the rest of a huge file.
func (d *parsed) add(lim limits, b block) bool {
	if len(d.blocks) >= lim.blocks {
		d.more = true
		return false
	}
	d.blocks = append(d.blocks, b)
	return true
}

var parsers = map[string]parser{
	".md":       parseMarkdown,
	".markdown": parseMarkdown,
	".txt":      parseText,
	".csv":      parseCSV,
	".html":     parseHTML,
	".htm":      parseHTML,
	".json":     parseJSON,
	".jsonl":    parseJSONL,
}

// Supported reports whether Parse knows the extension of rel.
func Supported(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	_, ok := parsers[ext]
	_, binary := binaryParsers[ext]
	return ok || binary
}

// Doc is one parsed document: its chunks and what reading it had to
// change or cut.
type Doc struct {
	Chunks []Chunk
	// Notes are one-line remarks for the person ingesting: the text was
	// decoded from a legacy encoding, nesting was flattened, the document
	// was cut at the chunk cap.
	Notes []string
	// Truncated reports that the document was cut at Options.MaxChunks.
	Truncated bool
	// Encoding is the encoding the bytes were decoded from: "utf-8",
	// "utf-16le", "utf-16be" or "windows-1252".
	Encoding string
	// Title is the document's title: its front matter's, else its first
	// top-level heading; "" when it has neither.
	Title string
	// Aliases are other names the front matter gives the document's
	// location (nickname, aliases, aka), and its store id when that is a
	// short code rather than a name.
	Aliases []string
	// Address is the front matter's address, "" when none.
	Address string
	// Kind is what the front matter says the page is (its category,
	// type or layout: "locations", "menu"), lower case; "" when none.
	Kind string
	// Dated is the value of the front matter's first dating key
	// (updated, last_reviewed, date and the like) as written, quotes
	// trimmed: "2024-10-08"; "" when it has none.
	Dated string
}

// Parse splits the document rel into chunks; it is Read without the notes.
func Parse(rel string, data []byte, opt Options) ([]Chunk, error) {
	doc, err := Read(rel, data, opt)
	return doc.Chunks, err
}

// Read splits the document rel (its path, used for Source and to pick the
// format by extension) into chunks. Text that is not UTF-8 is decoded as
// UTF-16 (with a byte-order mark) or Windows-1252 (which covers Latin-1)
// and Doc.Notes says so. It returns an error wrapping ErrUnsupported for
// unknown extensions and binary content, one wrapping ErrTooComplex for a
// document that runs over Options.ParseTime, and a descriptive error
// naming the line for malformed CSV, JSON or front matter. Errors do not
// repeat rel; callers add it.
func Read(rel string, data []byte, opt Options) (Doc, error) {
	opt = opt.normalised()
	ext := strings.ToLower(path.Ext(rel))
	parse, ok := parsers[ext]
	if conv, binary := binaryParsers[ext]; binary {
		// PDF and Word become Markdown first (binary.go).
		md, err := conv(data)
		if err != nil {
			return Doc{}, err
		}
		data, parse, ok = []byte(md), parseMarkdown, true
	}
	if !ok {
		if ext == "" {
			return Doc{}, fmt.Errorf("%w: no file extension", ErrUnsupported)
		}
		return Doc{}, fmt.Errorf("%w: %s files are not read", ErrUnsupported, ext)
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return Doc{}, err
	}
	out := Doc{Encoding: enc}
	if enc != "utf-8" {
		out.Notes = append(out.Notes, "decoded as "+enc+" (the file is not UTF-8)")
	}
	// Composed: a file typed decomposed ("ị" as i and a dot below) is
	// read as the same file composed, or the patterns that name accented
	// words ("Địa chỉ:", "gọi là") never match it.
	text = textnorm.Composed(normaliseNewlines(strings.TrimPrefix(text, "\uFEFF")))
	doc, err := parse(text, limits{blocks: opt.MaxChunks, deadline: time.Now().Add(opt.ParseTime)})
	if err != nil {
		return Doc{}, err
	}
	out.Notes = append(out.Notes, doc.notes...)
	out.Title, out.Aliases, out.Address = doc.title, doc.aliases, doc.address
	out.Kind, out.Dated = doc.kind, doc.dated
	loc := doc.location
	if loc == "" {
		loc = opt.Location
	}
	truncated := doc.more
	for bi, b := range doc.blocks {
		if len(out.Chunks) == opt.MaxChunks {
			if strings.TrimSpace(b.text) != "" {
				truncated = true
				break
			}
			continue
		}
		pieces, more := splitCapped(b.text, opt.ChunkChars, opt.Overlap, opt.MaxChunks-len(out.Chunks))
		truncated = truncated || more
		for _, t := range pieces {
			out.Chunks = append(out.Chunks, Chunk{
				Source:   rel,
				Section:  truncateRunes(b.section, 300),
				Location: loc,
				Text:     t,
				Ordinal:  len(out.Chunks),
				Hash:     Hash(t),
			})
		}
		// Free the block's text as soon as it is chunked.
		doc.blocks[bi] = block{}
	}
	if truncated {
		out.Truncated = true
		out.Notes = append(out.Notes, fmt.Sprintf("cut at the cap of %d chunks per file: the rest of the file is not indexed", opt.MaxChunks))
	}
	return out, nil
}

// Hash returns the hex SHA-256 of s, the content hash stored with a chunk.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// truncateRunes bounds section labels, which come from user data (a CSV
// cell, a heading) and could otherwise be as long as the file.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimSpace(s[:k]) + "…"
		}
		i++
	}
	return s
}

// outline tracks the heading path while a document is read.
type outline struct {
	title  string // document title (front matter or <title>), may be ""
	levels []int
	names  []string
}

// push enters a heading of the given level (1 for the top).
func (o *outline) push(level int, name string) {
	for len(o.levels) > 0 && o.levels[len(o.levels)-1] >= level {
		o.levels = o.levels[:len(o.levels)-1]
		o.names = o.names[:len(o.names)-1]
	}
	if name == "" {
		return
	}
	o.levels = append(o.levels, level)
	o.names = append(o.names, name)
}

// path returns the section label: the heading path, under the document
// title when no top-level heading names the part (so a file titled in its
// front matter with only "##" headings still reads "Title > Heading").
func (o *outline) path() string {
	names := o.names
	if o.title != "" && (len(o.levels) == 0 || o.levels[0] > 1) {
		names = append([]string{o.title}, names...)
	}
	return strings.Join(names, " > ")
}
