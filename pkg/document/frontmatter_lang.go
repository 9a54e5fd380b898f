package document

import "strings"

// langKeys maps the front matter keys a French or Spanish site or CMS
// writes for a page's title, address, store and store code (compared in
// lower case, accents as written or dropped) to the English keys the
// readers above know. Only common vocabulary belongs here.
var langKeys = map[string]string{
	// French
	"titre": "title", "adresse": "address", "magasin": "store", "boutique": "shop", "succursale": "branch",
	"surnoms": "nicknames", "surnom": "nickname", "code_magasin": "store_code", "code_boutique": "store_code",
	// Spanish
	"titulo": "title", "título": "title", "nombre_oficial": "title", "direccion": "address", "dirección": "address",
	"sucursal": "branch", "tienda": "store", "local": "store", "apodos": "nicknames", "apodo": "nickname",
	"codigo_interno": "store_code", "código_interno": "store_code", "codigo_tienda": "store_code", "código_tienda": "store_code",
	"codigo_local": "store_code", "código_local": "store_code", "codigo_sucursal": "store_code", "código_sucursal": "store_code",
}

// langFrontMatter adds to meta, under the English key, the value of each
// French or Spanish key of langKeys ("Titre:", "dirección:",
// "codigo_interno:") whose English key the page does not give itself.
func langFrontMatter(meta map[string]any) {
	for k, v := range meta {
		e, ok := langKeys[strings.ToLower(strings.TrimSpace(k))]
		if !ok {
			continue
		}
		if _, has := meta[e]; !has {
			meta[e] = v
		}
	}
}
