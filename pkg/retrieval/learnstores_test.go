package retrieval

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

// storesFS is a chain whose stores are written the ways the sixth wave's
// cafés write theirs: a register table lists a closed store and a trike
// no page is about; a cart's page in the folder of store pages has hours
// and an email but no street, under a heading with emoji; a kiosk's
// front matter location says where in the hospital it stands; an airport
// unit's code is shared by its price list, whose title is no name; a
// page's broken front matter is a chunk of its own; a roster's legend of
// store codes names the van no page is about.
func storesFS() fstest.MapFS {
	return fstest.MapFS{
		"website/stores/mill.md": {Data: []byte("---\nstore_code: ML\naddress: 3 Mill Lane, Fernvale 4410\n---\n" +
			"# Mill Lane Roastery\n\nOur first shop. Everyone calls it **\"the Mill\"** or just **RV**.\n\n## Hours\n\nMonday 7am – 3pm\nTuesday 7am – 3pm\n\nPhone (06) 929 4410\n")},
		"website/stores/kiosk.md": {Data: []byte("---\nstore_code: HK\nlocation: Main entrance foyer, Fernvale Hospital, 2 Hospital Road, Fernvale\n---\n" +
			"# Fernvale Kiosk @ Fernvale Hospital\n\nA counter in the foyer.\n\n## Hours\n\nMonday 06:00 – 19:00\nSaturday 08:00 – 14:00\n\nTel 929 1111\n")},
		"website/stores/cart.md": {Data: []byte("# Die Wagon ☕🚐\n\nMeet **Oupa** – our 1974 van.\n\n| Day | Where | Time |\n|---|---|---|\n" +
			"| Saturday | Market square, by the fountain | 07:30 – 12:00 |\n| Sunday | Beach parking lot, top end | 08:00 – 12:00 |\n\n## Book the Wagon\n\nEmail wagon@fernvale.example.\n")},
		"website/stores/mall.md": {Data: []byte("title: Greenhill Shopping Centre\nstore: Fernvale @ Greenhill (GH)\n\n## Fernvale @ Greenhill Shopping Centre\n\n" +
			"Unit G12, Greenhill Shopping Centre, 200 Kahu Drive, Fernvale 4414\nPhone: (06) 929 1212\n\n**Hours:** Mon 8.30am–5.30pm, Tue 8.30am–5.30pm, Sat 9am–5pm.\n")},
		"website/stores/airport.md": {Data: []byte("---\ntitle: Fernvale Regional Airport (FRA)\nstore_code: FRA\nlocation: Departure lounge, airside – past security screening, opposite Gate 2\n---\n" +
			"# Fernvale – Fernvale Regional Airport\n\nAirside, opposite Gate 2.\n\n## Hours\n\nMonday 05:00 – 20:00\nSunday 05:00 – 20:00\n")},
		"website/menu/airport-prices.md": {Data: []byte("---\ntitle: Airport price list\nstore_code: FRA\n---\n# Airport price list\n\nDrinks +$0.50.\n")},
		"ops/directory-INTERNAL.md": {Data: []byte("# Store directory\n\n| # | Official name | What people call it | Address |\n|---|---|---|---|\n" +
			"| 1 | Mill Lane Roastery | the Mill, \"the big one\" | 3 Mill Lane |\n| 2 | ~~Oakvale Plaza~~ | Oakvale | 5120 Oakvale Rd. |\n" +
			"| 6 | (never opened) | — | — |\n| M1 | The Fernvale Trike | the Trike, \"the bike\" | based at the Mill |\n")},
		"ops/roster.txt":     {Data: []byte("Holiday roster\n\nstore codes: ML=Mill Lane  HK=Kiosk  VAN=Bessie  FRA=Airport\n\nBessie at the fair from 9.\n")},
		"ops/till-notes.txt": {Data: []byte("Till notes\n\n- HK = NO CASH. Card only.\n- ML = CASH OK. Floats in the safe.\n- FRA = CARD ONLY.\n")},
		"website/dogs.md":    {Data: []byte("# Dogs\n\nDogs are welcome at most shops.\n")},
	}
}

func TestStoresLearnedAsWritersList(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), storesFS(), "chain", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	// the van of the legend, the register's closed store and trike, the
	// cart without a street, the kiosk and airport named by their pages
	// (not by an address line or a price list), the store under broken
	// front matter; "NO CASH" of the till notes is no store
	want := []string{"Bessie", "Die Wagon", "Fernvale @ Greenhill Shopping Centre", "Fernvale Kiosk @ Fernvale Hospital", "Fernvale Regional Airport",
		"Mill Lane Roastery", "Oakvale Plaza", "The Fernvale Trike"}
	if !slices.Equal(st.locNames, want) {
		t.Fatalf("locations %q, want %q", st.locNames, want)
	}
	for _, tt := range []struct{ q, want string }{
		{"is the mill open on monday", "Mill Lane Roastery"},                          // a nickname in bold quotes
		{"rv open saturday?", "Mill Lane Roastery"},                                   // a two-letter nickname in bold
		{"is oakvale still open", "Oakvale Plaza"},                                    // the register's closed store
		{"where is the trike on saturday", "The Fernvale Trike"},                      // the register's nickname
		{"what time does the mall one close", "Fernvale @ Greenhill Shopping Centre"}, // the kind of building
		{"is the hospital one open on sunday", "Fernvale Kiosk @ Fernvale Hospital"},
		{"can i order ahead at the airport", "Fernvale Regional Airport"},
		{"is oupa out today", "Die Wagon"},
		{"can i book the wagon for a wedding", "Die Wagon"}, // the name without its article           // "Meet **Oupa**"
		{"where is bessie on the holiday", "Bessie"},        // the legend's store
		{"are dogs allowed", ""},
		{"is it open at one", ""}, // "one" names no store
	} {
		if _, got := scopedFirst(t, ix, tt.q); got != tt.want {
			t.Errorf("%q scoped to %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestPlaceDescriptionAndHeadingForm(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Departure lounge, airside – past security screening, opposite Gate 2", true},
		{"Main entrance foyer, Vleikant Hospital, 2 Hospitaalweg, Malvadrif", true},
		{"Harbour Street", false},
		{"Shed 3, the Wharf", false}, // short: a name with its place
		{"st-aldhelms", false},
	} {
		if got := placeDescription(tt.s); got != tt.want {
			t.Errorf("placeDescription(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct{ title, heading, want string }{
		{"Sudu Coffee – Lakeside Junction", "Sudu Coffee Lakeside Junction 🛍️", "Sudu Coffee Lakeside Junction"},
		{"The Roastery – Tainui Street", "The Roastery – Tainui Street", "The Roastery – Tainui Street"},
		{"Harbour Kiosk – Shed 3", "Welcome to the wharf", "Harbour Kiosk – Shed 3"}, // other words
		{"Main Street Roastery", "Tallgrass Coffee — Main Street Roastery", "Main Street Roastery"},
	} {
		if got := headingForm(tt.title, tt.heading); got != tt.want {
			t.Errorf("headingForm(%q, %q) = %q, want %q", tt.title, tt.heading, got, tt.want)
		}
	}
}

func TestNicknamesInBoldAndTwoLetters(t *testing.T) {
	got := pageNicknames(`Everyone calls it **"the Wharf"**, **"the kiosk"** or **"Shed 3"**. Staff call it **RV**. Students call it **"the kiosk"** or just **"Dorsey."**`)
	want := []string{"the Wharf", "the kiosk", "Shed 3", "RV", "the kiosk", "Dorsey."}
	if !slices.Equal(got, want) {
		t.Errorf("nicknames %q, want %q", got, want)
	}
	// the words between two bold names are none
	if slices.Contains(got, "or just") {
		t.Error("the words between bold names taken for a name")
	}
	for _, tt := range []struct {
		w    string
		want bool
	}{{"rv", true}, {"tb", true}, {"lj", true}, {"hq", true}, {"us", false}, {"ok", false}, {"gf", false}, {"pm", false}, {"it", false}} {
		if got := twoLetterName(tt.w); got != tt.want {
			t.Errorf("twoLetterName(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestLabelledPhoneAndTableHours(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Phone: (06) 929 1212", true},
		{"Ph 929 7703 · hi@x.example", true},
		{"Tel 028 410 8876", true},
		{"phone the store on the day", false},
		{"Ph.D. in 2019", false},
	} {
		if got := labelledPhone.MatchString(tt.text); got != tt.want {
			t.Errorf("labelledPhone(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	table := "| Day | Where | Time |\n|---|---|---|\n| Saturday | Malvadrif Boeremark, Dorpsplein (by the NG Kerk side) | 07:30 – 12:00 |\n| Sunday, Oct – Apr | Grootstrand parking lot, Strandweg (top end) | 08:00 – 12:00 |\n"
	if n := countDayTimes(table); n < 2 {
		t.Errorf("a table's day rows with their times counted %d, want 2", n)
	}
	// outside a table the time must follow the day closely
	if n := countDayTimes("Saturday we walk the dog along the beach road and the river, and at 7am we are back."); n != 0 {
		t.Errorf("a sentence's day and far time counted %d, want 0", n)
	}
}

func TestNameTails(t *testing.T) {
	cs := []chunk{{section: "Die Koffiekar > Book the Kar", text: "Weddings and fêtes. the Kar comes to you."}, {text: "Ask the bar staff."}}
	if got := nameTails("Die Koffiekar", cs); !slices.Equal(got, []string{"the Kar"}) {
		t.Errorf("tails %q, want [the Kar]", got)
	}
	// a lower-case word or a whole name word is no tail
	if got := nameTails("Crowbar Café", []chunk{{text: "at the bar; the Crowbar"}}); len(got) != 0 {
		t.Errorf("tails %q, want none", got)
	}
}

func TestKindAliases(t *testing.T) {
	names := []string{"Vlei Square", "Kerkstraat", "Ou Stasie"}
	aliases := map[string][]string{}
	texts := map[string]string{"Vlei Square": "Shop 27, Vlei Square Shopping Centre, next to Checkers", "Kerkstraat": "14 Kerkstraat, by the hospital", "Ou Stasie": "in the old station, near the hospital"}
	if !kindAliases(names, aliases, texts) {
		t.Fatal("no kind alias added")
	}
	if !slices.Equal(aliases["Vlei Square"], []string{"the mall"}) {
		t.Errorf("the mall store's aliases %q", aliases["Vlei Square"])
	}
	// two stores near a hospital: neither is "the hospital one"
	if len(aliases["Kerkstraat"]) != 0 || len(aliases["Ou Stasie"]) != 0 {
		t.Errorf("a kind two stores share was given: %q", aliases)
	}
}
