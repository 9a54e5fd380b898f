package trainset

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/cafebot/cafebot/internal/publicdata"
)

// PublicDir is where, under the repository root, the guard's rows from
// public data sets live (internal/publicdata writes them; their sources and
// licences are in testdata/guard/ATTRIBUTION.md).
const PublicDir = "testdata/guard/public"

// PublicRow is one training row of a public data set, labelled with the
// guard's categories.
type PublicRow struct {
	Text     string
	Harmful  bool
	Category string // "" for a benign row
	// Split is "train" or "valid", chosen per template family (HateCheck)
	// or per English prompt with its translations (CyberSecEval), so the
	// rows that calibrate never share a template or a prompt with those
	// that train.
	Split string
	// Source names the set ("hatecheck", "cyberseceval"), for
	// guardRow.Source.
	Source string
}

// guardLabels are the categories a public row may carry.
var guardLabels = map[string]bool{"threat": true, "harassment": true, "hate": true, "sexual": true, "self_harm": true, "injection": true}

// PublicRows returns the training rows of every public set under root
// (PublicDir/*.train.jsonl: today cyberseceval, then hatecheck), file by
// file in name order and in file order within one. A row of any split but train or valid, a harmful row
// without a guard category or a benign row with one is an error, as is
// finding no file at all: the eval-only rows (*.eval.jsonl) are never
// read here.
func PublicRows(root string) ([]PublicRow, error) {
	files, err := filepath.Glob(filepath.Join(root, PublicDir, "*.train.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("public training rows: no *.train.jsonl in %s", filepath.Join(root, PublicDir))
	}
	sort.Strings(files)
	var out []PublicRow
	for _, f := range files {
		rows, err := readPublic(f)
		if err != nil {
			return nil, err
		}
		for i, r := range rows {
			if r.Split != publicdata.SplitTrain && r.Split != publicdata.SplitValid {
				return nil, fmt.Errorf("%s: row %d has split %q: only train and valid rows may train", f, i+1, r.Split)
			}
			if r.Harmful != guardLabels[r.Category] {
				return nil, fmt.Errorf("%s: row %d: harmful %t with category %q", f, i+1, r.Harmful, r.Category)
			}
			out = append(out, PublicRow{Text: r.Text, Harmful: r.Harmful, Category: r.Category, Split: r.Split, Source: r.Round})
		}
	}
	return out, nil
}

// PublicEvalTexts returns the texts of every public eval-only set under
// root (PublicDir/*.eval.jsonl), for keeping generated training rows away
// from them as from a blind set; it never returns labels.
func PublicEvalTexts(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, PublicDir, "*.eval.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		rows, err := readPublic(f)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, r.Text)
		}
	}
	return out, nil
}

func readPublic(path string) ([]publicdata.Row, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("public rows: %w", err)
	}
	return publicdata.Decode(data, path)
}
