package retrieval

import (
	"regexp"
	"strings"
)

// usSpelling maps British spellings to American ones before stemming, in
// documents and questions alike, so "colour" meets "color" and
// "customise" meets "customize" (the stemmer keeps them apart). It holds
// only words cafés write; a place name such as "Harbour" is left alone.
var usSpelling = func() map[string]string {
	m := map[string]string{
		"centre": "center", "centres": "centers", "theatre": "theater", "litre": "liter", "litres": "liters",
		"metre": "meter", "metres": "meters", "fibre": "fiber", "yoghurt": "yogurt", "yoghurts": "yogurts",
		"doughnut": "donut", "doughnuts": "donuts", "grey": "gray", "mould": "mold", "aluminium": "aluminum",
		"jewellery": "jewelry", "programme": "program", "programmes": "programs", "catalogue": "catalog",
		"cancelled": "canceled", "cancelling": "canceling", "travelling": "traveling", "travelled": "traveled",
		"enrolment": "enrollment", "enrol": "enroll", "enrolled": "enrolled", "licence": "license",
		"practise": "practice", "cosy": "cozy", "sceptical": "skeptical", "paediatric": "pediatric",
		"judgement": "judgment", "ageing": "aging", "labelled": "labeled", "labelling": "labeling",
		"fulfil": "fulfill", "instalment": "installment", "cheque": "check", "cheques": "checks",
	}
	// -our/-or: colour, flavoured, favourite, behaviour.
	for _, root := range []string{"colo", "flavo", "favo", "behavio", "neighbo", "hono", "labo", "humo", "savo", "odo", "vapo", "glamo", "armo", "endeavo", "rumo"} {
		for _, suf := range []string{"", "s", "ed", "ing", "ite", "ites", "y", "ful", "less", "ings"} {
			m[root+"ur"+suf] = root + "r" + suf
		}
	}
	// -ise/-ize: customise, organised, caramelised, pasteurisation.
	for _, root := range []string{"organ", "recogn", "apolog", "real", "custom", "personal", "special", "priorit", "minim", "maxim",
		"sanit", "author", "categor", "standard", "summar", "optim", "util", "steril", "pasteur", "caramel", "moistur", "memor",
		"emphas", "final", "general", "local", "normal", "visual", "character", "symbol", "familiar", "subsid", "energ", "digit"} {
		for _, suf := range []string{"e", "ed", "es", "ing", "ation", "ations", "er", "ers"} {
			m[root+"is"+suf] = root + "iz" + suf
		}
	}
	return m
}()

// dayDash joins a range of days written with a dash ("Mon–Fri", "Monday -
// Friday") with "to", so expandDays reads it as the days between.
var dayDash = regexp.MustCompile(`(?i)\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\.?\s*[-–—]\s*(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)`)

// joinDayDashes rewrites s's dashed day ranges; s is returned as it is
// when it has no dash or no day's name at all, without running the
// regular expression (most table rows have a dash: "7:00 am – 3:00 pm").
func joinDayDashes(s string) string {
	if !strings.ContainsAny(s, "-–—") || !hasDayPrefix(s) {
		return s
	}
	return dayDash.ReplaceAllString(s, "$1$2 to $3")
}

// hasDayPrefix reports whether s holds "mon", "tue", "wed", "thu", "fri",
// "sat" or "sun" in any case, which every match of dayDash starts with.
// Bytes are compared with their 0x20 bit set, which folds ASCII letters to
// lower case; a false positive only costs the regular expression, which
// decides.
func hasDayPrefix(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		k := threeBytes(s[i], s[i+1], s[i+2])
		for _, d := range dayPrefixes {
			if k == d {
				return true
			}
		}
	}
	return false
}

func threeBytes(a, b, c byte) uint32 { return uint32(a|0x20)<<16 | uint32(b|0x20)<<8 | uint32(c|0x20) }

// dayPrefixes are the first three letters of the days, as threeBytes.
var dayPrefixes = func() []uint32 {
	var out []uint32
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		out = append(out, threeBytes(d[0], d[1], d[2]))
	}
	return out
}()

// chatSpelling are customers' chat spellings of words documents spell out
// ("wat time", "open tonite"), read before a question is searched.
var chatSpelling = map[string]string{
	"wat": "what", "wot": "what", "wut": "what", "wen": "when", "wher": "where", "tonite": "tonight", "2nite": "tonight",
	"tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
	"tommorrow": "tomorrow", "nite": "night", "b4": "before", "thru": "through", "cuz": "because", "coz": "because",
	"bc": "because", "abt": "about", "w": "with", "wknd": "weekend", "wkend": "weekend", "xmas": "christmas", "ppl": "people",
	"msg": "message", "pw": "password", "nxt": "next", "hv": "have", "doin": "doing", "gimme": "give",
	"ya": "you", "u": "you", "ur": "your", "r": "are", "n": "and", "plz": "please", "pls": "please",
}

// respellChat rewrites ws's chat spellings in place.
func respellChat(ws []string) {
	for i, w := range ws {
		if r, ok := chatSpelling[w]; ok {
			ws[i] = r
		}
	}
}
