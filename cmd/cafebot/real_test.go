package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// roleModels are the model names the default config gives each role.
var roleModels = []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation", "cafebot-guard", "cafebot-embed"}

// buildCafebot builds the CLI once per test into a temp dir.
func buildCafebot(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cafebot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestRealOllamaEndToEnd runs the built cafebot binary as a subprocess
// against a real `ollama serve` with tiny random-weight role models: the
// answers are gibberish, but streaming, embeddings, model selection and
// the JSON contract are real.
func TestRealOllamaEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	srv := ollamatest.StartReal(t, roleModels...)
	bin := buildCafebot(t)
	home := t.TempDir()
	run := func(args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--home", home, "--ollama", srv.URL}, args...)...)
		cmd.Env = append(os.Environ(), srv.Env()...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("cafebot %s: %v\nstdout:\n%s\nstderr:\n%s\nollama log:\n%s", strings.Join(args, " "), err, out.String(), errOut.String(), srv.Log())
		}
		return out.String(), errOut.String()
	}

	run("backend", "seed")
	out, _ := run("ingest", "--json", knowledgeDir(t))
	var rep struct {
		Added        int  `json:"added"`
		Embedded     int  `json:"embedded"`
		VectorSearch bool `json:"vector_search"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Added < 15 || rep.Embedded == 0 || !rep.VectorSearch {
		t.Fatalf("ingest against real Ollama = %+v, want files added and embedded", rep)
	}
	out, _ = run("ingest", "--json", knowledgeDir(t))
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Added != 0 || rep.Embedded != 0 {
		t.Errorf("second ingest embedded again: %s", out)
	}

	search, _ := run("search", "--json", "oat milk price")
	if !strings.Contains(search, `"mode": "hybrid"`) {
		t.Errorf("search with embeddings is not hybrid:\n%s", search)
	}

	tests := []struct {
		q, customer, route, model string
	}{
		{q: "How much does oat milk cost in a latte?", route: "faq", model: "cafebot-faq"},
		{q: "My flat white was cold and the table was dirty, not happy", route: "complaint", model: "cafebot-faq"},
		{q: "How many points do I have?", customer: "555-010-2233", route: "transactional", model: "cafebot-tools"},
		{q: "First my order was wrong, then I waited 40 minutes, then the app charged me twice and nobody answers my emails", route: "escalation", model: "cafebot-escalation"},
	}
	for _, tc := range tests {
		t.Run(tc.route, func(t *testing.T) {
			args := []string{"ask", "--json"}
			if tc.customer != "" {
				args = append(args, "--customer", tc.customer)
			}
			out, _ := run(append(args, tc.q)...)
			a := decodeAsk(t, out)
			if a.Route != tc.route || a.Model != tc.model {
				t.Errorf("route/model = %s/%s, want %s/%s\n%s", a.Route, a.Model, tc.route, tc.model, out)
			}
			if a.Fallback || strings.TrimSpace(a.Answer) == "" {
				t.Errorf("fallback = %v answer = %q, want a generated answer", a.Fallback, a.Answer)
			}
			if tc.route != "transactional" && len(a.Sources) == 0 {
				t.Errorf("no sources listed")
			}
			if tc.route != "transactional" && (a.Timings["first_token"] <= 0 || a.Timings["first_token"] > a.Timings["total"]) {
				t.Errorf("timings = %v, want a first token before the end", a.Timings)
			}
		})
	}

	// Streaming to a pipe prints the tokens, then the sources.
	text, _ := run("ask", "How much does oat milk cost in a latte?")
	if !strings.Contains(text, "Sources:") || len(strings.TrimSpace(strings.Split(text, "Sources:")[0])) == 0 {
		t.Errorf("streamed ask output:\n%s", text)
	}

	status, _ := run("models", "status", "--json")
	var st modelsStatus
	if err := json.Unmarshal([]byte(status), &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Roles {
		if !r.Present {
			t.Errorf("models status: role %s (%s) not present", r.Role, r.Model)
		}
	}
	if !strings.Contains(strings.Join(st.Loaded, ","), "cafebot-faq") {
		t.Errorf("the FAQ model is not resident after asking: loaded %v", st.Loaded)
	}

	// Every fifth case of the bundled eval set (all routes), all three
	// strategies side by side: the figures mean nothing with random weights,
	// but every model call is real. The whole set (149 cases, 447 runs)
	// took over 11 minutes on a loaded machine and proves nothing more.
	evalSet := everyNth(t, "../../testdata/eval/cafebot.jsonl", 5)
	out, _ = run("eval", "--compare", "--json", evalSet.path)
	var cmp struct {
		Reports []struct {
			Strategy string `json:"strategy"`
			Cases    int    `json:"cases"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil {
		t.Fatalf("%v\n%.2000s", err, out)
	}
	if len(cmp.Reports) != 3 {
		t.Fatalf("eval --compare gave %d reports, want 3:\n%.2000s", len(cmp.Reports), out)
	}
	for _, r := range cmp.Reports {
		if r.Cases != evalSet.cases {
			t.Errorf("strategy %s ran %d cases, want the %d of the set", r.Strategy, r.Cases, evalSet.cases)
		}
	}
}

// evalSubset is a JSON Lines file of some of an eval set's cases.
type evalSubset struct {
	path  string
	cases int
}

// everyNth writes every nth case of the eval set at path to a temporary
// file.
func everyNth(t *testing.T, path string, n int) evalSubset {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	cases := 0
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i%n == 0 {
			b.WriteString(line + "\n")
			cases++
		}
	}
	out := filepath.Join(t.TempDir(), "eval.jsonl")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return evalSubset{out, cases}
}
