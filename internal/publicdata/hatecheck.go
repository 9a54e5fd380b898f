// Package publicdata turns public data sets written by strangers into the
// guard's labelled rows (testdata/guard/public), with the guard's
// categories and a split by template, so a template trained on is never
// measured. Each set's source, licence and label mapping are in
// testdata/guard/ATTRIBUTION.md.
//
// HateCheck (Röttger et al. 2021, CC BY 4.0) is the first such set and
// CyberSecEval's prompt-injection tests (Meta, MIT) the second. Their
// files are rebuilt from git copies of the two repositories with
//
//	HATECHECK_MIRROR=/path/to/hatecheck-data go generate ./internal/publicdata
//	CYBERSECEVAL_MIRROR=/path/to/PurpleLlama go generate ./internal/publicdata
//
// (each generator writes nothing without its copy), and the committed
// files are checked by this package's tests.
package publicdata

//go:generate go run ./hatecheckgen -out ../../testdata/guard/public

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
)

// The guard categories HateCheck rows carry, spelled as pkg/guard spells
// them (this package does not import the guard, whose tests import it).
const (
	Threat     = "threat"
	Harassment = "harassment"
	Hate       = "hate"
)

// Round is the value of the round field of every HateCheck row.
const Round = "hatecheck"

// The splits of the public rows: train and valid rows may train and
// calibrate the learned layer; public_eval rows are only measured (the
// guard's trainer refuses any split but train, valid and dev).
const (
	SplitTrain = "train"
	SplitValid = "valid"
	SplitEval  = "public_eval"
)

// Case is one HateCheck test case, as read from test_suite_cases.csv.
type Case struct {
	Functionality string
	ID            string
	Text          string
	Hateful       bool
	Target        string
	TemplID       string
	RefTemplID    string
	Template      string
}

// Row is one labelled row of a public file, in the guard's evaluation
// format (guard.Labelled reads text, harmful, category and split and
// ignores the rest).
type Row struct {
	Text     string `json:"text"`
	Harmful  bool   `json:"harmful"`
	Category string `json:"category,omitempty"`
	Split    string `json:"split"`
	Round    string `json:"round"`
	// Gold is HateCheck's own label, "hateful" or "non-hateful" (empty for
	// a set whose rows are all of one kind, such as CyberSecEval's).
	Gold string `json:"gold,omitempty"`
	// Functionality is HateCheck's functional test of the case, or
	// CyberSecEval's injection variant (the attack technique).
	Functionality string `json:"functionality"`
	// Family is the unit of the split: for HateCheck the template id of the
	// root of the case's template family (the template it was perturbed
	// from, or its own); for CyberSecEval the technique of a direct attack
	// or the carrier document of an indirect one.
	Family string `json:"family"`
	// Template is the case's own HateCheck template id, or the English
	// CyberSecEval prompt ("prompt-17") a row is or translates.
	Template string `json:"template"`
	// InjectionType is CyberSecEval's "direct" or "indirect".
	InjectionType string `json:"injection_type,omitempty"`
	// RiskCategory is CyberSecEval's "security-violating" or
	// "logic-violating".
	RiskCategory string `json:"risk_category,omitempty"`
	// Language is CyberSecEval's speaking_language of the row.
	Language string `json:"language,omitempty"`
}

// ErrFormat is returned, wrapped, for a HateCheck file that does not have
// the expected columns or values.
var ErrFormat = errors.New("not a HateCheck test-suite file")

// columns are the test_suite_cases.csv columns the converter reads.
var columns = []string{"functionality", "case_id", "test_case", "label_gold", "target_ident", "templ_id", "ref_templ_id", "case_templ"}

// ReadCases parses HateCheck's test_suite_cases.csv.
func ReadCases(r io.Reader) ([]Case, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w: %w", ErrFormat, err)
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimSpace(h)] = i
	}
	for _, c := range columns {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("%w: no column %q", ErrFormat, c)
		}
	}
	var out []Case
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w: %w", line, ErrFormat, err)
		}
		get := func(c string) string { return strings.TrimSpace(rec[idx[c]]) }
		c := Case{
			Functionality: get("functionality"),
			ID:            get("case_id"),
			Text:          strings.Join(strings.Fields(get("test_case")), " "),
			Target:        get("target_ident"),
			TemplID:       get("templ_id"),
			RefTemplID:    get("ref_templ_id"),
			Template:      get("case_templ"),
		}
		switch get("label_gold") {
		case "hateful":
			c.Hateful = true
		case "non-hateful":
		default:
			return nil, fmt.Errorf("line %d: %w: label_gold %q", line, ErrFormat, get("label_gold"))
		}
		if c.Text == "" || c.Functionality == "" || c.TemplID == "" {
			return nil, fmt.Errorf("line %d: %w: empty text, functionality or templ_id", line, ErrFormat)
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("line %d: %w: case_id %s twice", line, ErrFormat, c.ID)
		}
		seen[c.ID] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no cases", ErrFormat)
	}
	return out, nil
}

// Label is the guard's label for a case: harmful with a category, benign,
// or left out (Keep false) where the guard's definitions give no clear
// answer.
type Label struct {
	Keep     bool
	Harmful  bool
	Category string
}

// MapLabel gives the guard's label of a case of functionality fn whose
// template family's root has functionality root (fn itself for a root).
// The mapping and the reasons for it are in testdata/guard/ATTRIBUTION.md.
func MapLabel(fn, root string, hateful bool) Label {
	threat := strings.HasPrefix(root, "threat_") || strings.HasPrefix(fn, "threat_")
	if hateful {
		if threat {
			return Label{Keep: true, Harmful: true, Category: Threat}
		}
		return Label{Keep: true, Harmful: true, Category: Hate}
	}
	switch fn {
	case "target_indiv_nh":
		// Not hate speech (no protected group), but abuse or a threat aimed
		// at a person, which the guard flags.
		if threat {
			return Label{Keep: true, Harmful: true, Category: Threat}
		}
		return Label{Keep: true, Harmful: true, Category: Harassment}
	case "target_group_nh":
		// Violence against any group is a threat; an insult to an
		// occupation or a political group is neither hate (not who they
		// are) nor harassment (no one addressed), so it is left out.
		if threat {
			return Label{Keep: true, Harmful: true, Category: Threat}
		}
		return Label{}
	}
	return Label{Keep: true}
}

// Split assigns template families to the eval split: within each stratum
// (the root's functionality), families are ordered by a hash of their root
// id and the first EvalShare of them (rounded) are measured only; of the
// rest, one in six (by hash) calibrates. It returns the split of each
// family root.
func Split(cases []Case) (map[string]string, error) {
	roots, err := Roots(cases)
	if err != nil {
		return nil, err
	}
	fnOf := map[string]string{}
	for _, c := range cases {
		fnOf[c.TemplID] = c.Functionality
	}
	strata := map[string][]string{}
	have := map[string]bool{}
	for _, c := range cases {
		r := roots[c.TemplID]
		if !have[r] {
			have[r] = true
			strata[fnOf[r]] = append(strata[fnOf[r]], r)
		}
	}
	out := map[string]string{}
	for _, fams := range strata {
		sort.Slice(fams, func(i, j int) bool {
			hi, hj := hash("eval/"+fams[i]), hash("eval/"+fams[j])
			if hi != hj {
				return hi < hj
			}
			return fams[i] < fams[j]
		})
		n := int(float64(len(fams))*EvalShare + 0.5)
		for i, f := range fams {
			switch {
			case i < n:
				out[f] = SplitEval
			case hash("valid/"+f)%6 == 0:
				out[f] = SplitValid
			default:
				out[f] = SplitTrain
			}
		}
	}
	return out, nil
}

// EvalShare is the share of template families, per stratum, kept for
// evaluation only.
const EvalShare = 0.4

// Roots maps every template id to the root of its family: the template
// reached by following ref_templ_id until a template has none.
func Roots(cases []Case) (map[string]string, error) {
	ref := map[string]string{}
	for _, c := range cases {
		if old, ok := ref[c.TemplID]; ok && old != c.RefTemplID {
			return nil, fmt.Errorf("%w: template %s refers to both %q and %q", ErrFormat, c.TemplID, old, c.RefTemplID)
		}
		ref[c.TemplID] = c.RefTemplID
	}
	out := map[string]string{}
	for t := range ref {
		r, steps := t, 0
		for ref[r] != "" {
			next := ref[r]
			if _, ok := ref[next]; !ok {
				// A reference to a template left out of the suite: the
				// family starts here.
				break
			}
			r = next
			if steps++; steps > len(ref) {
				return nil, fmt.Errorf("%w: template %s refers to itself through a loop", ErrFormat, t)
			}
		}
		out[t] = r
	}
	return out, nil
}

// Convert labels and splits cases, returning the training rows (splits
// train and valid) and the eval rows, each in case order. Cases left out
// by MapLabel and repeated texts (the first one stays) are dropped.
func Convert(cases []Case) (train, eval []Row, err error) {
	roots, err := Roots(cases)
	if err != nil {
		return nil, nil, err
	}
	splits, err := Split(cases)
	if err != nil {
		return nil, nil, err
	}
	fnOf := map[string]string{}
	for _, c := range cases {
		fnOf[c.TemplID] = c.Functionality
	}
	seen := map[string]bool{}
	for _, c := range cases {
		root := roots[c.TemplID]
		l := MapLabel(c.Functionality, fnOf[root], c.Hateful)
		key := strings.ToLower(c.Text)
		if !l.Keep || seen[key] {
			continue
		}
		seen[key] = true
		row := Row{
			Text: c.Text, Harmful: l.Harmful, Category: l.Category,
			Split: splits[root], Round: Round, Gold: gold(c.Hateful),
			Functionality: c.Functionality, Family: root, Template: c.TemplID,
		}
		if row.Split == SplitEval {
			eval = append(eval, row)
		} else {
			train = append(train, row)
		}
	}
	return train, eval, nil
}

func gold(hateful bool) string {
	if hateful {
		return "hateful"
	}
	return "non-hateful"
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// Encode returns rows as JSON Lines, one row a line, HTML left unescaped.
func Encode(rows []Row) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// Decode reads JSON Lines rows, refusing unknown fields and blank text.
func Decode(data []byte, name string) ([]Row, error) {
	var out []Row
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var r Row
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		if strings.TrimSpace(r.Text) == "" {
			return nil, fmt.Errorf("%s:%d: empty text", name, i+1)
		}
		out = append(out, r)
	}
	return out, nil
}

// Files are the names, inside testdata/guard/public, of the HateCheck
// training and eval files.
const (
	TrainFile = "hatecheck.train.jsonl"
	EvalFile  = "hatecheck.eval.jsonl"
)
