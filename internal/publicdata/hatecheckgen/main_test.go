package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
)

const suite = `,functionality,case_id,test_case,label_gold,target_ident,direction,focus_words,focus_lemma,ref_case_id,ref_templ_id,templ_id,case_templ
0,threat_dir_h,1,first threat ,hateful,g,general,,,,,1,[T]
1,threat_dir_h,2,second threat,hateful,g,general,,,,,2,[T]
2,negate_neg_nh,3,not a threat,non-hateful,g,,,,1,1,3,[T]
`

func TestRunWritesBothFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(in, []byte(suite), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-csv", in, "-out", dir}, &out, &errb); code != 0 {
		t.Fatalf("run = %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), "hatecheck: 3 cases, ") {
		t.Errorf("summary %q", out.String())
	}
	var total int
	for _, f := range []string{publicdata.TrainFile, publicdata.EvalFile} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := publicdata.Decode(data, f)
		if err != nil {
			t.Fatal(err)
		}
		total += len(rows)
	}
	if total != 3 {
		t.Errorf("wrote %d rows, want 3", total)
	}
}

func TestRunWithoutASource(t *testing.T) {
	t.Setenv("HATECHECK_MIRROR", "")
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-out", dir}, &out, &errb); code != 0 {
		t.Fatalf("run = %d, want 0 (nothing to do)", code)
	}
	if !strings.Contains(errb.String(), "hint: -csv FILE") {
		t.Errorf("stderr %q, want a hint", errb.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("wrote %d files with no source", len(ents))
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "annotations.csv")
	if err := os.WriteFile(bad, []byte(",functionality,case_id,templ_id,test_case,label_gold,label_1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"wrong file", []string{"-csv", bad, "-out", dir}, "hint: give test_suite_cases.csv"},
		{"missing file", []string{"-csv", filepath.Join(dir, "nope.csv"), "-out", dir}, "nope.csv"},
		{"not a git directory", []string{"-mirror", dir, "-out", dir}, "read test_suite_cases.csv from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tt.args, &out, &errb); code != 1 {
				t.Fatalf("run = %d, want 1", code)
			}
			if !strings.Contains(errb.String(), tt.want) || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
				t.Errorf("stderr %q, want one line containing %q", errb.String(), tt.want)
			}
		})
	}
}
