package document

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeText returns data as UTF-8 and the encoding it was read from.
// UTF-8 is taken as it is; a UTF-16 byte-order mark (spreadsheet "Unicode
// text" exports) selects UTF-16; any other text that is not UTF-8 is read
// as Windows-1252, the superset of Latin-1 that older Windows tools and
// tills write. Content that looks binary gives an error wrapping
// ErrUnsupported instead: a NUL byte outside UTF-16, or more control or
// undefined bytes than a text editor would ever leave.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), data, "utf-16le")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), data, "utf-16be")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", fmt.Errorf("%w: binary content (NUL bytes)", ErrUnsupported)
	}
	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	if looksBinary(data) {
		return "", "", fmt.Errorf("%w: binary content (neither UTF-8 nor Windows-1252 text)", ErrUnsupported)
	}
	return decodeWith(charmap.Windows1252, data, "windows-1252")
}

func decodeWith(enc encoding.Encoding, data []byte, name string) (string, string, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: not valid %s text: %v", ErrUnsupported, name, err)
	}
	if name != "windows-1252" && bytes.IndexByte(out, 0) >= 0 {
		return "", "", fmt.Errorf("%w: binary content (NUL characters)", ErrUnsupported)
	}
	return string(out), name, nil
}

// looksBinary reports whether bytes that are not UTF-8 are unlikely to be
// Windows-1252 text: control bytes other than tab, newline, carriage
// return and form feed, or the five bytes Windows-1252 leaves undefined,
// in more than 1 in 200 bytes; or more than 40% of bytes above 0x7F (even
// French or Icelandic prose has far fewer accented letters than that).
func looksBinary(data []byte) bool {
	var odd, high int
	for _, b := range data {
		switch {
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f', b == 0x7F,
			b == 0x81, b == 0x8D, b == 0x8F, b == 0x90, b == 0x9D:
			odd++
		case b >= 0x80:
			high++
		}
	}
	return odd*200 > len(data) || high*10 > len(data)*4
}
