package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lang names a language by its ISO 639-1 code ("en", "fr", "es", ...).
// Words, Stem and Tokens assume English; this file adds what reads a
// text's language and that language's function words.
type Lang string

// The languages DetectLang knows. Tagalog stands for the Philippine
// languages a café writes in (Tagalog and Cebuano share their function
// words "ang", "sa", "mga", "nga"); Hindi for Hindi written in Latin
// letters, as customers type it.
const (
	English    Lang = "en"
	French     Lang = "fr"
	Spanish    Lang = "es"
	Portuguese Lang = "pt"
	Italian    Lang = "it"
	German     Lang = "de"
	Dutch      Lang = "nl"
	Afrikaans  Lang = "af"
	Swahili    Lang = "sw"
	Tagalog    Lang = "tl"
	Maori      Lang = "mi"
	Vietnamese Lang = "vi"
	Hindi      Lang = "hi"
)

// langWords are each language's function words, written as a page
// writes them; they are folded (lower case, no diacritics) at start.
// They vote in DetectLang and are stop words of their language. Words
// that carry a meaning a customer asks about are left out although they
// are function words: negation ("pas", "no", "nie", "nicht", "hindi"),
// "without" ("sans", "sin", "sem", "senza", "ohne", "sonder", "bila"),
// and "more/less" ("plus", "más", "moins").
var langWords = map[Lang]string{
	English: `the and is are of to in for with you your we our it this that be have has do does can what how when
		where at on or an from by will was were my i not there their they them which would could should a me he
		as no so us am`,
	French: `le la les l un une des du de d au aux et est sont ce c cet cette ces qui que qu quoi quel quelle quels
		quelles ou où je j tu il elle on nous vous ils elles me m te t se s moi toi lui leur leurs mon ma mes ton ta
		tes son sa ses notre nos votre vos pour dans avec sur par chez entre vers mais donc car ni ne n y en être
		été était étaient sera serait suis es sommes êtes ai as a avons avez ont avait aura peut peux pouvez
		puis-je faut fait très aussi tout tous toute toutes cela ça ceci comme si lorsque lorsqu quand jusqu
		puisqu quelqu`,
	Spanish: `el la los las lo un una unos unas de del al a y e o u que en es son está están estoy estamos era
		fue ser estar hay ha han he has hemos tiene tienen tengo tienes se su sus mi mis tu tus te me nos le les
		yo usted ustedes ellos ellas él ella nosotros nuestro nuestra nuestros nuestras vuestro para por con
		como pero muy también cuando donde dónde qué cuál cuáles quién cómo cuánto cuánta cuántos cuándo este
		esta estos estas ese esa eso esto aquí puedo puede pueden podemos hacer si ya otro otra otros otras pal`,
	Portuguese: `o a os as um uma uns umas de do da dos das na nos nas ao aos e é são está estão que em
		para por com como mas muito também quando onde qual quem seu sua seus suas meu minha nosso nossa você
		vocês eles elas ele ela isso isto este esta esse essa tem têm posso pode podem há foi ser estar`,
	Italian: `il lo la i gli le un uno una di del della dei delle dello al alla ai alle da dal dalla in nel
		nella nei con su sul sulla per tra fra e è sono che chi come ma anche quando dove quale cosa questo
		questa quello quella mio mia suo sua nostro nostra vostro vostra voi noi loro lei lui io tu ci si ha
		hanno posso può possono essere`,
	German: `der die das den dem des ein eine einen einem einer und ist sind war waren wird werden mit für
		von zu zum zur im in auf bei aus nach über unter wir ihr sie er es ich du uns euch unser unsere
		euer eure mein meine dein deine sein seine auch aber oder wenn wie was wo wann welche welcher welches
		kann können hat haben gibt bitte`,
	Dutch: `de het een en is zijn was waren wordt worden met voor van naar op bij uit aan in om te tot we wij
		jullie ze zij hij ik je u ons onze mijn jouw uw ook maar of als hoe wat waar wanneer welke kan kunnen
		heeft hebben er dit dat deze die`,
	Afrikaans: `die 'n en is was word met vir van na op by uit aan in om te tot ons julle hulle hy sy ek jy u
		my ook maar of as hoe wat waar wanneer watter kan het daar dit dat hierdie ook al baie asseblief`,
	Swahili: `na ya wa kwa ni za la katika kuna hii huu hizi hiyo hilo yako yetu wetu yangu langu sisi wewe
		mimi nyinyi ninyi wao yeye je ndiyo au lakini pia kama kwamba kuwa ili bado tu sana hapa pale huko
		mpaka hadi kila gani nini wapi lini vipi nani`,
	Tagalog: `ang ng mga sa na ay at para kung ito iyan iyon ko mo niya namin natin nila kami tayo kayo sila
		siya ako ikaw ka ba po pa rin din lang nga ug og kini kana adto mao dili wala naa mayroon
		meron ano saan kailan paano bakit sino alin ninyo inyo amin atin iyong aking`,
	Maori: `te ngā nga o ki i me ka e he ko mō mo kei hei nō rā ra nei tēnei tenei tērā tera tōku taku
		tō tāu tana ā a rātou ratou mātou matou tātou tatou koe ia au ahau ko engari ranei rānei kua kia ai`,
	Vietnamese: `và của có không là được cho các những một với trong này thì khi nào gì như cũng đã đang bạn
		chúng tôi mình nhé ơi vậy nhưng hay hoặc rồi còn về tại theo bị nếu`,
	Hindi: `hai hain ka ki ke ko mein me se par aur ya bhi nahi nahin kya kyun kaise kab kahan kaun yeh ye woh
		wo hum aap tum mera meri mere aapka aapki aapke hamara hamari hamare tha thi hoga hogi kar karna
		sakte sakta sakti chahiye wala wali wale ji`,
}

// noVote are function words that English pages write as other things: a
// web address's ending (".com", ".ca", ".za", ".es"), "pour-over", "Co.",
// "OS", a name's "Kar". They are stop words of their language but do not
// vote for it.
var noVote = map[string]bool{"pour": true, "com": true, "co": true, "ca": true, "za": true, "es": true,
	"os": true, "kar": true}

// langTable holds, folded, the languages each function word votes for
// and each language's stop words.
type langTable struct {
	votes map[string][]Lang
	stops map[Lang]map[string]bool
	order []Lang
}

var langs = func() *langTable {
	t := &langTable{votes: map[string][]Lang{}, stops: map[Lang]map[string]bool{}}
	for _, l := range []Lang{English, French, Spanish, Portuguese, Italian, German, Dutch, Afrikaans, Swahili,
		Tagalog, Maori, Vietnamese, Hindi} {
		t.order = append(t.order, l)
		stops := map[string]bool{}
		for _, w := range strings.Fields(langWords[l]) {
			// A Vietnamese or Afrikaans entry may fold to several words
			// ("'n"): each counts.
			for _, f := range Words(FoldDiacritics(w)) {
				stops[f] = true
			}
		}
		for f := range stops {
			if !noVote[f] {
				t.votes[f] = append(t.votes[f], l)
			}
		}
		t.stops[l] = stops
	}
	return t
}()

// FoldDiacritics strips combining marks, so "café", "menú" and "không"
// become "cafe", "menu" and "khong"; Vietnamese đ becomes d. Text
// without non-ASCII letters is returned as it is.
func FoldDiacritics(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r):
			return -1
		case r == 'đ':
			return 'd'
		case r == 'Đ':
			return 'D'
		}
		return r
	}, norm.NFD.String(s))
}

// minLangVotes is the vote a language needs before DetectLang names it:
// one function word ("de", "la") is a name's ("Café de la Paix") as often
// as a sentence's.
const minLangVotes = 1.5

// DetectLang returns the language of words (lower case, folded as
// FoldDiacritics folds) by their function words' votes: each function
// word votes for every language it belongs to, a word of k languages
// with 1/k. It returns English when no other language leads English and
// has at least minLangVotes; a text with no function words is English.
// One-letter words do not vote: they are a table's yes and no ("Y",
// "N"), sizes and units as often as an article.
// Only languages in allowed take part, when allowed is not empty
// (English always does).
func DetectLang(words []string, allowed ...Lang) Lang {
	return detectLang(words, minLangVotes, allowed)
}

// minQueryLangVotes is DetectQueryLang's minLangVotes.
const minQueryLangVotes = 0.5

// DetectQueryLang is DetectLang for a customer's question: a question is
// short and its other language's function words are often words of
// several languages ("en la de la estación"), so any vote English does
// not match decides.
func DetectQueryLang(words []string, allowed ...Lang) Lang {
	return detectLang(words, minQueryLangVotes, allowed)
}

func detectLang(words []string, min float64, allowed []Lang) Lang {
	var score [16]float64
	for _, w := range words {
		if len(w) < 2 {
			// "y", "n", "s", "m", "l": a CSV's yes and no, sizes, litres
			continue
		}
		ls := langs.votes[w]
		if len(ls) == 0 {
			continue
		}
		share := 1 / float64(len(ls))
		for _, l := range ls {
			score[langs.index(l)] += share
		}
	}
	best, bestScore := English, score[0]
	var ends [16]int // endings per language, read only for a tie
	endsRead := false
	for i, l := range langs.order[1:] {
		if len(allowed) > 0 && !contains(allowed, l) {
			continue
		}
		s := score[i+1]
		if s < min || s < bestScore {
			continue
		}
		if s == bestScore {
			// A tie of two other languages: "en la de la" is French and
			// Spanish alike, and the list's order would say French.
			if best == English {
				continue
			}
			if !endsRead {
				ends, endsRead = endingVotes(words), true
			}
			if ends[i+1] <= ends[langs.index(best)] {
				continue
			}
		}
		best, bestScore = l, s
	}
	return best
}

// langEndings are word endings, folded, that one language writes and the
// others it ties with rarely do: Spanish "-ción" and "-ado" ("estación",
// "sábado"), where French writes "-tion" and "-é"; French "-eau",
// "-eux". They break a tie of function words' votes only, so they never
// outvote a function word.
var langEndings = map[Lang][]string{
	Spanish:    {"cion", "ciones", "dad", "dades", "ado", "ados", "ada", "adas", "ido", "idos", "ando", "iendo", "eria", "ito", "ita"},
	French:     {"tion", "tions", "eau", "eaux", "aux", "eux", "euse", "eur", "eurs", "ette", "ettes", "oir", "ez", "ee", "ees"},
	Portuguese: {"cao", "coes", "dade", "dades", "inho", "inha"},
	Italian:    {"zione", "zioni", "etto", "etta", "ssimo"},
}

// endingVotes counts, per language (langs.order's index), the words of
// five letters or more that end as that language's words do.
func endingVotes(words []string) [16]int {
	var out [16]int
	for _, w := range words {
		if len(w) < 5 {
			continue
		}
		for l, ends := range langEndings {
			for _, e := range ends {
				if strings.HasSuffix(w, e) {
					out[langs.index(l)]++
					break
				}
			}
		}
	}
	return out
}

func (t *langTable) index(l Lang) int {
	for i, x := range t.order {
		if x == l {
			return i
		}
	}
	return 0
}

func contains(ls []Lang, l Lang) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// IsStopWordIn reports whether w (lower case, folded) is a function word
// of language l; for English it is IsStopWord.
func IsStopWordIn(l Lang, w string) bool {
	if l == English {
		return IsStopWord(w)
	}
	return langs.stops[l][w]
}

// elisions are the articles and pronouns French and Italian join to the
// next word with an apostrophe ("l'eau", "d'avoine", "qu'il",
// "dell'acqua").
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true, "qu": true,
	"jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true, "quelqu": true,
	"dell": true, "all": true, "dall": true, "nell": true, "sull": true, "un": true, "quest": true,
}

// IsElision reports whether prefix (lower case) is an article or pronoun
// that French or Italian elides before a word starting with next: a
// vowel or "h" ("l'heure"). English contractions never qualify: their
// part before the apostrophe is a word of its own ("don't", "it's"), and
// "s'mores" or "c'mon" go on with a consonant.
func IsElision(prefix string, next rune) bool {
	if !elisions[prefix] {
		return false
	}
	switch unicode.ToLower(next) {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'à', 'â', 'é', 'è', 'ê', 'î', 'ï', 'ô', 'û', 'ù':
		return true
	}
	return false
}

// VietnameseLetters counts the letters of s that only Vietnamese writes
// among the languages DetectLang knows: đ, the horned ơ and ư, ă, a tone
// mark under a vowel (ạ, ệ) or hooked above it (ả, ở), a tone on a vowel
// with a circumflex (ấ, ồ), a tilde on e, i, u or y. Vietnamese sets
// these on most syllables, while its function words, folded, are French,
// Spanish and Italian words as often as its own ("la", "da", "con"):
// the letters say what DetectLang's votes cannot.
func VietnameseLetters(s string) int {
	s = Composed(s)
	n := 0
	for i := 0; i < len(s); {
		if s[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if vietnameseLetter(r) {
			n++
		}
	}
	return n
}

// vietnameseLetter reports whether r is one of VietnameseLetters' letters.
func vietnameseLetter(r rune) bool {
	switch r {
	case 'đ', 'Đ':
		return true
	}
	d := norm.NFD.String(string(r))
	base, marks := []rune(d)[0], []rune(d)[1:]
	circumflex := false
	for _, m := range marks {
		switch m {
		case '\u031B', '\u0323', '\u0309': // horn, dot below, hook above
			return true
		case '\u0306': // breve: ă (Romanian's ă is not a language here)
			return unicode.ToLower(base) == 'a'
		case '\u0302':
			circumflex = true
		case '\u0300', '\u0301':
			if circumflex {
				return true
			}
		case '\u0303':
			switch unicode.ToLower(base) {
			case 'e', 'i', 'u', 'y':
				return true
			}
		}
	}
	return false
}

// Composed returns s with its letters composed (Unicode NFC). A text
// typed decomposed (Unikey's composite Unicode, a file saved on a Mac)
// writes "ứ" as u, a horn and an acute: VietnameseLetters, which reads
// one letter at a time, and a pattern naming "thứ" would see no
// Vietnamese in it. Only a text holding a combining mark of
// U+0300–U+036F (its UTF-8 lead byte 0xCC or 0xCD) is normalised; any
// other comes back as it is after a byte scan.
func Composed(s string) string {
	if strings.IndexByte(s, 0xCC) < 0 && strings.IndexByte(s, 0xCD) < 0 {
		return s
	}
	return norm.NFC.String(s)
}

// minVietnameseShare is how many of VietnameseLetters' letters a text
// must hold per word for DetectTextLang to read it as Vietnamese (letters
// are counted, not words: "người" counts two): about half of Vietnamese
// syllables carry one, so a page half in English and half in Vietnamese
// still reads as Vietnamese, and an English page naming "Bạch Đằng" does
// not.
const minVietnameseShare = 1.0 / 6

// DetectTextLang is DetectLang for a text whose letters are still
// there: words are text's words as DetectLang takes them. A text
// DetectLang reads as English, or as a language whose function words
// Vietnamese shares folded, is Vietnamese when it holds enough letters
// only Vietnamese writes (VietnameseLetters): two at least, and
// minVietnameseShare of them per word.
func DetectTextLang(text string, words []string, allowed ...Lang) Lang {
	l := DetectLang(words, allowed...)
	if l == Vietnamese || len(words) == 0 || len(allowed) > 0 && !contains(allowed, Vietnamese) {
		return l
	}
	if n := VietnameseLetters(text); n >= 2 && float64(n) >= minVietnameseShare*float64(len(words)) {
		return Vietnamese
	}
	return l
}
