package retrieval

import (
	"context"
	"slices"
	"testing"
)

// cafeWriterLocations maps each café writer's name for a store (the
// "location" of its questions) to the name the index learns for it.
var cafeWriterLocations = map[string]map[string]string{
	"kettlewick": {
		"Kettlewick Station Kiosk": "Kettlewick Station Kiosk", "Kettlewick at St Aldhelm's": "Kettlewick at St Aldhelm's",
		"Kettlewick Riverside": "Riverside", "Kettlewick Roastery & Café": "Kettlewick Roastery & Café",
	},
	"bramble": {
		"Bramble & Loaf Pembroke Street": "Bramble & Loaf Pembroke Street", "Bramble & Loaf Hennessy Library Café": "Bramble & Loaf Hennessy Library Café",
		"Bramble & Loaf Cork Airport": "Bramble & Loaf Cork Airport", "Bramble & Loaf Market Stall": "Bramble & Loaf Market Stall",
	},
	"copperfinch": {
		"Copper Finch Roastery & Café": "The Roastery & Café — Brickyard", "Copper Finch Annex at the Ledger Building": "Copper Finch Annex",
		"Copper Finch Juniper Park": "Copper Finch Juniper Park", "The Wandering Finch (food truck)": "The Wandering Finch",
	},
	"tidewater": {
		"Tidewater Roasters – Water Street Roastery": "Water Street Roastery", "Tidewater Roasters – Principale": "Principale",
		"Tidewater Roasters – Place Champlain": "Place Champlain", "Tidewater Roasters – Ferry Terminal Kiosk": "Ferry Terminal Kiosk",
		"Tidewater on Wheels": "Tidewater on Wheels",
	},
	"saltbush": {
		"Saltbush Coffee Co. Harbour Street Roastery": "Saltbush Coffee Co. Harbour Street Roastery", "Saltbush Coffee Co. Fitzroy Lane": "Saltbush Coffee Co. Fitzroy Lane",
		"Saltbush Northgate": "Saltbush Northgate", "Saltbush Ellery Beach Kiosk": "Saltbush Ellery Beach Kiosk",
		"Saltbush Port Ellery Airport": "Saltbush Port Ellery Airport", "Bessie (coffee cart)": "Bessie",
	},
	"gallan": {
		"Gallán Main Street": "Gallán Main Street", "Gallán at the Quay": "Gallán at the Quay",
		"Gallán Express – Kilbrannagh Station": "Gallán Express – Kilbrannagh Station", "Gallán Coffee Cuan Mór": "Gallán Coffee Cuan Mór",
		"Gallán on the Go": "Gallán on the Go",
	},
	// The fifth wave's blind cafés, dev cafés since the sixth wave's start
	// (923af1e). At first sight a store the index had not learned mapped
	// to its writer's name, so no question could be scoped right to it.
	"tallgrass": {
		"Main Street Roastery": "Main Street Roastery", "Depot Street": "Depot Street", "Riverside Drive-Thru": "Riverside Drive-Thru",
		"Oakmont Plaza": "Oakmont Plaza", "Tallgrass @ Harwell U": "Tallgrass @ Harwell U", "Crestview Commons": "Crestview Commons",
		"The Tallgrass Trike": "The Tallgrass Trike",
	},
	"suikerbos": {
		"Suikerbos Kerkstraat Roastery & Café": "Kerkstraat Roastery & Café", "Suikerbos Ou Stasie": "Ou Stasie",
		"Suikerbos Vlei Square": "Suikerbos Vlei Square", "Die Koffiekar": "Die Koffiekar",
		"Suikerbos Kiosk – Vleikant Hospital": "Suikerbos Kiosk @ Vleikant Hospital",
	},
	"sudu": {
		"Sudu Coffee Tiong Bahru Roastery": "Sudu Coffee Tiong Bahru Roastery", "Kopi Sudu @ Redhill": "Kopi Sudu @ Redhill",
		"Sudu Express Outram Park": "Sudu Express – Outram Park MRT", "Sudu at One Raffles Vista": "Sudu at One Raffles Vista",
		"Sudu Coffee Lakeside Junction": "Sudu Coffee Lakeside Junction",
	},
	"kereru": {
		"The Roastery – Tainui Street": "The Roastery – Tainui Street", "Hillcrest": "Hillcrest", "Harbourside Kiosk": "Harbourside Kiosk",
		"Little Kererū @ Pōhutukawa Shopping Centre": "Little Kererū @ Pōhutukawa Shopping Centre",
		"Little Kererū – Waiaroha Regional Airport":  "Waiaroha Regional Airport", `The Cart, "Bertha"`: "Bertha",
	},
	// The sixth wave's blind cafés, dev cafés since the seventh wave's
	// start (8c460b1); a store not learned at first sight (the closed
	// ones) maps to its writer's name.
	"mti": {
		"Mti Coffee House – Thingira Junction Mall":       "Mti Coffee House – Thingira Junction Mall",
		"Mti Coffee – St. Veronica Hospital (Main Lobby)": "Mti Coffee — St. Veronica Hospital",
		"Mti Express – Thingira Stage":                    "Mti Express – Thingira Stage", "Mti Roastery & Farm Café": "Mti Roastery & Farm Café",
		"Mti Coffee Biashara Street": "Mti Coffee Biashara Street",
	},
	"banwa": {
		"Banwa Kape Poblacion – Flagship & Roastery":            "Banwa Kape Poblacion – Flagship & Roastery",
		"Banwa Kape – Balinsay Gateway Mall":                    "Banwa Kape – Balinsay Gateway Mall",
		"Banwa Kape Tabok-Dagat 24/7 – Pacific Horizon IT Park": "Banwa Kape Tabok-Dagat 24/7",
		"Banwa Kape Kiosk – CSLR Canteen":                       "Banwa Kape Kiosk – CSLR Canteen", "Banwa Kape Kariton – Plaza San Roque": "Kariton sa Plaza San Roque",
	},
	"filterwala": {
		"Filterwala Roastery & Café, Basavanagudi":             "Filterwala Roastery & Café — Basavanagudi",
		"Filterwala Express – Silverline Tech Park, Kiosk K-7": "Filterwala Express – Silverline Tech Park",
		"Filterwala Counter – Indiranagar Metro":               "Filterwala Counter – Indiranagar Metro", "Filterwala Kitchen – HSR Layout": "Filterwala Kitchen – HSR Layout",
		"Filterwala @ Hive & Desk, Koramangala": "Filterwala @ Hive & Desk, Koramangala", "Kaapi Gaadi": "Kaapi Gaadi",
		"Filterwala Jayanagar 4th Block": "Filterwala Jayanagar 4th Block",
	},
	// Quatre-Vents and Yarumo, dev cafés written for the seventh wave,
	// their stores named as their registers name them (cafeLocations).
	"quatrevents": {
		"Quatre-Vents — Gare du Midi": "Quatre-Vents Gare du Midi", "Quatre-Vents chez Les Marges": "Quatre-Vents chez Les Marges",
		"Quatre-Vents Outremeuse — La Torréfaction":    "Quatre-Vents Outremeuse",
		"Stand Quatre-Vents — Marché de la Batte":      "Stand Quatre-Vents",
		"Quatre-Vents Lausanne — Galerie des Terreaux": "Quatre-Vents Lausanne Terreaux",
		"Kiosque Quatre-Vents — Esplanade du campus":   "Kiosque Quatre-Vents Esplanade CM",
	},
	"yarumo": {
		"Casa Yarumo Chapinero":             "Casa Yarumo Chapinero",
		"Yarumo Estación Av. Jiménez":       "Yarumo Estación Av. Jiménez",
		"Yarumo Campus USGA":                "Yarumo Campus USGA",
		"Carrito Yarumo Parque El Virrey":   "Carrito Yarumo Parque El Virrey",
		"Yarumo Los Balsos Plaza":           "Yarumo Los Balsos Plaza",
		"Sala de Catación Finca El Yarumal": "Sala de Catación Finca El Yarumal",
		"Yarumo Usaquén":                    "Yarumo Usaquén",
	},
	// The seventh wave's blind cafés, dev cafés since the eighth wave's
	// start (ab58fdf); a store not learned at first sight maps to its
	// writer's name.
	"mesange": {
		"Café Mésange – Brûlerie Saint-Denis":     "Café Mésange – Brûlerie Saint-Denis",
		"Comptoir Mésange Lionel-Groulx":          "Comptoir Mésange Lionel-Groulx",
		"Café Mésange – Pavillon Hélène-Dufresne": "Café Mésange – Pavillon Hélène-Dufresne",
		"Café Mésange Villeray":                   "Café Mésange Villeray",
		"Café Mésange chez Coop Le Panier Rond":   "Café Mésange chez Coop Le Panier Rond",
		"Kiosque Mésange – Marina de Port-Aubert": "Kiosque Mésange – Marina de Port-Aubert",
	},
	"jacaranda": {
		"Casa Chapultepec": "Casa Chapultepec", "Torre Citlali": "Torre Citlali", "Puesto Santa Tere": "Puesto Santa Tere",
		"Plaza Los Arcos del Sol": "Plaza Los Arcos del Sol", "Autoservicio Km 38": "Autoservicio Km 38",
		"Jardín Tequixtlán": "Jardín Tequixtlán",
	},
	"bengio": {
		"Bến Gió Hàng Bạc (HN01)":                      "Bến Gió Hàng Bạc",
		"Bến Gió Lumen Hub (HN03)":                     "Bến Gió Lumen Hub",
		"Bến Gió Bạch Đằng – Roastery & Café (DN01)":   "Bến Gió Bạch Đằng – Roastery & Café",
		"Quầy Bến Gió Mỹ Khê (DN02)":                   "Quầy Bến Gió Mỹ Khê",
		"Bến Gió Đà Nẵng Airport (DN03-FR, franchise)": "Bến Gió Đà Nẵng Airport",
		"Bến Gió Tràng Tiền (HN02)":                    "Bến Gió Tràng Tiền",
	},
	// The eighth wave's blind cafés, dev cafés since the tenth wave's
	// start: a store not learned at first sight maps to its writer's name
	// (Candela's Alboraia). Bangku's seven, learned as one "Singapore" and
	// three cities at first sight, are each their own since the eleventh
	// wave (cafeLocations).
	"haar": {
		"Haar Beach Hut, Bruachan Sands": "Haar Beach Hut Bruachan Sands", "Haar Leith Roastery": "Haar Leith Roastery",
		"Haar Merchant City": "Merchant City", "Haar Northfield": "Haar Northfield", "Haar Queen Street Kiosk": "Haar Queen Street Kiosk",
		"Haar at Fernbrae": "Haar at Fernbrae", "Haar at Quire & Quill": "Haar at Quire & Quill",
	},
	"bangku": {
		"Bangku Kopi Bukit Chandan": "Bangku Kopi Bukit Chandan", "Bangku Kopi Express @ Kallang Tengah MRT": "Bangku Kopi Express @ Kallang Tengah MRT",
		"Bangku Kopi Heritage House": "Bangku Kopi Heritage House", "Bangku Kopi The Original Stall": "Bangku Kopi The Original Stall",
		"Bangku Kopi Gaya Central": "Bangku Kopi Gaya Central", "Bangku Kopi KLIA": "Bangku Kopi KLIA", "Bangku Kopi Kampus UTKL": "Bangku Kopi Kampus UTKL",
	},
	"candela": {
		"Candela Campus dels Til·lers": "València – Campus dels Til·lers (Universitat del Túria)", "Candela Chamberí": "Madrid – Chamberí",
		"Candela Dehesas": "Alcorcón – C.C. Puerta de las Dehesas", "Candela Estación Puerta del Mediodía": "Madrid – Estación Puerta del Mediodía",
		"Candela Obrador Lavapiés": "Madrid – Lavapiés", "Obrador Alboraia": "Obrador Alboraia",
		"Parada Candela – Mercat del Rosar": "València – Mercat del Rosar", "Quiosc Candela Platja de Sant Isidre": "València – Platja de Sant Isidre",
	},
	// The tenth wave's blind cafés, dev cafés since 9950370, mapped to
	// the names learned (cafeLocations).
	"prairie": {
		"Ingersoll": "Ingersoll", "Dodge St Drive-Thru": "Dodge St Drive-Thru", "RRMC Lobby Cart": "RRMC Lobby Cart",
		"PVU Kiosk": "PVU Kiosk", "Metcalf": "Metcalf", "Clover Market": "Prairie Lantern at Clover Market",
		"The Lantern Wagon": "The Lantern Wagon", "East Village": "East Village",
	},
	"mapletide": {
		"Vieux-Port": "Vieux-Port", "Saint-Henri": "Maple & Tide Saint-Henri", "Saint-Roch": "Saint-Roch",
		"Chalet Mont-Castor": "Chalet Mont-Castor", "Vieux-Hull": "Vieux-Hull", "Campus": "Campus",
		"Moncton — Main Street": "Moncton", "Ferry kiosk": "The Ferry Kiosk",
	},
}

// scopeCount counts how a café half's questions were scoped against the
// store each question's writer says it names.
type scopeCount struct {
	right, wrong, none int // located questions
	unlocatedScoped    int // questions naming no store that were scoped
}

// cafeScoping scopes each question of a café half and counts the result;
// report, if not nil, is called for each question scoped otherwise than
// its writer meant.
func cafeScoping(t testing.TB, ix *Index, cafe, half string, report func(c PassageCase, got Scope)) scopeCount {
	t.Helper()
	var n scopeCount
	for _, c := range cafeCases(t, cafe, half) {
		res, err := ix.Search(context.Background(), c.Q, SearchOptions{Mode: ModeLexical, K: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := res.Scope.Locations
		if c.Location == "" {
			if len(got) > 0 {
				n.unlocatedScoped++
				if report != nil {
					report(c, res.Scope)
				}
			}
			continue
		}
		want, ok := cafeWriterLocations[cafe][c.Location]
		if !ok {
			t.Fatalf("%s: writer's location %q not in cafeWriterLocations", cafe, c.Location)
		}
		switch {
		case len(got) == 0:
			n.none++
		case slices.Equal(got, []string{want}):
			n.right++
			continue
		default:
			n.wrong++
		}
		if report != nil {
			report(c, res.Scope)
		}
	}
	return n
}

// scopeFloor holds one café half's scoping floors.
type scopeFloor struct {
	cafe, half string
	right      int // at least
	wrong      int // at most
	unlocated  int // at most, questions without a store that were scoped
}

// TestCafeScoping holds how many of each café half's located questions
// are scoped to the writer's store (measured; floors below), and that no
// question naming no store is scoped. Questions scoped otherwise are
// printed (-v) for the tune half only. Every café needs floors for both
// halves.
func TestCafeScoping(t *testing.T) {
	floors := []scopeFloor{
		// Measured when the loose rules (locations_loose.go) came in;
		// before them: kettlewick tune 34/0/2, test 35/1/2; bramble tune
		// 29/0/5, test 35/0/1; copperfinch tune 38/0/1, test 35/1/4;
		// tidewater tune 66/1/2, test 60/2/8 (right/wrong/none); no
		// question naming no store scoped in any half, before or after.
		{"kettlewick", "tune", 34, 0, 0},
		{"kettlewick", "test", 35, 1, 0},
		{"bramble", "tune", 30, 0, 0},
		{"bramble", "test", 35, 0, 0},
		{"copperfinch", "tune", 39, 0, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 37/1/0 -> 37/1/1;
		// held out, one question naming no store scoped: not read, not tuned back.
		{"copperfinch", "test", 37, 1, 1},
		{"tidewater", "tune", 68, 1, 0},
		{"tidewater", "test", 60, 2, 0},
		// Saltbush and Gallán (dev cafés since the fifth wave), once
		// their stores were learned (9bd94db): tune 58/0/10 and 41/4/19,
		// two unlocated Gallán questions scoped by "coffee". "the Lane",
		// "T1", the company's words naming no store, an address's place
		// ("The Old Mill", "Lough Fada"), "type: kiosk", "meet Bessie":
		// 63/0/5 and 49/1/14, none unlocated. "the shopping centre", the
		// cart as "the van", "(Platform 1)": Gallán 55/1/8.
		{"saltbush", "tune", 63, 0, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 57/1/0 -> 58/1/0.
		{"gallan", "tune", 58, 1, 0},
		// Held out, measured once at the end of the fifth wave's
		// locations work: 60/3/4 and 54/1/8, none unlocated.
		{"saltbush", "test", 60, 3, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 55/1/0 -> 55/2/0;
		// held out, one more scoped wrong: not read, not tuned back.
		{"gallan", "test", 55, 2, 0},
		// The sixth wave's new dev cafés at first sight (923af1e),
		// tune and test: Tallgrass 44/1/20 and 44/1/20, Suikerbos 44/2/15
		// and 47/0/12, Sudu 35/3/20 and 29/5/23 (one and two unlocated
		// questions scoped), Kererū 14/5/48 and 17/3/46 (two unlocated
		// in the test half).
		// Sixth wave, their stores learned as their writers list them
		// (learnplaces.go: register tables, code legends, carts in the
		// folder of store pages, descriptive front matter locations) and
		// named as people do (nicknames in bold, two-letter nicknames,
		// "the mall", "the hospital", "the airport"), tune halves:
		// Tallgrass 63/2/0 (both wrong ones name two stores), Suikerbos
		// 51/1/9, Sudu 51/2/5, Kererū 56/2/9, none unlocated. The test
		// halves keep their first-sight floors until measured at the end;
		// Tallgrass's test half failed its wrong floor (2, at most 1) at
		// the first commit of this work and its misses were not read.
		{"tallgrass", "tune", 63, 2, 0},
		// Test halves held out, measured once at the end of this work
		// (8a50f6b -> 372fe50): Tallgrass 44/1/20 -> 61/2/2, Suikerbos
		// 47/0/12 -> 55/0/4, Sudu 29/5/23 (two unlocated scoped) ->
		// 46/0/11, Kererū 17/3/46 (two) -> 59/0/7 (one unlocated scoped).
		{"tallgrass", "test", 61, 2, 0},
		// "the Kar", a leading article dropped, "mrt" no store's word:
		// Suikerbos 55/1/5, Sudu 53/0/5.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 55/1/0 -> 57/1/0.
		{"suikerbos", "tune", 57, 1, 0},
		{"suikerbos", "test", 55, 0, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 53/0/0 -> 54/0/0.
		{"sudu", "tune", 54, 0, 0},
		// the nicknames of store pages found by their titles (twelfth
		// wave, aboutAliases): test 46/0/11 -> 48/0/9.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 48/0/0 -> 49/0/0.
		{"sudu", "test", 49, 0, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 56/2/0 -> 58/2/0.
		{"kereru", "tune", 58, 2, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 59/0/1 -> 61/0/1.
		{"kereru", "test", 61, 0, 1},
		// The seventh wave's new dev cafés at first sight (8c460b1),
		// right/wrong/not at all, unlocated scoped: Mti tune 71/0/4, 0;
		// test 70/1/3, 1. Banwa tune 56/1/6, 1; test 60/0/3, 2.
		// Filterwala tune 66/1/3, 2; test 62/3/4, 1.
		// Their stores learned as their writers list them (a stale
		// register's closed store, a naming guide's struck row), the
		// chain's name no store's alias: tune Mti 72/0/3, Banwa 56/1/6
		// and none unlocated, Filterwala 67/1/2.
		{"mti", "tune", 72, 0, 0},
		// Held out, measured once at the end of the places round (8c460b1
		// -> 061fdf2): Mti test 70/1/3, one unlocated scoped -> 71/1/2,
		// none; Banwa 60/0/3, two -> 61/0/2, none; Filterwala 62/3/4, one
		// -> 63/3/3, one.
		{"mti", "test", 71, 1, 0},
		// "call this one", "just say", the 24h / 24/7 / 24hr store:
		// Banwa tune 60/1/2.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 60/1/0 -> 61/1/0.
		{"banwa", "tune", 61, 1, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 61/0/0 -> 62/0/0.
		{"banwa", "test", 62, 0, 0},
		{"filterwala", "tune", 67, 1, 2},
		{"filterwala", "test", 63, 3, 1},
		// Quatre-Vents at first sight (8c460b1): tune 18/5/49, none
		// unlocated scoped; test 24/0/49, two unlocated scoped.
		// The chain's name no store's alias (dropBrandPrefixes): tune
		// 20/2/50.
		// Yarumo at first sight (8c460b1): no store learned, so none of
		// its 68 and 67 located questions is scoped.
		// Stores learned from pages in French and Spanish (learnlang.go,
		// learnjoin.go: a register's columns, front matter keys, the
		// names a page says people use and an English question's "the"
		// for their article, addresses, hours), tune: Quatre-Vents 20/2/50
		// -> 65/3/4, Yarumo 0/0/68 -> 56/1/11 and two unlocated scoped
		// ("usaquen" as a place to deliver to, "yarumal" in a coffee's
		// name). Test halves held out, measured once at the end (at
		// 8a7ebdb -> after): Quatre-Vents 24/0/49 -> 67/0/6, Yarumo
		// 0/0/67 -> 55/4/8, none unlocated scoped.
		// The eighth wave's store work (Mésange, Jacaranda and Bến Gió,
		// above): Quatre-Vents tune 66/3/3 and Yarumo 57/1/10 (a French or
		// Spanish article as "the"); held out, measured once at the end:
		// Quatre-Vents 67/0/6 -> 68/0/5, Yarumo 55/4/8 unchanged.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 66/3/0 -> 67/3/0.
		{"quatrevents", "tune", 67, 3, 0},
		{"quatrevents", "test", 68, 0, 0},
		// store pages found by their titles give their nicknames (twelfth
		// wave, aboutAliases): tune 57/1/10 -> 58/1/9.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 58/1/2 -> 59/1/2.
		{"yarumo", "tune", 59, 1, 2},
		{"yarumo", "test", 55, 4, 0},
		// Mésange, Jacaranda and Bến Gió at first sight (ab58fdf),
		// right/wrong/not at all, unlocated scoped: Mésange tune 31/1/32,
		// 0; test 29/2/32, 0. Jacaranda tune 22/0/35, 0; test 21/0/36, 0.
		// Bến Gió tune 44/0/17, 0; test 43/3/15, 1.
		// Their stores learned as their writers list them (registers
		// headed in French or Spanish, « » names, a French or Spanish
		// article as "the", a store page whose hours are in words the
		// learner does not know, "gọi là"), tune: Mésange 55/3/6 (the
		// wrong ones name two stores, or "the villeray counter" where
		// "the counter" is the metro counter's), Jacaranda 53/0/4 and one
		// unlocated question scoped ("an office breakfast", "the office
		// one"), Bến Gió 56/1/4. Test halves held out, measured once at the
		// end (de61fcf -> after): Mésange 29/2/32 -> 56/3/4, Jacaranda
		// 21/0/36 -> 51/1/5, Bến Gió 43/3/15 -> 54/3/4, one unlocated
		// scoped before and after.
		{"mesange", "tune", 55, 3, 0},
		{"mesange", "test", 56, 3, 0},
		{"jacaranda", "tune", 53, 0, 1},
		{"jacaranda", "test", 51, 1, 0},
		{"bengio", "tune", 56, 1, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 54/3/0 -> 57/3/0.
		{"bengio", "test", 57, 3, 1},
		// Haar, Bangku and Candela at first sight (1985e4d), right/wrong/not
		// at all, unlocated scoped: Haar tune 60/0/1, 1; test 60/1/1, 0.
		// Bangku tune 32/22/14, 5; test 26/24/13, 4 (its Singapore stores
		// one "Singapore", cafeLocations). Candela tune 35/0/29, 0; test
		// 39/1/30, 0.
		{"haar", "tune", 60, 0, 1},
		{"haar", "test", 60, 1, 0},
		// Bangku's stores learned each as its own (eleventh wave: a city
		// beside a store code is no store, cafeLocations): tune 32/22/14, 5
		// -> 58/2/8, 0; test, held out, 26/24/13, 4 -> 53/2/8, 1.
		{"bangku", "tune", 58, 2, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 53/2/1 -> 54/2/1.
		{"bangku", "test", 54, 2, 1},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 35/0/0 -> 42/0/0.
		{"candela", "tune", 42, 0, 0},
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 39/1/0 -> 49/1/0.
		{"candela", "test", 49, 1, 0},
		// Prairie Lantern and Maple & Tide at first sight (9950370),
		// right/wrong/not at all, unlocated scoped: Prairie tune 31/4/24,
		// 0; test 37/1/21, 0. Maple & Tide tune 35/1/21, 2; test 45/1/11,
		// 2 (their stores as learned then, cafeLocations).
		// Their flagships learned by their names (eleventh wave,
		// cafeLocations): Prairie tune 31/4/24, 0 (unchanged: "Ingersoll"
		// was its flagship's alias already); Maple & Tide tune 38/0/19, 2.
		// Prairie's cart and trailer learned, Maple & Tide's register rows
		// named without their province (twelfth wave, cafeLocations):
		// Prairie tune 31/4/24, 0 -> 43/4/12, 0; test 37/1/21, 0 ->
		// 49/1/9, 0. Maple & Tide tune 38/0/19, 2 -> 39/0/18, 2; test
		// 46/1/10, 1 -> 47/1/9, 1. Then the nicknames of the store pages
		// found by their titles, and "customers say", "Internally:"
		// (aboutAliases, calledAs): Prairie tune -> 48/4/7, test ->
		// 52/1/6; Maple & Tide tune -> 40/0/17, test -> 48/1/8.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 48/4/0 -> 49/4/0.
		{"prairie", "tune", 49, 4, 0},
		{"prairie", "test", 52, 1, 0},
		{"mapletide", "tune", 40, 0, 2},
		// Test halves held out, measured once at the end of the eleventh
		// wave: Prairie 37/1/21, 0 unchanged; Maple & Tide 45/1/11, 2 ->
		// 46/1/10, 1.
		// Landmarks (locations_landmark.go, fifteenth wave), right/wrong/unlocated: 49/1/1 -> 50/1/1.
		{"mapletide", "test", 50, 1, 1},
	}
	// Every café has scoping floors for both halves, so a café added
	// without them fails here rather than going unmeasured.
	for _, name := range cafeNames(t) {
		for _, half := range []string{"tune", "test"} {
			if !slices.ContainsFunc(floors, func(f scopeFloor) bool { return f.cafe == name && f.half == half }) {
				t.Errorf("testdata/cafes/%s: no scoping floors for its %s half", name, half)
			}
		}
	}
	for _, tt := range floors {
		t.Run(tt.cafe+"-"+tt.half, func(t *testing.T) {
			ix := cafeIndex(t, tt.cafe)
			var report func(PassageCase, Scope)
			if testing.Verbose() && tt.half == "tune" {
				report = func(c PassageCase, got Scope) {
					t.Logf("%q (writer: %q) scoped to %q by %q", c.Q, c.Location, got.Locations, got.Mention)
				}
			}
			n := cafeScoping(t, ix, tt.cafe, tt.half, report)
			t.Logf("%s %s: located questions scoped right %d, wrong %d, not at all %d; unlocated scoped %d",
				tt.cafe, tt.half, n.right, n.wrong, n.none, n.unlocatedScoped)
			if n.right < tt.right || n.wrong > tt.wrong || n.unlocatedScoped > tt.unlocated {
				t.Errorf("scoped right %d (floor %d), wrong %d (at most %d), unlocated scoped %d (at most %d)",
					n.right, tt.right, n.wrong, tt.wrong, n.unlocatedScoped, tt.unlocated)
			}
		})
	}
}
