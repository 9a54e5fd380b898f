package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDocxXML bounds the unzipped size of word/document.xml, so a zip bomb
// cannot exhaust memory.
const maxDocxXML = 64 << 20

// docxToMarkdown converts a Word (.docx) file into Markdown that
// parseMarkdown reads: Title and Heading 1–6 paragraphs become headings,
// list paragraphs become "- " items, tables become Markdown tables; other
// paragraphs are text. Only the standard library is used (a .docx is a zip
// of XML parts).
func docxToMarkdown(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: not a .docx file (it is not a zip archive: %v)", ErrUnsupported, err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
			break
		}
	}
	if part == nil {
		return "", fmt.Errorf("%w: not a .docx file (no word/document.xml)", ErrUnsupported)
	}
	rc, err := part.Open()
	if err != nil {
		return "", fmt.Errorf("read word/document.xml: %w", err)
	}
	defer rc.Close()
	xmlData, err := io.ReadAll(io.LimitReader(rc, maxDocxXML+1))
	if err != nil {
		return "", fmt.Errorf("read word/document.xml: %w", err)
	}
	if len(xmlData) > maxDocxXML {
		return "", fmt.Errorf("%w: word/document.xml is larger than %d MB", ErrTooComplex, maxDocxXML>>20)
	}
	return docxBody(xmlData)
}

// docxPara is one paragraph being read.
type docxPara struct {
	style string
	list  bool
	text  strings.Builder
}

// docxBody walks the document XML with a token decoder (no reflection on
// untrusted structure) and writes Markdown.
func docxBody(xmlData []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(xmlData))
	var out strings.Builder
	var para *docxPara
	// Tables: rows of cells; a cell's paragraphs are joined with spaces.
	type table struct {
		rows [][]string
		row  []string
		cell *strings.Builder
	}
	var tables []*table
	inText := false
	flushPara := func() {
		if para == nil {
			return
		}
		text := strings.Join(strings.Fields(para.text.String()), " ")
		p := para
		para = nil
		if text == "" {
			return
		}
		if len(tables) > 0 {
			t := tables[len(tables)-1]
			if t.cell != nil {
				if t.cell.Len() > 0 {
					t.cell.WriteByte(' ')
				}
				t.cell.WriteString(text)
				return
			}
		}
		switch level := docxHeadingLevel(p.style); {
		case level > 0:
			fmt.Fprintf(&out, "\n%s %s\n\n", strings.Repeat("#", level), text)
		case p.list:
			fmt.Fprintf(&out, "- %s\n", text)
		default:
			fmt.Fprintf(&out, "%s\n\n", text)
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("word/document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				flushPara()
				para = &docxPara{}
			case "pStyle":
				if para != nil {
					para.style = attr(t, "val")
				}
			case "numPr":
				if para != nil {
					para.list = true
				}
			case "t":
				inText = true
			case "tab":
				if para != nil {
					para.text.WriteByte(' ')
				}
			case "br", "cr":
				if para != nil {
					para.text.WriteByte(' ')
				}
			case "tbl":
				flushPara()
				tables = append(tables, &table{})
			case "tr":
				if len(tables) > 0 {
					tables[len(tables)-1].row = nil
				}
			case "tc":
				if len(tables) > 0 {
					tables[len(tables)-1].cell = &strings.Builder{}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				flushPara()
			case "t":
				inText = false
			case "tc":
				flushPara()
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					if tb.cell != nil {
						tb.row = append(tb.row, strings.ReplaceAll(tb.cell.String(), "|", "/"))
						tb.cell = nil
					}
				}
			case "tr":
				if len(tables) > 0 {
					tb := tables[len(tables)-1]
					tb.rows = append(tb.rows, tb.row)
					tb.row = nil
				}
			case "tbl":
				if len(tables) == 0 {
					continue
				}
				tb := tables[len(tables)-1]
				tables = tables[:len(tables)-1]
				md := markdownTable(tb.rows)
				if len(tables) > 0 && tables[len(tables)-1].cell != nil {
					// A nested table is flattened into its cell.
					tables[len(tables)-1].cell.WriteString(strings.Join(strings.Fields(strings.ReplaceAll(md, "|", " ")), " "))
				} else {
					out.WriteString("\n" + md + "\n")
				}
			}
		case xml.CharData:
			if inText && para != nil {
				para.text.Write(t)
			}
		}
	}
	flushPara()
	return strings.TrimSpace(out.String()) + "\n", nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxHeadingLevel maps a Word paragraph style to a Markdown heading
// level: Title is 1 and Heading 1..5 are 2..6, so the headings nest under
// the document's title; 0 for any other style.
func docxHeadingLevel(style string) int {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	if s == "title" {
		return 1
	}
	if strings.HasPrefix(s, "heading") && len(s) == len("heading")+1 {
		if d := s[len(s)-1]; d >= '1' && d <= '5' {
			return int(d-'0') + 1
		}
	}
	return 0
}

// markdownTable writes rows as a Markdown table, the first row as header.
func markdownTable(rows [][]string) string {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	if width == 0 {
		return ""
	}
	var b strings.Builder
	for i, r := range rows {
		cells := make([]string, width)
		copy(cells, r)
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat("---|", width) + "\n")
		}
	}
	return b.String()
}
