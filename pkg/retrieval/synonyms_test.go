package retrieval

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// mapIndex ingests the given files (path → text) into a fresh index.
func mapIndex(t *testing.T, files map[string]string) *Index {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fsys, "test", IngestOptions{ChunkChars: 1200}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func mustSynonyms(t *testing.T, s string) *Synonyms {
	t.Helper()
	syn, err := ParseSynonyms("test", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return syn
}

func lexSources(t *testing.T, ix *Index, q string, syn *Synonyms, k int) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), q, SearchOptions{K: k, Mode: ModeLexical, Synonyms: syn}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return hitSources(res)
}

// TestQueryGroups checks how a query is split into groups: the customer's
// words stay, lighter, beside the documents' words; rules match by stem;
// `|` gives the documents' words more than one way; a customer word that
// is also listed as a document word keeps its full weight.
func TestQueryGroups(t *testing.T) {
	syn := mustSynonyms(t, "restroom = toilet\npatio | terrace = outside\nguests | people = people\nfilter coffee = cup of joe\n")
	for _, tt := range []struct {
		q    string
		want []qgroup
	}{
		{"where are the toilets", []qgroup{{{stems: []string{"toilet"}, weight: customerWeight}, {stems: []string{"restroom"}, weight: 1, own: true}}}},
		{"can we sit outside", []qgroup{
			{{stems: []string{"sit"}, weight: 1, own: true}},
			{{stems: []string{"outsid"}, weight: customerWeight}, {stems: []string{"patio"}, weight: 1, own: true}, {stems: []string{"terrac"}, weight: 1, own: true}},
		}},
		{"for 30 people", []qgroup{
			{{stems: []string{"30"}, weight: 1, own: true}},
			{{stems: []string{"peopl"}, weight: 1, own: true}, {stems: []string{"guest"}, weight: 1, own: true}},
		}},
		// A phrase of stop words alone on the customer's side: only the
		// documents' words are searched.
		{"a cup of joe", []qgroup{{{stems: []string{"cup", "joe"}, weight: customerWeight}, {stems: []string{"filter", "coffe"}, weight: 1, own: true}}}},
		// A day stands for itself and, lighter, for "weekday".
		{"open tuesday", []qgroup{
			{{stems: []string{"open"}, weight: 1, own: true}},
			{{stems: []string{"weekday"}, weight: dayCoverWeight}, {stems: []string{"tuesday"}, weight: 1, own: true}},
		}},
	} {
		ws := words(tt.q)
		got := queryGroups(ws, stemAll(ws), syn.spans(ws))
		if !slices.EqualFunc(got, tt.want, func(a, b qgroup) bool {
			return slices.EqualFunc(a, b, func(x, y qalt) bool {
				return slices.Equal(x.stems, y.stems) && x.weight == y.weight && x.own == y.own
			})
		}) {
			t.Errorf("queryGroups(%q) =\n %v\nwant\n %v", tt.q, got, tt.want)
		}
	}
}

// TestCustomerWordsStillMatch is the attack on rewriting: a café whose
// documents use the customer's own word ("toilet") must still find it
// when the synonyms file maps that word to another ("restroom").
func TestCustomerWordsStillMatch(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"facilities.md": "# Facilities\n\nThe toilet is by the back door, next to the baby changing table.\n",
		"parking.md":    "# Parking\n\nFree parking behind the shop for 90 minutes.\n",
	})
	syn := mustSynonyms(t, "restroom = toilet\n")
	if got := lexSources(t, ix, "where is the toilet", syn, 3); len(got) == 0 || got[0] != "facilities.md" {
		t.Errorf("customer's word the documents use: got %v, want facilities.md first", got)
	}
}

// TestSynonymGroupCountsOnce: a passage that says a thing both ways gets
// the group's weight once, in ranking and in coverage; and a customer's
// word the index has never seen does not lower coverage when the
// documents' word is there.
func TestSynonymGroupCountsOnce(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"a.md": "# Help\n\nOur restroom is upstairs.\n",
		"b.md": "# Help\n\nOur restroom or toilet is upstairs.\n",
		"c.md": "# Menu\n\nLatte, mocha and tea.\n",
	})
	st := ix.st.Load()
	syn := mustSynonyms(t, "restroom = toilet, loo\n")
	ws := words("loo")
	q := st.lex.parseGroups(queryGroups(ws, stemAll(ws), syn.spans(ws)), nil)
	for i := range st.chunks {
		if st.chunks[i].source != "a.md" {
			continue
		}
		if c := st.lex.coverage(q, st.chunks[i].terms); math.Abs(c-1) > 1e-9 {
			t.Errorf("\"loo\" (unknown) against a restroom passage: coverage %.3f, want 1", c)
		}
	}
	ws = words("toilet")
	q = st.lex.parseGroups(queryGroups(ws, stemAll(ws), syn.spans(ws)), nil)
	if len(q.groups) != 1 {
		t.Fatalf("toilet gave %d groups, want 1", len(q.groups))
	}
	hits := st.lex.search(q, nil, 3)
	var a, b float64
	for _, h := range hits {
		switch st.chunks[h.doc].source {
		case "a.md":
			a = h.score
		case "b.md":
			b = h.score
		}
		if c := st.lex.coverage(q, st.chunks[h.doc].terms); c > 1+1e-9 {
			t.Errorf("coverage %.3f above 1", c)
		}
	}
	// b says "restroom" and "toilet": it scores by its better way, not
	// the sum, so it cannot pass a by more than its shorter length gives.
	if a == 0 || b == 0 || b > a*1.2 {
		t.Errorf("scores a %.3f, b %.3f: want both found and b not summing both ways", a, b)
	}
}

// TestDaysMeetWeekdays: "tuesday" finds a passage that says "weekdays",
// and "weekend" one that names the days, above one that does not.
func TestDaysMeetWeekdays(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"a-sat.md":  "# Phone line\n\nThe phone line is open Saturday 9 am to 1 pm.\n",
		"b-week.md": "# Phone line\n\nThe phone line is open weekdays 9 am to 5 pm.\n",
		"c-none.md": "# Brunch\n\nBrunch is served every morning.\n",
		"d-days.md": "# Brunch\n\nBrunch is served on Saturday and Sunday.\n",
	})
	none := &Synonyms{}
	if got := lexSources(t, ix, "is the phone line open on tuesday", none, 2); len(got) == 0 || got[0] != "b-week.md" {
		t.Errorf("tuesday: got %v, want b-week.md first", got)
	}
	if got := lexSources(t, ix, "weekend brunch", none, 2); len(got) == 0 || got[0] != "d-days.md" {
		t.Errorf("weekend: got %v, want d-days.md first", got)
	}
}

// TestChatFillerIsNotCorrected: chat words the index has never seen are
// dropped, not "corrected" into a document's word one letter away.
func TestChatFillerIsNotCorrected(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"music.md":   "# Music\n\nWandering minstrels play on Fridays.\n",
		"parking.md": "# Parking\n\nFree parking behind the shop.\n",
	})
	if got := lexSources(t, ix, "just wondering", &Synonyms{}, 3); len(got) != 0 {
		t.Errorf("\"just wondering\" found %v, want nothing", got)
	}
}

// TestLocationShortWordsSearchTheFullName: "harbor st" names Harbour
// Street and searches "harbour street", so the short "st" of a bus stop
// ("Harbour St & Pier 3") does not outrank the passage asked about.
func TestLocationShortWordsSearchTheFullName(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"harbour.md": "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Getting here\n\nBus 7 stops at Harbour St & Pier 3, by the St Anne ferry.\n\n## Payments\n\nWe take cash and cards, and all the usual mobile wallets, but we cannot break bills larger than $50 before 9 am.\n",
		"elm.md":     "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Payments\n\nElm Road takes cash and cards.\n",
	})
	res, err := ix.Search(context.Background(), "will harbor st break a hundred", SearchOptions{K: 3, Mode: ModeLexical, Synonyms: &Synonyms{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Section != "Harbour Street > Payments" {
		t.Errorf("got %v, want Harbour Street > Payments first", res.Hits)
	}
	if !slices.Equal(res.Scope.Locations, []string{"Harbour Street"}) {
		t.Errorf("scope %v, want Harbour Street", res.Scope)
	}
}

func TestIntroChunks(t *testing.T) {
	files := []fileRec{{source: "careers.md", chunks: 3}, {source: "menu.csv", chunks: 2}, {source: "wifi.txt", chunks: 1}}
	chunks := []chunk{
		{section: "Careers"}, {section: "Careers > Pay"}, {section: "Careers > Openings"},
		{section: "Latte"}, {section: "Mocha"},
		{section: ""},
	}
	want := []bool{true, false, false, false, false, false}
	if got := introChunks(files, chunks); !slices.Equal(got, want) {
		t.Errorf("introChunks = %v, want %v", got, want)
	}
}

// TestSectionBeatsItsIntroduction: a document's opening paragraph that
// names the topic yields to the section that answers it.
func TestSectionBeatsItsIntroduction(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"careers.md": "# Careers\n\nWe're hiring! Barista openings at the campus café and in town, every season.\n\n## Openings\n\n- Barista at the campus café: weekday mornings.\n- Baker in town: full time, early starts and long shifts.\n- Cook in town: full time, evenings and weekends, with a paid trial shift.\n",
	})
	res, err := ix.Search(context.Background(), "barista openings at the campus", SearchOptions{K: 2, Mode: ModeLexical, Synonyms: &Synonyms{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Section != "Careers > Openings" {
		t.Errorf("got %v, want Careers > Openings first", res.Hits)
	}
}

// TestHeadingAskedInFull: the row whose heading the question names in
// full ("Hot Chocolate") beats a row whose heading has a word more
// ("Kids' Hot Chocolate"); a heading that is only the named location
// ("Parking > Harbour Street") gets nothing for the name.
func TestHeadingAskedInFull(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"menu.csv": "item,price,description\nKids' Hot Chocolate,2.75,Warm not hot.\nHot Chocolate,4.25,Our dark chocolate sauce with steamed milk and whipped cream on top.\n",
	})
	res, err := ix.Search(context.Background(), "hot chocolate price", SearchOptions{K: 2, Mode: ModeLexical, Synonyms: &Synonyms{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Section != "Hot Chocolate" {
		t.Errorf("got %v, want the Hot Chocolate row first", res.Hits)
	}
	// Query terms 1 (parking), 2 (harbour), 3 (street); the question
	// named Harbour Street with 2 and 3.
	q := lexQuery{terms: []qterm{{id: 1}, {id: 2}, {id: 3}}}
	place := []uint32{2, 3}
	for _, tt := range []struct {
		heading, place []uint32
		want           bool
	}{
		{[]uint32{1, 2}, nil, true},
		{[]uint32{1, 4}, nil, false},
		{[]uint32{2, 3}, place, false}, // "Parking > Harbour Street" for "harbour street parking"
		{[]uint32{1}, place, true},
		{nil, nil, false},
	} {
		if got := headingAsked(tt.heading, q, tt.place); got != tt.want {
			t.Errorf("headingAsked(%v, place %v) = %v, want %v", tt.heading, tt.place, got, tt.want)
		}
	}
}

// TestRoundNineCafeWords attacks each café-language line added in ranking
// round 9: in a small base where the answer says it in the document's
// word and another page says the customer's own words, the answer is
// first with the shipped line, and is not first once that one line is
// taken out (so the case would catch the line's loss).
func TestRoundNineCafeWords(t *testing.T) {
	checkShippedLines(t, []shippedLine{
		{
			line: "missing = didnt show up, didnt show, never showed up, not showing up, hasnt shown up, not showing, never arrived, didnt go through",
			files: map[string]string{
				"help/points-missing.md": "# My points are missing\n\nIf points are missing after a day, email us your receipt.",
				"events/open-mic.md":     "# Open mic\n\nShow up from 7pm; every performer earns double points that night. Points show in the app.",
			},
			q:      "my points never showed up",
			answer: "help/points-missing.md",
		},
		{
			line: "free drink | free coffee = free coffee, free latte, free cappuccino, free flat white, free cuppa",
			files: map[string]string{
				"rewards.md": "# Rewards\n\n120 stars gets you a free drink of any size.",
				"menu.csv":   "item,price,notes\nLatte,4.75,stars: earn 2 stars per latte\nMocha,5.25,",
			},
			q:      "how many stars for a free latte",
			answer: "rewards.md",
		},
		{
			line: "held | hold = hold",
			files: map[string]string{
				"help/pickup.md": "# Picking up\n\nApp orders are held for 20 minutes once ready.",
				"help/app.md":    "# The app\n\nHow long does an app order take? Usually 5 minutes.",
			},
			// "running late" has a rule of its own since the fifteenth wave
			// (it also searches "held"), so the case leaves it out.
			q:      "how long will you hold my app order",
			answer: "help/pickup.md",
		},
		{
			line: "instagram = insta, ig",
			files: map[string]string{
				"marketing/socials.md": "# Socials\n\nInstagram: @thevan (the van's own account).",
				"van.md":               "# The van\n\nThe van does events and markets; does the van come to you? Ask us.",
			},
			q:      "does the van have insta",
			answer: "marketing/socials.md",
		},
		{
			line: "growers | origin = come from, comes from, sourced, grown",
			files: map[string]string{
				"about.md":      "# About us\n\nWe buy our beans green, direct from growers in Kenya and Brazil, and roast them here.",
				"menu/beans.md": "# Beans\n\nHouse beans in 250g bags.",
			},
			q:      "where do your beans come from",
			answer: "about.md",
		},
		{
			line: "pay = salary, wage, wages, hourly rate, get paid, paid per hour, paid hourly, baristas make, barista make, staff make, make an hour, make per hour",
			files: map[string]string{
				"jobs/careers.md": "# Work with us\n\n## What we pay\n\nBaristas start at $15.50 an hour plus tips.",
				"classes.md":      "# Classes\n\nLearn how baristas make latte art: how much milk, how hot, how to pour.",
			},
			q:      "how much do baristas make",
			answer: "jobs/careers.md",
		},
		{
			line: "with an adult | unaccompanied = on her own, on his own, on their own, by herself, by himself, by themselves, without me, without a parent, without an adult",
			files: map[string]string{
				"policies/kids.md": "# Kids & families\n\nChildren under 12 need to be with an adult.",
				"about.md":         "# Our story\n\nShe came in on her own one morning and never left.",
			},
			q:      "can my 10 year old come in on her own",
			answer: "policies/kids.md",
		},
		{
			line: "step-free | level = step free, stepfree, no steps",
			files: map[string]string{
				"stores/elm.md": "# Elm Road\n\n## Access\n\nLevel entrance from the street; the café is all on one level.",
				"pets.md":       "# Dogs\n\nDogs are welcome on the terrace at Elm Road.",
			},
			q:      "is the terrace at elm road step free",
			answer: "stores/elm.md",
		},
		{
			line: "every $1 | per $1 | per dollar = per dollar, a dollar, every dollar, each dollar",
			files: map[string]string{
				"rewards.md": "# Rewards\n\nYou earn 1 point for every $1 you spend.",
				"app.md":     "# The app\n\nHow many points do I have? The app shows your points and what you get for them.",
			},
			q:      "how many points do i get per dollar",
			answer: "rewards.md",
		},
		{
			line: "phone | number = rang, ring you, rung, called you, call you, nobody picks up, nobody picked up, no one picks up, no one picked up, nobody answers, no one answers",
			files: map[string]string{
				"contact.md":  "# Contact us\n\n| Store | Phone |\n|---|---|\n| North kiosk | 0400 000 000 (mobile) |",
				"help/app.md": "# Pick up\n\nPick up app orders at the north kiosk window.",
			},
			q:      "i rang the north kiosk and nobody picked up",
			answer: "contact.md",
		},
		{
			line: "pup cup | puppuccino = pup cup, puppuccino, puppucino, puppachino, pupaccino",
			files: map[string]string{
				"policies/pets.md": "# Dogs\n\nDogs welcome. A pup cup is a little cup of whipped cream, free.",
				"menu.md":          "# Cups\n\nWhat's a cup size? Small cup 8oz, large cup 12oz; dogs love our cup holders.",
			},
			q:      "whats a puppuccino",
			answer: "policies/pets.md",
		},
		{
			line: "pickup | collect = pick up, picking up, pick it up",
			files: map[string]string{
				"stores/elm.md": "# Elm Road\n\nApp orders: collect from the shelf by the door.",
				"help/app.md":   "# Ordering on the app\n\nWhere do I order? In the app, choose a store, then pay.",
			},
			q:      "ordered on the app, where do i pick it up",
			answer: "stores/elm.md",
		},
	})
}

// shippedLine is a case for one line of the shipped synonyms: a small
// base in which answer is first for q with the line and is not without.
type shippedLine struct {
	line   string // the shipped line under test, whole
	files  map[string]string
	q      string
	answer string // source of the passage that answers
}

// checkShippedLines runs each case: its line must still be shipped, its
// answer must not be first once that one line is taken out (else the
// case no longer tests it), and must be first with the shipped file.
func checkShippedLines(t *testing.T, cases []shippedLine) {
	t.Helper()
	for _, tt := range cases {
		t.Run(strings.Fields(tt.line)[0], func(t *testing.T) {
			if !strings.Contains(string(defaultSynonyms), "\n"+tt.line+"\n") {
				t.Fatalf("the shipped synonyms no longer have the line %q", tt.line)
			}
			ix := mapIndex(t, tt.files)
			without := mustSynonyms(t, strings.Replace(string(defaultSynonyms), "\n"+tt.line+"\n", "\n", 1))
			if got := lexSources(t, ix, tt.q, without, 2); len(got) > 0 && got[0] == tt.answer {
				t.Fatalf("without the line %s is already first: the case no longer tests it", tt.answer)
			}
			if got := lexSources(t, ix, tt.q, nil, 2); len(got) == 0 || got[0] != tt.answer {
				t.Errorf("%q: first hits %q, want %s first", tt.q, got, tt.answer)
			}
		})
	}
}

// TestRoundThirteenCafeWords checks the lines of ranking round 13, the
// words customers use for what a page names by its kind: each case's
// answer says the page's word ("pets", "service animals", "reusable
// cup"), another page says the customer's, and the answer is first with
// the line and not without it.
func TestRoundThirteenCafeWords(t *testing.T) {
	checkShippedLines(t, []shippedLine{
		{
			line: "dog | pets = dog, dogs, puppy, pup, doggy, doggie",
			files: map[string]string{
				"policies/pets.md": "# Pets\n\nBring your pets to the terrace; inside, assistance animals only.",
				"events.md":        "# Dog day\n\nBring your dog to dog day: every dog gets a treat and a photo with the team's dog.",
			},
			q:      "can i bring my dog inside",
			answer: "policies/pets.md",
		},
		{
			line: "service animals = service dog, guide dog, assistance dog, seeing eye dog",
			files: map[string]string{
				"access.md": "# Accessibility\n\nService animals are always welcome inside, with or without papers.",
				"pets.md":   "# Dogs\n\nDogs are welcome on the terrace, not inside. Water bowls by the door for every dog.",
			},
			q:      "is my service dog allowed inside",
			answer: "access.md",
		},
		{
			line: "reusable cup | own cup = keepcup, keep cup, keepcups, flask, thermos, travel mug, travel cup, tumbler, my own mug, my own cup, byo cup",
			files: map[string]string{
				"cups.md": "# Reusable cups\n\nYour own cup, any clean reusable cup, gets 30c off any drink.",
				"shop.md": "# Shop\n\nKeepCup glass 12oz for sale, $25; the KeepCup cork edition $30. Beans and brewing gear.",
			},
			q:      "do i get money off if i bring my keepcup",
			answer: "cups.md",
		},
	})
}

// TestSecondLanguageWords checks shipped lines for customers who write
// in a café's other language: each case fails without its line (the
// wrong passage or none is first) and passes with it.
func TestSecondLanguageWords(t *testing.T) {
	checkShippedLines(t, []shippedLine{
		{
			line: "dog = hond, honde, mbwa, iro, aso, kuri",
			files: map[string]string{
				"pets.md":  "# Dogs\n\nDogs are welcome on the terrace and at the wharf kiosk.",
				"wharf.md": "# The wharf kiosk\n\nTakeaway only, right on the wharf.",
			},
			q:      "Ka pai te kawe mai i taku kurī ki te wharf?",
			answer: "pets.md",
		},
		{
			line: "open = wazi, kufungua, mnafungua, abli, bukas, osclaionn, oscailte",
			files: map[string]string{
				"hours.md": "# When we're open\n\nOpen every day, 7am to 3pm; open on public holidays too.",
				"about.md": "# About us\n\nThe kiosk on the square, since 2019.",
			},
			q:      "je, mko wazi kwenye kiosk?",
			answer: "hours.md",
		},
		{
			line: "saturday = saterdag, jumamosi, satharn, sabtu",
			files: map[string]string{
				"hours.md": "# When we're open\n\nOur hours: Monday to Friday 7am to 5pm, Saturday 8am to 2pm.",
				"rota.md":  "# Hours for the team\n\nShift hours: shifts are 6 hours, and hours are posted weekly.",
			},
			q:      "saa ngapi jumamosi",
			answer: "hours.md",
		},
	})
}

// TestSecondLanguageWordsAreNotEnglish guards the second-language lines
// against words English questions use: none of these may be a customer
// word of any shipped rule. Rules match by stem, so a word whose stem is
// another language's word counts too ("madras" is stemmed "madra", the
// Irish dog: "madras filter coffee" searched "dog"), and so do other
// cafés' words and brands: "kia ora" searched "hours" for the Tagalog
// "oras", "oops" "open" for the Afrikaans "oop", "mini mart" "tuesday"
// for the Spanish "martes". Such words are pivots (lang_pivots.txt),
// which match as written, and pivots must leave these words alone too.
func TestSecondLanguageWordsAreNotEnglish(t *testing.T) {
	syn := DefaultSynonyms()
	for _, q := range []string{"toe", "more", "die", "sa", "ang", "op", "na", "ni", "te", "ka", "leo", "bank", "rate", "madras",
		"kia ora", "oops", "mini mart", "kinder surprise", "pilas", "gata", "bata", "lune"} {
		ws := words(q)
		if r := syn.rewrite(ws); !slices.Equal(r, ws) {
			t.Errorf("%q is rewritten to %q: an English or function word became a synonym", q, r)
		}
		for _, w := range ws {
			if en, ok := langPivot(textnorm.English, w); ok {
				t.Errorf("%q: %q is stemmed as %q", q, w, en)
			}
		}
	}
}

// TestSynonymsAndPivotsWriteAWordOnce: a word of another language is a
// customer word of synonyms.txt's second-language lines or a pivot of
// lang_pivots.txt, not both (the pivot already searches its English
// word; two copies drift apart).
func TestSynonymsAndPivotsWriteAWordOnce(t *testing.T) {
	const section = "# Customers who write in the café's other language"
	lines := strings.Split(string(defaultSynonyms), "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, section) })
	if start < 0 {
		t.Fatalf("synonyms.txt has no line %q", section)
	}
	for i := start; i < len(lines); i++ {
		line := lines[i]
		_, rhs, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, alt := range strings.Split(rhs, ",") {
			ws := words(alt)
			if len(ws) != 1 {
				continue
			}
			if en, ok := anyPivot(ws[0]); ok {
				t.Errorf("synonyms.txt:%d: %q is a pivot too (stemmed as %q in lang_pivots.txt)", i+1, ws[0], en)
			}
		}
	}
}

// TestIncludeDefaults: a café's file with `include defaults` keeps the
// bundled rules, adds its own, and replaces a bundled rule for a phrase
// it gives; without the line it has only its own rules.
func TestIncludeDefaults(t *testing.T) {
	withDefaults := mustSynonyms(t, "# our café's words\nInclude Defaults\nblack coffee = kahawa chungu\nfilter coffee = gf\n")
	own := mustSynonyms(t, "black coffee = kahawa chungu\n")
	for _, tt := range []struct {
		syn  *Synonyms
		q    string
		want []string
	}{
		{withDefaults, "kahawa chungu", []string{"black", "coffee"}},
		{withDefaults, "decaffeinated", []string{"decaf"}}, // a bundled rule kept
		{withDefaults, "gf", []string{"filter", "coffee"}}, // the café's rule replaces the bundled "gf"
		{withDefaults, "jumamosi", []string{"saturday"}},   // a bundled second-language word
		{own, "kahawa chungu", []string{"black", "coffee"}},
		{own, "decaffeinated", []string{"decaffeinated"}}, // no bundled rules without the line
	} {
		if got := tt.syn.rewrite(words(tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("%q: rewritten to %q, want %q", tt.q, got, tt.want)
		}
	}
	// The line is no rule: a file of it alone is the bundled rules.
	only := mustSynonyms(t, IncludeDefaults+"\n")
	if len(only.rules) != len(DefaultSynonyms().rules) {
		t.Errorf("%d rules from %q alone, want the bundled %d", len(only.rules), IncludeDefaults, len(DefaultSynonyms().rules))
	}
}

// TestBundledIncludeDefaults: an `include defaults` line in the bundled
// file itself is a SynonymError naming its line (DefaultSynonyms panics
// with it, as with any bad bundled line), not a call back into
// DefaultSynonyms from inside its own sync.Once, which never returned.
func TestBundledIncludeDefaults(t *testing.T) {
	saved := defaultSynonyms
	t.Cleanup(func() {
		defaultSynonyms, defaultSynOnce, defaultSyn = saved, sync.Once{}, nil
	})
	defaultSynonyms, defaultSynOnce, defaultSyn = []byte("decaf = decaffeinated\ninclude defaults\n"), sync.Once{}, nil
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		DefaultSynonyms()
	}()
	select {
	case v := <-done:
		err, _ := v.(error)
		var se *SynonymError
		if !errors.As(err, &se) || se.Line != 2 || !strings.Contains(se.Reason, "include defaults") {
			t.Errorf("DefaultSynonyms panicked with %v, want a SynonymError on line 2 naming the line", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("DefaultSynonyms never returned: the bundled file's `include defaults` called it again inside its own sync.Once")
	}
}
