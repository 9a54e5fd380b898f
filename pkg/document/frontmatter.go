package document

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// locationKeys are the front matter keys a site generator or CMS uses for
// the store a page belongs to, in order of preference.
var locationKeys = []string{"location", "store", "branch", "shop", "site", "cafe", "café"}

// codeKeys hold a store's code ("store_code: WS01"), which the index names
// after the store's page or its row in a store register.
var codeKeys = []string{"store_code", "store_id", "location_code", "location_id", "branch_code", "branch_id", "shop_code", "site_code", "store_number"}

// aliasKeys are the front matter keys that list other names for the page's
// store.
var aliasKeys = []string{"nickname", "nicknames", "alias", "aliases", "aka", "also_known_as", "also-known-as", "short_name"}

// frontMatterLocation returns the location a page's front matter names and
// the other names it gives it; title is the page's title. A store key may
// hold a short code ("store: st-aldhelms") that several pages share; it is
// kept as it is, and the index names the location after its own page's
// title. A code is the location when no location key is given, or when
// the location is a short place name (four words at most) that shares no
// word with the title: then it is the store's city or region
// ("location: Singapore" on four stores' pages, each titled with its
// store's name and giving its own store_code), and the code is what tells
// the store apart. A location that shares a word with the title ("Madrid
// – Lavapiés" on "Candela Obrador Lavapiés") names the store; a longer one
// is its address or where it stands, which the index reads as such.
func frontMatterLocation(meta map[string]any, title string) (loc string, aliases []string) {
	for _, k := range locationKeys {
		if v := strings.TrimSpace(scalar(meta[k])); v != "" {
			loc = v
			break
		}
	}
	if loc == "" || (title != "" && len(strings.Fields(loc)) <= 4 && !sharesWord(loc, title)) {
		for _, k := range codeKeys {
			if v := strings.TrimSpace(scalar(meta[k])); v != "" {
				loc = v
				break
			}
		}
	}
	for _, k := range aliasKeys {
		switch v := meta[k].(type) {
		case []any:
			for _, x := range v {
				if s := strings.TrimSpace(scalar(x)); s != "" {
					aliases = append(aliases, s)
				}
			}
		default:
			for _, s := range strings.Split(scalar(v), ",") {
				if s = strings.TrimSpace(s); s != "" {
					aliases = append(aliases, s)
				}
			}
		}
	}
	slices.Sort(aliases)
	return loc, slices.Compact(aliases)
}

// sharesWord reports whether a and b have a word of three letters or more
// in common, case aside.
func sharesWord(a, b string) bool {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	bw := words(b)
	for _, w := range words(a) {
		if utf8.RuneCountInString(w) >= 3 && slices.Contains(bw, w) {
			return true
		}
	}
	return false
}
