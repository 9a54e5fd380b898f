package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// streamLines runs cafebot with stdin and stdout as pipes and checks that
// each line's result arrives before the next line is written (issue 16).
func streamLines(t *testing.T, args []string, lines []string, check func(in, out string)) {
	t.Helper()
	c := newCLI(t, ollamatest.DeadURL(t))
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Main(append([]string{"--home", c.home, "--ollama", c.url}, args...), inR, outW, &errOut)
		outW.Close()
	}()
	sc := bufio.NewScanner(outR)
	for _, line := range lines {
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() {
			if sc.Scan() {
				got <- sc.Text()
			}
			close(got)
		}()
		select {
		case out, ok := <-got:
			if !ok {
				t.Fatalf("output ended before the result for %q (stderr %s)", line, errOut.String())
			}
			check(line, out)
		case <-time.After(10 * time.Second):
			t.Fatalf("no result for %q while stdin was still open", line)
		}
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}

func TestClassifyStreamsStdin(t *testing.T) {
	streamLines(t, []string{"classify"}, []string{"what time do you open?", "I want a refund for order 10482"}, func(in, out string) {
		var d struct{ Text, Intent, Sub string }
		if err := json.Unmarshal([]byte(out), &d); err != nil || d.Text != in || d.Intent == "" {
			t.Errorf("result %q for %q (%v)", out, in, err)
		}
	})
}

func TestClassifyExplain(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.ok("classify", "--explain", "how many points do I have on my card?")
	for _, want := range []string{"transactional [balance]", "learned layer: transactional", "top features:"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("classify --explain lacks %q:\n%s", want, r.out)
		}
	}
	r = c.ok("classify", "--json", "--explain", "where is my order 10482")
	var d struct {
		Sub   string
		Model struct {
			Intent string
			Top    []struct{ Feature string }
		}
	}
	if err := json.Unmarshal([]byte(r.out), &d); err != nil || d.Sub != "order_status" || len(d.Model.Top) == 0 {
		t.Errorf("classify --json --explain = %s (%v)", r.out, err)
	}
}

// TestClassifyExplainNoWords: a message with no words is not read by the
// safety score or the learned layer, and --explain says so rather than
// calling them off.
func TestClassifyExplainNoWords(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	for _, msg := range []string{"???", "\U0001F44D\U0001F44D"} {
		r := c.ok("classify", "--explain", msg)
		for _, want := range []string{"safety score: not read, the message has no words", "learned layer: not read, the message has no words"} {
			if !strings.Contains(r.out, want) {
				t.Errorf("classify --explain %q lacks %q:\n%s", msg, want, r.out)
			}
		}
		if strings.Contains(r.out, ": off") {
			t.Errorf("classify --explain %q calls a layer off:\n%s", msg, r.out)
		}
	}
}

// TestClassifyExplainComposed: a composed rule (compose.yaml) that decided
// the label is named with the words it matched, so staff can see why a
// request for a person without "human" or "manager" escalated.
func TestClassifyExplainComposed(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.ok("classify", "--explain", "put me through to whoever runs the place")
	for _, want := range []string{"escalation [human_request]", "escalation:whoever_runs[whoever run", "learned layer:"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("classify --explain lacks %q:\n%s", want, r.out)
		}
	}
}

func TestClassifyEval(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	path := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(path, []byte(`{"text":"what time do you open?","intent":"faq","sub":"hours"}
{"text":"I want a refund for order 10482","intent":"transactional","sub":"refund"}
{"text":"I found glass in my muffin","intent":"escalation"}
`), 0o644)
	r := c.ok("classify", "--eval", path)
	for _, want := range []string{"rules alone", "rules + learned layer", "overall 100.0% (3/3)", "sub-intent right on 100.0% (2/2)"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("classify --eval lacks %q:\n%s", want, r.out)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text":"x","intent":"nonsense"}`+"\n"), 0o644)
	if r := c.run("", "classify", "--eval", bad); r.code != 1 || !strings.Contains(r.err, "bad.jsonl:1") || !strings.Contains(r.err, "hint:") {
		t.Errorf("bad eval file: exit %d, stderr %q", r.code, r.err)
	}
	if r := c.run("", "classify", "--eval", path, "hello"); r.code == 0 {
		t.Error("classify --eval with a message succeeded")
	}
}

// TestClassifyEvalSplit: --split measures one split of the file, and a
// split with no rows, or --split without --eval, fails with a hint.
func TestClassifyEvalSplit(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	path := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(path, []byte(`{"text":"what time do you open?","intent":"faq","split":"dev"}
{"text":"I want a refund for order 10482","intent":"transactional","split":"test"}
{"text":"I found glass in my muffin","intent":"escalation","split":"test"}
`), 0o644)
	if r := c.ok("classify", "--eval", path, "--split", "test"); !strings.Contains(r.out, "overall 100.0% (2/2)") {
		t.Errorf("classify --split test did not measure the 2 test rows:\n%s", r.out)
	}
	if r := c.run("", "classify", "--eval", path, "--split", "blind"); r.code != 1 || !strings.Contains(r.err, `no rows of split "blind"`) || !strings.Contains(r.err, "hint:") {
		t.Errorf("empty split: exit %d, stderr %q", r.code, r.err)
	}
	if r := c.run("", "classify", "--split", "test", "hello"); r.code != 1 || !strings.Contains(r.err, "--split needs --eval") {
		t.Errorf("--split without --eval: exit %d, stderr %q", r.code, r.err)
	}
}
