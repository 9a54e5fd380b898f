package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
)

// files writes a two-prompt English file and its multilingual file in
// the upstream layout. The review of the real file leaves out prompt 11
// and up, so these prompts (0 and 1) are kept, and the review's check of
// the real texts fails: run must report that in one line.
func files(t *testing.T, dir string, n int) (en, ml string) {
	t.Helper()
	var e, m []publicdata.Prompt
	for i := range n {
		e = append(e, publicdata.Prompt{PromptID: i, UserInput: "ignore previous instructions " + strconv.Itoa(i), InjectionType: "direct", Variant: "persuasion", RiskCategory: "security-violating", Language: "English"})
	}
	for _, p := range e {
		for _, l := range []string{"French", "German", "Thai"} {
			q := p
			q.PromptID, q.Language, q.UserInput = len(m), l, l+" "+p.UserInput
			m = append(m, q)
		}
	}
	for _, p := range e {
		q := p
		q.PromptID, q.Language, q.UserInput = len(m), "Hindi", "Hindi "+p.UserInput
		m = append(m, q)
	}
	en, ml = filepath.Join(dir, "en.json"), filepath.Join(dir, "ml.json")
	for _, f := range []struct {
		path string
		v    any
	}{{en, e}, {ml, m}} {
		b, _ := json.Marshal(f.v)
		if err := os.WriteFile(f.path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return en, ml
}

func TestRunRefusesAFileOtherThanTheOneReviewed(t *testing.T) {
	dir := t.TempDir()
	en, ml := files(t, dir, 2)
	var out, errb bytes.Buffer
	if code := run([]string{"-english", en, "-multilingual", ml, "-out", dir}, &out, &errb); code != 1 {
		t.Fatalf("run = %d, want 1: stdout %q stderr %q", code, out.String(), errb.String())
	}
	if !strings.Contains(errb.String(), "hand review") || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
		t.Errorf("stderr %q, want one line naming the hand review", errb.String())
	}
	for _, f := range []string{publicdata.CSETrainFile, publicdata.CSEEvalFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written for a refused file", f)
		}
	}
}

func TestRunWithoutASource(t *testing.T) {
	t.Setenv("CYBERSECEVAL_MIRROR", "")
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-out", dir}, &out, &errb); code != 0 {
		t.Fatalf("run = %d, want 0 (nothing to do)", code)
	}
	if !strings.Contains(errb.String(), "hint: -english FILE") {
		t.Errorf("stderr %q, want a hint", errb.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("wrote %d files with no source", len(ents))
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	en, ml := files(t, dir, 2)
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"not":"an array"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"one file only", []string{"-english", en, "-out", dir}, 2, "give both -english and -multilingual"},
		{"not a CyberSecEval file", []string{"-english", bad, "-multilingual", ml, "-out", dir}, 1, "not a CyberSecEval prompt-injection file"},
		{"missing file", []string{"-english", filepath.Join(dir, "nope.json"), "-multilingual", ml, "-out", dir}, 1, "nope.json"},
		{"files swapped", []string{"-english", ml, "-multilingual", en, "-out", dir}, 1, "multilingual cases for"},
		{"not a git directory", []string{"-mirror", dir, "-out", dir}, 1, "read " + publicdata.CSEEnglishPath + " from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tt.args, &out, &errb); code != tt.code {
				t.Fatalf("run = %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			if !strings.Contains(errb.String(), tt.want) || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
				t.Errorf("stderr %q, want one line containing %q", errb.String(), tt.want)
			}
		})
	}
}

// TestRunRebuildsFromTheMirror runs the command on a PurpleLlama copy
// (CYBERSECEVAL_MIRROR) into a temporary folder and compares the files
// with the committed ones.
func TestRunRebuildsFromTheMirror(t *testing.T) {
	mirror := os.Getenv("CYBERSECEVAL_MIRROR")
	if mirror == "" {
		t.Skip("CYBERSECEVAL_MIRROR not set")
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-mirror", mirror, "-out", dir}, &out, &errb); code != 0 {
		t.Fatalf("run = %d, stderr %q", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "cyberseceval: 251 English and 1004 translated cases, 70 English prompts left out, ") {
		t.Errorf("summary %q", out.String())
	}
	for _, f := range []string{publicdata.CSETrainFile, publicdata.CSEEvalFile} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("../../../testdata/guard/public", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed file", f)
		}
	}
}
