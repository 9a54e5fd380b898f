package publicdata

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/guard"
)

const publicDir = "../../testdata/guard/public"

// The committed files' sizes; a change to the mapping or the split must
// change these on purpose.
const (
	wantTrain = 2261
	wantEval  = 1424
	// HateCheck's 3,728 cases less the 43 insults to non-protected groups
	// left out by MapLabel.
	wantKept = 3685
)

func loadCommitted(t *testing.T) (train, eval []Row) {
	return loadSplit(t, TrainFile, EvalFile)
}

// loadSplit reads one set's committed training and eval files.
func loadSplit(t *testing.T, trainName, evalName string) (train, eval []Row) {
	t.Helper()
	for _, f := range []struct {
		name string
		dst  *[]Row
	}{{trainName, &train}, {evalName, &eval}} {
		data, err := os.ReadFile(filepath.Join(publicDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := Decode(data, f.name)
		if err != nil {
			t.Fatal(err)
		}
		*f.dst = rows
	}
	return train, eval
}

// TestCommittedFilesConsistent is the guarantee the split makes: no
// template family (so no template) is in both files, no text is repeated,
// every label is one the guard knows and follows from MapLabel, and the
// eval file covers every functionality kept.
func TestCommittedFilesConsistent(t *testing.T) {
	train, eval := loadCommitted(t)
	if len(train) != wantTrain || len(eval) != wantEval || len(train)+len(eval) != wantKept {
		t.Errorf("got %d training and %d eval rows, want %d and %d", len(train), len(eval), wantTrain, wantEval)
	}
	// The root functionality of each family, from the rows themselves: a
	// family's root template is one of its rows unless it was left out.
	rootFn := map[string]string{}
	for _, r := range append(append([]Row(nil), train...), eval...) {
		if r.Template == r.Family {
			rootFn[r.Family] = r.Functionality
		}
	}
	familySplit := map[string]string{}
	templSplit := map[string]string{}
	texts := map[string]string{}
	fnIn := map[string]map[string]bool{SplitEval: {}, "training": {}}
	check := func(file string, r Row, allowed ...string) {
		t.Helper()
		ok := false
		for _, a := range allowed {
			ok = ok || r.Split == a
		}
		if !ok {
			t.Errorf("%s: %q has split %q, want one of %v", file, r.Text, r.Split, allowed)
		}
		if r.Round != Round {
			t.Errorf("%s: %q has round %q", file, r.Text, r.Round)
		}
		side := "training"
		if r.Split == SplitEval {
			side = SplitEval
		}
		fnIn[side][r.Functionality] = true
		if s, ok := familySplit[r.Family]; ok && (s == SplitEval) != (side == SplitEval) {
			t.Errorf("family %s is in both the eval and the training file", r.Family)
		}
		familySplit[r.Family] = r.Split
		if s, ok := templSplit[r.Template]; ok && s != r.Split {
			t.Errorf("template %s is in splits %s and %s", r.Template, s, r.Split)
		}
		templSplit[r.Template] = r.Split
		key := strings.ToLower(r.Text)
		if prev, ok := texts[key]; ok {
			t.Errorf("%q is in %s and %s", r.Text, prev, file)
		}
		texts[key] = file
		if r.Gold != "hateful" && r.Gold != "non-hateful" {
			t.Errorf("%s: %q has gold %q", file, r.Text, r.Gold)
		}
		root, ok := rootFn[r.Family]
		if !ok {
			t.Errorf("%s: family %s of %q has no root row", file, r.Family, r.Text)
		}
		want := MapLabel(r.Functionality, root, r.Gold == "hateful")
		if !want.Keep || want.Harmful != r.Harmful || want.Category != r.Category {
			t.Errorf("%s: %q (%s, root %s, %s) labelled %t/%q, MapLabel says %+v", file, r.Text, r.Functionality, root, r.Gold, r.Harmful, r.Category, want)
		}
	}
	for _, r := range train {
		check(TrainFile, r, SplitTrain, SplitValid)
	}
	for _, r := range eval {
		check(EvalFile, r, SplitEval)
	}
	for fn := range fnIn["training"] {
		if !fnIn[SplitEval][fn] {
			t.Errorf("functionality %s is never measured: no eval row", fn)
		}
	}
	evalFams := 0
	for _, s := range familySplit {
		if s == SplitEval {
			evalFams++
		}
	}
	if share := float64(evalFams) / float64(len(familySplit)); share < 0.35 || share > 0.45 {
		t.Errorf("%d of %d families are eval-only (%.2f), want about %.2f", evalFams, len(familySplit), share, EvalShare)
	}
	var size int64
	for _, f := range []string{TrainFile, EvalFile} {
		fi, err := os.Stat(filepath.Join(publicDir, f))
		if err != nil {
			t.Fatal(err)
		}
		size += fi.Size()
	}
	if size > 1<<20 {
		t.Errorf("public files are %d bytes, want under 1 MiB", size)
	}
}

// TestCommittedFilesReadAsGuardSets checks the guard's own reader takes
// both files, so `cafebot moderate --eval` measures them, and that its
// trainer refuses the eval file.
func TestCommittedFilesReadAsGuardSets(t *testing.T) {
	for _, f := range []string{TrainFile, EvalFile} {
		rows, err := guard.LoadLabelled(filepath.Join(publicDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Fatalf("%s: no rows", f)
		}
	}
	eval, err := guard.LoadLabelled(filepath.Join(publicDir, EvalFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := guard.TrainModel(eval[:20], guard.DefaultTrainOptions()); err == nil || !strings.Contains(err.Error(), "public_eval") {
		t.Errorf("TrainModel on eval rows: %v, want a refusal naming split public_eval", err)
	}
}

// TestCommittedFilesMatchTheMirror rebuilds both files from a HateCheck
// copy and compares them byte for byte. It needs the copy: set
// HATECHECK_MIRROR to a git directory of paul-rottger/hatecheck-data.
func TestCommittedFilesMatchTheMirror(t *testing.T) {
	dir := os.Getenv("HATECHECK_MIRROR")
	if dir == "" {
		t.Skip("HATECHECK_MIRROR not set")
	}
	data, err := exec.Command("git", "-C", dir, "show", "HEAD:test_suite_cases.csv").Output()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := ReadCases(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	train, eval, err := Convert(cases)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		rows []Row
	}{{TrainFile, train}, {EvalFile, eval}} {
		got, err := Encode(f.rows)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(publicDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a rebuild (run go generate ./internal/publicdata with HATECHECK_MIRROR set)", f.name)
		}
	}
}

func TestMapLabel(t *testing.T) {
	tests := []struct {
		fn, root string
		hateful  bool
		want     Label
	}{
		{"derog_neg_emote_h", "derog_neg_emote_h", true, Label{true, true, "hate"}},
		{"slur_h", "slur_h", true, Label{true, true, "hate"}},
		{"profanity_h", "profanity_h", true, Label{true, true, "hate"}},
		{"threat_dir_h", "threat_dir_h", true, Label{true, true, "threat"}},
		{"threat_norm_h", "threat_norm_h", true, Label{true, true, "threat"}},
		// A perturbation keeps its base's category.
		{"spell_leet_h", "threat_norm_h", true, Label{true, true, "threat"}},
		{"spell_leet_h", "slur_h", true, Label{true, true, "hate"}},
		{"phrase_question_h", "threat_dir_h", true, Label{true, true, "threat"}},
		{"negate_pos_h", "derog_dehum_h", true, Label{true, true, "hate"}},
		// Abuse at a person is harassment, a threat to one a threat.
		{"target_indiv_nh", "derog_dehum_h", false, Label{true, true, "harassment"}},
		{"target_indiv_nh", "profanity_h", false, Label{true, true, "harassment"}},
		{"target_indiv_nh", "threat_dir_h", false, Label{true, true, "threat"}},
		// Violence against any group is a threat; insults to one are left out.
		{"target_group_nh", "threat_norm_h", false, Label{true, true, "threat"}},
		{"target_group_nh", "derog_dehum_h", false, Label{}},
		// Benign: abuse of things, counter-speech, negation, neutral and
		// positive mentions, untargeted swearing, reclaimed slurs, homonyms.
		{"target_obj_nh", "threat_norm_h", false, Label{Keep: true}},
		{"counter_quote_nh", "threat_dir_h", false, Label{Keep: true}},
		{"counter_ref_nh", "slur_h", false, Label{Keep: true}},
		{"negate_neg_nh", "threat_dir_h", false, Label{Keep: true}},
		{"ident_neutral_nh", "ident_neutral_nh", false, Label{Keep: true}},
		{"ident_pos_nh", "derog_dehum_h", false, Label{Keep: true}},
		{"profanity_nh", "profanity_h", false, Label{Keep: true}},
		{"slur_reclaimed_nh", "slur_reclaimed_nh", false, Label{Keep: true}},
		{"slur_homonym_nh", "slur_homonym_nh", false, Label{Keep: true}},
	}
	for _, tt := range tests {
		t.Run(tt.fn+"/"+tt.root, func(t *testing.T) {
			if got := MapLabel(tt.fn, tt.root, tt.hateful); got != tt.want {
				t.Errorf("MapLabel(%s, %s, %t) = %+v, want %+v", tt.fn, tt.root, tt.hateful, got, tt.want)
			}
		})
	}
}

// header is test_suite_cases.csv's header line.
const header = ",functionality,case_id,test_case,label_gold,target_ident,direction,focus_words,focus_lemma,ref_case_id,ref_templ_id,templ_id,case_templ\n"

// fixture builds a suite of n base families, each a base template with
// two cases, a perturbed template of it and a benign contrast referring
// to the perturbed one (a chain of two).
func fixture(n int) string {
	var b strings.Builder
	b.WriteString(header)
	id := 0
	row := func(fn, text, gold, ref, templ string) {
		id++
		b.WriteString(strings.Join([]string{"0", fn, strconv.Itoa(id), text, gold, "group", "", "", "", "", ref, templ, "[T]"}, ",") + "\n")
	}
	for i := range n {
		base := "b" + strconv.Itoa(i)
		row("derog_neg_emote_h", "base "+strconv.Itoa(i)+" one", "hateful", "", base)
		row("derog_neg_emote_h", "base "+strconv.Itoa(i)+" two", "hateful", "", base)
		row("spell_leet_h", "b4se "+strconv.Itoa(i), "hateful", base, "p"+strconv.Itoa(i))
		row("negate_neg_nh", "not base "+strconv.Itoa(i), "non-hateful", "p"+strconv.Itoa(i), "n"+strconv.Itoa(i))
	}
	row("threat_dir_h", "threat one", "hateful", "", "t1")
	row("target_group_nh", "insult to an occupation", "non-hateful", "", "g1")
	row("profanity_nh", "Base 0 ONE", "non-hateful", "", "d1") // a repeated text
	return b.String()
}

func TestConvertSplitsByFamily(t *testing.T) {
	cases, err := ReadCases(strings.NewReader(fixture(20)))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 83 {
		t.Fatalf("read %d cases, want 83", len(cases))
	}
	train, eval, err := Convert(cases)
	if err != nil {
		t.Fatal(err)
	}
	// 83 cases less the insult (left out) and the repeated text.
	if len(train)+len(eval) != 81 {
		t.Fatalf("kept %d rows, want 81", len(train)+len(eval))
	}
	fam := map[string]string{}
	side := func(r Row) string {
		if r.Split == SplitEval {
			return "eval"
		}
		return "train"
	}
	evalFams := 0
	for _, r := range append(append([]Row(nil), train...), eval...) {
		want := "b" + strings.TrimLeft(r.Template, "bpn")
		if r.Template == "t1" || r.Template == "d1" {
			want = r.Template
		}
		if r.Family != want {
			t.Errorf("%q: family %q, want %q", r.Text, r.Family, want)
		}
		if s, ok := fam[r.Family]; ok && s != side(r) {
			t.Errorf("family %s is on both sides", r.Family)
		} else if !ok && side(r) == "eval" {
			evalFams++
		}
		fam[r.Family] = side(r)
		if r.Text == "Base 0 ONE" || r.Text == "insult to an occupation" {
			t.Errorf("%q should have been dropped", r.Text)
		}
		if r.Functionality == "negate_neg_nh" && (r.Harmful || r.Category != "") {
			t.Errorf("%q: negated hate labelled harmful", r.Text)
		}
		if r.Template == "t1" && r.Category != "threat" {
			t.Errorf("%q: category %q, want threat", r.Text, r.Category)
		}
	}
	// 20 derogation families, 40% to eval; the one-family strata round
	// to none (0.4 rounds down).
	if evalFams != 8 {
		t.Errorf("%d families in eval, want 8 of the 20 derogation families", evalFams)
	}
	// Deterministic: a second run gives the same bytes.
	train2, eval2, err := Convert(cases)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2][]Row{{train, train2}, {eval, eval2}} {
		a, _ := Encode(p[0])
		b, _ := Encode(p[1])
		if !bytes.Equal(a, b) {
			t.Error("Convert is not deterministic")
		}
	}
}

func TestReadCasesRefusesBadFiles(t *testing.T) {
	good := "0,slur_h,1,some text,hateful,g,,,,,,1,[T]\n"
	tests := []struct{ name, in, want string }{
		{"empty", "", "read header"},
		{"missing column", ",functionality,case_id,test_case,label_gold\n0,slur_h,1,x,hateful\n", `no column "target_ident"`},
		{"no cases", header, "no cases"},
		{"bad label", header + "0,slur_h,1,x,maybe,g,,,,,,1,[T]\n", `label_gold "maybe"`},
		{"empty text", header + "0,slur_h,1,  ,hateful,g,,,,,,1,[T]\n", "empty text"},
		{"repeated id", header + good + good, "case_id 1 twice"},
		{"short row", header + "0,slur_h,1\n", "line 2"},
		{"annotations file", ",functionality,case_id,templ_id,test_case,label_gold,label_1\n", `no column "target_ident"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCases(strings.NewReader(tt.in))
			if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ReadCases: %v, want ErrFormat containing %q", err, tt.want)
			}
		})
	}
}

func TestRootsRefusesLoops(t *testing.T) {
	cases := []Case{
		{Functionality: "spell_leet_h", ID: "1", Text: "a", TemplID: "x", RefTemplID: "y"},
		{Functionality: "spell_leet_h", ID: "2", Text: "b", TemplID: "y", RefTemplID: "x"},
	}
	if _, err := Roots(cases); err == nil || !errors.Is(err, ErrFormat) {
		t.Fatalf("Roots on a loop: %v, want ErrFormat", err)
	}
	cases[1].RefTemplID = ""
	cases = append(cases, Case{Functionality: "spell_leet_h", ID: "3", Text: "c", TemplID: "x", RefTemplID: "z"})
	if _, err := Roots(cases); err == nil || !errors.Is(err, ErrFormat) {
		t.Fatalf("Roots with two references for one template: %v, want ErrFormat", err)
	}
}

func TestDecodeRefusesUnknownFields(t *testing.T) {
	if _, err := Decode([]byte(`{"text":"a","harmful":false,"split":"train","round":"x","label":1}`), "f"); err == nil || !strings.Contains(err.Error(), "f:1") {
		t.Fatalf("Decode: %v, want an error at f:1", err)
	}
	if _, err := Decode([]byte("\n"+`{"text":" ","split":"train"}`), "f"); err == nil || !strings.Contains(err.Error(), "f:2: empty text") {
		t.Fatalf("Decode: %v, want f:2: empty text", err)
	}
}

// FuzzReadCases checks the parser never panics and that whatever it
// accepts converts with no family on both sides.
func FuzzReadCases(f *testing.F) {
	f.Add(fixture(3))
	f.Add(header + "0,slur_h,1,x,hateful,g,,,,,,1,[T]\n")
	f.Add(header + "0,spell_h,1,x,hateful,g,,,,,2,1,[T]\n0,spell_h,2,y,hateful,g,,,,,1,2,[T]\n")
	f.Fuzz(func(t *testing.T, in string) {
		cases, err := ReadCases(strings.NewReader(in))
		if err != nil {
			return
		}
		train, eval, err := Convert(cases)
		if err != nil {
			return
		}
		inTrain := map[string]bool{}
		for _, r := range train {
			inTrain[r.Family] = true
		}
		for _, r := range eval {
			if inTrain[r.Family] {
				t.Fatalf("family %s on both sides", r.Family)
			}
		}
	})
}
