package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// newDownCLI is a CLI with the demo accounts and the bundled knowledge
// base, and Ollama down: the deterministic paths.
func newDownCLI(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	return c
}

func TestChatCustomerIDIsNotProofOfIdentity(t *testing.T) {
	c := newDownCLI(t)
	r := c.run("How many points do I have?\nI am C1002\n", "chat")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if !strings.Contains(r.out, "phone number linked") {
		t.Errorf("chat did not ask for the phone number again:\n%s", r.out)
	}
	for _, leak := range []string{"Daniel", "Larkspur Rewards points.", "customer: C1002"} {
		if strings.Contains(r.out, leak) {
			t.Errorf("chat revealed %q after a typed customer id:\n%s", leak, r.out)
		}
	}
}

var resumeRe = regexp.MustCompile(`cafebot chat --resume (\d+)`)

func TestChatResumeBelongsToItsCustomer(t *testing.T) {
	c := newDownCLI(t)
	r := c.run("What time do you open on Sunday?\n", "chat", "--customer", "555-010-2233")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	m := resumeRe.FindStringSubmatch(r.err)
	if m == nil {
		t.Fatalf("quitting did not say how to resume:\n%s", r.err)
	}
	id := m[1]

	other := c.run("", "chat", "--resume", id, "--customer", "C1002")
	if other.code != 1 || !strings.Contains(other.err, "belongs to customer C1001") || !strings.Contains(other.err, "hint:") {
		t.Errorf("--resume %s --customer C1002: exit %d\n%s", id, other.code, other.err)
	}
	same := c.run("How many points do I have?\n", "chat", "--resume", id, "--customer", "C1001")
	if same.code != 0 || !strings.Contains(same.out, "Larkspur Rewards points") {
		t.Errorf("--resume %s --customer C1001: exit %d\n%s\n%s", id, same.code, same.out, same.err)
	}

	l := c.ok("chat", "--list", "--json")
	var list []struct {
		ID         int64  `json:"id"`
		CustomerID string `json:"customer_id"`
		Count      int    `json:"count"`
	}
	if err := json.Unmarshal([]byte(l.out), &list); err != nil {
		t.Fatalf("chat --list --json: %v\n%s", err, l.out)
	}
	if len(list) != 1 || list[0].CustomerID != "C1001" || list[0].Count != 4 {
		t.Errorf("chat --list --json = %+v, want one conversation of C1001 with 4 messages", list)
	}
}

func TestChatBadResumeFlags(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"chat", "--resume", "abc"}, `--resume "abc" is not a conversation number`},
		{[]string{"chat", "--list", "--resume", "3"}, "--list and --resume cannot be used together"},
		{[]string{"chat", "--json"}, "--json goes with --list"},
	} {
		r := c.run("", tc.args...)
		if r.code == 0 || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: exit %d, want an error naming %q:\n%s", tc.args, r.code, tc.want, r.err)
		}
		if lines := strings.Count(strings.TrimSpace(r.err), "\n") + 1; lines > 2 {
			t.Errorf("%v: %d lines of error, want one and a hint:\n%s", tc.args, lines, r.err)
		}
	}
}

func TestAskJoinsWordsAndAnswersSmallTalk(t *testing.T) {
	c := newDownCLI(t)
	r := c.run("", "ask", "--json", "is", "the", "brownie", "vegan")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if a := decodeAsk(t, r.out); a.Question != "is the brownie vegan" {
		t.Errorf("question = %q, want the words joined", a.Question)
	}
	for _, hi := range []string{"hi", "thanks", "hello, good morning"} {
		a := decodeAsk(t, c.ok("ask", "--json", hi).out)
		if len(a.Sources) != 0 || a.Model != "" || a.Fallback || !strings.Contains(a.Answer, "!") || len(a.Answer) > 200 {
			t.Errorf("ask %q = %+v, want a brief friendly reply without retrieval", hi, a)
		}
	}
}

func TestAskPrintsOneAnswer(t *testing.T) {
	f := newFakeOllama(t)
	f.RemoveModel("cafebot-escalation")
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	for _, q := range []string{
		"I will kill you and burn this place down",
		"My order was wrong, I was charged twice, and the barista was rude to me",
	} {
		r := c.ok("ask", q)
		if n := strings.Count(r.out, "Your ticket number is"); n != 1 {
			t.Errorf("ask %q printed the handoff message %d times:\n%s", q, n, r.out)
		}
		if strings.Contains(r.out, "documents say") || strings.Contains(r.err, "retrieval-only") {
			t.Errorf("ask %q gave two contradicting answers:\nstdout:\n%s\nstderr:\n%s", q, r.out, r.err)
		}
	}
}

func TestCardNumberIsNowhereInTheHome(t *testing.T) {
	c := newDownCLI(t)
	const card = "4242 4242 4242 4242"
	r := c.ok("ask", "--json", "--customer", "C1002", "my card "+card+" was charged twice for order 10482, refund please")
	if strings.Contains(r.out, card) || strings.Contains(r.out, "4242424242424242") {
		t.Errorf("ask --json shows the card number:\n%s", r.out)
	}
	c.run("I want to speak to a manager, my card "+card+" was charged wrong\n", "chat", "--customer", "C1002")
	err := filepath.WalkDir(c.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range []string{card, "4242424242424242"} {
			if strings.Contains(string(b), v) {
				t.Errorf("%s holds the card number", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
