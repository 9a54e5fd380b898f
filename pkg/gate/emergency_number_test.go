package gate

import (
	"slices"
	"testing"
)

// TestEmergencyNumberToken checks that only an emergency services number
// reads as <emergency_number>: "call 999" is an emergency, while any other
// number after "call" is a count, a table or a phone line (issue 11).
func TestEmergencyNumberToken(t *testing.T) {
	g := Default()
	tests := []struct {
		text string
		want string // the token the number reads as
	}{
		{"call 999", tokEmergencyNo},
		{"ring 911 now", tokEmergencyNo},
		{"dial 112", tokEmergencyNo},
		{"call 2 taxis", tokNumber},
		{"table 4", tokNumber},
		{"call 0800 for lost property", tokNumber},
		{"it was 999.5 grams", tokNumber},
		{"9999 of them", tokNumber},
	}
	for _, tt := range tests {
		toks := g.tokenize(tt.text, nil)
		if !slices.Contains(toks, tt.want) {
			t.Errorf("%q: tokens %v, want one %s", tt.text, toks, tt.want)
		}
	}
}

// TestCallANumberIsNoEmergency checks the rules' "call 999" forms read only
// emergency numbers: a number to call for a taxi or lost property is no
// safety escalation, and a call for an ambulance still is.
func TestCallANumberIsNoEmergency(t *testing.T) {
	g := Default()
	calm := []string{
		"call 2 taxis for table 4 please",
		"what's the number to call 0800 for lost property",
		"do i need to call 2 cabs",
	}
	for _, text := range calm {
		if d := g.Classify(text); d.Category == "safety" {
			t.Errorf("%q: %s [safety], want no safety escalation; cues %v", text, d.Intent, d.Cues)
		}
	}
	urgent := []string{
		// testdata/safety/train_sv2.jsonl line 135, a training row.
		"gave wrong milk to the allergy girl she used her pen shes getting worse call 999",
		"please call 911 now",
		"ring 999 he's not breathing",
	}
	for _, text := range urgent {
		if d := g.Classify(text); !safetyOrNot(d) {
			t.Errorf("%q: %s [%s] unsure=%v, want escalation [safety], sure; cues %v", text, d.Intent, d.Category, d.Unsure, d.Cues)
		}
	}
}
