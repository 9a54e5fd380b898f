package tui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// clock is a settable time for the Ctrl-C double press.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// newModel returns a 100x30 chat over s with colours off and the clock c.
func newModel(t *testing.T, s Session, c *clock) Model {
	t.Helper()
	m := New(s, nil, Options{NoColor: true, Out: io.Discard, Now: c.now})
	return update(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
}

// update feeds one message to m and runs the Cmds it returns.
func update(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	return drain(t, next.(Model), cmd)
}

// drain runs cmd and everything it leads to, feeding each message back
// into the model in arrival order. Spinner ticks are dropped: their chain
// sleeps and only animates. Tests use it with scripts that do not block.
func drain(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msgs := make(chan tea.Msg, 1024)
	pending := 0
	run := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { msgs <- c() }()
	}
	run(cmd)
	for pending > 0 {
		var msg tea.Msg
		select {
		case msg = <-msgs:
		case <-time.After(waitLimit):
			t.Fatal("a Cmd did not return")
		}
		pending--
		switch msg := msg.(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
		default:
			next, c := m.Update(msg)
			m = next.(Model)
			run(c)
		}
	}
	return m
}

// typeText types s into m's input.
func typeText(t *testing.T, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = update(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

var (
	keyEnter = tea.KeyMsg{Type: tea.KeyEnter}
	keyCtrlC = tea.KeyMsg{Type: tea.KeyCtrlC}
	keyCtrlD = tea.KeyMsg{Type: tea.KeyCtrlD}
	keyCtrlS = tea.KeyMsg{Type: tea.KeyCtrlS}
	keyUp    = tea.KeyMsg{Type: tea.KeyUp}
	keyDown  = tea.KeyMsg{Type: tea.KeyDown}
	keyEsc   = tea.KeyMsg{Type: tea.KeyEsc}
)

// submit types line and presses Enter, running whatever it starts.
func submit(t *testing.T, m Model, line string) Model {
	t.Helper()
	return update(t, typeText(t, m, line), keyEnter)
}

func TestSlashCommands(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		want    []string
		notWant []string
		check   func(t *testing.T, f *fakeSession, m Model)
	}{
		{
			name:  "customer binds",
			lines: []string{"/customer 555-0100"},
			want:  []string{"✓ Customer: Dana Reyes · +1 555 0100 · id C1001", "customer: Dana Reyes"},
		},
		{
			name:    "customer not found",
			lines:   []string{"/customer 555-9999"},
			want:    []string{`✗ no customer with id or phone "555-9999"`, "no customer"},
			notWant: []string{"customer: "},
		},
		{
			name:  "customer without argument",
			lines: []string{"/customer"},
			want:  []string{"No customer yet. Usage: /customer PHONE_OR_ID"},
		},
		{
			name:    "new conversation",
			lines:   []string{"/customer C1001", faqQuestion, "/new"},
			want:    []string{"New conversation.", "no customer"},
			notWant: []string{faqQuestion, "Dana Reyes", "first token"},
			check: func(t *testing.T, f *fakeSession, m Model) {
				if f.resets != 1 {
					t.Errorf("Reset called %d times, want 1", f.resets)
				}
			},
		},
		{
			name:    "sources toggle off",
			lines:   []string{faqQuestion, "/sources"},
			want:    []string{"sources hidden", "closes at 4pm"},
			notWant: []string{"📄"},
		},
		{
			name:  "sources toggle back on",
			lines: []string{faqQuestion, "/sources", "/sources"},
			want:  []string{"📄 hours/elm-street.md › Sunday hours", "📄 menu/kitchen.md › Hot food"},
		},
		{
			name:  "explain",
			lines: []string{faqQuestion, "/explain"},
			want: []string{
				"Why this route",
				"intent faq · route faq · cafebot-small · first token 312 ms · total 1.2 s",
				`• keywords "open", "sunday" matched the faq intent (0.91)`,
				"• faq questions go to the small model with retrieval",
			},
		},
		{
			name:  "explain before any answer",
			lines: []string{"/explain"},
			want:  []string{"No answer to explain yet."},
		},
		{
			name:  "handoff with reason",
			lines: []string{"/handoff customer wants a call back"},
			want:  []string{"⚠ Handed to staff — ticket #1043: customer wants a call back"},
			check: func(t *testing.T, f *fakeSession, m Model) {
				if diff := cmp.Diff([]string{"customer wants a call back"}, f.handoffs); diff != "" {
					t.Errorf("handoff reasons (-want +got):\n%s", diff)
				}
			},
		},
		{
			name:  "handoff without reason",
			lines: []string{"/handoff"},
			want:  []string{"⚠ Handed to staff — ticket #1043: requested by staff"},
		},
		{
			name:  "help",
			lines: []string{"/help"},
			want:  []string{"Commands", "/customer PHONE_OR_ID", "/handoff [reason]", "Keys", "alt+enter", "ctrl+s", "pgdn"},
		},
		{
			name:  "unknown command",
			lines: []string{"/frobnicate now"},
			want:  []string{"Unknown command /frobnicate — /help lists the commands."},
		},
		{
			name:  "command names are case-insensitive",
			lines: []string{"/CUSTOMER c1001"},
			want:  []string{`✗ no customer with id or phone "c1001"`},
		},
		{
			name:  "quit",
			lines: []string{"/quit"},
			check: func(t *testing.T, f *fakeSession, m Model) {
				if !m.quitting {
					t.Error("/quit did not quit")
				}
			},
		},
		{
			name:  "leading space sends text starting with a slash",
			lines: []string{" /help"},
			check: func(t *testing.T, f *fakeSession, m Model) {
				if diff := cmp.Diff([]string{"/help"}, f.sent); diff != "" {
					t.Errorf("sent (-want +got):\n%s", diff)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			m := newModel(t, f, &clock{})
			for _, l := range tt.lines {
				m = submit(t, m, l)
			}
			view := screen(m.View())
			for _, w := range tt.want {
				if !strings.Contains(view, w) {
					t.Errorf("screen lacks %q:\n%s", w, view)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(view, w) {
					t.Errorf("screen has %q:\n%s", w, view)
				}
			}
			if tt.check != nil {
				tt.check(t, f, m)
			}
		})
	}
}

func TestCtrlSTogglesSources(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, faqQuestion)
	m = update(t, m, keyCtrlS)
	if v := screen(m.View()); strings.Contains(v, "📄") {
		t.Errorf("sources still shown after Ctrl+S:\n%s", v)
	}
	m = update(t, m, keyCtrlS)
	if v := screen(m.View()); !strings.Contains(v, "📄 menu/kitchen.md › Hot food") {
		t.Errorf("sources not shown after a second Ctrl+S:\n%s", v)
	}
}

func TestHistoryRecall(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, "/help")
	m = submit(t, m, "/explain")
	m = typeText(t, m, "draft")

	steps := []struct {
		key  tea.KeyMsg
		want string
	}{
		{keyUp, "/explain"},
		{keyUp, "/help"},
		{keyUp, "/help"}, // the oldest stays
		{keyDown, "/explain"},
		{keyDown, "draft"}, // past the newest: the draft comes back
		{keyDown, "draft"},
	}
	for i, s := range steps {
		m = update(t, m, s.key)
		if got := m.input.Value(); got != s.want {
			t.Fatalf("step %d (%s): input = %q, want %q", i, s.key, got, s.want)
		}
	}
}

func TestHistoryRecallOnlyAtEdgeLines(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, "/help")
	// Two lines: Up on the second line moves the cursor, not the history.
	m = typeText(t, m, "first")
	m = update(t, m, tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	m = typeText(t, m, "second")
	m = update(t, m, keyUp)
	if got, want := m.input.Value(), "first\nsecond"; got != want {
		t.Fatalf("after Up on the last line: input = %q, want %q", got, want)
	}
	m = update(t, m, keyUp)
	if got, want := m.input.Value(), "/help"; got != want {
		t.Fatalf("after Up on the first line: input = %q, want %q", got, want)
	}
}

func TestNewlineKeys(t *testing.T) {
	for _, k := range []tea.KeyMsg{{Type: tea.KeyEnter, Alt: true}, {Type: tea.KeyCtrlJ}} {
		t.Run(k.String(), func(t *testing.T) {
			f := newFake()
			m := newModel(t, f, &clock{})
			m = typeText(t, m, "a")
			m = update(t, m, k)
			m = typeText(t, m, "b")
			if got, want := m.input.Value(), "a\nb"; got != want {
				t.Errorf("input = %q, want %q", got, want)
			}
			if len(f.sent) != 0 {
				t.Errorf("%s sent %q", k, f.sent)
			}
		})
	}
}

func TestCtrlCCancelsGeneration(t *testing.T) {
	for _, k := range []tea.KeyMsg{keyCtrlC, keyEsc} {
		t.Run(k.String(), func(t *testing.T) {
			m := newModel(t, newFake(), &clock{})
			m = typeText(t, m, slowAsk)
			// Enter starts the generation; its Cmds are not run, so the
			// done message is fed by hand below.
			next, _ := m.Update(keyEnter)
			m = next.(Model)
			if m.live == nil {
				t.Fatal("Enter did not start a generation")
			}
			e := m.live // the live entry, to check it after done
			next, _ = m.Update(k)
			m = next.(Model)
			if m.quitting {
				t.Fatalf("%s during a generation quit the chat", k)
			}
			if !m.stopping {
				t.Fatalf("%s did not cancel the generation", k)
			}
			if got := screen(m.View()); !strings.Contains(got, "cancelling") {
				t.Errorf("status does not say cancelling:\n%s", got)
			}
			next, _ = m.Update(streamDoneMsg{gen: m.gen, err: context.Canceled})
			m = next.(Model)
			if !e.cancelled || m.live != nil {
				t.Errorf("answer not marked cancelled (cancelled=%v live=%v)", e.cancelled, m.live != nil)
			}
			if got := screen(m.View()); !strings.Contains(got, "(cancelled)") {
				t.Errorf("screen lacks (cancelled):\n%s", got)
			}
		})
	}
}

func TestCtrlCTwiceQuits(t *testing.T) {
	tests := []struct {
		name  string
		gap   time.Duration
		other bool // another key between the presses
		quit  bool
	}{
		{name: "within two seconds", gap: 1500 * time.Millisecond, quit: true},
		{name: "too slow", gap: 3 * time.Second},
		{name: "another key between", gap: 100 * time.Millisecond, other: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
			m := newModel(t, newFake(), c)
			next, _ := m.Update(keyCtrlC)
			m = next.(Model)
			if m.quitting {
				t.Fatal("one Ctrl-C quit")
			}
			if got := screen(m.View()); !strings.Contains(got, "press Ctrl-C again to quit") {
				t.Errorf("no hint after one Ctrl-C:\n%s", got)
			}
			if tt.other {
				m = typeText(t, m, "x")
			}
			c.t = c.t.Add(tt.gap)
			next, cmd := m.Update(keyCtrlC)
			m = next.(Model)
			if m.quitting != tt.quit {
				t.Fatalf("quitting = %v, want %v", m.quitting, tt.quit)
			}
			if tt.quit {
				if _, ok := cmd().(tea.QuitMsg); !ok {
					t.Error("second Ctrl-C did not return tea.Quit")
				}
			}
		})
	}
}

func TestCtrlD(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = typeText(t, m, "hello")
	m = update(t, m, tea.KeyMsg{Type: tea.KeyHome})
	next, _ := m.Update(keyCtrlD)
	m = next.(Model)
	if m.quitting {
		t.Fatal("Ctrl-D with text in the input quit")
	}
	if got, want := m.input.Value(), "ello"; got != want {
		t.Errorf("Ctrl-D with text: input = %q, want %q (delete forward)", got, want)
	}
	m.input.submit("")
	next, cmd := m.Update(keyCtrlD)
	m = next.(Model)
	if !m.quitting {
		t.Fatal("Ctrl-D on an empty input did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("Ctrl-D did not return tea.Quit")
	}
}

func TestSendWhileBusyKeepsInput(t *testing.T) {
	f := newFake()
	m := newModel(t, f, &clock{})
	m = typeText(t, m, slowAsk)
	next, _ := m.Update(keyEnter)
	m = typeText(t, next.(Model), "next question")
	next, cmd := m.Update(keyEnter)
	m = next.(Model)
	if cmd != nil {
		t.Error("Enter while answering returned a Cmd")
	}
	if got := m.input.Value(); got != "next question" {
		t.Errorf("input = %q, want it kept", got)
	}
	if got := screen(m.View()); !strings.Contains(got, "still working — Esc cancels the answer") {
		t.Errorf("no hint:\n%s", got)
	}
}

func TestStreamingShowsTokensAndFinalAnswerWins(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = typeText(t, m, "guarded")
	next, _ := m.Update(keyEnter)
	m = next.(Model)
	gen := m.gen
	for _, ev := range []assistant.Event{
		{Kind: assistant.EventStatus, Text: "searching the café documents"},
		{Kind: assistant.EventToken, Text: "The draft "},
		{Kind: assistant.EventToken, Text: "says something"},
		{Kind: assistant.EventToolCall, ToolCall: &assistant.ToolCallReport{Name: "credit_points", Summary: "credited 40 points"}},
	} {
		next, _ = m.Update(streamEventMsg{gen: gen, ev: ev})
		m = next.(Model)
	}
	v := screen(m.View())
	for _, w := range []string{"The draft says something", "✓ credited 40 points", "answering"} {
		if !strings.Contains(v, w) {
			t.Errorf("live screen lacks %q:\n%s", w, v)
		}
	}
	next, _ = m.Update(streamDoneMsg{gen: gen, ans: assistant.Answer{Route: assistant.RouteFAQ, Answer: "The guard's safe answer."}})
	m = next.(Model)
	v = screen(m.View())
	if !strings.Contains(v, "The guard's safe answer.") || strings.Contains(v, "The draft") {
		t.Errorf("final answer does not replace the draft:\n%s", v)
	}
	// A late message of an old generation changes nothing.
	next, _ = m.Update(streamEventMsg{gen: gen - 1, ev: assistant.Event{Kind: assistant.EventToken, Text: "stale"}})
	if v := screen(next.(Model).View()); strings.Contains(v, "stale") {
		t.Errorf("stale token shown:\n%s", v)
	}
}

func TestErrorShowsHint(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, "no script for this")
	if v := screen(m.View()); !strings.Contains(v, `✗ fake session: no script for "no script for this"`) {
		t.Errorf("error not shown:\n%s", v)
	}
	next, _ := m.Update(streamDoneMsg{gen: m.gen, err: errors.New("late")})
	if v := screen(next.(Model).View()); strings.Contains(v, "late") {
		t.Errorf("done without a live generation was shown:\n%s", v)
	}
}

func TestPipelineBindsCustomer(t *testing.T) {
	f := newFake()
	sc := f.scripts[faqQuestion]
	sc.bind = &dana
	f.scripts[faqQuestion] = sc
	m := newModel(t, f, &clock{})
	m = submit(t, m, faqQuestion)
	if v := screen(m.View()); !strings.Contains(v, "customer: Dana Reyes") {
		t.Errorf("status bar does not show the customer the pipeline bound:\n%s", v)
	}
}

func TestResumeShowsHistory(t *testing.T) {
	f := newFake()
	f.history = []assistant.Turn{
		{Role: "customer", Text: "Do you have oat milk?"},
		{Role: "assistant", Text: "Yes, **oat milk** is free for loyalty members."},
	}
	m := newModel(t, f, &clock{})
	v := screen(m.View())
	for _, w := range []string{"Do you have oat milk?", "oat milk** is free", "Resumed conversation #7."} {
		if !strings.Contains(v, w) {
			t.Errorf("screen lacks %q:\n%s", w, v)
		}
	}
}

func TestWindowResize(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, "/customer 555-0100")
	m = submit(t, m, faqQuestion)
	longest := func(v string) int {
		n := 0
		for _, l := range strings.Split(v, "\n") {
			n = max(n, ansi.StringWidth(l))
		}
		return n
	}
	for _, size := range []tea.WindowSizeMsg{{Width: 60, Height: 20}, {Width: 40, Height: 12}, {Width: 100, Height: 30}} {
		m = update(t, m, size)
		v := m.View()
		if got := strings.Count(v, "\n") + 1; got != size.Height {
			t.Errorf("%dx%d: view has %d lines", size.Width, size.Height, got)
		}
		if got := longest(v); got > size.Width {
			t.Errorf("%dx%d: a line is %d columns wide:\n%s", size.Width, size.Height, got, screen(v))
		}
		// The answer is re-wrapped to the width, not cut.
		if flat := strings.Join(strings.Fields(screen(v)), " "); !strings.Contains(flat, "The kitchen stops hot food at 3:30pm.") {
			t.Errorf("%dx%d: answer lost in re-wrap:\n%s", size.Width, size.Height, screen(v))
		}
	}
	if got := longest(m.View()); got <= 60 {
		t.Errorf("back at 100 columns the longest line is %d: not re-wrapped", got)
	}
}

func TestScrollKeepsPosition(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	for range 6 {
		m = submit(t, m, faqQuestion)
	}
	bottom := m.conv.vp.YOffset
	m = update(t, m, tea.KeyMsg{Type: tea.KeyPgUp})
	if m.conv.vp.YOffset >= bottom {
		t.Fatalf("PgUp did not scroll: offset %d, bottom %d", m.conv.vp.YOffset, bottom)
	}
	up := m.conv.vp.YOffset
	// A health check re-draws; staff reading above keep their place.
	next, _ := m.Update(healthMsg{}) // its Cmd is the next check, 10 s away
	m = next.(Model)
	if m.conv.vp.YOffset != up {
		t.Errorf("offset moved from %d to %d while reading", up, m.conv.vp.YOffset)
	}
	m = update(t, m, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if m.conv.vp.YOffset != up+3 {
		t.Errorf("wheel down: offset %d, want %d", m.conv.vp.YOffset, up+3)
	}
	m = update(t, m, tea.KeyMsg{Type: tea.KeyPgDown})
	m = update(t, m, tea.KeyMsg{Type: tea.KeyPgDown})
	if !m.conv.vp.AtBottom() {
		t.Error("PgDn did not return to the bottom")
	}
}

func TestHealthInStatusBar(t *testing.T) {
	m := New(newFake(), fakeHealth{}, Options{NoColor: true, Out: io.Discard})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m = next.(Model)
	if v := screen(m.View()); !strings.Contains(v, "◌ ollama …") {
		t.Errorf("before the first check:\n%s", v)
	}
	for _, tt := range []struct {
		err  error
		want string
	}{{nil, "● ollama ok"}, {errors.New("connection refused"), "○ ollama unreachable"}} {
		next, cmd := m.Update(healthMsg{err: tt.err, tick: true})
		m = next.(Model)
		if cmd == nil {
			t.Error("no next check scheduled")
		}
		if v := screen(m.View()); !strings.Contains(v, tt.want) {
			t.Errorf("status lacks %q:\n%s", tt.want, v)
		}
	}
}

func TestNoColorHasNoColour(t *testing.T) {
	m := newModel(t, newFake(), &clock{})
	m = submit(t, m, "/customer 555-0100")
	m = submit(t, m, creditAsk)
	m = submit(t, m, angryAsk)
	v := m.View()
	// Only the input cursor's reverse video is drawn: no colour, no bold.
	if rest := strings.ReplaceAll(strings.ReplaceAll(v, "\x1b[7m", ""), "\x1b[0m", ""); strings.Contains(rest, "\x1b") {
		t.Errorf("view has escape sequences besides the cursor: %q", rest)
	}
}
