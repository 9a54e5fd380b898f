package document

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain-text files written by hand (a board's copy, a shift handover, an
// IT readme) title themselves the way typewriters did: in capitals on the
// first line, underlined with === or ---, or on a "Title:" line.
// textTitle reads that title, so the document is listed and learned
// under it. Its chunks stay as they were: splitting such a file at its
// lines in capitals was measured and left out, as it cost the bundled
// knowledge base's Wi-Fi card questions (tuned hit@3 95.0% -> 93.8%).

// underline reports a line of one repeated rule character (=, -, ~, _,
// *), at least three long, and the heading level it gives: 1 for =, 2
// for the rest.
func underline(line string) (int, bool) {
	t := strings.TrimSpace(line)
	if utf8.RuneCountInString(t) < 3 {
		return 0, false
	}
	c := t[0]
	if strings.IndexByte("=-~_*", c) < 0 || strings.Trim(t, string(c)) != "" {
		return 0, false
	}
	if c == '=' {
		return 1, true
	}
	return 2, true
}

// headingLine reports a line short enough to head a part, not a sentence
// (no full stop, comma or semicolon at its end) and not a list item.
func headingLine(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || utf8.RuneCountInString(t) > 100 || strings.IndexFunc(t, unicode.IsLetter) < 0 {
		return false
	}
	if strings.ContainsAny(t[len(t)-1:], ".,;!") {
		return false
	}
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "• ") {
		return false
	}
	// a note in brackets ("(board copy, all shops)") is not a heading
	return !(strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"))
}

// headingName is a heading's text as a section name: spaces collapsed,
// rule characters around it trimmed, and " > " (which separates the
// names of a section path) written " / ".
func headingName(line string) string {
	t := collapse(strings.Trim(strings.TrimSpace(line), "=*#~ "))
	return strings.ReplaceAll(t, " > ", " / ")
}

// titleLine returns the value of a "Title: ..." line.
func titleLine(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if len(t) < 7 || !strings.EqualFold(t[:6], "title:") {
		return "", false
	}
	v := strings.TrimSpace(t[6:])
	return v, v != "" && utf8.RuneCountInString(v) <= 150
}

// firstTitle reports a first line that titles the file: short, not a
// sentence, and opening with a word in capitals ("LOST & FOUND — how it
// works", "KETTLEWICK COFFEE — DRINKS").
func firstTitle(line string) bool {
	t := strings.TrimSpace(line)
	if !headingLine(t) || utf8.RuneCountInString(t) > 120 {
		return false
	}
	word := strings.Fields(strings.TrimLeftFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }))
	if len(word) == 0 {
		return false
	}
	letters := 0
	for _, r := range word[0] {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// textTitle returns the title a plain-text file gives itself: a
// "Title:" line among its first lines, its first line when underlined,
// or its first line when that is short, not a sentence and opens with a
// word in capitals; "" when it has none.
func textTitle(text string) string {
	lines := strings.SplitN(text, "\n", 12)
	seen := 0
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if v, ok := titleLine(line); ok {
			return headingName(v)
		}
		if seen == 0 {
			if i+1 < len(lines) && isUnderline(lines[i+1]) && headingLine(line) && !isUnderline(line) {
				return headingName(line)
			}
			if firstTitle(line) {
				return headingName(line)
			}
		}
		if seen++; seen == 5 {
			break
		}
	}
	return ""
}

func isUnderline(line string) bool {
	_, ok := underline(line)
	return ok
}
