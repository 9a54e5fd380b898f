// Package sentiment scores how frustrated a customer message sounds, from
// 0 (calm) to 1 (furious), with the cues that raised the score: shouting in
// capitals, repeated punctuation, repetition ("again", "third time"), long
// waits ("waited 40 minutes"), giving up ("nobody", "unacceptable"),
// negative words and profanity. It needs no model, so the pipeline can
// score every message and watch the trend across a conversation.
package sentiment

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Result is the frustration of one message.
type Result struct {
	// Score is in [0,1]; more cues always mean a higher score.
	Score float64 `json:"score"`
	// Cues are what raised (or, marked "calm:", lowered) the score.
	Cues []string `json:"cues"`
}

// cue weights add up; the score is 1 - e^(-sum), which rises with every
// cue and never reaches 1. One strong cue ("unacceptable", 0.5) gives
// 0.39, three give about 0.75.
const (
	capsWeight    = 0.25 // per shouted word, up to maxCapsWords
	maxCapsWords  = 3
	allCapsWeight = 0.3 // the whole message shouted
	punctWeight   = 0.3 // "!!", "???", "?!"
	negWeight     = 0.2 // per negative word, up to maxNegWords
	maxNegWords   = 4
	swearWeight   = 0.35 // per swear word, up to maxSwearWords
	maxSwearWords = 2
	calmWeight    = 0.25 // per thankful or pleased word, up to maxCalmWords
	maxCalmWords  = 2
)

// phrase is a frustration pattern over normalized words (lower case,
// apostrophes dropped, single spaces, padded with spaces).
type phrase struct {
	weight float64
	re     *regexp.Regexp
}

// phrases are compiled on first use, not at process start.
var phrases = sync.OnceValue(func() []phrase {
	defs := []struct {
		w float64
		p string
	}{
		{0.3, `\bagain\b`},
		{0.2, `\bstill\b`},
		{0.3, `\b(?:nobody|no one|noone)\b`},
		{0.35, `\bevery (?:single )?time\b|\beverytime\b`},
		{0.4, `\b(?:second|third|fourth|fifth|sixth|nth|umpteenth|\d+(?:st|nd|rd|th)?|two|three|four|five|six|many) times?\b(?: (?:now|this (?:week|month|year)|in a row|already|running))?`},
		{0.45, `\bridiculous\b`},
		{0.5, `\bunacceptable\b`},
		{0.45, `\bfed up\b|\benough is enough\b|\b(?:had|have) enough\b`},
		{0.4, `\b(?:sick|tired) of\b`},
		{0.35, `\bnever (?:again|coming back|ordering (?:again|from you))\b|\b(?:last|final) time\b|\bdone with (?:you|this|your)\b|\bim done\b`},
		{0.35, `\bhow (?:hard|difficult) (?:is it|can it be)\b|\bhow many times\b|\bwhy is it so (?:hard|difficult)\b|\bwhats wrong with (?:you|your)\b`},
		{0.3, `\b(?:speak|talk) (?:to|with) (?:a|the|your) (?:manager|supervisor|owner|human|person)\b|\bwant my money back\b|\bfile a complaint\b`},
		{0.15, `\bseriously\b|\bcome on\b|\bugh+\b|\bargh+\b`},
		{0.3, `\bnot (?:happy|impressed|ok|okay|acceptable|good enough|fair)\b`},
	}
	out := make([]phrase, len(defs))
	for i, d := range defs {
		out[i] = phrase{d.w, regexp.MustCompile(d.p)}
	}
	return out
})

// waitRE finds a waiting time: a number or "an"/"a" and a unit, after a
// word that makes it a wait ("waited 40 minutes", "for an hour", "after 2
// weeks") or before one ("2 weeks ago", "3 days later").
var waitRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:(?:waited|waiting|wait|for|over|after|been|took|taken|taking|almost|nearly|than|still|another|an extra)(?: (?:a|an|like|about|over|almost|nearly|literally|at least|more than|\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety|half|a half|and a half|whole|full))+ (minutes?|mins?|hours?|hrs?|days?|weeks?|months?)|(\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty) (minutes?|mins?|hours?|hrs?|days?|weeks?|months?) (?:ago|later|now|and (?:still|counting|nothing)))\b`)
})

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
	"fifty": 50, "sixty": 60, "ninety": 90, "half": 1,
}

// waitWeight grades a wait: a few minutes is normal, an hour is not.
func waitWeight(match, unit string) float64 {
	n := 0
	for _, f := range strings.Fields(match) {
		if v, err := strconv.Atoi(f); err == nil {
			n = v
		} else if v, ok := numberWords[f]; ok && n == 0 {
			n = v
		}
	}
	switch {
	case strings.HasPrefix(unit, "min"):
		switch {
		case n >= 30:
			return 0.45
		case n >= 10:
			return 0.3
		case n == 0:
			return 0.2 // "for minutes"
		default:
			return 0.1
		}
	case strings.HasPrefix(unit, "h"):
		return 0.5
	case strings.HasPrefix(unit, "day"):
		return 0.45
	default: // weeks, months
		return 0.55
	}
}

var negativeWords = map[string]float64{
	"worst": 0.3, "terrible": 0.2, "awful": 0.2, "horrible": 0.2, "disgusting": 0.2, "appalling": 0.25,
	"furious": 0.4, "livid": 0.4, "fuming": 0.4, "angry": 0.3, "annoyed": 0.2, "annoying": 0.2,
	"frustrated": 0.3, "frustrating": 0.3, "disappointed": 0.2, "disappointing": 0.2, "upset": 0.2,
	"unhappy": 0.2, "pathetic": 0.25, "useless": 0.25, "rude": 0.2, "joke": 0.2, "scam": 0.25,
	"ripoff": 0.25, "incompetent": 0.25, "hopeless": 0.2, "outrageous": 0.25, "shocking": 0.2,
	"lousy": 0.2, "broken": 0.1, "missing": 0.1, "wrong": 0.1, "late": 0.1, "cold": 0.05,
	"hate": 0.2, "never": 0.15, "complain": 0.2, "complaint": 0.2, "refund": 0.05, "waiting": 0.1,
	"mess": 0.15, "disaster": 0.25, "nightmare": 0.25, "insulting": 0.25, "unbelievable": 0.25,
}

var swearWords = map[string]bool{
	"damn": true, "dammit": true, "hell": true, "shit": true, "shitty": true, "bullshit": true,
	"fuck": true, "fucking": true, "fucked": true, "fuckin": true, "crap": true, "crappy": true,
	"wtf": true, "ffs": true, "bloody": true, "pissed": true, "goddamn": true, "bs": true,
}

var calmWords = map[string]bool{
	"thanks": true, "thank": true, "love": true, "great": true, "amazing": true, "awesome": true,
	"perfect": true, "delicious": true, "lovely": true, "wonderful": true, "appreciate": true,
}

// acronyms are written in capitals without shouting.
var acronyms = map[string]bool{
	"OK": true, "ASAP": true, "AM": true, "PM": true, "USA": true, "US": true, "UK": true, "ID": true,
	"QR": true, "BLT": true, "DIY": true, "FAQ": true, "GF": true, "DF": true, "VG": true, "TV": true,
	"ATM": true, "PIN": true, "SMS": true, "IPA": true, "LOL": true, "NYC": true, "ETA": true,
	"TBH": true, "FYI": true, "AC": true, "NB": true, "PS": true, "OMG": true, "BTW": true, "DM": true,
	"XL": true, "XXL": true, "GPS": true, "IOS": true, "PDF": true, "URL": true, "CEO": true,
}

// Score returns the frustration of text with the cues behind it. It
// analyses text first (see ScoreAnalysis).
func Score(text string) Result {
	return ScoreAnalysis(analysis.Of(text))
}

// ScoreAnalysis returns the frustration of an analysed message, read from
// its cleaned text, so "ｕｎａｃｃｅｐｔａｂｌｅ" or "r i d i c u l o u s"
// score like the plain words.
func ScoreAnalysis(a *analysis.Analysis) Result {
	text := a.Text
	var sum float64
	cues := []string{}
	add := func(w float64, cue string) {
		sum += w
		cues = append(cues, cue)
	}

	// Shouting: words of two or more letters written in capitals.
	caps, letters := 0, 0
	words := rawWords(text)
	for _, w := range words {
		if isShout(w) {
			if caps < maxCapsWords {
				add(capsWeight, "caps: "+w)
			}
			caps++
		}
		letters++
	}
	if caps >= 3 && caps*10 >= letters*8 {
		add(allCapsWeight, "all caps")
	}

	// Repeated punctuation, each kind once.
	for _, p := range []string{"!!", "??", "?!", "!?"} {
		if run := punctRun(text, p); run != "" {
			add(punctWeight, run)
		}
	}

	norm := " " + strings.Join(textnorm.Words(text), " ") + " "
	for _, ph := range phrases() {
		if m := ph.re.FindString(norm); m != "" {
			add(ph.weight, strings.TrimSpace(m))
		}
	}
	for _, m := range waitRE().FindAllStringSubmatch(norm, 3) {
		unit := m[1]
		if unit == "" {
			unit = m[3]
		}
		add(waitWeight(m[0], unit), "waited "+strings.TrimSpace(m[0]))
	}

	neg, swear, calm := 0, 0, 0
	lw := textnorm.Words(text)
	for i, w := range lw {
		negated := i > 0 && (lw[i-1] == "not" || lw[i-1] == "no" || lw[i-1] == "never" || lw[i-1] == "isnt" || lw[i-1] == "wasnt")
		switch {
		case swearWords[w] || strings.Contains(w, "fuck"):
			if swear < maxSwearWords {
				add(swearWeight, "profanity: "+w)
			}
			swear++
		case negativeWords[w] > 0 && !negated:
			if neg < maxNegWords {
				add(negativeWords[w], w)
			}
			neg++
		case calmWords[w] && !negated:
			if calm < maxCalmWords {
				sum -= calmWeight
				cues = append(cues, "calm: "+w)
			}
			calm++
		}
	}
	if masked(text) && swear < maxSwearWords {
		add(swearWeight, "profanity: masked")
	}

	if sum < 0 {
		sum = 0
	}
	score := math.Round((1-math.Exp(-sum))*1000) / 1000
	return Result{Score: score, Cues: cues}
}

// rawWords splits text into words of letters, keeping their case.
func rawWords(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
	return out
}

// isShout reports whether w is a word of two or more letters, all capitals,
// that is not a common acronym.
func isShout(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && !acronyms[w]
}

// punctRun returns the first run of repeated ! and ? that contains p, or "".
func punctRun(text, p string) string {
	i := strings.Index(text, p)
	if i < 0 {
		return ""
	}
	j := i
	for j < len(text) && (text[j] == '!' || text[j] == '?') {
		j++
	}
	for i > 0 && (text[i-1] == '!' || text[i-1] == '?') {
		i--
	}
	return text[i:j]
}

// masked reports whether text hides a swear word with asterisks ("f***").
func masked(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		if text[i] == '*' && isASCIILetter(text[i-1]) && (text[i+1] == '*' || isASCIILetter(text[i+1])) {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Rising reports whether frustration calls for a person: the current
// score is at or above threshold, or the last three scores (the last two
// of history, then current) rise strictly and current is at least 80% of
// threshold, so a conversation heading for the threshold is caught one
// message early. A threshold of zero or less turns the check off.
func Rising(history []float64, current float64, threshold float64) bool {
	if threshold <= 0 || math.IsNaN(threshold) || math.IsNaN(current) {
		return false
	}
	if current >= threshold {
		return true
	}
	n := len(history)
	if n < 2 {
		return false
	}
	a, b := history[n-2], history[n-1]
	return a < b && b < current && current >= threshold*0.8
}
