package gate

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
	"github.com/cafebot/cafebot/internal/trainset"
)

// The eleventh wave's dev sets, written by hand before any of its rule or
// weight changes: testdata/gate/dev_g6.jsonl (214 rows over the four
// labels and their sub-intents) and testdata/safety/dev_someone6.jsonl
// (44 messages about someone else at risk from themselves in English,
// Spanish, French, Portuguese and Italian, and 20 look-alikes). Odd lines
// tune, even lines test; a test-half miss is only counted, never printed.

// TestDev11GateFloors holds dev_g6's halves at or above their figures.
func TestDev11GateFloors(t *testing.T) {
	cases := loadDevCases(t, "dev_g6", 214)
	// First sight at 880a878 (before the wave's changes), 107 rows a half
	// (tune: faq 28, transactional 29, complaint 26, escalation 24; test:
	// 28, 28, 26, 25): rules alone tune 79 (25, 17, 17, 20), test 83 (27,
	// 19, 19, 18); rules + learned tune 89 (25, 21, 23, 20), test 93 (27,
	// 22, 23, 21). After the eleventh wave's rules, before the retrain:
	// rules alone tune 91 (25, 24, 19, 23), test 86 (27, 19, 19, 21);
	// whole gate tune 100 (25, 28, 24, 23), test 95 (27, 22, 23, 23).
	// With said_in_passing, suggest_one and the rest of the second step:
	// rules alone tune 102 (27, 27, 25, 23), test 87 (27, 19, 19, 22);
	// whole gate tune 103 (26, 29, 25, 23), test 95 (27, 22, 23, 23).
	// gate.model retrained with the tune half and the wave's hand rows in
	// train_gate12.jsonl: whole gate tune 104 (27, 29, 25, 23), test 94
	// (27, 22, 22, 23): one test complaint fewer, the floor says so.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {102, 27, 27, 25, 23}, "test": {87, 27, 19, 19, 22}},
		"full":  {"tune": {104, 27, 29, 25, 23}, "test": {94, 27, 22, 22, 23}},
	}
	checkLabelFloors(t, "dev_g6", cases, floors)
}

// TestDev11SomeoneElseFloors: dev_someone6's reports of someone else at
// risk read a sure escalation [self_harm] (the caring reply and an urgent
// ticket), and its look-alikes (dying for a cake, ending a diet or a
// subscription, working oneself to death) neither self_harm nor safety.
func TestDev11SomeoneElseFloors(t *testing.T) {
	rows := safetyRows(t, "dev_someone6.jsonl")
	var splits []string
	for _, r := range rows {
		splits = append(splits, r.Split)
	}
	checkTuneTest(t, "dev_someone6", splits)
	// Each half 22 reports and 10 look-alikes. First sight at 880a878,
	// whole gate: tune 3/22, 10/10; test 2/22, 10/10. After the eleventh
	// wave's someone_self_harm phrases: tune 22/22, 10/10; test 20/22,
	// 9/10, with the rules alone as with the whole gate.
	type count struct{ reports, lookalikes int }
	floors := map[string]count{"tune": {22, 10}, "test": {20, 9}}
	gates := map[string]*Gate{"rules": Default().WithModel(nil).WithSafety(nil), "full": Default()}
	for _, name := range []string{"rules", "full"} {
		for _, half := range []string{"tune", "test"} {
			var got count
			var misses []string
			for _, r := range rows {
				if r.Split != half {
					continue
				}
				d := gates[name].Classify(r.Text)
				switch r.Kind {
				case "lookalike":
					if d.Category != "self_harm" && d.Category != "safety" {
						got.lookalikes++
					} else {
						misses = append(misses, fmt.Sprintf("line %d: look-alike %q read %s %v", r.line, r.Text, d.Category, d.Cues))
					}
				default:
					if d.Intent == Escalation && d.Category == "self_harm" && !d.Unsure {
						got.reports++
					} else {
						misses = append(misses, fmt.Sprintf("line %d: %q read %s [%s] unsure=%v %v", r.line, r.Text, d.Intent, d.Category, d.Unsure, d.Cues))
					}
				}
			}
			t.Logf("dev_someone6 %s, %s: %d/22 reports as self_harm, %d/10 look-alikes calm", half, name, got.reports, got.lookalikes)
			if f := floors[half]; got.reports < f.reports || got.lookalikes < f.lookalikes {
				t.Errorf("dev_someone6 %s, %s: %+v, floor %+v", half, name, got, f)
				if half == "tune" {
					for _, m := range misses {
						t.Log("  " + m)
					}
				}
			}
		}
	}
}

// TestDev11BriefPhrases: the eleventh wave's brief names these misses of
// the last blind reading; each reads its label with the rules alone and
// with the whole gate. None is a dev_g6 test row.
func TestDev11BriefPhrases(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, tt := range []struct {
		text     string
		intent   Intent
		category string
	}{
		{"everyone would be better off without him", Escalation, "self_harm"},
		{"mon frère veut mourir", Escalation, "self_harm"},
		{"mi amiga dice que quiere morir", Escalation, "self_harm"},
		{"meu amigo disse que quer se matar", Escalation, "self_harm"},
		// "told me she wants to" is a report, not someone told to kill
		// herself: the harassment unless no longer swallows it.
		{"one of your baristas told me she wants to kill herself, please check on her", Escalation, "self_harm"},
		{"where did my stars go", Transactional, ""},
		{"can you put the £4 back on my card", Transactional, ""},
		{"can someone real look at this", Escalation, "human_request"},
		{"I want whoever runs the place to call me", Escalation, "human_request"},
		{"I want all the CCTV of me you hold under GDPR", Escalation, "legal"},
		{"I was the only black person there and the only one asked to pay first", Escalation, "discrimination"},
	} {
		for name, g := range gates {
			d := g.Classify(tt.text)
			if d.Intent != tt.intent || (tt.category != "" && (d.Category != tt.category || d.Unsure)) {
				t.Errorf("%s: %q: %s [%s] unsure=%v, want %s [%s]; cues %v", name, tt.text, d.Intent, d.Category, d.Unsure, tt.intent, tt.category, d.Cues)
			}
		}
	}
	// Their look-alikes stay off self_harm.
	for _, text := range []string{
		"everyone would be better off without him on the till, he never smiles",
		"ma soeur veut en finir avec son abonnement, comment l'annuler ?",
		"la mia amica vuole farla finita con la dieta, una fetta di torta",
		"mio padre si ammazza di lavoro, un espresso doppio per lui",
		"mi hermano ya no quiere vivir en Madrid, ¿tenéis tiendas en Valencia?",
		"she told her to kill herself in front of the whole queue",
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Category == "self_harm" {
				t.Errorf("%s: look-alike %q read self_harm; cues %v", name, text, d.Cues)
			}
		}
	}
}

// TestDev11SaidInPassing: the second step's rules, each with a dev_g6
// tune row it was written from and a look-alike that keeps its label
// (a question about a taste, whether asking is cheeky, being sick).
func TestDev11SaidInPassing(t *testing.T) {
	g := Default().WithModel(nil)
	for _, tt := range []struct {
		text string
		want Intent
	}{
		{"that latte tasted of washing up liquid", Complaint},
		{"charging 60p for a splash of oat milk is cheeky", Complaint},
		{"ho aspettato mezz'ora per un cappuccino", Complaint},
		{"no syrup like I said, it was sickly sweet", Complaint},
		{"something warm without caffeine for a pregnant woman, what would you suggest", FAQ},
		{"do stars run out if I don't use them", FAQ},
		{"is the order for Priya done? I'm outside", Transactional},
		{"can we have the back room for a baby shower on the 14th", Transactional},
		// Look-alikes.
		{"what does the chai taste of, is it spicy?", FAQ},
		{"is it cheeky to ask for extra milk?", FAQ},
		{"a customer was sick by the door, can someone bring a mop", Escalation},
	} {
		if d := g.Classify(tt.text); d.Intent != tt.want {
			t.Errorf("%q: %s, want %s; cues %v", tt.text, d.Intent, tt.want, d.Cues)
		}
	}
}

// TestDev11TrainingRowsNotNearTest: the eleventh wave's training rows
// (dev_g6's tune half and hand-written rows, appended to
// train_gate12.jsonl) are neither the text of nor near a row of dev_g6's
// test half or of dev_someone6, so those stay unseen by gate.model.
func TestDev11TrainingRowsNotNearTest(t *testing.T) {
	dev, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g6.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var measured []string
	for _, c := range dev {
		if c.Split == "test" {
			measured = append(measured, c.Text)
		}
	}
	for _, r := range safetyRows(t, "dev_someone6.jsonl") {
		measured = append(measured, r.Text)
	}
	grams := make([]map[string]bool, len(measured))
	for i, m := range measured {
		grams[i] = publicdata.Bigrams(m)
	}
	rows, err := LoadCases(gate12Rows)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		g := publicdata.Bigrams(r.Text)
		for j, m := range measured {
			if strings.EqualFold(m, r.Text) || publicdata.Jaccard(g, grams[j]) >= trainset.NearCut {
				t.Errorf("train_gate12.jsonl row %d %q is near a measured dev_g6/dev_someone6 row", i+1, r.Text)
			}
		}
	}
}

// TestDev11ThirdStep: the third step's phrases, from messages written for
// it (none in a dev set): hurting oneself on purpose and throwing oneself
// from a window in five languages read self_harm, an accident does not;
// a reward or a charge that did not go through is transactional; French
// rudeness is a complaint.
func TestDev11ThirdStep(t *testing.T) {
	g := Default().WithModel(nil)
	for _, text := range []string{
		"mi hermano se quiere tirar por la ventana",
		"ma fille dit qu'elle veut se faire du mal",
		"minha filha está se machucando de propósito",
		"il mio ragazzo dice che vuole togliersi la vita",
		"meine Freundin sagt, sie will nicht mehr leben",
		"he says life isn't worth living anymore",
		"the girl outside is talking about jumping in front of a bus",
	} {
		if d := g.Classify(text); d.Category != "self_harm" || d.Unsure {
			t.Errorf("%q: %s [%s] unsure=%v, want self_harm; cues %v", text, d.Intent, d.Category, d.Unsure, d.Cues)
		}
	}
	for _, text := range []string{
		"il va se faire du mal avec ce plateau",
		"cuidado, se va a hacer daño con esa silla",
		"attento, il bambino può farsi del male con la porta",
		"she's thinking of jumping in front of a queue of people for the last croissant",
		"I nearly got hit by a car, a kid was jumping in front of a bus stop",
	} {
		if d := g.Classify(text); d.Category == "self_harm" {
			t.Errorf("accident %q read self_harm; cues %v", text, d.Cues)
		}
	}
	for _, tt := range []struct {
		text string
		want Intent
	}{
		{"the free drink didn't come off at the till", Transactional},
		{"can I have Tuesday's payment reversed", Transactional},
		{"a la caisse ils étaient désagréables", Complaint},
		{"if you don't refund me I'll make sure everyone knows what you are", Escalation},
	} {
		if d := g.Classify(tt.text); d.Intent != tt.want {
			t.Errorf("%q: %s, want %s; cues %v", tt.text, d.Intent, tt.want, d.Cues)
		}
	}
}
