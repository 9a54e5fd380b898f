package document

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxDepth = 64

// field is one key of a JSON object; objects keep their key order so a
// record reads the way its author wrote it.
type field struct {
	key string
	val any // string, json.Number, bool, nil, []any or []field
}

// parseJSON reads an object or an array of objects, one block per object.
func parseJSON(text string, lim limits) (parsed, error) {
	var doc parsed
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return doc, nil
	}
	if err != nil {
		return doc, jsonError(text, dec, err)
	}
	switch tok {
	case json.Delim('{'):
		obj, err := decodeObject(dec, 1)
		if err != nil {
			return doc, jsonError(text, dec, err)
		}
		r := jsonRender{doc: &doc, lim: lim}
		r.object(obj, nil, nil, 1)
		r.note()
	case json.Delim('['):
		lines := lineCounter{text: text}
		var objs [][]field
		for n := 1; dec.More(); n++ {
			if len(objs) >= lim.blocks {
				// each record gives at least one chunk: the rest would be cut
				readRecords(&doc, lim, objs)
				doc.more = true
				return doc, nil
			}
			line := lines.at(nextToken(text, dec.InputOffset()))
			v, err := decodeValue(dec, 1)
			if err != nil {
				return doc, jsonError(text, dec, err)
			}
			obj, ok := v.([]field)
			if !ok {
				return doc, fmt.Errorf("json line %d: record %d is not an object", line, n)
			}
			objs = append(objs, obj)
		}
		if _, err := dec.Token(); err != nil {
			return doc, jsonError(text, dec, err)
		}
		readRecords(&doc, lim, objs)
	default:
		return doc, fmt.Errorf("json line %d: want an object or an array of objects", lineAt(text, dec.InputOffset()))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return doc, fmt.Errorf("json line %d: unexpected data after the top-level value", lineAt(text, dec.InputOffset()))
	}
	return doc, nil
}

// parseJSONL reads one object per non-blank line.
func parseJSONL(text string, lim limits) (parsed, error) {
	var doc parsed
	var objs [][]field
	more := false
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(objs) >= lim.blocks {
			more = true
			break
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		v, err := decodeValue(dec, 0)
		if err != nil {
			return doc, fmt.Errorf("jsonl line %d: %v", i+1, err)
		}
		obj, ok := v.([]field)
		if !ok {
			return doc, fmt.Errorf("jsonl line %d: not an object", i+1)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return doc, fmt.Errorf("jsonl line %d: unexpected data after the object", i+1)
		}
		objs = append(objs, obj)
	}
	readRecords(&doc, lim, objs)
	doc.more = doc.more || more
	return doc, nil
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		return decodeObject(dec, depth+1)
	case json.Delim('['):
		if depth >= maxDepth {
			return nil, errors.New("nested too deeply")
		}
		arr := []any{}
		for dec.More() {
			v, err := decodeValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return arr, nil
	}
	return tok, nil
}

// decodeObject reads the rest of an object whose '{' was consumed.
func decodeObject(dec *json.Decoder, depth int) ([]field, error) {
	if depth >= maxDepth {
		return nil, errors.New("nested too deeply")
	}
	obj := []field{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := k.(string)
		v, err := decodeValue(dec, depth)
		if err != nil {
			return nil, err
		}
		obj = append(obj, field{key: key, val: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return obj, nil
}

func jsonError(text string, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("json line %d: unexpected end of file", lineAt(text, int64(len(text))))
	}
	return fmt.Errorf("json line %d: %v", lineAt(text, off), err)
}

// nextToken skips the spaces and comma after off, to where the next value starts.
func nextToken(text string, off int64) int64 {
	for off < int64(len(text)) && strings.IndexByte(" \t\r\n,", text[off]) >= 0 {
		off++
	}
	return off
}

// lineCounter answers lineAt for increasing offsets in time linear in the
// text overall, where calling lineAt per record of a big array would
// rescan the text from the start each time.
type lineCounter struct {
	text string
	off  int64 // text[:off] is counted
	line int   // newlines in text[:off]
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.text)))
	if off < c.off {
		return lineAt(c.text, off)
	}
	c.line += strings.Count(c.text[c.off:off], "\n")
	c.off = off
	return c.line + 1
}

func lineAt(text string, off int64) int {
	if off > int64(len(text)) {
		off = int64(len(text))
	}
	if off < 0 {
		off = 0
	}
	return strings.Count(text[:off], "\n") + 1
}

func label(key, val string) string {
	if key == "" {
		return val
	}
	return key + ": " + val
}

// jsonScalar renders a scalar; ok is false for objects and arrays.
func jsonScalar(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(v), true
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "yes", true
		}
		return "no", true
	}
	return "", false
}

// recordLabel prefers a name-like field, then the first title-like string.
func recordLabel(obj []field, n int) string {
	for _, want := range []string{"name", "title", "item", "question", "id", "sku"} {
		for _, f := range obj {
			if strings.EqualFold(f.key, want) {
				if s, _ := jsonScalar(f.val); s != "" {
					return collapse(s)
				}
			}
		}
	}
	// else the first string that can head a section (a flag's "yes" or
	// a price cannot)
	for _, f := range obj {
		if s, ok := f.val.(string); ok && titleLike(s) {
			return collapse(s)
		}
	}
	return fmt.Sprintf("record %d", n)
}
