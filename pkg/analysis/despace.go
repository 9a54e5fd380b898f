package analysis

import (
	"regexp"
	"strings"
	"sync"
)

// dottedRE finds letters joined by dots, dashes, underscores or stars:
// "d.i.e", "k-i-l-l", "s_h_o_o_t". Compiled on first use, not at start-up.
var dottedRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^A-Za-z0-9@$])((?:[A-Za-z0-9@$][.\-_*]){2,}[A-Za-z0-9@$])`)
})

// mayBeDotted reports whether s holds what every match of dottedRE
// holds: a joined character, a joiner, a character, a joiner and a
// character in a row ("k-i-l"). A phone number or a date ("555-010-2233",
// "2026-03-12") has none, and the pattern, which costs a few thousand
// instructions a message, is then not run. Both classes are ASCII, so
// bytes decide as runes do.
func mayBeDotted(s string) bool {
	for i := 1; i+3 < len(s); i++ {
		if isJoiner(s[i]) && isJoiner(s[i+2]) && isJoined(s[i-1]) && isJoined(s[i+1]) && isJoined(s[i+3]) {
			return true
		}
	}
	return false
}

// isJoiner and isJoined are dottedRE's [.\-_*] and [A-Za-z0-9@$].
func isJoiner(c byte) bool { return c == '.' || c == '-' || c == '_' || c == '*' }
func isJoined(c byte) bool {
	return isLetterByte(c) || c >= '0' && c <= '9' || c == '@' || c == '$'
}

// despace rejoins words spread out letter by letter. Letters separated by
// single spaces form one run, split into known words when they read as
// several ("i w a n t t o d i e"); two or more spaces, or a slash, mark
// a word break ("k i l l  m y s e l f").
func despace(s string, ev *evasions) string {
	if strings.ContainsAny(s, ".-_*") {
		if out := undot(s); out != s {
			ev.add(Spaced)
			s = out
		}
	}
	if out := unspace(s); out != s {
		ev.add(Spaced)
		s = out
	}
	return s
}

func undot(s string) string {
	if !mayBeDotted(s) {
		return s
	}
	locs := dottedRE().FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end := l[2], l[3]
		run := s[start:end]
		letters := 0
		var w strings.Builder
		for k := 0; k < len(run); k++ {
			c := run[k]
			if isLetterByte(c) {
				letters++
			}
			if c != '.' && c != '-' && c != '_' && c != '*' {
				w.WriteByte(c)
			}
		}
		// Dates, versions and codes ("1.2.3", "A-1-2") are not words.
		if letters < 2 || letters*2 < w.Len() {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(w.String())
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// field is one whitespace-delimited chunk of the text.
type field struct{ start, end int }

func unspace(s string) string {
	var fs []field
	i := 0
	for i < len(s) {
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		fs = append(fs, field{i, j})
		i = j
	}
	var b strings.Builder
	last := 0
	changed := false
	for k := 0; k < len(fs); {
		m := k
		for m < len(fs) && single(s, fs[m]) {
			m++
			// Closing punctuation ends the run: "b a c k, L u i s" is two.
			if ends(s, fs[m-1]) {
				break
			}
		}
		if m-k < 3 || !worthJoining(s, fs[k:m]) {
			k = max(m, k+1)
			continue
		}
		b.WriteString(s[last:fs[k].start])
		b.WriteString(join(s, fs[k:m]))
		last = fs[m-1].end
		changed = true
		k = m
	}
	if !changed {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// single reports whether f is one letter (or leet character), perhaps
// with closing punctuation.
func single(s string, f field) bool {
	c := s[f.start:f.end]
	c = strings.TrimRight(c, ".,!?;:")
	return len(c) == 1 && (isLeetTokenByte(c[0]) && c[0] != '!' && c[0] != '|' || c[0] == '*')
}

// ends reports whether field f carries closing punctuation.
func ends(s string, f field) bool {
	return f.end-f.start > 1 && strings.ContainsRune(".,!?;:", rune(s[f.end-1]))
}

// worthJoining keeps stray letters apart from spelled-out words: the run
// needs two letters. Lists ("a, b and c") never form a run, as closing
// punctuation ends one.
func worthJoining(s string, run []field) bool {
	letters := 0
	for _, f := range run {
		if isLetterByte(s[f.start]) {
			letters++
		}
	}
	return letters >= 2
}

// join rejoins a run of single-letter fields into words.
func join(s string, run []field) string {
	var parts []string
	var cur strings.Builder
	tail := ""
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		w := cur.String()
		cur.Reset()
		if seg := segment(strings.ToLower(mapLeet(w, 'i'))); len(seg) > 1 && !IsWord(strings.ToLower(w)) {
			// Keep the letters as written; only the breaks come from the
			// segmentation.
			off := 0
			for _, p := range seg {
				parts = append(parts, w[off:off+len(p)])
				off += len(p)
			}
			return
		}
		parts = append(parts, w)
	}
	for n, f := range run {
		c := s[f.start:f.end]
		cur.WriteByte(c[0])
		if n == len(run)-1 {
			tail = c[1:]
			break
		}
		gap := s[f.end:run[n+1].start]
		if len(c) > 1 || len(gap) > 1 || strings.ContainsAny(gap, "\n\t") {
			// punctuation, a double space or a line break ends a word
			flush()
			if len(c) > 1 {
				parts[len(parts)-1] += c[1:]
			}
		}
	}
	flush()
	return strings.Join(parts, " ") + tail
}
