package tui

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/llm"
)

// roleHealth is a RoleHealth whose state a test can change while the UI
// runs.
type roleHealth struct {
	mu    sync.Mutex
	roles []RoleState
	err   error
	calls int
}

func (h *roleHealth) Ping(ctx context.Context) error {
	_, err := h.Roles(ctx)
	return err
}

func (h *roleHealth) Roles(context.Context) ([]RoleState, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	return append([]RoleState(nil), h.roles...), h.err
}

func (h *roleHealth) set(roles []RoleState, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.roles, h.err = roles, err
}

func allRoles(missing ...string) []RoleState {
	var out []RoleState
	for _, r := range []string{"faq", "tools", "escalation", "guard", "embedding"} {
		ready := true
		for _, m := range missing {
			ready = ready && m != r
		}
		out = append(out, RoleState{Role: r, Model: "cafebot-" + r, Ready: ready})
	}
	return out
}

// lockedBuffer is an io.Writer the test can read while the UI writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startWith(t *testing.T, s Session, h Health, opt Options, w, ht int) *teatest.TestModel {
	t.Helper()
	opt.NoColor = true
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	return teatest.NewTestModel(t, New(s, h, opt), teatest.WithInitialTermSize(w, ht))
}

func TestRolesInStatusBar(t *testing.T) {
	tests := []struct {
		name  string
		msg   healthMsg
		want  string
		avoid string
	}{
		{"all ready", healthMsg{roles: allRoles(), rolesKnown: true}, "● models ready", "ollama ok"},
		{"degraded", healthMsg{roles: allRoles("escalation", "guard"), rolesKnown: true}, "◐ degraded: no escalation, guard", "ollama ok"},
		{"none of the role models", healthMsg{roles: allRoles("faq", "tools", "escalation", "guard", "embedding"), rolesKnown: true}, "○ no answer models: retrieval only", "ollama ok"},
		{"only the embedding model", healthMsg{roles: allRoles("faq", "tools", "escalation"), rolesKnown: true}, "○ no answer models: retrieval only", "ready"},
		{"down", healthMsg{err: errors.New("connection refused")}, "○ ollama unreachable", "ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(newFake(), &roleHealth{}, Options{NoColor: true, Out: io.Discard})
			next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			next, _ = next.(Model).Update(tt.msg)
			v := screen(next.(Model).View())
			if !strings.Contains(v, tt.want) || strings.Contains(v, tt.avoid) {
				t.Errorf("status wants %q, not %q:\n%s", tt.want, tt.avoid, v)
			}
		})
	}
}

// TestTeaNoticesOllamaDying: the periodic check is an hour away, yet the
// answer after Ollama died turns the status bar to unreachable.
func TestTeaNoticesOllamaDying(t *testing.T) {
	h := &roleHealth{roles: allRoles()}
	tm := startWith(t, newFake(), h, Options{HealthEvery: time.Hour}, 100, 30)
	waitFor(t, tm, "● models ready")
	h.set(nil, llm.ErrUnreachable)
	send(tm, faqQuestion)
	waitFor(t, tm, "○ ollama unreachable")
	final := finalScreen(t, tm)
	if strings.Contains(final, "models ready") {
		t.Errorf("status still says ready:\n%s", final)
	}
}

func TestModelNamedOnlyWhenOneAnswered(t *testing.T) {
	tests := []struct {
		name string
		a    assistant.Answer
		want bool
	}{
		{"streamed", assistant.Answer{Model: "cafebot-faq", Route: "faq", Timings: assistant.Timings{FirstToken: 300, Total: 900}}, true},
		{"tokens reported", assistant.Answer{Model: "cafebot-tools", Route: "transactional", Tokens: assistant.Tokens{In: 400, Out: 30}}, true},
		{"deterministic path", assistant.Answer{Model: "cafebot-tools", Route: "transactional", Timings: assistant.Timings{Total: 12}}, false},
		{"retrieval only", assistant.Answer{Model: "cafebot-faq", Route: "faq", Fallback: true, Timings: assistant.Timings{FirstToken: 5, Total: 40}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for level := statsFull; level <= statsTight; level++ {
				if got := strings.Contains(answerStats(tt.a, level), tt.a.Model); got != tt.want {
					t.Errorf("level %d: %q names the model: %v, want %v", level, answerStats(tt.a, level), got, tt.want)
				}
			}
		})
	}
}

// fallbackText is what the pipeline answers with when no model can.
const fallbackText = "The assistant model isn't available right now, so here is what the café's documents say:\n\n" +
	"• Refunds are accepted within 14 days of purchase with a receipt; refunds over $50 need a manager's approval, and card refunds go back to the card used.\n  (policies/refunds.md › Refunds)\n\n" +
	"• Our oat, almond and soy milks are free of charge on any drink at every location, and we can make most drinks dairy-free on request.\n  (menu/drinks.md › Milk options)"

const fallbackAsk = "do you have oat milk and what about refunds"

func fallbackFake() *fakeSession {
	f := newFake()
	dec := assistant.Answer{Intent: "faq", Route: assistant.RouteFAQ, Model: "cafebot-faq"}
	ans := assistant.Answer{Intent: "faq", Route: assistant.RouteFAQ, Answer: fallbackText, Fallback: true,
		Notice: "retrieval-only answer: model not found", Timings: assistant.Timings{Total: 40}}
	f.scripts[fallbackAsk] = script{events: []assistant.Event{
		{Kind: assistant.EventDecision, Answer: &dec},
		{Kind: assistant.EventToken, Text: fallbackText},
	}, answer: ans}
	return f
}

// TestTeaFallbackWrapsOnce: at every width from 60 to 100 the fallback
// answer is wrapped once: no word is stranded on a line of its own in the
// middle of a paragraph, no file name is split, and no text is lost.
func TestTeaFallbackWrapsOnce(t *testing.T) {
	for _, w := range []int{60, 64, 72, 80, 88, 100} {
		t.Run(strconv.Itoa(w), func(t *testing.T) {
			tm := startWith(t, fallbackFake(), fakeHealth{}, Options{}, w, 40)
			send(tm, fallbackAsk)
			waitFor(t, tm, "retrieval-only answer")
			lines := strings.Split(finalScreen(t, tm), "\n")
			start := -1
			for i, l := range lines {
				if strings.HasPrefix(l, "cafebot") {
					start = i + 1
				}
			}
			if start < 0 {
				t.Fatal("no answer on screen")
			}
			var body []string
			for _, l := range lines[start:] {
				if strings.HasPrefix(strings.TrimSpace(l), "note:") {
					break
				}
				body = append(body, l)
			}
			for i, l := range body {
				if len(l) > w {
					t.Errorf("line %d is %d columns wide, over %d: %q", i, len(l), w, l)
				}
				next := ""
				if i+1 < len(body) {
					next = strings.TrimSpace(body[i+1])
				}
				if f := strings.Fields(l); len(f) == 1 && next != "" && !strings.HasPrefix(next, "•") && !strings.HasPrefix(next, "(") {
					t.Errorf("word %q stranded mid-paragraph:\n%s", f[0], strings.Join(body, "\n"))
				}
			}
			joined := strings.Join(strings.Fields(strings.Join(body, " ")), " ")
			if want := strings.Join(strings.Fields(fallbackText), " "); joined != want {
				t.Errorf("the text changed in wrapping:\n got %q\nwant %q", joined, want)
			}
			for _, src := range []string{"(policies/refunds.md › Refunds)", "(menu/drinks.md › Milk options)"} {
				if !strings.Contains(strings.Join(body, "\n"), src) {
					t.Errorf("source %s split across lines:\n%s", src, strings.Join(body, "\n"))
				}
			}
		})
	}
}

func TestWordWrap(t *testing.T) {
	tests := []struct {
		words string
		lim   int
		want  []string
	}{
		{"a bb ccc", 4, []string{"a bb", "ccc"}},
		{"dairy-free menu/drinks.md", 12, []string{"dairy-free", "menu/drinks.md"[:12], "md"}},
		{"", 10, nil},
		{"café’s documents", 7, []string{"café’s", "documen", "ts"}},
	}
	for _, tt := range tests {
		if got := wordWrap(strings.Fields(tt.words), tt.lim); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wordWrap(%q, %d) = %q, want %q", tt.words, tt.lim, got, tt.want)
		}
	}
}

func TestTeaWelcome(t *testing.T) {
	h := &roleHealth{roles: allRoles("escalation")}
	tm := startWith(t, newFake(), h, Options{Welcome: &Welcome{KnowledgeChunks: 0, Customers: 0, OpenTickets: 3}}, 100, 30)
	waitFor(t, tm, "run `cafebot models setup`")
	got := finalScreen(t, tm)
	for _, want := range []string{
		"cafebot — what is set up",
		"empty: run `cafebot ingest knowledge`",
		"missing escalation (cafebot-escalation): run `cafebot models setup`",
		"`cafebot backend import customers.csv`",
		"3 open: `cafebot handoff list`",
		"◐ degraded: no escalation",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("welcome lacks %q:\n%s", want, got)
		}
	}
	teatest.RequireEqualOutput(t, []byte(got))

	// A set-up home says so; a resumed conversation shows no welcome.
	ready := &roleHealth{roles: allRoles()}
	tm = startWith(t, newFake(), ready, Options{Welcome: &Welcome{KnowledgeChunks: 120, KnowledgeFiles: 18, Customers: 26}}, 100, 30)
	waitFor(t, tm, "all 5 roles ready")
	got = finalScreen(t, tm)
	for _, want := range []string{"120 passages from 18 files", "26 accounts", "nothing waiting"} {
		if !strings.Contains(got, want) {
			t.Errorf("welcome lacks %q:\n%s", want, got)
		}
	}
	resumed := newFake()
	resumed.history = []assistant.Turn{{Role: "customer", Text: "hi"}, {Role: "assistant", Text: "Hello!"}}
	m := New(resumed, nil, Options{NoColor: true, Out: io.Discard, Welcome: &Welcome{}})
	if m.welcome != nil {
		t.Error("a resumed conversation shows the welcome")
	}
}

func TestTeaCustomerTickets(t *testing.T) {
	var asked []string
	var mu sync.Mutex
	list := func(_ context.Context, id string) ([]Ticket, error) {
		mu.Lock()
		asked = append(asked, id)
		mu.Unlock()
		if id != "C1001" {
			return nil, nil
		}
		return []Ticket{
			{Number: "#1042", Priority: "urgent", Category: "safety", Reason: "escalation: safety", ClaimedBy: "Sam"},
			{Number: "#1040", Priority: "normal", Category: "tool_failure", Reason: "refund lookup failed"},
		}, nil
	}
	f := newFake()
	f.customers["555-0199"] = Customer{ID: "C1002", Name: "Eli Moss"}
	tm := startWith(t, f, fakeHealth{}, Options{Tickets: list}, 100, 30)
	send(tm, "/customer 555-0100")
	waitFor(t, tm, "Open tickets for Dana Reyes (2)")
	got := finalScreen(t, tm)
	for _, want := range []string{"#1042 urgent", "safety: escalation: safety (claimed by Sam)", "#1040 normal", "tool_failure: refund lookup failed"} {
		if !strings.Contains(got, want) {
			t.Errorf("screen lacks %q:\n%s", want, got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(asked, ",") != "C1001" {
		t.Errorf("tickets asked for %v, want the bound customer's id", asked)
	}
}

// TestTeaCustomerSwitchClearsTheScreen: after /customer binds someone else,
// nothing of the previous customer (turns, answers, tickets) stays on the
// screen for the next person at the counter to read.
func TestTeaCustomerSwitchClearsTheScreen(t *testing.T) {
	list := func(_ context.Context, id string) ([]Ticket, error) {
		if id != "C1001" {
			return nil, nil
		}
		return []Ticket{{Number: "#1042", Priority: "urgent", Category: "safety", Reason: "escalation: safety"}}, nil
	}
	f := newFake()
	f.customers["555-0199"] = Customer{ID: "C1002", Name: "Eli Moss"}
	tm := startWith(t, f, fakeHealth{}, Options{Tickets: list}, 100, 30)
	send(tm, "/customer 555-0100")
	waitFor(t, tm, "Open tickets for Dana Reyes (1)")
	send(tm, "my secret allergy note for dana")
	waitFor(t, tm, "my secret allergy note")
	send(tm, "/customer 555-0199")
	waitFor(t, tm, "No open tickets for Eli Moss.")
	got := finalScreen(t, tm)
	for _, gone := range []string{"secret allergy note", "#1042", "Open tickets for Dana Reyes"} {
		if strings.Contains(got, gone) {
			t.Errorf("the previous customer's %q is still on screen:\n%s", gone, got)
		}
	}
	if !strings.Contains(got, "New conversation") || !strings.Contains(got, "Eli Moss") {
		t.Errorf("the switch is not announced:\n%s", got)
	}
}

func TestTeaCopy(t *testing.T) {
	out := &lockedBuffer{}
	tm := startWith(t, newFake(), fakeHealth{}, Options{Out: out}, 100, 30)
	send(tm, "/copy")
	waitFor(t, tm, "No answer to copy yet.")
	send(tm, faqQuestion)
	waitFor(t, tm, "total 1.2 s")
	send(tm, "/copy")
	waitFor(t, tm, "copied the last answer")
	finalScreen(t, tm)
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(faqAnswer)) + "\x07"
	if !strings.Contains(out.String(), want) {
		t.Errorf("no OSC 52 sequence with the answer in the output")
	}
	found := false
	for _, c := range commandList {
		found = found || c.Usage == "/copy"
	}
	if !found {
		t.Error("/help does not list /copy")
	}
}

// TestRunMouseCaptureIsOptional: without Mouse the program never turns on
// mouse reporting, so the terminal can select text; with it, it does.
func TestRunMouseCaptureIsOptional(t *testing.T) {
	for _, mouse := range []bool{false, true} {
		var out bytes.Buffer
		err := Run(context.Background(), newFake(), nil, Options{NoColor: true, Mouse: mouse, In: strings.NewReader("\x04"), Out: &out})
		if err != nil {
			t.Fatal(err)
		}
		// ?1002h is button-event (cell motion) mouse tracking.
		if got := strings.Contains(out.String(), "\x1b[?1002h"); got != mouse {
			t.Errorf("Mouse=%v: mouse tracking turned on = %v", mouse, got)
		}
	}
}
