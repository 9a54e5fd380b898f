package guard

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// TestRoundH15ClothingDemandReported is the fifteenth wave's known false
// positive: "told her to wear a shorter skirt next time" is staff telling
// the café what a customer said, not a demand. The rules flagged it as a
// demand for revealing clothes with "next time" read as the writer's
// ultimatum, and the learned layer flagged it alone (sexual p 0.99). The
// idiom "a clothing demand reported" sets the reported demand aside, its
// "next time" with it, and the counter frame "told her to wear" then sets
// aside the learned layer's flag, since no rule cue is left. Each passes
// the rules and the combined layers; the first was flagged before.
func TestRoundH15ClothingDemandReported(t *testing.T) {
	g := New(Options{})
	for _, text := range []string{
		"told her to wear a shorter skirt next time",
		"He told her to wear a shorter skirt next time, so we asked him to leave.",
		"A regular told my daughter to wear a shorter skirt at work. What is your policy on that?",
		"One of the lads at table four told the new girl to wear a tighter top tomorrow. I've written it in the incident book.",
		"The customer told our barista to put on a shorter skirt next time and laughed. Can we bar him?",
		// look-alikes with no demand at all, which "next time" and the
		// learned layer's garment n-grams flagged too.
		"told him to wear his uniform shirt next time, it's the rule",
		"Told him to wear an apron next time, he got espresso all over his shirt.",
		"told her to wear a longer coat next time, it was freezing on the terrace this morning",
	} {
		t.Run(text, func(t *testing.T) {
			wantRulesPass(t, g, text)
			if v := g.BuiltinAnalysis(analysis.Of(text)); v.Flagged {
				t.Errorf("built-in layers flag %q: %v", text, v.Cues)
			}
		})
	}
}

// TestRoundH15ClothingDemandTwinsFlag: the harmful twins share the
// reports' words. Made by the writer ("I told her to", "for me", "for the
// regulars"), asked for ("tell her to"), said to the reader, or with a
// threat beside the report, they still flag, by the rules and combined.
func TestRoundH15ClothingDemandTwinsFlag(t *testing.T) {
	g := New(Options{})
	for _, c := range []struct {
		cat  Category
		text string
	}{
		{Sexual, "Tell her to wear a shorter skirt next time."},
		{Sexual, "I told her to wear a shorter skirt next time, she'll get more tips."},
		{Sexual, "told her to wear a shorter skirt for me next time"},
		{Sexual, "You should wear a shorter skirt next time, sweetheart."},
		{Sexual, "we told the waitress to wear a tighter top for the regulars"},
		{Threat, "told her to wear a shorter skirt next time, I know where she lives"},
	} {
		t.Run(c.text, func(t *testing.T) {
			wantRulesFlag(t, g, c.cat, c.text)
			if v := g.BuiltinAnalysis(analysis.Of(c.text)); !v.Flagged {
				t.Errorf("built-in layers pass %q", c.text)
			}
		})
	}
}

// TestRoundH15PictureOfAThing: a thing named between "picture of" and
// "you" is what the picture shows (the rule "pictures of staff" skips a
// match with one inside it); a picture of a worker still flags.
func TestRoundH15PictureOfAThing(t *testing.T) {
	g := New(Options{})
	for _, text := range []string{
		"Send me a picture of the cake you made for my daughter, I'll order double next year.",
		"can i get a photo of the latte art you did",
		"Could you post a picture of the sandwiches you have left today?",
	} {
		t.Run(text, func(t *testing.T) { wantRulesPass(t, g, text) })
	}
	for _, text := range []string{
		"Send me a picture of the cute barista in her gym clothes and I'll order double.",
		"send me pics of you in the shower",
		"photos of her with the cake, now",
	} {
		t.Run(text, func(t *testing.T) { wantRulesFlag(t, g, Sexual, text) })
	}
}
