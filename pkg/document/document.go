// Package document turns the café's source files (Markdown, plain text,
// CSV, HTML, JSON and JSON Lines) into chunks small enough to embed and
// quote: each chunk keeps the heading path or record label it came from, so
// an answer can cite "policies/refunds.md › Refund policy > Card payments".
package document

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// DefaultChunkChars is the chunk size used when Options.ChunkChars is not set.
const DefaultChunkChars = 1200

// ErrUnsupported reports a file that is not a document this package reads:
// an unknown extension or binary content. Callers skip such files.
var ErrUnsupported = errors.New("unsupported file")

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
	blocks   []block
}

type parser func(text string) (parsed, error)

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
	_, ok := parsers[strings.ToLower(path.Ext(rel))]
	return ok
}

// Parse splits the document rel (its path, used for Source and to pick the
// format by extension) into chunks. It returns an error wrapping
// ErrUnsupported for unknown extensions and binary content, and a
// descriptive error naming the line for malformed CSV, JSON or front matter.
// Errors do not repeat rel; callers add it.
func Parse(rel string, data []byte, opt Options) ([]Chunk, error) {
	opt = opt.normalised()
	ext := strings.ToLower(path.Ext(rel))
	parse, ok := parsers[ext]
	if !ok {
		if ext == "" {
			return nil, fmt.Errorf("%w: no file extension", ErrUnsupported)
		}
		return nil, fmt.Errorf("%w: %s files are not read", ErrUnsupported, ext)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%w: binary content (NUL bytes)", ErrUnsupported)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: binary content (not UTF-8 text)", ErrUnsupported)
	}
	text := normaliseNewlines(string(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	doc, err := parse(text)
	if err != nil {
		return nil, err
	}
	loc := doc.location
	if loc == "" {
		loc = opt.Location
	}
	var out []Chunk
	for _, b := range doc.blocks {
		for _, t := range split(b.text, opt.ChunkChars, opt.Overlap) {
			out = append(out, Chunk{
				Source:   rel,
				Section:  truncateRunes(b.section, 300),
				Location: loc,
				Text:     t,
				Ordinal:  len(out),
				Hash:     Hash(t),
			})
		}
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
