package analysis_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/analysis"
)

var letterRun = regexp.MustCompile(`[\p{L}]+`)

// TestComposedRuleWordsKnown: every word of three letters or more in the
// guard's composed rules (pkg/guard/compose.yaml: its classes, rule parts
// and unless_within lists) is in words.txt. A rule word missing there is
// rejoined badly when spaced out or reversed: the fourth round's rare and
// non-English rule words held letter spacing and reversal at about 83%
// on dev_r4 until they were added (97.5% and 91.7% after). The test
// fails on the next rule word nobody added.
func TestComposedRuleWordsKnown(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "guard", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Classes map[string][]string `yaml:"classes"`
		Rules   []struct {
			Parts        []string `yaml:"parts"`
			UnlessWithin []string `yaml:"unless_within"`
		} `yaml:"rules"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var phrases []string
	for _, c := range doc.Classes {
		phrases = append(phrases, c...)
	}
	for _, r := range doc.Rules {
		phrases = append(phrases, r.Parts...)
		phrases = append(phrases, r.UnlessWithin...)
	}
	if len(phrases) < 1000 {
		t.Fatalf("read %d phrases from compose.yaml; the file's layout changed", len(phrases))
	}
	classRef := regexp.MustCompile(`@\w+`)
	missing := map[string]bool{}
	checked := 0
	for _, p := range phrases {
		for _, w := range letterRun.FindAllString(classRef.ReplaceAllString(p, " "), -1) {
			w = analysis.FoldWord(w)
			if len(w) < 3 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
				continue
			}
			checked++
			if !analysis.IsWord(w) {
				missing[w] = true
			}
		}
	}
	if len(missing) > 0 {
		var list []string
		for w := range missing {
			list = append(list, w)
		}
		t.Errorf("%d composed-rule words are not in words.txt (add them, sorted): %v", len(list), list)
	}
	t.Logf("%d rule words checked", checked)
}

// TestForeignHarmWordsRejoin: harm words of the five other languages the
// guard reads, spaced out letter by letter or reversed with the message,
// are read back as the word itself.
func TestForeignHarmWordsRejoin(t *testing.T) {
	for _, tc := range []struct{ text, word string }{
		{"ich werde dich umbringen", "umbringen"},
		{"ich steche dich ab, du wirst es bereuen", "bereuen"},
		{"je vais te poignarder ce soir", "poignarder"},
		{"je vais bruler ton magasin", "bruler"},
		{"voy a quemar tu tienda", "quemar"},
		{"te voy a matar esta noche", "matar"},
		{"ti ammazzo quando esci", "ammazzo"},
		{"stasera la faccio finita", "finita"},
		{"ik ga je vermoorden", "vermoorden"},
		{"ik neem al mijn slaappillen", "slaappillen"},
		{"ich nehme alle schlaftabletten", "schlaftabletten"},
		{"quiero tirarme del puente", "tirarme"},
	} {
		if !analysis.IsWord(tc.word) {
			t.Errorf("%q is not in words.txt", tc.word)
			continue
		}
		for _, ob := range analysis.Obfuscations {
			if ob.Name != "letter spacing" && ob.Name != "reversed text" {
				continue
			}
			disguised := ob.Do(tc.text)
			if a := analysis.Of(disguised); !a.HasWord(tc.word) {
				t.Errorf("%s: %q read as %q, without %q", ob.Name, disguised, a.Text, tc.word)
			}
		}
	}
}

// TestWordsFileSorted: words.txt stays one lower-case ASCII word a line,
// sorted and without duplicates, so a merge conflict or a pasted accented
// word shows up here and not as a silently unreadable entry.
func TestWordsFileSorted(t *testing.T) {
	data, err := os.ReadFile("words.txt")
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	n := 0
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if line == "" || strings.IndexFunc(line, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			t.Errorf("line %d: %q is not one lower-case ASCII word", i+1, line)
			continue
		}
		if line <= prev {
			t.Errorf("line %d: %q after %q: not sorted or a duplicate", i+1, line, prev)
		}
		prev = line
		n++
	}
	if n < 8000 {
		t.Errorf("words.txt has %d words, want at least 8000 (it had 8,835 in the sixth round)", n)
	}
}
