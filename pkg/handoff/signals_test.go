package handoff

import (
	"strings"
	"testing"
)

func customerSays(texts ...string) []Turn {
	var ts []Turn
	for _, s := range texts {
		ts = append(ts, Turn{Role: "customer", Text: s})
	}
	return ts
}

func TestHarmOf(t *testing.T) {
	tests := []struct {
		text string
		want Harm
	}{
		{"I burned my hand on the hot cup and my lawyer will hear about this", HarmInjury},
		{"the barista spilled hot coffee on my son", HarmInjury},
		{"I slipped on the wet floor by the counter", HarmInjury},
		{"I think the muffin had nuts and my throat feels tight", HarmAllergy},
		{"my daughter is allergic to dairy and the latte was not oat", HarmAllergy},
		{"I got food poisoning from your chicken wrap", HarmIllness},
		{"we were all throwing up after lunch", HarmIllness},
		{"There was glass in my sandwich", HarmForeign},
		{"found a hair in the soup", HarmForeign},
		{"I found a piece of glass in my muffin and my lip is bleeding", HarmForeign},
		{"something is wrong with the order", HarmUnknown},
		{"", HarmUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := HarmOf(customerSays(tt.text)); got != tt.want {
				t.Errorf("HarmOf(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	// Only the customer's words count: a policy the assistant quoted about
	// allergens says nothing about what happened.
	ts := []Turn{{Role: "assistant", Text: "Our allergen policy: nuts are used in the kitchen."}, {Role: "customer", Text: "I burned my hand"}}
	if got := HarmOf(ts); got != HarmInjury {
		t.Errorf("HarmOf with an assistant turn about allergens = %q, want injury", got)
	}
}

// TestAnalysisFollowsCategory checks the briefing says what the detected
// category and the customer's words support, and no more.
func TestAnalysisFollowsCategory(t *testing.T) {
	tests := []struct {
		name    string
		c       Case
		want    []string
		notWant []string
	}{
		{
			name:    "abuse with no frustration cue is not calm",
			c:       Case{Transcript: customerSays("you are all worthless idiots"), Category: "abuse", Intent: "complaint", Confidence: 0.9},
			want:    []string{"flagged as abusive messages", "does not measure hostility", "do not read it as calm", "do not engage with the abuse"},
			notWant: []string{"is calm", "Customer is no frustration"},
		},
		{
			name:    "threat",
			c:       Case{Transcript: customerSays("I know where you park"), Category: "threat"},
			want:    []string{"flagged as a threat", "does not measure hostility", "No intent classification was made."},
			notWant: []string{"is calm"},
		},
		{
			name: "a burned hand and a lawyer: first aid questions and no admission, no allergy advice",
			c: Case{Transcript: customerSays("I burned my hand on the lid that popped off, my lawyer will hear about this"),
				Category: "safety", Intent: "complaint", Confidence: 0.9, Frustration: 0.6},
			want:    []string{"describes an injury", "mentions legal action", "how they were hurt", "do not admit liability", "incident form"},
			notWant: []string{"allerg", "what they ate", "apologise"},
		},
		{
			name:    "an allergic reaction gets the allergy questions",
			c:       Case{Transcript: customerSays("my throat feels tight after the walnut muffin"), Category: "safety"},
			want:    []string{"a possible allergic reaction", "what they ate and when", "trouble breathing"},
			notWant: []string{"legal", "how they were hurt"},
		},
		{
			name: "glass in the food",
			c:    Case{Transcript: customerSays("there was glass in my sandwich"), Category: "safety"},
			want: []string{"something found in the food", "keep the object", "pull the batch"},
		},
		{
			name:    "a safety case whose words name no harm asks",
			c:       Case{Transcript: customerSays("something happened at the Elm Road store"), Category: "safety"},
			want:    []string{"do not say what kind of harm; ask", "ask what happened"},
			notWant: []string{"allerg", "what they ate"},
		},
		{
			name:    "a calm-sounding request says no cues were found, not calm",
			c:       Case{Transcript: customerSays("can I speak to a person please"), Category: "human_request", Intent: "human_request", Confidence: 0.9},
			want:    []string{"No frustration cues in the customer's words (frustration 0.00); that is not the same as calm."},
			notWant: []string{"Customer is calm"},
		},
		{
			name:    "staff hand off before the customer said anything",
			c:       Case{Category: "staff_request", Transcript: []Turn{{Role: "assistant", Text: "Hello!"}}},
			want:    []string{"No customer message to read the mood from."},
			notWant: []string{"frustration 0.00"},
		},
		{
			name: "frustration that is there is still reported",
			c:    Case{Transcript: customerSays("WHERE IS MY ORDER?!"), Category: "human_request", Frustration: 0.75, PriorFrustration: []float64{0.3}},
			want: []string{"Customer is very upset (frustration 0.75, rising)."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.c)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("analysis lacks %q:\n%s", w, got)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(got, nw) {
					t.Errorf("analysis should not contain %q:\n%s", nw, got)
				}
			}
			// The model is given the same policy step and the same caveat.
			prompt := AnalysisPrompt(tt.c)
			if !strings.Contains(prompt, nextStep(tt.c)) {
				t.Errorf("the prompt lacks the policy step")
			}
			if hostile(tt.c.Category) && !strings.Contains(prompt, "does not measure hostility") {
				t.Errorf("the prompt reads a hostile case's frustration without the caveat:\n%s", prompt)
			}
		})
	}
}

func TestCustomerMessageFollowsHarm(t *testing.T) {
	tests := []struct {
		text    string
		want    string
		notWant string
	}{
		{"I burned my hand and my lawyer will call", "If you are hurt", "allergic"},
		{"my throat is tight after the nut muffin", "allergic reaction", "If you are hurt"},
		{"I have been vomiting since lunch", "If you feel unwell", "allergic"},
		{"something happened", "If anyone is hurt or feels unwell", "allergic"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := CustomerMessage(Ticket{ID: 1042, Category: "safety", Transcript: customerSays(tt.text)})
			if !strings.Contains(got, tt.want) || strings.Contains(got, tt.notWant) || !strings.Contains(got, "#1042") {
				t.Errorf("message = %q, want %q and #1042, not %q", got, tt.want, tt.notWant)
			}
		})
	}
}
