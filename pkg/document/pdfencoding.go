package document

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Single-byte PDF fonts without a ToUnicode map say what their codes are
// through an encoding: WinAnsi by default (Latin-1 but for 0x80–0x9F,
// where the curly quotes, dashes, the bullet and the euro are), and a
// /Differences array of glyph names over it. Menus set without ToUnicode
// lose "’", "–" and "€" to control characters when these are ignored.

// winAnsiHigh holds WinAnsiEncoding's codes 0x80 to 0x9F; 0 is unused.
var winAnsiHigh = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// latin1Names are the glyph names of Latin-1's 0xA0 to 0xFF, in order.
var latin1Names = strings.Fields(`space exclamdown cent sterling currency yen brokenbar section
	dieresis copyright ordfeminine guillemotleft logicalnot hyphen registered macron
	degree plusminus twosuperior threesuperior acute mu paragraph periodcentered
	cedilla onesuperior ordmasculine guillemotright onequarter onehalf threequarters questiondown
	Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla
	Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis
	Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply
	Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls
	agrave aacute acircumflex atilde adieresis aring ae ccedilla
	egrave eacute ecircumflex edieresis igrave iacute icircumflex idieresis
	eth ntilde ograve oacute ocircumflex otilde odieresis divide
	oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis`)

// asciiNames are the glyph names of the ASCII punctuation and digits.
var asciiNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$',
	"percent": '%', "ampersand": '&', "quotesingle": '\'', "parenleft": '(',
	"parenright": ')', "asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-',
	"period": '.', "slash": '/', "zero": '0', "one": '1', "two": '2', "three": '3',
	"four": '4', "five": '5', "six": '6', "seven": '7', "eight": '8', "nine": '9',
	"colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>',
	"question": '?', "at": '@', "bracketleft": '[', "backslash": '\\',
	"bracketright": ']', "asciicircum": '^', "underscore": '_', "grave": '`',
	"braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~',
	// beyond Latin-1: WinAnsi's extras and a few common others
	"Euro": '€', "quotesinglbase": '‚', "florin": 'ƒ', "quotedblbase": '„',
	"ellipsis": '…', "dagger": '†', "daggerdbl": '‡', "circumflex": 'ˆ',
	"perthousand": '‰', "Scaron": 'Š', "guilsinglleft": '‹', "OE": 'Œ', "Zcaron": 'Ž',
	"quoteleft": '‘', "quoteright": '’', "quotedblleft": '“', "quotedblright": '”',
	"bullet": '•', "endash": '–', "emdash": '—', "tilde": '˜', "trademark": '™',
	"scaron": 'š', "guilsinglright": '›', "oe": 'œ', "zcaron": 'ž', "Ydieresis": 'Ÿ',
	"minus": '−', "fraction": '⁄', "dotlessi": 'ı', "Lslash": 'Ł', "lslash": 'ł',
}

// ligatures spell out the ligature glyphs, so "ﬁsh" is found as "fish".
var ligatures = map[string]string{"fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl"}

// glyphText returns the text of a glyph name: one of the names above, a
// single letter, or "uniXXXX" / "uXXXX"; "" when unknown.
func glyphText(name string) string {
	if r, ok := asciiNames[name]; ok {
		return string(r)
	}
	if s, ok := ligatures[name]; ok {
		return s
	}
	if len(name) == 1 && (name[0] >= 'A' && name[0] <= 'Z' || name[0] >= 'a' && name[0] <= 'z') {
		return name
	}
	for i, n := range latin1Names {
		if n == name && i > 0 { // 0xA0 is the no-break space: "space" is ASCII's
			return string(rune(0xA0 + i))
		}
	}
	hex := ""
	switch {
	case strings.HasPrefix(name, "uni") && len(name) == 7:
		hex = name[3:]
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hex = name[1:]
	}
	if hex != "" {
		if v, err := strconv.ParseUint(hex, 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v))
		}
	}
	return ""
}

// parseDifferences reads a /Differences array: a code, then the glyph
// names of that code and the ones after it, then another code, and so on.
// It returns the text of each code whose glyph name is known.
func parseDifferences(a string) map[int]string {
	out := map[int]string{}
	code := -1
	for _, tok := range arrayTokens(a) {
		for _, part := range splitNames(tok) {
			if !strings.HasPrefix(part, "/") {
				n, err := strconv.Atoi(part)
				if err != nil || n < 0 || n > 255 {
					code = -1
				} else {
					code = n
				}
				continue
			}
			if code < 0 || code > 255 {
				continue
			}
			if s := glyphText(part[1:]); s != "" {
				out[code] = s
			}
			code++
		}
	}
	return out
}

// splitNames cuts "32/space/exclam" into "32", "/space", "/exclam".
func splitNames(tok string) []string {
	var parts []string
	for tok != "" {
		i := strings.IndexByte(tok[1:], '/')
		if i < 0 {
			return append(parts, tok)
		}
		parts = append(parts, tok[:i+1])
		tok = tok[i+1:]
	}
	return parts
}

// readEncoding reads a simple font's /Encoding: its /Differences, inline
// or in an encoding dictionary of its own.
func (f *pdfFont) readEncoding(objs map[int]pdfObj, fd string) {
	if f.width != 1 {
		return
	}
	enc := pdfValue(fd, "Encoding")
	if refs := pdfRefs(enc); len(refs) == 1 && !strings.HasPrefix(enc, "<<") {
		enc = objs[refs[0]].dict
	}
	if !strings.Contains(enc, "/Differences") {
		return
	}
	diff := pdfArray(enc, "Differences")
	if refs := pdfRefs(diff); diff != "" && !strings.HasPrefix(diff, "[") && len(refs) == 1 {
		diff = objs[refs[0]].dict
	}
	if d := parseDifferences(diff); len(d) > 0 {
		f.names = d
	}
}

// simpleText is the text of a single-byte code with no ToUnicode entry:
// its /Differences glyph, else WinAnsi (Latin-1 outside 0x80–0x9F).
func (f pdfFont) simpleText(c byte) string {
	if s, ok := f.names[int(c)]; ok {
		return s
	}
	if c >= 0x80 && c <= 0x9F {
		if r := winAnsiHigh[c-0x80]; r != 0 {
			return string(r)
		}
		return ""
	}
	return string(rune(c))
}
