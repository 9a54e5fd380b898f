package gate

import (
	"slices"
	"strings"
	"testing"
)

// TestPoliceNowIsAnEmergency: the police asked for now ("someone call the
// police", "call the police now", in English and six other languages)
// reads escalation [safety], sure, with the rules alone and the whole
// gate, as "call an ambulance" does; report_to used to read them as
// legal. The look-alikes keep their reading: a policy question, a threat
// to report unless refunded, the speaker's own call, a call that is over,
// police as customers, and a call made about a theft before a CCTV
// request read no safety, and the threats to report still read legal.
// None of these rows is in a dev set.
func TestPoliceNowIsAnEmergency(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, text := range []string{
		"call the police now",
		"someone call the police",
		"Call the police!",
		"somebody call the police, a man is trying to get in the back",
		"can someone please call the police",
		"could you call the police right now, he won't leave",
		"please ring the police, quickly",
		"we need the police here",
		"call the cops, he's smashing the window",
		"get the police now",
		"llamen a la policía, por favor",
		"appelez la police vite",
		"ruft die Polizei!",
		"kann jemand die Polizei rufen",
		"chiamate la polizia subito",
		"chamem a polícia!",
		"bel de politie",
		"zadzwońcie na policję",
	} {
		for name, g := range gates {
			d := g.Classify(text)
			if d.Intent != Escalation || d.Category != "safety" || d.Unsure {
				t.Errorf("%s: %q: %s [%s] unsure=%v, want escalation [safety], sure; cues %v", name, text, d.Intent, d.Category, d.Unsure, d.Cues)
			}
			if !hasComposedCue(d.Cues, "police_now") {
				t.Errorf("%s: %q: cues %v, want police_now", name, text, d.Cues)
			}
		}
	}
	for _, tc := range []struct {
		text  string
		legal bool // still the report_to threat it was
	}{
		{"do you call the police on shoplifters?", false},
		{"can you call the police on shoplifters?", false},
		{"I'll call the police if you don't refund me", true},
		{"I'll call the police now if you don't refund me", true},
		{"I'm calling the police right now", true},
		{"refund me or I call the police now", true},
		{"call the police if you see anything suspicious", false},
		{"please call the police if you see him again", false},
		{"Call the police? Over a latte?", false},
		{"the police were called last week", false},
		{"police officers get a discount?", false},
		{"I called the police about my stolen bike, can I see your CCTV?", false},
		{"Called the police about my bike, can I see your CCTV?", false},
		{"Called the police last night about a break-in", false},
		{"please don't call the police", false},
		{"j'appelle la police si vous ne me remboursez pas", false},
		{"llama a la policía si no me devuelven el dinero", false},
		{"ich rufe die Polizei, wenn Sie nicht erstatten", false},
	} {
		for name, g := range gates {
			d := g.Classify(tc.text)
			if d.Category == "safety" || hasComposedCue(d.Cues, "police_now") {
				t.Errorf("%s: %q: %s [%s], cues %v, want no safety and no police_now", name, tc.text, d.Intent, d.Category, d.Cues)
			}
			if tc.legal && (d.Intent != Escalation || d.Category != "legal") {
				t.Errorf("%s: %q: %s [%s], want escalation [legal] (a threat to report); cues %v", name, tc.text, d.Intent, d.Category, d.Cues)
			}
		}
	}
}

// hasComposedCue reports whether a composed rule of that name is among cues
// ("escalation:police_now[...]").
func hasComposedCue(cues []string, rule string) bool {
	return slices.ContainsFunc(cues, func(c string) bool {
		return strings.Contains(c, ":"+rule+"[")
	})
}
