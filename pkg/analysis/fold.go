package analysis

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
)

// foldCache remembers each non-ASCII rune's fold: the confusables
// skeleton is computed per string, and a message repeats its few
// non-ASCII letters.
var foldCache sync.Map // rune → string ("" when the rune stays)

// fold returns the ASCII letters or digits r looks like, per the Unicode
// confusables table (UTS #39 skeleton), and whether there are any. Only
// ASCII results are taken: the table also maps, say, an em dash to a
// katakana mark, which would help no rule.
func fold(r rune) (string, bool) {
	if v, ok := foldCache.Load(r); ok {
		s := v.(string)
		return s, s != ""
	}
	s := skeletonASCII(r)
	foldCache.Store(r, s)
	return s, s != ""
}

func skeletonASCII(r rune) string {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
		return ""
	}
	sk := confusables.Skeleton(string(r))
	if sk == string(r) || sk == "" {
		return ""
	}
	var b strings.Builder
	for _, c := range sk {
		if c >= utf8.RuneSelf {
			if unicode.Is(unicode.Mn, c) {
				continue
			}
			return ""
		}
		b.WriteRune(c)
	}
	out := b.String()
	if out == "" {
		return ""
	}
	// The skeleton maps lower-case look-alikes to ASCII that is sometimes
	// upper case or a digit ("ο" to "o", but "l" for a Cyrillic palochka
	// and "rn" for "m"-like letters); keep the case of the original.
	if unicode.IsLower(r) {
		out = strings.ToLower(out)
	}
	return out
}

//go:embed words.txt
var wordsFile string

// vocab is the known-word list (words.txt), built on first use so that
// commands that never analyse a message (--version, --help) skip it.
var vocab = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 5000)
	for _, line := range strings.Split(wordsFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		m[line] = struct{}{}
	}
	return m
})

// IsWord reports whether w (lower case) is in the analysis's word list.
func IsWord(w string) bool {
	_, ok := vocab()[w]
	return ok
}

// segment splits a run of letters with no spaces ("iwanttodie") into
// known words, preferring fewer, longer words; letters no known word
// covers stay together as one piece, at a cost that makes any known-word
// reading win. It returns nil when no known word is found at all.
func segment(s string) []string {
	n := len(s)
	if n == 0 || n > 80 {
		return nil
	}
	// best[i] is the lowest cost covering s[:i]: 1 per known word, 3 plus
	// 2 per letter for an unknown piece.
	best := make([]int, n+1)
	from := make([]int, n+1)
	known := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for j := max(0, i-20); j < i; j++ {
			if best[j] < 0 {
				continue
			}
			w := s[j:i]
			cost := 3 + 2*len(w)
			isKnown := IsWord(w) && (len(w) > 1 || w == "a" || w == "i")
			if isKnown {
				cost = 1
			}
			if c := best[j] + cost; best[i] < 0 || c < best[i] {
				best[i], from[i], known[i] = c, j, isKnown
			}
		}
	}
	if best[n] < 0 {
		return nil
	}
	var out []string
	anyKnown := false
	for i := n; i > 0; i = from[i] {
		out = append(out, s[from[i]:i])
		anyKnown = anyKnown || known[i]
	}
	if !anyKnown {
		return nil
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return out
}
