package gate

import (
	"slices"
	"testing"
)

// TestProductIsNoThe: the product class once held a bare "thé", whose key
// is "the", so every "the" was a product and the safety look-alikes
// "@product ~3 bomb" and "bomb ~2 @product" ("the coffee here is da
// bomb") set real threats aside. French tea is still a product when a
// word before it says so, and the look-alikes still stay calm.
func TestProductIsNoThe(t *testing.T) {
	rules := Default().WithModel(nil)
	for _, text := range []string{
		"the guy has a bomb",
		"we just got a bomb threat on the phone",
		"the man at the door says he has a bomb",
	} {
		if d := rules.Classify(text); !flaggedSafe(&d) {
			t.Errorf("%q: %s [%s] unsure=%v cues %v, want escalation [safety] from the rules alone", text, d.Intent, d.Category, d.Unsure, d.Cues)
		}
	}
	for _, text := range []string{"this coffee is the bomb", "your cake is da bomb", "the bath bomb you sell smells amazing"} {
		if d := Default().Classify(text); d.Category == "safety" {
			t.Errorf("%q: flagged as safety (cues %v), a look-alike", text, d.Cues)
		}
	}
	for _, tt := range []struct{ text, cue string }{
		{"mon thé était froid", "complaint:bad_experience[mon the etait froid]"},
		{"the coffee was cold", "complaint:bad_experience[coffe was cold]"},
		{"can you reserve the back room for saturday", "transactional:order_this[reserv the]"},
	} {
		if d := rules.Classify(tt.text); !slices.Contains(d.Cues, tt.cue) {
			t.Errorf("%q: cues %v, want %s", tt.text, d.Cues, tt.cue)
		}
	}
}

// TestProductNeedsItsWord: a bare "té" (keyed "te", French and Italian
// "you"), "pain" or "pan" (English words) is no product; Spanish tea and
// French and Spanish bread are when a word before them says so.
func TestProductNeedsItsWord(t *testing.T) {
	rules := Default().WithModel(nil)
	for _, tt := range []struct {
		text, cue string
		want      bool
	}{
		{"the pan was dirty", "complaint:bad_experience[pan was dirti]", false},
		{"the pain was awful", "complaint:bad_experience[pain was aw]", false},
		{"el té estaba frío", "complaint:bad_experience[el te estaba frio]", true},
		{"mon pain était rassis", "complaint:bad_experience[mon pain etait rassi]", true},
		{"el pan estaba frío", "complaint:bad_experience[el pan estaba frio]", true},
	} {
		if d := rules.Classify(tt.text); slices.Contains(d.Cues, tt.cue) != tt.want {
			t.Errorf("%q: cues %v, want %s %v", tt.text, d.Cues, tt.cue, tt.want)
		}
	}
}
