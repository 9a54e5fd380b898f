package analysis

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Stem answers what textnorm.Stem answers, first time (stemmed) and
// second (cached), for look-alikes that stem apart ("managed" and
// "manager", "news" and "new") and for short and non-English words.
func TestStemIsTextnormStem(t *testing.T) {
	for _, w := range []string{"managed", "manager", "news", "new", "refunds", "refund", "ordering",
		"am", "i", "", "café", "überweisung", "k1ll", "running", "runner"} {
		want := textnorm.Stem(w)
		for range 2 {
			if got := Stem(w); got != want {
				t.Errorf("Stem(%q) = %q, textnorm.Stem %q", w, got, want)
			}
		}
	}
}
