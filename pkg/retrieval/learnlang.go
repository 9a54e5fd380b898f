package retrieval

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chains that write in French or Spanish name their stores in the same
// shapes as English ones (a register's columns, the names a store page
// says people use), in their own words. The learner's English patterns
// stay as they are; the words below carry each language's common store
// vocabulary to them. No café's own names belong here.

// langFieldWords maps a field name's word in French or Spanish to the
// English word the store directory reader knows (learndirectory.go); ""
// is a word that adds nothing ("codigo_interno" is a code).
var langFieldWords = map[string]string{
	// Spanish
	"codigo": "code", "cod": "code", "nombre": "name", "oficial": "official", "completo": "full",
	"apodos": "aliases", "apodo": "alias", "sobrenombres": "aliases",
	"direccion": "address", "ciudad": "city", "telefono": "phone", "correo": "email",
	"tienda": "store", "sucursal": "branch", "local": "store", "sede": "site", "clave": "code", "sistema": "",
	"interno": "", "interna": "", "de": "", "la": "", "del": "",
	// French
	"nom": "name", "officiel": "official", "complet": "full", "surnoms": "nicknames", "surnom": "nickname",
	"adresse": "address", "ville": "city", "localite": "town", "telephone": "phone", "courriel": "email",
	"magasin": "store", "boutique": "shop", "succursale": "branch", "point": "", "vente": "",
	"du": "", "le": "", "des": "",
}

// accentFold turns the accented letters of French and Spanish into plain ones.
var accentFold = strings.NewReplacer("á", "a", "à", "a", "â", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "î", "i", "ï", "i", "ó", "o", "ô", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ñ", "n", "ç", "c")

// englishField returns a structured file's field name ("nombre_oficial",
// "nom_officiel", "codigo_interno") as the English one the directory
// reader matches ("official_name", "code"): each word translated, the
// French and Spanish order (the noun first) turned round. A name with no
// French or Spanish word comes back as it is.
func englishField(k string) string {
	ws := strings.FieldsFunc(accentFold.Replace(strings.ToLower(k)), func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' })
	var out []string
	foreign := false
	for _, w := range ws {
		e, ok := langFieldWords[w]
		if !ok {
			out = append(out, w)
			continue
		}
		foreign = true
		if e != "" {
			out = append(out, e)
		}
	}
	if !foreign || len(out) == 0 {
		return k
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return strings.Join(out, "_")
}

// langCalledAs finds where a French or Spanish page says what people call
// the place: "tout le monde l'appelle « le Midi »", "les habitués
// l'appellent "le stand"", "certains disent juste « la librairie »", "le
// dicen: "el carrito"", "todo el mundo le dice "la Casa"". The names
// follow at once, quoted (« », " ", “ ”) or in bold.
var langCalledAs = regexp.MustCompile(`(?i)(?:\bl['’]appellent|\bl['’]appelle|\bappellent|\bdisent|\bdit|\bécrivent|\butilise|\bc['’]est(?: toujours)?|` +
	`\ble dicen|\ble decimos|\ble dice|\bdicen|\bllaman|\bconocid[oa] como|\bllamad[oa])` +
	`(?:\s+(?:juste|simplement|tout simplement|souvent|aussi|simplemente|también))?\s*:?\s*((?:\*\*)?[«"“])`)

// langQuotedName is one name in a list after langCalledAs.
var langQuotedName = regexp.MustCompile(`«\s*(?:\*\*)?([^»*\n]{1,40}?)(?:\*\*)?\s*»|["“]([^"”\n]{1,40})["”]`)

// langNicknames returns the names a French or Spanish opening paragraph
// says people call the place by: the quoted names from a calling phrase
// to the sentence's end.
func langNicknames(text string) []string {
	var out []string
	for _, m := range langCalledAs.FindAllStringSubmatchIndex(text, -1) {
		rest := text[m[2]:]
		if i := strings.IndexAny(rest, "\n"); i >= 0 {
			rest = rest[:i]
		}
		if i := sentenceEnd(rest); i >= 0 {
			rest = rest[:i]
		}
		for _, q := range langQuotedName.FindAllStringSubmatch(rest, -1) {
			if s := strings.TrimSpace(q[1] + q[2]); nickLike(s) {
				out = append(out, s)
				out = append(out, englishNicknames(s)...)
			}
		}
	}
	return out
}

// nickLike reports a quoted phrase that can be a store's nickname: four
// words at most, led by an article or a capital or a digit ("le Midi",
// "K-CM", "Fredonia"), not a word said ("il dit « bonjour »").
func nickLike(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	lower := strings.ToLower(s)
	for _, a := range append(langArticles, "the ") {
		if strings.HasPrefix(lower, a) && len(lower) > len(a) {
			return true
		}
	}
	return false
}

// langArticles are the French and Spanish articles a nickname begins with
// ("le Bailli", "la gare", "l'Ape", "el carrito").
var langArticles = []string{"le ", "la ", "les ", "l'", "l’", "el ", "los ", "las "}

// langStoreNouns are French and Spanish words for what a store is, as a
// nickname names it after its article ("la gare", "el carrito"), with the
// English word a question in English uses for it ("the station", "the
// cart").
var langStoreNouns = map[string]string{
	// French
	"gare": "station", "kiosque": "kiosk", "librairie": "bookshop", "stand": "stall", "marché": "market",
	"galerie": "gallery", "torréfaction": "roastery", "campus": "campus", "boutique": "shop", "comptoir": "counter",
	"triporteur": "trike", "camion": "truck", "roulotte": "van", "aéroport": "airport", "hôpital": "hospital",
	// Spanish
	"estación": "station", "carrito": "cart", "finca": "farm", "universidad": "university", "biblioteca": "library",
	"tienda": "shop", "quiosco": "kiosk", "mercado": "market", "aeropuerto": "airport", "hospital": "hospital",
	"centro comercial": "mall", "tostadora": "roastery", "furgoneta": "van", "camioneta": "van",
}

// englishNicknames returns how a question in English names a store by a
// French or Spanish nickname: "the" for its article when the rest is a
// name ("le Bailli": "the Bailli", as "at the bailli" is asked), or the
// English word for a store noun ("la gare": "the station", "el carrito":
// "the cart").
func englishNicknames(nick string) []string {
	for _, a := range langArticles {
		if len(nick) <= len(a) || !strings.EqualFold(nick[:len(a)], a) {
			continue
		}
		rest := strings.TrimSpace(nick[len(a):])
		if e, ok := langStoreNouns[strings.ToLower(rest)]; ok {
			return []string{"the " + e}
		}
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) && len(strings.Fields(rest)) <= 2 {
			return []string{"the " + rest}
		}
		return nil
	}
	return nil
}

// sentenceEnd returns where the first sentence of s ends outside quotes,
// or -1.
func sentenceEnd(s string) int {
	in := false
	for i, r := range s {
		switch r {
		case '«', '“':
			in = true
		case '»', '”':
			in = false
		case '"':
			in = !in
		case '.', '!', '?':
			if !in && (i+1 == len(s) || s[i+1] == ' ') {
				return i
			}
		}
	}
	return -1
}

// langDays are French and Spanish day names as opening hours write them
// ("lundi – vendredi : 07:15 – 17:30", "Lunes a viernes: 6:30 a.m."),
// for countDayTimes; accented ones ("sábado", "miércoles") are left out,
// as it reads plain letters only.
var langDays = []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "jueves", "viernes", "domingo"}

// langTopicWords are words of what a chain's page is about in French and
// Spanish (and "jobs", which French pages borrow), as their titles write
// them once folded ("Agenda & événements", "Jobs chez Quatre-Vents",
// "Horarios"), for hasTopicWord: a page of the chain's, with days, times
// and an email, is no store's.
var langTopicWords = []string{"agenda", "evenements", "evenement", "emplois", "emploi", "jobs", "recrutement", "horaires",
	"fetes", "allergenes", "fidelite", "livraison", "accessibilite", "confidentialite", "remboursements", "reclamations", "traiteur",
	"horarios", "eventos", "catas", "empleo", "empleos", "domicilios", "accesibilidad", "devoluciones", "reclamos", "alergenos",
	"festivos", "quejas", "contacto",
	// seasons, which date a programme ("Agenda — hiver 2026-2027")
	"hiver", "ete", "printemps", "automne", "saison", "invierno", "verano", "primavera", "otono", "temporada"}

func init() {
	for _, d := range langDays {
		dayWords[d], dayWords[d+"s"] = true, true
	}
	for _, w := range langTopicWords {
		topicWords[w] = true
	}
}

// langStreetAddress finds a French, Belgian, Swiss or Spanish address by
// its street word and the four- or five-digit postcode before its town
// ("Rue des Terreaux 15, 1003 Lausanne", "Quai de la Batte (hauteur
// passerelle), 4000 Liège", "Route Cantonale, 1015 Lausanne", "Calle
// Mayor 12, 28013 Madrid").
var langStreetAddress = regexp.MustCompile(`\b(?:[Rr]ue|[Qq]uai|[Pp]lace|[Aa]venue|[Cc]hemin|[Bb]oulevard|[Rr]oute|[Ee]splanade|[Gg]alerie|[Pp]assage|[Aa]llée|[Ii]mpasse|[Cc]haussée|[Cc]alle|[Aa]venida|[Pp]laza|[Pp]aseo|[Cc]arretera|[Cc]amino)\s[^\n,]{1,40}?(?:,\s*[^\n,]{1,30})?,\s*\d{4,5}\s+\p{Lu}\p{Ll}+`)

// gridAddress finds a Colombian address, a street of a numbered grid and
// the crossing street and distance after "#" ("Carrera 9 # 60-14", "Cl.
// 45 # 17-30", "Transversal Superior # 10-85").
var gridAddress = regexp.MustCompile(`\b(?:Calle|Cl|Carrera|Cra|Kr|Transversal|Tv|Diagonal|Dg|Avenida|Av|Autopista)\.?\s*(?:\d{1,3}\s?[A-Z]?|\p{Lu}\p{Ll}+)\s*(?:[Bb]is\s*)?(?:#|No\.?|N°)\s*\d{1,3}\s?[A-Z]?\s?-\s?\d{1,3}\b`)

// langAddresses returns the addresses of text in a French or Spanish
// form, for signsOf (learnplaces.go): each counts as one address, so a
// page of every store's address is no one store's.
func langAddresses(text string) []string {
	out := langStreetAddress.FindAllString(text, -1)
	if strings.IndexByte(text, '#') >= 0 {
		out = append(out, gridAddress.FindAllString(text, -1)...)
	}
	return out
}

// langClockTime is a time of day as French and Spanish hours write it
// ("08h00", "7 h 30", "18h") or a day closed ("fermé", "cerrado").
var langClockTime = regexp.MustCompile(`\b\d{1,2}\s?h(?:\s?\d{2})?\b|\bferm[ée]|\bcerrad[oa]\b`)
