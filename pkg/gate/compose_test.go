package gate

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// composedRules returns the names of the composed rules that matched text
// (Decision.Composed, the rules alone).
func composedRules(t *testing.T, text string) []string {
	t.Helper()
	d := Default().WithModel(nil).Classify(text)
	var out []string
	for _, f := range d.Composed {
		out = append(out, f.Rule)
	}
	return out
}

// composedCase is a message and whether one composed rule fires on it,
// with the label the gate must give it ("" leaves the label unchecked).
type composedCase struct {
	text    string
	rule    string
	fires   bool
	intent  Intent
	comment string
}

// checkComposedRules runs each case as a subtest named by its text: the
// case's rule must fire or not among composedRules (the rules alone), and
// g, the gate the calling test names, must give the case's label.
func checkComposedRules(t *testing.T, g *Gate, tests []composedCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := composedRules(t, tt.text)
			if slices.Contains(got, tt.rule) != tt.fires {
				t.Errorf("rule %s fired=%v, want %v (%s); composed rules: %v", tt.rule, !tt.fires, tt.fires, tt.comment, got)
			}
			if d := g.Classify(tt.text); tt.intent != "" && d.Intent != tt.intent {
				t.Errorf("intent %s, want %s; cues %v", d.Intent, tt.intent, d.Cues)
			}
		})
	}
}

// TestComposedRules: each composed rule fires on wording no phrase list in
// rules.yaml names, and the attacks on it (the same words as a question
// about a rule, negated, told as a story) do not fire it.
func TestComposedRules(t *testing.T) {
	tests := []composedCase{
		{"can someone real call me", "ask_person", true, Escalation, "person + contact verb + me"},
		{"put me through to whoever runs the place", "whoever_runs", true, Escalation, ""},
		{"get me somebody who actually works there", "ask_person", true, Escalation, ""},
		{"i need to talk with an actual member of staff", "ask_person", true, Escalation, ""},
		{"quiero hablar con una persona", "ask_person", true, Escalation, "another language"},
		{"please have the owner phone me", "ask_person", true, Escalation, ""},
		{"could you ring me back this afternoon", "contact_me", true, Escalation, ""},
		{"this bot is useless", "bot_useless", true, Escalation, ""},
		{"i want a person not a machine", "bot_useless", true, Escalation, ""},
		{"do i need to speak to a manager to get a refund over $50?", "ask_person", false, FAQ, "a rule's topic"},
		{"do refunds over 50 need a manager to sign off?", "ask_person", false, FAQ, "a rule's topic"},
		{"can a supervisor waive the fee for a big group", "ask_person", false, FAQ, "ask_person's unless covers the cue supervisor"},
		{"i dont need to talk to anyone, just tell me your hours", "ask_person", false, FAQ, "negated"},
		{"i talked to the manager and she did nothing about my cold latte", "ask_person", false, Complaint, "a story, past tense"},
		{"are you a robot?", "bot_useless", false, FAQ, "curiosity, not a request"},
		{"the espresso machine was broken so no coffee", "bot_useless", false, Complaint, "a machine that broke"},
		{"reporting this to environmental health", "report_to", true, Escalation, ""},
		{"i know what time you lock up", "knows_when", true, Escalation, ""},
		{"he keeps asking for my number every time i come in", "keeps_asking", true, Escalation, ""},
		{"honestly i dont see the point in living anymore", "no_point_living", true, Escalation, "negation kept"},
		{"the croissant was like cardboard", "bad_experience", true, Complaint, ""},
		{"paid for a large and it was half foam", "paid_and_got", true, Complaint, ""},
		{"well that was a waste of 6 quid", "let_down", true, Complaint, ""},
		{"whats the refund policy if a drink is made wrong", "bad_experience", false, FAQ, "a condition, not a story"},
		{"did my refund go through?", "status_of_mine", true, Transactional, ""},
		{"points from saturday arent showing", "status_of_mine", true, Transactional, "negation kept"},
		{"why do i only have 40 points", "only_have", true, Transactional, ""},
		{"how much credit is on card ending 4471", "what_i_spent", true, Transactional, ""},
		{"take the muffin off my order", "act_on_mine", true, Transactional, ""},
		{"how long do refunds take to go through?", "status_of_mine", false, FAQ, "a rule for everyone"},
		{"found a screw in my toastie", "foreign_object", true, Escalation, ""},
		{"do you sell glass bottles of juice?", "foreign_object", false, FAQ, "glass as a topic"},
		{"my son started wheezing after eating the cookie", "body_reacted", true, Escalation, ""},
		{"i would like a phone call please", "contact_me", true, Escalation, ""},
		{"nobody wiped the table before we sat down", "nobody_did", true, Complaint, ""},
		{"40 minutes for two coffees", "waited_for", true, Complaint, ""},
		{"i was charged twice", "charged_story", true, Complaint, "a grievance without a request"},
		{"i spoke to the manager and he just shrugged", "ask_person", false, Complaint, "a manager in a story (ask_person's unless)"},
		{"did the staff discount go on my bill", "status_of_mine", true, Transactional, ""},
		{"you guys used to be good", "let_down", true, Complaint, ""},
		{"i know which bus she takes home", "knows_when", true, Escalation, ""},
		{"i want to make a complaint to somebody senior", "ask_person", true, Escalation, "a complaint addressed to a person"},
		{"how do i make a complaint?", "ask_person", false, FAQ, "the process, not a person"},
		{"cancel tomorrows delivery please", "act_on_mine", true, Transactional, "an imperative on the customer's own delivery"},
		{"how long does it take for a refund to show up on my card?", "status_of_mine", false, FAQ, "a rule for everyone"},
	}
	checkComposedRules(t, Default(), tests)
}

// TestComposedCueExplains: a composed rule shows in the cues as
// "label:rule[the words it matched]", so --explain says why.
func TestComposedCueExplains(t *testing.T) {
	d := Default().WithModel(nil).Classify("can someone real call me")
	if !slices.Contains(d.Cues, "escalation:ask_person[someon real call me]") {
		t.Fatalf("cues %v lack the composed rule with its words", d.Cues)
	}
	if d.Intent != Escalation || d.Category != "human_request" {
		t.Fatalf("decision %+v, want a human_request escalation", d)
	}
}

func TestParseComposeErrors(t *testing.T) {
	g := Default()
	tests := []struct {
		doc, want string
	}{
		{"classes: {a: []}\n", `class "a" is empty`},
		{"rules:\n  - {intent: faq, weight: 1, match: [x]}\n", "rule 1 needs a name"},
		{"rules:\n  - {name: r, intent: nope, weight: 1, match: [x]}\n", `unknown intent "nope"`},
		{"rules:\n  - {name: r, intent: faq, weight: 6, match: [x]}\n", "weight must be in -5..5"},
		{"rules:\n  - {name: r, intent: faq, weight: 0, match: [x]}\n", "weight must be in -5..5"},
		{"rules:\n  - {name: r, intent: faq, weight: 1}\n", "has no match"},
		{"rules:\n  - {name: r, intent: escalation, weight: 1, match: [x]}\n", "needs a known category"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, negation: drop, match: [x]}\n", "negation must be keep"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: ['@nope x']}\n", `unknown class "@nope"`},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: ['x ~9 y']}\n", "must be ~1..~6"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: ['~2 y']}\n", "must not start with a gap"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: ['x ~2']}\n", "not end with a gap"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: ['x <nope>']}\n", "unknown special token"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, mtch: [x]}\n", "field mtch not found"},
		{"classes: {a: [<postcode>]}\n", `entry "<postcode>" is not a special token`},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: [x]}\n  - {name: r, intent: complaint, weight: 2, match: [y]}\n", "rule 2: the name r is taken"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: [x], unless: ['x ~2']}\n", "rule r: unless: pattern"},
		{"rules:\n  - {name: r, intent: faq, weight: 1, match: [x], unless: ['@nope x']}\n", `unknown class "@nope"`},
	}
	for _, tt := range tests {
		_, err := parseCompose([]byte(tt.doc), g)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseCompose(%q) = %v, want an error containing %q", tt.doc, err, tt.want)
		}
	}
	if defaultCompose() == nil || len(defaultCompose().rules) == 0 {
		t.Fatal("the bundled compose.yaml has no rules")
	}
}

// TestComposeGapStopsAtBoundary: a gap never crosses a sentence end, so
// "talk to you soon. someone left a bag" asks for no one.
func TestComposeGapStopsAtBoundary(t *testing.T) {
	if got := composedRules(t, "i will talk about it later. someone left a scarf"); slices.Contains(got, "ask_person") {
		t.Fatalf("a pattern matched across a sentence end: %v", got)
	}
	if got := composedRules(t, "i will talk to someone later"); !slices.Contains(got, "ask_person") {
		t.Fatalf("the same words in one sentence did not match: %v", got)
	}
}

func FuzzParseCompose(f *testing.F) {
	f.Add(string(composeFile))
	f.Add("classes: {a: [x y]}\nrules:\n  - {name: r, intent: faq, weight: 1, match: ['@a ~2 z']}\n")
	f.Add("classes: {a: [x y]}\nrules:\n  - {name: r, intent: faq, weight: 1, match: ['@a ~2 z'], unless: &u ['x y z']}\n  - {name: s, intent: faq, weight: 2, match: [z], unless: *u}\n")
	f.Fuzz(func(t *testing.T, doc string) {
		set, err := parseCompose([]byte(doc), Default())
		if err != nil {
			return
		}
		g := *Default()
		g.compose = set
		for _, text := range []string{"", "x y z", "talk to someone", doc} {
			checkDecision(t, text, g.Classify(text), g.UnsureBelow())
		}
	})
}

var devG3Path = filepath.Join("..", "..", "testdata", "gate", "dev_g3.jsonl")

// TestDevG3bcFloors: dev_g3b and dev_g3c were each written before a
// later round of changes and then tuned on; like dev_g3 they are floors,
// not a measure of unseen wording.
func TestDevG3bcFloors(t *testing.T) {
	for _, tt := range []struct {
		file            string
		rows            int
		overall, perMin float64
	}{
		{"dev_g3b.jsonl", 90, 0.90, 0.85},
		{"dev_g3c.jsonl", 60, 0.93, 0.90},
	} {
		cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) < tt.rows {
			t.Fatalf("%s has %d rows, want at least %d", tt.file, len(cases), tt.rows)
		}
		r := Evaluate(Default(), cases)
		if r.Accuracy < tt.overall {
			t.Errorf("%s: overall %.1f%%, want at least %.0f%%", tt.file, 100*r.Accuracy, 100*tt.overall)
		}
		for _, in := range Intents {
			if s := r.PerLabel[in]; s.Accuracy < tt.perMin {
				t.Errorf("%s: %s %.1f%% (%d/%d), want at least %.0f%%", tt.file, in, 100*s.Accuracy, s.Correct, s.Total, 100*tt.perMin)
			}
		}
	}
}

// TestDevG3Floors: dev_g3 was written before the composed rules and the
// retrained layer and then tuned on, so these are tuned figures, floors
// against regressions, not a measure of unseen wording.
func TestDevG3Floors(t *testing.T) {
	cases, err := LoadCases(devG3Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 300 {
		t.Fatalf("dev_g3 has %d rows, want at least 300", len(cases))
	}
	for _, tt := range []struct {
		name            string
		g               *Gate
		overall, perMin float64
	}{
		{"rules alone", Default().WithModel(nil), 0.93, 0.88},
		{"rules + learned layer", Default(), 0.95, 0.92},
	} {
		r := Evaluate(tt.g, cases)
		t.Logf("dev_g3, %s:\n%s", tt.name, r.Table())
		if r.SubTotal < 200 || float64(r.SubCorrect) < 0.9*float64(r.SubTotal) {
			t.Errorf("%s: sub-intent right on %d of %d, want at least 90%%", tt.name, r.SubCorrect, r.SubTotal)
		}
		if r.Accuracy < tt.overall {
			t.Errorf("%s: overall %.1f%%, want at least %.0f%%", tt.name, 100*r.Accuracy, 100*tt.overall)
		}
		for _, in := range Intents {
			if s := r.PerLabel[in]; s.Accuracy < tt.perMin {
				t.Errorf("%s: %s %.1f%% (%d/%d), want at least %.0f%%", tt.name, in, 100*s.Accuracy, s.Correct, s.Total, 100*tt.perMin)
			}
		}
	}
}

// TestTrainFloors: the learned layer with the rules still labels its own
// training rows; a drop means the rules now fight the data.
func TestTrainFloors(t *testing.T) {
	cases, err := LoadCases(trainPath)
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(Default(), cases)
	if r.Accuracy < 0.95 {
		t.Errorf("train rows: overall %.1f%%, want at least 95%%\n%s", 100*r.Accuracy, r.Table())
	}
}

var trainPath = filepath.Join("..", "..", "testdata", "gate", "train.jsonl")

// bundledRecipe is how gate.model is trained (`cafebot learn gate`'s
// defaults); the cross-voice models that choose the take rule use it too,
// so the rule is set for the model that ships.
var bundledRecipe = DefaultTrainOptions()

// TestModelIsTrainedFromCommittedData: gate.model is exactly what
// `cafebot learn gate` writes from TrainingFiles with its default flags,
// so the shipped weights never drift from the shipped data.
func TestModelIsTrainedFromCommittedData(t *testing.T) {
	var cases []Case
	for _, f := range TrainingFiles() {
		part, err := LoadCases(filepath.Join("..", "..", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, part...)
	}
	cases, _ = WithoutHeldOut(cases)
	m, err := TrainModel(cases, bundledRecipe)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("gate.model")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Fatalf("gate.model (%d bytes) is not what learn gate makes from %v (%d bytes); run `cafebot learn gate` with each file as --data and --out pkg/gate/gate.model", len(committed), TrainingFiles(), buf.Len())
	}
	if _, err := analysis.ReadModel(bytes.NewReader(committed)); err != nil {
		t.Fatal(err)
	}
}

// TestTakeRuleCalibrated re-derives the learned layer's take rule across
// voices: each stranger's voice is read by a model trained on everything
// but that voice (crossVoice), so the rule is set on wording its model
// has not seen. The grid's best is, of the rules with the most right
// there, the one that lets the model override the rules least (highest
// At, then OverAt, then EscalateAt, then Lead), since the rules give
// precision. The bundled take stands while it reads at most takeMargin
// rows fewer right than that best; otherwise it must be the best.
func TestTakeRuleCalibrated(t *testing.T) {
	rows := crossVoice(t)
	best, bestCorrect := takeRule{}, -1
	for _, at := range []float64{0.5, 0.6, 0.7, 0.8, 0.9} {
		for _, over := range []float64{0.8, 0.9, 0.95, 0.98, 1.01} {
			for _, esc := range []float64{0.6, 0.7, 0.8, 0.85, 0.9, 0.95} {
				for _, lead := range []float64{0.1, 0.2, 0.3, 0.4} {
					tr := takeRule{At: at, Lead: lead, EscalateAt: esc, OverAt: over}
					// Loops run from the least to the most conservative, so
					// a tie keeps the later rule.
					if c := rows.correct(tr); c >= bestCorrect {
						best, bestCorrect = tr, c
					}
				}
			}
		}
	}
	got := rows.correct(take)
	t.Logf("bundled take %+v: %d of %d right; the grid's best %+v: %d", take, got, len(rows.cases), best, bestCorrect)
	if got < bestCorrect-takeMargin {
		t.Errorf("take is %+v; the voices held out pick %+v (%d of %d right; the bundled take gets %d, more than %d fewer)", take, best, bestCorrect, len(rows.cases), got, takeMargin)
	}
}

// takeMargin is how many rows read across voices the grid's best take
// may gain over the bundled one before the bundled one must move. The
// grid is nearly flat at its top, and a reshuffle alone (the same rows,
// seeds 1, 7, 13 and 19 of the twelve-fit recipe) left the bundled take
// 1-3 rows under the best while the best moved among four rules; so the
// take moves only on a gain larger than a reshuffle gives.
const takeMargin = 3

// toyModel trains a learned layer over the gate's four labels on ex alone
// (train and valid), epochs passes, and sets every label's threshold to
// threshold: calibrated on its own rows a toy model's thresholds sit at
// its least confident positive, so the attacks set them plainly.
func toyModel(t *testing.T, ex []analysis.Example, epochs int, threshold float64) *analysis.Model {
	t.Helper()
	m, err := analysis.Train([]string{"faq", "transactional", "complaint", "escalation"}, ex, ex, analysis.TrainOptions{Bits: 12, Epochs: epochs})
	if err != nil {
		t.Fatal(err)
	}
	for l := range m.Thresholds {
		m.Thresholds[l] = threshold
	}
	return m
}

// TestModelCannotEscalateAReadRequest is the attack on the learned
// layer's escalations: a model that calls "zorblat" an escalation must not
// send an unsure account request or grievance to a person when the rules
// saw no sign of one asked for, yet still escalates a message the rules
// cannot read at all.
func TestModelCannotEscalateAReadRequest(t *testing.T) {
	ex := []analysis.Example{
		{Text: "zorblat", Labels: []string{"escalation"}}, {Text: "zorblat zorblat", Labels: []string{"escalation"}},
		{Text: "opening hours", Labels: []string{"faq"}}, {Text: "menu today", Labels: []string{"faq"}},
	}
	m := toyModel(t, ex, 60, 0.5)
	g := Default().WithModel(m)
	for _, text := range []string{"zorblat charged zorblat", "zorblat again zorblat"} {
		rules := Default().WithModel(nil).Classify(text)
		d := g.Classify(text)
		if !rules.Unsure || rules.Scores[Escalation] > 0 {
			t.Fatalf("%q: the attack needs an unsure rule decision without escalation cues, got %+v", text, rules)
		}
		if d.Model == nil || d.Model.Intent != Escalation || d.Model.Prob < take.EscalateAt {
			t.Fatalf("%q: the toy model does not call it an escalation: %+v", text, d.Model)
		}
		if d.Intent == Escalation {
			t.Errorf("%q escalated on the model alone: %+v", text, d)
		}
	}
	if d := g.Classify("zorblat zorblat zorblat"); d.Intent != Escalation {
		t.Errorf("a message the rules cannot read: %s, want the model's escalation", d.Intent)
	}
}

// TestComposedRulesRound4: the fourth round's rules, each on wording of
// its own (none of it from dev_g4), next to the attack that must not fire
// it: the same words as a question about a rule, a story, or harmless.
func TestComposedRulesRound4(t *testing.T) {
	tests := []composedCase{
		{"i would rather discuss it with the duty manager", "ask_person", true, Escalation, "discuss as a request verb"},
		{"kann ich bitte mit einem Mitarbeiter reden", "ring_them_directly", true, Escalation, "German word order"},
		{"give me the branch number so i can phone them directly", "ring_them_directly", true, Escalation, ""},
		{"whats the phone number for the mill road branch?", "ring_them_directly", false, FAQ, "a contact detail, not a person asked for"},
		{"honestly this chat is going round in circles", "going_nowhere", true, Escalation, ""},
		{"carry on like that and see what happens to your van", "implied_threat", true, Escalation, ""},
		{"try the new blend and see how you like it", "implied_threat", false, FAQ, "no threat"},
		{"the lad on the till is a proper muppet", "insult", true, Escalation, ""},
		{"that cashier is a thick cow", "insult", true, Escalation, "adjective + noun"},
		{"is the cheese made from cow milk?", "insult", false, FAQ, "cow as milk"},
		{"when is the redhead working next", "looks_and_shifts", true, Escalation, ""},
		{"when is the new menu starting", "looks_and_shifts", false, FAQ, "a schedule, no person"},
		{"we were asked to leave because we were speaking polish", "because_of_who", true, Escalation, ""},
		{"we were asked to leave because it was closing time", "because_of_who", false, "", "a reason that is no person's identity"},
		{"some days i dont want to wake up at all", "no_point_living", true, Escalation, "negation kept"},
		{"prices keep going up every month", "price_grievance", true, Complaint, ""},
		{"what are the prices for oat milk?", "price_grievance", false, FAQ, "asking a price"},
		{"such a shame about the old sofas", "not_what_it_was", true, Complaint, ""},
		{"gotta love a cold panini at lunch", "sarcasm", true, Complaint, ""},
		{"whats the point of a loyalty card that never works", "sarcasm", true, Complaint, ""},
		{"asked for a muffin, got a scone", "got_instead", true, Complaint, "across the comma"},
		{"you can order ahead and skip the queue, right?", "bad_experience", false, FAQ, "the queue as a feature (bad_experience's unless)"},
		{"el café estaba frío y el camarero muy decepcionado", "foreign_grievance", true, Complaint, ""},
		{"the app ate my money, i want it back", "refund_me", true, Transactional, ""},
		{"any update on the cake for saturday?", "where_is_it", true, Transactional, ""},
		{"please send me a vat invoice for my lunch on the 4th", "own_records", true, Transactional, ""},
		{"could we move our booking to eight?", "book_it", true, Transactional, ""},
		{"cant log in since the update", "login_trouble", true, Transactional, "negation kept"},
		{"the password reset email never arrives", "reset_link", true, Transactional, ""},
		{"make mine a large please, ordered under Kim", "order_this", true, Transactional, ""},
		{"whats left on my gift card?", "balance_left", true, Transactional, ""},
		{"how many points do you earn per pound?", "balance_left", false, FAQ, "a rule for everyone"},
		{"tenía un trozo de vidrio en el pan", "foreign_object", true, Escalation, "another language"},
		{"un verre de vin rouge s'il vous plaît", "foreign_object", false, Transactional, "a glass to drink from"},
		{"you will be hearing from the food safety team", "report_to", true, Escalation, ""},
		{"get the branch to ring me before five", "contact_me", true, Escalation, "a place asked to call"},
		{"pourriez-vous dire au responsable de me rappeler", "contact_me", true, Escalation, "another language"},
		{"a proper team member please, not this automated nonsense", "bot_useless", true, Escalation, ""},
		{"is the automated ordering down today?", "bot_useless", false, FAQ, "automated as a topic"},
		{"im going straight to the ombudsman with this", "report_to", true, Escalation, ""},
		{"you better pray i never meet that barista", "implied_threat", true, Escalation, ""},
		{"my nephew bit into something hard in the flapjack and his tooth is loose", "body_reacted", true, Escalation, ""},
		{"the duty manager is a spineless weasel", "insult", true, Escalation, ""},
		{"there was a worm in my salad", "foreign_object", true, Escalation, "worm in food is safety"},
		{"they told my nan she was too old to use the kiosk", "because_of_who", true, Escalation, ""},
		{"honestly im tired of everything lately", "no_point_living", true, Escalation, "negation kept"},
		{"not being funny but that toastie was a brick", "sarcasm", true, Complaint, ""},
		{"they gave my latte to somebody else", "got_instead", true, Complaint, ""},
		{"can i get the soup in a bowl instead of a cup?", "bad_experience", false, FAQ, "a request, not a grievance (bad_experience's unless)"},
		{"prices here are higher than the cafe next door", "price_grievance", true, Complaint, ""},
		{"can you push my table to 8pm", "act_on_mine", true, Transactional, "a table is the customer's own"},
		{"please take me off your mailing list", "my_details", true, Transactional, ""},
		{"i ordered ten minutes ago and it still hasnt been accepted", "where_is_it", true, Transactional, "negation kept in the status"},
		{"we are 25 for the catering now, not 20", "group_order", true, Transactional, ""},
		{"do we need to book or can we just turn up?", "need_to_book", true, FAQ, ""},
		{"could i have a word with someone who isnt a computer", "bot_useless", true, Escalation, ""},
		{"please pass this up the chain", "escalate_it", true, Escalation, ""},
		{"whos the regional manager, i want their email", "escalate_it", true, Escalation, "a person's contact details"},
		{"alguien de la tienda me puede llamar?", "escalate_it", true, Escalation, "pronoun before the verb"},
		{"please have Priya from the station branch get in touch", "contact_me", true, Escalation, ""},
		{"can you get in touch about my catering order?", "keeps_asking", false, Transactional, "getting in touch is not touching"},
		{"he has got whats coming to him", "implied_threat", true, Escalation, ""},
		{"keep this up and youll find your tyres slashed", "implied_threat", true, Escalation, ""},
		{"i just dont want to go on anymore", "no_point_living", true, Escalation, "negation kept"},
		{"the bagel was clearly yesterdays", "bad_experience", true, Complaint, ""},
		{"why did i have to ask twice for a spoon?", "sarcasm", true, Complaint, ""},
		{"the new points rules are a complete con", "price_grievance", true, Complaint, ""},
		{"is it rude to ask for a smaller cup?", "rule_question", true, FAQ, "manners, not a grievance (bad_experience's unless)"},
		{"the barista was rude when i asked for a smaller cup", "rule_question", false, Complaint, "rude as a verdict"},
		{"whats the cheapest drink? im broke", "bad_experience", false, FAQ, "broke is not broken (bad_experience's unless)"},
		{"can the missing drink be credited back?", "refund_me", true, Transactional, ""},
		{"i need an itemised bill for my lunch on monday", "own_records", true, Transactional, ""},
		{"my birthday treat hasnt appeared yet", "status_of_mine", true, Transactional, "negation kept"},
		{"when i pointed out the mistake she just laughed", "sarcasm", true, Complaint, "pointed is no loyalty point"},
		{"whats your policy on breastfeeding?", "because_of_who", false, FAQ, "a rule's topic, not a report"},
		{"they stared at me for breastfeeding and asked me to leave", "because_of_who", false, Escalation, ""},
		{"is the managers special on today?", "ask_person", false, FAQ, "a dish, not a person"},
		{"is the duty manager around today?", "ask_person", true, Escalation, ""},
		{"ich brauche einen echten Ansprechpartner", "ask_person", true, Escalation, ""},
		{"my baby swallowed a bit of the wrapper", "emergency", true, Escalation, ""},
		{"the foam collapsed straight away", "emergency", false, "", "foam, not a person"},
		{"if she serves me again i wont be responsible for what i do", "implied_threat", true, Escalation, "negation kept"},
		{"the lad on the till is a right knob", "insult", true, Escalation, ""},
		{"the barista asked if i had a boyfriend", "keeps_asking", true, Escalation, ""},
		{"a sorry would go a long way", "sarcasm", true, Complaint, ""},
		{"put me down for a table at 7", "book_it", true, Transactional, ""},
		{"could you save me 2 cinnamon buns for later", "order_this", true, Transactional, ""},
		{"pass my number to the manager please", "contact_me", true, Escalation, ""},
		{"if i forget my cup can i still get the discount?", "rule_question", true, FAQ, "a condition asks about a rule"},
		{"could i go through this with one of your team", "ask_person", true, Escalation, ""},
		{"please forward this to your complaints team", "ask_person", true, Escalation, ""},
		{"one of your staff was lovely today", "ask_person", false, "", "a person praised, not asked for"},
		{"id appreciate a call from the shop", "contact_me", true, Escalation, ""},
		{"i cant see a way out, i just dont see a way out", "no_point_living", true, Escalation, "negation kept"},
		{"if he smirks at me again there will be trouble", "implied_threat", true, Escalation, ""},
		{"the new guy is thick as two short planks", "insult", true, Escalation, ""},
		{"she slammed the cup down and walked off", "sarcasm", true, Complaint, ""},
		{"gutted you got rid of the lemon tart", "not_what_it_was", true, Complaint, ""},
		{"el pedido tardó casi una hora en llegar", "foreign_grievance", true, Complaint, ""},
		{"our lunch order was meant to be here at noon", "where_is_it", true, Transactional, ""},
		{"can you split the invoice for the office lunch", "act_on_mine", true, Transactional, ""},
		{"what happens to my stamps if i change phone?", "status_of_mine", false, FAQ, "a rule, not the customer's record (its unless)"},
	}
	checkComposedRules(t, Default(), tests)
}

// TestDevG4: dev_g4's dev split and dev_g4b, c, d and f were each written
// before a round of rules and training rows and then tuned on, so they are
// floors against regressions, not a measure of unseen wording. dev_g4's
// test split and dev_g4e were never tuned on: their figures are logged,
// not enforced, so that nobody tunes the gate to pass them.
func TestDevG4(t *testing.T) {
	all, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4b.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4c.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4d.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4f.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g4e.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	dev, test := SelectSplit(all, "dev"), SelectSplit(all, "test")
	if len(all) != 240 || len(test) < 75 || len(dev)+len(test) != len(all) || len(b) != 60 || len(c) != 60 || len(d) != 60 || len(f) != 60 || len(SelectSplit(e, "test")) != 60 {
		t.Fatalf("dev_g4 has %d rows (%d dev, %d test), dev_g4b-f %d, %d, %d, %d, %d; want 240 split dev/test with a third test, and 60 each (dev_g4e all test)",
			len(all), len(dev), len(test), len(b), len(c), len(d), len(e), len(f))
	}
	for _, tt := range []struct {
		name            string
		cases           []Case
		overall, perMin float64
	}{
		{"dev_g4 dev split", dev, 0.95, 0.90},
		{"dev_g4b", b, 0.93, 0.85},
		{"dev_g4c", c, 0.93, 0.85},
		{"dev_g4d", d, 0.93, 0.85},
		{"dev_g4f", f, 0.93, 0.85},
	} {
		r := Evaluate(Default(), tt.cases)
		if r.Accuracy < tt.overall {
			t.Errorf("%s: overall %.1f%%, want at least %.0f%%", tt.name, 100*r.Accuracy, 100*tt.overall)
		}
		for _, in := range Intents {
			if s := r.PerLabel[in]; s.Accuracy < tt.perMin {
				t.Errorf("%s: %s %.1f%% (%d/%d), want at least %.0f%%", tt.name, in, 100*s.Accuracy, s.Correct, s.Total, 100*tt.perMin)
			}
		}
		if float64(r.SubCorrect) < 0.85*float64(r.SubTotal) {
			t.Errorf("%s: sub-intent right on %d of %d, want at least 85%%", tt.name, r.SubCorrect, r.SubTotal)
		}
	}
	r := Evaluate(Default(), test)
	t.Logf("dev_g4 test split (never tuned on), rules + learned layer:\n%s", r.Table())
	r = Evaluate(Default(), e)
	t.Logf("dev_g4e (written after round four, never tuned on), rules + learned layer:\n%s", r.Table())
}

// TestComposeClassSpecialToken: a special token in a class stands for the
// token, so "<number>" among quantities matches "2 croissants" and never
// the word "number".
func TestComposeClassSpecialToken(t *testing.T) {
	doc := "classes: {qty: [two, <number>], thing: [croissant, croissants, number]}\n" +
		"rules:\n  - {name: many, intent: transactional, weight: 3, match: ['@qty @thing please']}\n"
	set, err := parseCompose([]byte(doc), Default())
	if err != nil {
		t.Fatal(err)
	}
	g := *Default().WithModel(nil)
	g.compose = set
	for text, want := range map[string]bool{
		"2 croissants please":   true,
		"two croissants please": true,
		"number number please":  false,
	} {
		d := g.Classify(text)
		if got := slices.ContainsFunc(d.Cues, func(c string) bool { return strings.HasPrefix(c, "transactional:many[") }); got != want {
			t.Errorf("%q: rule fired=%v, want %v (cues %v)", text, got, want, d.Cues)
		}
	}
}

// TestCueCountsWhereItScores: a cue counts once per message, at its first
// occurrence that scores, so a harmless first "hot" does not hide the
// negated one that is the complaint.
func TestCueCountsWhereItScores(t *testing.T) {
	d := Default().WithModel(nil).Classify("your 'hot' food is never hot")
	if d.Intent != Complaint || !slices.Contains(d.Cues, "complaint:not hot") {
		t.Fatalf("decision %s, cues %v; want a complaint on \"not hot\"", d.Intent, d.Cues)
	}
	// The attack: the same cue twice, both scoring, still counts once.
	one := Default().WithModel(nil).Classify("the latte was lukewarm")
	two := Default().WithModel(nil).Classify("the latte was lukewarm, lukewarm")
	if one.Scores[Complaint] != two.Scores[Complaint] {
		t.Fatalf("a repeated cue scored twice: %v against %v", two.Scores, one.Scores)
	}
}
