package document

import (
	"slices"
	"strings"
)

// locationKeys are the front matter keys a site generator or CMS uses for
// the store a page belongs to, in order of preference; the last ones hold
// a store's code ("store_code: WS01"), which the index names after the
// store's page.
var locationKeys = []string{"location", "store", "branch", "shop", "site", "cafe", "café",
	"store_code", "store_id", "location_code", "location_id", "branch_code", "branch_id", "shop_code", "site_code", "store_number"}

// aliasKeys are the front matter keys that list other names for the page's
// store.
var aliasKeys = []string{"nickname", "nicknames", "alias", "aliases", "aka", "also_known_as", "also-known-as", "short_name"}

// frontMatterLocation returns the location a page's front matter names and
// the other names it gives it. A store key may hold a short code ("store:
// st-aldhelms") that several pages share; it is kept as it is, and the
// index names the location after its own page's title.
func frontMatterLocation(meta map[string]any) (loc string, aliases []string) {
	for _, k := range locationKeys {
		if v := strings.TrimSpace(scalar(meta[k])); v != "" {
			loc = v
			break
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
