package trainset

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
)

// The strangers' rows: testdata/guard/strangers/v1..v12.jsonl, 300 to 481
// hand-written rows each by writers who never saw the project, in twelve
// voices (testdata/guard/strangers/README.md). The training voices
// (trainVoices) train like the world sentences: each row as written and
// in a few dressed variants (strangerVariants), all in the split of the
// row's hash. The test voice (TestVoice) never trains: like a dev-test
// set, no guard row within word-bigram Jaccard 0.35 of one of its rows
// is kept (heldSets); nor of the even lines of a voice that trains on
// its odd lines only (oddLinesOnly, Halves).

// StrangerDir is the strangers' folder, relative to the repository root.
const StrangerDir = "testdata/guard/strangers"

// trainVoices are the strangers' voices the shipped guard.model trains on:
// v4 (speech to text) and v5 (short non-native messages) joined v1 and v2
// in the seventh round; v6 (formal letters, emails and incident notes) and
// v7 (young people's chat) in the ninth (see strangerVariants); v8
// (regional and non-native English) in the tenth, with one variant like
// the others, after its first sight and review; v9 (threat, hate and
// self-harm in every register, with their hardest benign look-alikes) in
// the eleventh, the same way; v10 (non-native, fast-texting and
// code-switching writers: hate against many groups, self-harm
// understatement, injection in markup and translation requests) in the
// twelfth, all of it, after its odd lines' misses were read for rules and
// its even lines measured before and after them; v11 (threat and hate in
// every register, with hard look-alikes) in the thirteenth, its odd lines
// only (oddLinesOnly); v12 (300 rows, every category, 120 benign) in the
// tenth wave, its odd lines only, the same way.
// A voice's random stream is seeded by its place here, so a voice added at
// the end leaves the others' dressed variants unchanged.
var trainVoices = []string{"v1", "v2", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12"}

// oddLinesOnly are the training voices whose odd lines (the file's first,
// third, ... row) train while their even lines are held out for
// measurement: no guard row within NearCut of an even line is kept, as
// for a dev-test set (heldSets), so the even half measures what the
// odd half taught rather than near copies of itself.
var oddLinesOnly = map[string]bool{"v11": true, "v12": true}

// Halves splits a voice's rows into the lines that train and the lines
// held out: all rows train unless the voice is in oddLinesOnly.
func Halves(voice string, rows []StrangerRow) (train, held []StrangerRow) {
	if !oddLinesOnly[voice] {
		return rows, nil
	}
	return DevHalves(rows)
}

// TestVoice is the strangers' voice held out of training for measurement:
// v3, long forum posts, emails and reviews with the harm buried mid-text,
// the least like any row trained on (see the folder's README).
const TestVoice = "v3"

// strangerVariants is how many dressed variants each training row of a
// stranger adds, beside the row as written. Chosen by cross-voice
// validation, never on the test voice: trained without v1 and measured
// on v1, then the same for v2, at the pooled head's 1.5%. Without the
// other voice the combined guard caught 137+137 of the two voices' 400
// harmful rows and flagged 6+9 of their 200 benign ones; with one variant
// 139+143 and 5+8; with three 142+140 and 5+9; with one variant and
// none of the rows in the validation split (so that they would not move
// the thresholds) 142+138 and 5+8.
//
// Chosen again in the seventh round over the four training voices (v1,
// v2, v4, v5), each left out and measured on, at the pooled head's 1.5%
// with stableThreshold and six fits: with no variant the combined guard
// caught 580 of the 818 harmful rows and flagged 47 of the 473 benign;
// with one, 582 and 48; with three, 578 and 45. The differences are
// within a retrain's noise; one is kept.
//
// Chosen again for v6 in the eighth round, the five training voices each
// left out and measured on (v6 held out is the shipped model's first
// sight of it: 133/200 caught, 15/133 benign flagged). Over v1, v2, v4 and
// v5 (818 harmful, 473 benign rows) the combined guard caught 618 and
// flagged 32 without v6; with v6 as written and no variant 644 and 33;
// with one variant 645 and 31; with three 645 and 31 (learned layer alone
// 479/13, 519/14, 511/11, 518/12). Adding v6 is worth about 27 rows; its
// weight is within a retrain's noise, and one variant was chosen. That
// retrain (v1, v2, v4, v5 and v6, one variant) is not shipped: it flagged
// 2 of blind.jsonl's 50 benign rows, over TestImpliedHarmFloors' floor of
// 1, and the floor is kept rather than moved or the weight re-picked
// against it. v6 stays a voice never trained on.
//
// Trained in the ninth round, with v7 and one variant each, after the
// cause of that flag was found and fixed rather than the floor: the
// retrain flagged "My wife is from Mexico and says your tamales taste
// like home." (pooled head p 0.96 at its threshold 0.956, "is from" a hate
// feature: 24 rows of one hate template, "you can tell where that ... is
// from by the smell", against one benign row), fixed by benign world lines
// that say where people are from (testdata/guard/world/benign.l9.txt);
// the floor's other flag, "Your manager promised a callback and nobody
// called. Again.", was a composed rule reading "nobody" as "a nobody",
// fixed in compose.yaml. blind.jsonl's benign rows flagged: 1 with the
// model shipped before, 2 with v6 and v7 alone, 0 after.
var strangerVariants = 1

// StrangerRow is one row of a stranger's file.
type StrangerRow struct {
	Text     string `json:"text"`
	Harmful  bool   `json:"harmful"`
	Category string `json:"category"`
	Voice    string `json:"voice"`
}

// benignLabel is how some writers name the benign class; it is the
// guard's label, not an escalation category.
const benignLabel = "benign"

// ReadStrangers reads one voice's rows from the repository at root.
func ReadStrangers(root, voice string) ([]StrangerRow, error) {
	rows, err := readJSONL[StrangerRow](filepath.Join(root, StrangerDir, voice+".jsonl"))
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		// Some writers label the benign class by name (v12), as
		// guard.ReadLabelled allows.
		if !r.Harmful && r.Category == benignLabel {
			r.Category = ""
			rows[i].Category = ""
		}
		if r.Harmful != (r.Category != "") || r.Voice != voice {
			return nil, fmt.Errorf("%s/%s.jsonl: row %d: harmful %t with category %q, voice %q", StrangerDir, voice, i+1, r.Harmful, r.Category, r.Voice)
		}
	}
	return rows, nil
}

// strangerTrainRows returns the training rows one voice adds: each row as
// written and in variants dressed variants, all in the split of the
// row's hash (so validation never scores a variant of a row trained on).
func strangerTrainRows(rows []StrangerRow, variants int, rng *rand.Rand) []worldRow {
	var out []worldRow
	for _, r := range rows {
		text := strings.TrimSpace(r.Text)
		sp := split(text)
		out = append(out, worldRow{text, r.Category, sp})
		for i := 0; i < variants; i++ {
			out = append(out, worldRow{dress(text, rng), r.Category, sp})
		}
	}
	return out
}
