package trainset

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The world set: hand-written sentences in testdata/guard/world/*.txt,
// one per line, in the register of public text (social-media posts,
// questions to a chatbot, news, other languages) rather than of the
// templates above. The file's name up to its first dot is the category
// ("benign" for benign rows: benign.txt, benign.news.txt); "#" starts a comment line; {a|b} picks an alternative per row.
// Each sentence is written as it is and as a few variants dressed the
// way posts are (an @mention, a hashtag, an emoji, capitals, a typo, text
// speak). The dressing is drawn from the same pools whatever the label,
// so it never tells harm from benign.

// worldVariants is how many dressed variants each sentence adds, beside
// the sentence itself. All of a sentence's rows land in the same split
// (by the hash of the sentence as written in the file), so validation
// never scores a variant of a sentence the model was trained on.
var worldVariants = map[string]int{"benign": 3}

const defaultWorldVariants = 3

var (
	mentions = []string{"@jess_88", "@mikey", "@user", "@TomH", "@sarah_k", "@the_real_dan", "@priya.s", "@BBCNews", "@coach_lee", "@gamer4life"}
	hashtags = []string{"#monday", "#football", "#news", "#rant", "#justsaying", "#fyp", "#politics", "#coffee", "#london", "#mood", "#truth", "#LFC"}
	emoji    = []string{"😂", "🤣", "🙄", "😡", "💀", "😤", "🔥", "😭", "👀", "😏", "🤡", "👍", "❤️", "😅", "🤷"}
	speak    = strings.NewReplacer(" you ", " u ", " you're ", " ur ", " your ", " ur ", " are ", " r ", " people ", " ppl ", " please", " pls", " because ", " cos ", " thanks", " thx", " tonight", " 2nite", " to be ", " 2 be ")
)

// dress returns s with one or two of the dressings a post carries.
func dress(s string, rng *rand.Rand) string {
	for k := 1 + rng.IntN(2); k > 0; k-- {
		switch rng.IntN(11) {
		case 0:
			s = mentions[rng.IntN(len(mentions))] + " " + s
		case 1:
			s = s + " " + hashtags[rng.IntN(len(hashtags))]
		case 2:
			s = s + " " + emoji[rng.IntN(len(emoji))]
		case 3:
			s = strings.ToUpper(s)
		case 4:
			s = capitalise(s)
		case 5:
			s = strings.TrimSpace(speak.Replace(" " + s + " "))
		case 6:
			s = strings.ReplaceAll(s, "'", "")
		case 7:
			s = typo(s, rng)
		case 8:
			s = s + []string{"!!", "...", " lol", " smh", " tbh", "?!", " fr", ".", " ffs", " ngl"}[rng.IntN(10)]
		case 9:
			s = "RT " + mentions[rng.IntN(len(mentions))] + ": " + s
		case 10:
			s = stretch(s, rng)
		}
	}
	return s
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// typo drops, doubles or swaps a letter of one longer word.
func typo(s string, rng *rand.Rand) string {
	words := strings.Fields(s)
	var long []int
	for i, w := range words {
		if len(w) > 4 && isASCIILetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return s
	}
	i := long[rng.IntN(len(long))]
	w := words[i]
	j := 1 + rng.IntN(len(w)-2)
	switch rng.IntN(3) {
	case 0:
		w = w[:j] + w[j+1:]
	case 1:
		w = w[:j] + w[j:j+1] + w[j:]
	default:
		w = w[:j-1] + w[j:j+1] + w[j-1:j] + w[j+1:]
	}
	words[i] = w
	return strings.Join(words, " ")
}

// stretch repeats the last vowel of one word ("sooo").
func stretch(s string, rng *rand.Rand) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	i := rng.IntN(len(words))
	w := words[i]
	for j := len(w) - 1; j >= 0; j-- {
		if strings.ContainsRune("aeiou", rune(w[j])) {
			words[i] = w[:j+1] + strings.Repeat(w[j:j+1], 2+rng.IntN(3)) + w[j+1:]
			break
		}
	}
	return strings.Join(words, " ")
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// worldRow is one generated row before the split is assigned.
type worldRow struct {
	text  string
	cat   string // "" for benign
	split string // by the hash of the sentence, so its variants stay together
}

// worldRows reads dir's *.txt files and generates their rows.
func worldRows(dir string, rng *rand.Rand) ([]worldRow, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []worldRow
	for _, f := range files {
		cat, _, _ := strings.Cut(strings.TrimSuffix(filepath.Base(f), ".txt"), ".")
		lines, err := sentences(f)
		if err != nil {
			return nil, err
		}
		n, ok := worldVariants[cat]
		if !ok {
			n = defaultWorldVariants
		}
		label := cat
		if cat == "benign" {
			label = ""
		}
		for _, l := range lines {
			sp := split(l)
			out = append(out, worldRow{fill(l, rng), label, sp})
			for i := 0; i < n; i++ {
				out = append(out, worldRow{dress(fill(l, rng), rng), label, sp})
			}
		}
	}
	return out, nil
}

// sentences returns the non-blank, non-comment lines of path.
func sentences(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.Count(l, "{") != strings.Count(l, "}") {
			return nil, fmt.Errorf("%s: unbalanced braces in %q", path, l)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}
