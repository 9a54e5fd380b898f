package retrieval

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// A store directory is a chain's own register of its stores: a CSV or
// JSON export whose rows are stores, each with a code, an official name
// and an address or phone ("HST, Saltbush Coffee Co. Harbour Street
// Roastery, ..., 14 Harbour Street, ..."). It is the chain's word on what
// each store is called, so it names the stores its codes stand for, and
// a store that has no page of its own (an airport concession, a cart) is
// at least the row that lists it.

// dirRow is one store of a store directory.
type dirRow struct {
	code  string // its code as the directory writes it ("HST"), or ""
	name  string // its official name, a trailing remark dropped
	nicks []string
	chunk int // the row's chunk
	// stale is a row of a stale directory ("store_directory (2024 -
	// needs update).csv", stale.go): it still lists a store since closed,
	// which nothing newer names, but its names for the stores the pages
	// name are last year's, so it names none of them (directoryCands).
	stale bool
}

var (
	dirCodeField = regexp.MustCompile(`(?i)^(?:(?:store|shop|location|site|branch|cafe|café)[ _-]?)?(?:code|id|no|number)$`)
	dirNameField = regexp.MustCompile(`(?i)^(?:(?:official|full|store|shop|location|site|branch|cafe|café|display|trading)[ _-]?)?name$`)
	// dirStoreField is a column headed by what its rows are ("store",
	// "outlet"), which names them when no column is headed "name".
	dirStoreField = regexp.MustCompile(`(?i)^(?:store|shop|outlet|branch|cafe|café)$`)
	dirNickField  = regexp.MustCompile(`(?i)^(?:aka|a\.k\.a\.?|nick ?names?|nick_names?|aliases|alias|also[ _-]known[ _-]as|short[ _-]name|other[ _-]names)$`)
	dirAddrField  = regexp.MustCompile(`(?i)^(?:address|street|suburb|postcode|zip|city|town|phone|tel|telephone|email)$`)
	// dirField finds a "key: " at a row's start or after "; ", how the
	// chunker writes a structured row.
	dirField = regexp.MustCompile(`(?:^|; )([\p{L}][\p{L}\d _.-]{0,30}): `)
)

// rowFields reads a structured row's chunk ("store_code: HST;
// official_name: ...; aka: Harbour St; the Roastery; ...") into its
// fields. keys are the file's field names: a "; " followed by anything
// else is part of a value.
func rowFields(text string, keys map[string]bool) map[string]string {
	out := map[string]string{}
	locs := dirField.FindAllStringSubmatchIndex(text, -1)
	var at [][2]int // start of a key match, start of its value
	var names []string
	for _, m := range locs {
		k := text[m[2]:m[3]]
		if keys != nil && !keys[k] {
			continue
		}
		at = append(at, [2]int{m[0], m[1]})
		names = append(names, k)
	}
	for i, a := range at {
		end := len(text)
		if i+1 < len(at) {
			end = at[i+1][0]
		}
		out[strings.ToLower(names[i])] = strings.TrimSpace(text[a[1]:end])
	}
	return out
}

// directoryRows reads the store directories among the documents: a
// structured file whose field names include a store's name and an
// address, postcode or phone, with a code field or a nicknames field,
// and two or more rows that give a name and an address or phone. A menu
// has no address field, and an item list no store's name field.
func directoryRows(files []fileRec, chunks []chunk) []dirRow {
	var out []dirRow
	for s := range fileChunks(files, chunks) {
		f, cs, base := s.file, s.chunks, s.off
		if !structuredData(f.source) || len(cs) < 2 {
			continue
		}
		// the first row's field names say whether it can be a directory,
		// before every row is read
		if !directoryFields(cs[0].text) {
			continue
		}
		// the file's field names: those most rows give
		count := map[string]int{}
		for i := range cs {
			seen := map[string]bool{}
			for _, m := range dirField.FindAllStringSubmatch(cs[i].text, -1) {
				if !seen[m[1]] {
					seen[m[1]] = true
					count[m[1]]++
				}
			}
		}
		keys := map[string]bool{}
		var codeF, nameF, storeF, nickF string
		addr := false
		// in the fields' order, not the map's: two fields of one kind
		// give the first
		for _, k := range slices.Sorted(maps.Keys(count)) {
			if 2*count[k] < len(cs) {
				continue
			}
			keys[k] = true
			lk := strings.ToLower(strings.TrimSpace(k))
			ek := englishField(lk) // "nombre_oficial" is "official_name" (learnlang.go)
			switch {
			case codeF == "" && dirCodeField.MatchString(ek):
				codeF = lk
			case nameF == "" && dirNameField.MatchString(ek):
				nameF = lk
			case storeF == "" && dirStoreField.MatchString(ek):
				storeF = lk
			case nickF == "" && dirNickField.MatchString(ek):
				nickF = lk
			case dirAddrField.MatchString(ek):
				addr = true
			}
		}
		if nameF == "" {
			nameF = storeF
		}
		if nameF == "" || !addr || (codeF == "" && nickF == "") {
			continue
		}
		var rows []dirRow
		for i := range cs {
			fs := rowFields(cs[i].text, keys)
			name, _ := nameParts(strings.TrimSpace(parenthetical.ReplaceAllString(fs[nameF], "")))
			if name == "" || len(name) > 60 || companyName(name) {
				continue
			}
			s := signsOf(cs[i].text)
			if !s.address && !s.contact {
				continue
			}
			r := dirRow{code: strings.TrimSpace(fs[codeF]), name: name, chunk: base + i}
			if nickF != "" {
				for _, n := range cellNames(strings.ReplaceAll(fs[nickF], ";", ",")) {
					if locationKey(n) != locationKey(name) {
						r.nicks = append(r.nicks, n)
					}
				}
			}
			rows = append(rows, r)
		}
		if len(rows) >= 2 {
			out = append(out, rows...)
		}
	}
	return out
}

// fileRows returns the rows of rows (directoryRows, in chunk order) that
// are of the file whose chunks are base to base+n.
func fileRows(rows []dirRow, base, n int) []dirRow {
	lo, _ := slices.BinarySearchFunc(rows, base, func(r dirRow, c int) int { return cmp.Compare(r.chunk, c) })
	hi, _ := slices.BinarySearchFunc(rows, base+n, func(r dirRow, c int) int { return cmp.Compare(r.chunk, c) })
	return rows[lo:hi]
}

// directoryFields reports whether a row's fields could be a store
// directory's: a name field and an address, postcode or phone field.
func directoryFields(text string) bool {
	name, addr := false, false
	for _, m := range dirField.FindAllStringSubmatch(text, -1) {
		k := englishField(strings.ToLower(strings.TrimSpace(m[1])))
		name = name || dirNameField.MatchString(k) || dirStoreField.MatchString(k)
		addr = addr || dirAddrField.MatchString(k)
	}
	return name && addr
}

// shortNames returns each directory name without the leading words it
// shares with another row's name: the chain's name before each store's
// ("Saltbush Coffee Co. Harbour Street Roastery" is also "Harbour Street
// Roastery", "Saltbush Northgate" "Northgate"), as pages and headings
// write them.
func shortNames(rows []dirRow) map[int][]string {
	out := map[int][]string{}
	for i, r := range rows {
		ws := strings.Fields(r.name)
		best := 0
		for j, o := range rows {
			if i == j {
				continue
			}
			os := strings.Fields(o.name)
			n := 0
			for n < len(ws) && n < len(os) && strings.EqualFold(ws[n], os[n]) {
				n++
			}
			best = max(best, n)
		}
		if best > 0 && best < len(ws) {
			if s := strings.Join(ws[best:], " "); placeLikeName(s) {
				out[i] = append(out[i], s)
			}
		}
	}
	return out
}

// directoryCands are the directory's rows as candidate places: each its
// row's chunk, named by the directory (official), with its nicknames,
// code and short name as other names.
func directoryCands(rows []dirRow) []*placeCand {
	short := shortNames(rows)
	var out []*placeCand
	for i, r := range rows {
		if r.stale {
			continue // staleStores reads it
		}
		c := &placeCand{name: r.name, section: []int{r.chunk}, strength: 1, official: true}
		c.aliases = append(c.aliases, short[i]...)
		if r.code != "" && !slices.Contains(c.aliases, r.code) {
			c.aliases = append(c.aliases, r.code)
		}
		c.ids = append([]string{r.name}, c.aliases...)
		c.aliases = append(c.aliases, r.nicks...)
		out = append(out, c)
	}
	return out
}

// staleStores returns the rows of a stale directory (dirRow.stale) that
// name a store no location of loc answers to, by the row's name, short
// name, code or nicknames: a store since closed, which questions still
// name ("is Biashara Street still open?"). A row naming a store the pages
// name otherwise (last year's "Mti Coffee St Veronica") gives nothing.
func staleStores(rows []dirRow, loc *locator) []dirRow {
	var out []dirRow
	short := shortNames(rows)
	for i, r := range rows {
		if !r.stale {
			continue
		}
		names := append(append([]string{r.name, r.code}, short[i]...), r.nicks...)
		if !slices.ContainsFunc(names, func(n string) bool { ls, _ := loc.find(locWords(n)); return len(ls) > 0 }) {
			out = append(out, r)
		}
	}
	return out
}

// directoryCodeNames maps each directory code's key to its store's name.
func directoryCodeNames(rows []dirRow) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		if k := locationKey(r.code); k != "" && !r.stale {
			out[k] = r.name
		}
	}
	return out
}
