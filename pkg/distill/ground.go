package distill

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Facts the grounding check looks for in an answer.
var (
	// bracketed citations ("[1]", "[menu/menu.csv]") carry no claims.
	citationRE = regexp.MustCompile(`\[[^\]]*\]`)
	// timeRE: "8:00", "8am", "8:30 p.m.", "15:00".
	timeRE  = regexp.MustCompile(`(?i)\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|\b(\d{1,2}):(\d{2})\b`)
	numRE   = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
	wordRE  = regexp.MustCompile(`\p{L}+`)
	noonRE  = regexp.MustCompile(`(?i)\b(noon|midday|midnight)\b`)
	ordinal = regexp.MustCompile(`(?i)^(st|nd|rd|th)`)
)

// allergens are the words an answer may not use unless a passage does:
// the major allergens and the words menus list them by.
var allergens = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`wheat gluten milk dairy lactose egg eggs nut nuts peanut peanuts tree almond almonds
		hazelnut hazelnuts walnut walnuts pecan pecans cashew cashews pistachio pistachios macadamia soy soya
		sesame fish shellfish crustacean crustaceans mollusc molluscs mustard celery lupin sulphites sulfites coconut oats`) {
		allergens[w] = true
	}
}

// Ungrounded lists the prices, times, numbers and allergens in answer that
// no passage states, each once, in order; empty means grounded. Numbers
// compare by value ("$4.50" is grounded by "price: 4.50", "4.5" too),
// times by the minute of the day ("8am" by "8:00 a.m." and by "8:00").
func Ungrounded(answer string, passages []string) []string {
	text := strings.Join(passages, "\n")
	haveTimes := times(text)
	haveNums := numbers(timeRE.ReplaceAllString(text, " "))
	// A passage's times also count as its numbers ("open 7:00" grounds "7").
	for _, m := range timeRE.FindAllStringSubmatch(text, -1) {
		for _, g := range []string{m[1], m[2], m[4], m[5]} {
			if g != "" {
				haveNums[canonical(g)] = true
			}
		}
	}
	haveWords := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(text), -1) {
		haveWords[w] = true
		haveWords[strings.TrimSuffix(w, "s")] = true
	}

	a := citationRE.ReplaceAllString(answer, " ")
	var out []string
	seen := map[string]bool{}
	miss := func(what string) {
		if !seen[what] {
			seen[what] = true
			out = append(out, what)
		}
	}
	for _, m := range timeRE.FindAllStringSubmatchIndex(a, -1) {
		tok := strings.TrimSpace(a[m[0]:m[1]])
		if !strings.Contains(tok, ".m.") {
			tok = strings.TrimSuffix(tok, ".") // the sentence's full stop
		}
		ok := false
		for _, v := range timeValues(a, m) {
			ok = ok || haveTimes[v]
		}
		if !ok {
			miss("time " + tok)
		}
	}
	for _, m := range noonRE.FindAllString(a, -1) {
		v := 12 * 60
		if strings.EqualFold(m, "midnight") {
			v = 0
		}
		if !haveTimes[v] && !strings.Contains(strings.ToLower(text), strings.ToLower(m)) {
			miss("time " + m)
		}
	}
	rest := timeRE.ReplaceAllString(a, " ")
	for _, m := range numRE.FindAllStringIndex(rest, -1) {
		tok := strings.TrimRight(rest[m[0]:m[1]], ".,")
		// "1st", "2nd": ordinals of steps, not facts.
		if ordinal.MatchString(rest[m[1]:]) {
			continue
		}
		if !haveNums[canonical(tok)] {
			if m[0] > 0 && rest[m[0]-1] == '$' {
				miss("price $" + tok)
			} else {
				miss("number " + tok)
			}
		}
	}
	for _, w := range wordRE.FindAllString(strings.ToLower(a), -1) {
		if allergens[w] && !haveWords[w] && !haveWords[strings.TrimSuffix(w, "s")] {
			miss("allergen " + w)
		}
	}
	return out
}

// canonical spells a number by value: "4.50" and "4.5" are "4.5",
// "1,200" is "1200".
func canonical(s string) string {
	s = strings.TrimRight(s, ".,")
	if strings.Count(s, ",") > 0 && !strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "")
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func numbers(text string) map[string]bool {
	out := map[string]bool{}
	for _, n := range numRE.FindAllString(text, -1) {
		out[canonical(n)] = true
	}
	return out
}

// times returns every minute of the day the text's times may mean.
func times(text string) map[int]bool {
	out := map[int]bool{}
	for _, m := range timeRE.FindAllStringSubmatchIndex(text, -1) {
		for _, v := range timeValues(text, m) {
			out[v] = true
		}
	}
	lower := strings.ToLower(text)
	if strings.Contains(lower, "noon") || strings.Contains(lower, "midday") {
		out[12*60] = true
	}
	return out
}

// timeValues reads one timeRE match; a 12-hour time without am/pm may be
// either half of the day.
func timeValues(s string, m []int) []int {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	if group(1) != "" {
		h, _ := strconv.Atoi(group(1))
		min, _ := strconv.Atoi(group(2))
		pm := strings.HasPrefix(strings.ToLower(group(3)), "p")
		if h == 12 {
			h = 0
		}
		if pm {
			h += 12
		}
		return []int{h*60 + min}
	}
	h, _ := strconv.Atoi(group(4))
	min, _ := strconv.Atoi(group(5))
	if h < 12 {
		return []int{h*60 + min, (h+12)*60 + min}
	}
	if h == 12 {
		return []int{12*60 + min, min}
	}
	return []int{h*60 + min}
}

// describe joins a list of ungrounded facts for a report line.
func describe(facts []string) string {
	if len(facts) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(facts[:3], ", "), len(facts)-3)
	}
	return strings.Join(facts, ", ")
}

// minOverlap is the share of an answer's content words that must come from
// its passages: a grounded answer restates them, while one that states no
// checkable fact but wanders off (or is noise) shares few of their words.
const minOverlap = 0.5

// stopwords are left out of Overlap.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`about above after again also because been before being below between both could does doing
		during each from further have having here into just more most other over same should some such than that their
		them then there these they this those through under until very what when where which while will with would your
		yours you're we're it's please thanks thank sorry happy help sure course really`) {
		stopwords[w] = true
	}
}

// Overlap returns the share of the answer's content words (four letters
// or more, not stopwords) that appear in the sources, and how many such
// words it has.
func Overlap(answer string, sources []string) (share float64, words int) {
	have := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(strings.Join(sources, " ")), -1) {
		have[stem(w)] = true
	}
	hits := 0
	for _, w := range wordRE.FindAllString(strings.ToLower(citationRE.ReplaceAllString(answer, " ")), -1) {
		if len([]rune(w)) < 4 || stopwords[w] {
			continue
		}
		words++
		if have[stem(w)] {
			hits++
		}
	}
	if words == 0 {
		return 1, 0
	}
	return float64(hits) / float64(words), words
}

// stem folds the plural and verb endings that a paraphrase changes.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}
