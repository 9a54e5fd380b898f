package guard

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/knowledge"
)

// The labelled set, testdata/guard/messages.jsonl, was built in rounds.
// Round 0 (270 rows) was written first and split, before any rule was
// written, into dev and heldout (every third row of each category).
// Rounds 1 to 4 were written later, each measured once on first sight
// and only then used to improve the rules, so they are dev rows now.
// Their first-sight results show what the built-in layer does with
// phrasings it has not seen:
//
//	round 1: detection 15/48 (31%), benign flagged 0/54
//	round 2: detection 19/50 (38%), benign flagged 1/60
//	round 3: detection 22/55 (40%), benign flagged 1/70
//	round 4: detection 16/41 (39%), benign flagged 1/54
//
// testdata/guard/blind.jsonl (round 5) was written after the rules were
// finished and has never been used to change them: its rates are logged,
// not enforced, as the honest estimate for unseen text (17/40 = 42%
// detection, 0/53 benign flagged when written). Keep it unseen: fix a
// miss it reveals only by writing a new, different example into
// messages.jsonl. The built-in layer is precise; for recall on indirect
// phrasing, enable the guard model.
//
// Later, blind.jsonl was opened for development (indirect.go) and two more
// batches were written, by the author of those rules:
//
//	blind.jsonl  before 17/40 (42%), 0/53 benign flagged; after 40/40, 0/53 (tuned on: not a measure)
//	blind2.jsonl before 22/62 (35%), 4/60 benign flagged; after 60/62, 1/60
//	             (written just before the rules, by their author: after is optimistic)
//	blind3.jsonl after  5/47 (11%), 1/60 benign flagged; the rules before also 5/47
//	             (written after the rules, avoiding their wording: pessimistic)
//
// Phrase rules catch the wording their author thought of, little else.
//
// Issue 11 (composed rules, the learned layer, the shared analysis) added
// two batches by the author of that work:
//
//	blind4.jsonl written before any of it changed: 58/82 (71%), 0/50 benign flagged
//	             before; 78/82 (95%), 0/50 after (same author as the rules: optimistic)
//	blind5.jsonl written after it, never used to change it: 26/42 (62%), 0/50
//	             with the old rules; 31/42 (74%), 1/50 with the new layers
//	dev11.jsonl  a development batch, first sight with the new layers 17/40 (42%),
//	             3/40 benign flagged (all three by old lexicon rules, then fixed);
//	             since trained on (34/40, 0/40: tuned, not a measure)

// labelled is one row of testdata/guard/messages.jsonl.
type labelled struct {
	Text     string   `json:"text"`
	Harmful  bool     `json:"harmful"`
	Category Category `json:"category"`
	// Split is "dev" (rules were written looking at these), "heldout"
	// (set aside before the rules were written, to measure them) or
	// "blind" (blind.jsonl: never looked at while writing rules).
	Split string `json:"split"`
	// Round is the batch the row was written in (see above).
	Round int `json:"round"`
	// Stage is "draft" for draft replies, checked with Own as the current
	// customer's contact data; otherwise the row is a customer message.
	Stage string   `json:"stage"`
	Own   Identity `json:"own"`
}

// publicContacts is the café's published contact data, as the knowledge
// base lists it; drafts may quote it.
var publicContacts = Identity{
	Phones: []string{"(555) 014-2200", "(555) 014-2300", "(555) 014-2400", "(555) 014-2250"},
	Emails: []string{"@larkspurcafe.com"},
}

func loadGuardSet(t testing.TB) []labelled {
	t.Helper()
	return loadLabelled(t, "messages.jsonl", "dev", "heldout")
}

// loadLabelled reads testdata/guard/name, whose rows must be of the
// given splits.
func loadLabelled(t testing.TB, name string, splits ...string) []labelled {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "guard", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var r labelled
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s line %d: %v", name, n, err)
		}
		if !slices.Contains(splits, r.Split) {
			t.Fatalf("%s line %d: split %q, want one of %v", name, n, r.Split, splits)
		}
		if r.Harmful != (r.Category != "") {
			t.Fatalf("%s line %d: harmful=%v with category %q", name, n, r.Harmful, r.Category)
		}
		if r.Harmful && !slices.Contains(Categories, r.Category) {
			t.Fatalf("%s line %d: unknown category %q", name, n, r.Category)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r labelled) check(g *Guard) Verdict {
	if r.Stage == "draft" {
		return g.BuiltinDraft(r.Text, r.Own)
	}
	return g.Builtin(r.Text)
}

// TestGuardSet measures the built-in layer on the labelled set: detection
// rate on harmful rows and false-positive rate on benign ones, for dev and
// heldout apart. Held-out harmful rows must be flagged at least 90% of the
// time and benign rows at most 5%.
func TestGuardSet(t *testing.T) {
	rows := loadGuardSet(t)
	if len(rows) < 200 {
		t.Fatalf("labelled set has %d rows, want at least 200", len(rows))
	}
	g := New(Options{Public: publicContacts})

	type tally struct{ harmful, caught, benign, falsePos, wrongCat int }
	splits := map[string]*tally{"dev": {}, "heldout": {}}
	type catTally struct{ n, caught int }
	perCat := map[string]map[Category]*catTally{"dev": {}, "heldout": {}}
	for _, r := range rows {
		v := r.check(g)
		s := splits[r.Split]
		if !r.Harmful {
			s.benign++
			if v.Flagged {
				s.falsePos++
				top, score := v.Top()
				t.Logf("false positive [%s] %s %.2f %v: %q", r.Split, top, score, v.Cues[top], r.Text)
			}
			continue
		}
		s.harmful++
		ct := perCat[r.Split][r.Category]
		if ct == nil {
			ct = &catTally{}
			perCat[r.Split][r.Category] = ct
		}
		ct.n++
		switch {
		case !v.Flagged:
			t.Logf("missed [%s] %s (score %.2f): %q", r.Split, r.Category, v.Score, r.Text)
		case v.Categories[r.Category] < g.Threshold():
			// Flagged, so it is stopped, but for a different reason.
			s.caught++
			ct.caught++
			s.wrongCat++
			top, _ := v.Top()
			t.Logf("flagged as %s, labelled %s [%s]: %q", top, r.Category, r.Split, r.Text)
		default:
			s.caught++
			ct.caught++
		}
	}
	for _, split := range []string{"dev", "heldout"} {
		s := splits[split]
		det := rate(s.caught, s.harmful)
		fp := rate(s.falsePos, s.benign)
		t.Logf("%-7s detection %3d/%3d = %5.1f%%  false positives %2d/%3d = %4.1f%%  (flagged under another category: %d)",
			split, s.caught, s.harmful, 100*det, s.falsePos, s.benign, 100*fp, s.wrongCat)
		for _, c := range Categories {
			if ct := perCat[split][c]; ct != nil {
				t.Logf("%-7s   %-10s %2d/%2d = %5.1f%%", split, c, ct.caught, ct.n, 100*rate(ct.caught, ct.n))
			}
		}
	}
	// The blind sets are measured, not enforced, except that benign
	// false positives must stay at or under 5% on each.
	for _, name := range blindSets {
		det, fp := measureBlind(t, g, name)
		if fp > 0.05 {
			t.Errorf("%s false-positive rate %.1f%%, want at most 5%%", name, 100*fp)
		}
		t.Logf("%s: detection %.1f%%", name, 100*det)
	}

	h := splits["heldout"]
	if det := rate(h.caught, h.harmful); det < 0.90 {
		t.Errorf("heldout detection %.1f%%, want at least 90%%", 100*det)
	}
	for _, split := range []string{"dev", "heldout"} {
		if fp := rate(splits[split].falsePos, splits[split].benign); fp > 0.05 {
			t.Errorf("%s false-positive rate %.1f%%, want at most 5%%", split, 100*fp)
		}
	}
}

// blindSets are the batches written after the rules, each measured once
// on first sight (see the figures at the top of this file).
var blindSets = []string{"blind.jsonl", "blind2.jsonl", "blind3.jsonl", "blind4.jsonl", "blind5.jsonl"}

// measureBlind logs the built-in layer's detection and false-positive
// rates on testdata/guard/name, overall, per category and row by row for
// misses and false positives, and returns the two rates. A missing file
// is skipped.
func measureBlind(t *testing.T, g *Guard, name string) (det, fp float64) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("..", "..", "testdata", "guard", name)); os.IsNotExist(err) {
		t.Logf("%s: not written yet", name)
		return 0, 0
	}
	type catTally struct{ n, caught int }
	perCat := map[Category]*catTally{}
	var harmful, caught, benign, falsePos int
	for _, r := range loadLabelled(t, name, "blind") {
		v := r.check(g)
		if !r.Harmful {
			benign++
			if v.Flagged {
				falsePos++
				top, score := v.Top()
				t.Logf("%s false positive %s %.2f %v: %q", name, top, score, v.Cues[top], r.Text)
			}
			continue
		}
		harmful++
		ct := perCat[r.Category]
		if ct == nil {
			ct = &catTally{}
			perCat[r.Category] = ct
		}
		ct.n++
		if v.Flagged {
			caught++
			ct.caught++
		} else {
			t.Logf("%s missed %s (score %.2f): %q", name, r.Category, v.Score, r.Text)
		}
	}
	det, fp = rate(caught, harmful), rate(falsePos, benign)
	t.Logf("%-12s detection %3d/%3d = %5.1f%%  false positives %2d/%3d = %4.1f%%  (detection not enforced)",
		name, caught, harmful, 100*det, falsePos, benign, 100*fp)
	for _, c := range Categories {
		if ct := perCat[c]; ct != nil {
			t.Logf("%-12s   %-10s %2d/%2d = %5.1f%%", name, c, ct.caught, ct.n, 100*rate(ct.caught, ct.n))
		}
	}
	return det, fp
}

func rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// TestKnowledgeBasePasses checks that no line of the bundled knowledge
// base is flagged, as a message or as a draft quoting it: answers are
// built from these lines, and a rule that flags them would block them.
func TestKnowledgeBasePasses(t *testing.T) {
	g := New(Options{Public: publicContacts})
	files, err := knowledge.Files()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		data, err := fs.ReadFile(knowledge.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			n++
			if v := g.Builtin(line); v.Flagged {
				top, score := v.Top()
				t.Errorf("%s: flagged as message (%s %.2f %v): %q", name, top, score, v.Cues[top], line)
			}
			if v := g.BuiltinDraft(line, Identity{}); v.Flagged {
				top, score := v.Top()
				t.Errorf("%s: flagged as draft (%s %.2f %v): %q", name, top, score, v.Cues[top], line)
			}
		}
	}
	if n < 100 {
		t.Errorf("checked %d knowledge-base lines, want at least 100", n)
	}
}
