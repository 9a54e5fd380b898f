package tui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
)

// waitLimit bounds how long a teatest waits for the screen; it only turns a
// hang into a failure.
const waitLimit = 10 * time.Second

// startChat runs the chat UI for s in a teatest program of the given size,
// with colours off so the screen is plain text. Only the Session interface
// is used, so a real pipeline can be passed too.
func startChat(t *testing.T, s Session, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(s, fakeHealth{}, Options{NoColor: true, Out: io.Discard})
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
}

// send types text into the input and presses Enter.
func send(tm *teatest.TestModel, text string) {
	tm.Type(text)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

// waitFor waits until the program has drawn text.
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(text))
	}, teatest.WithDuration(waitLimit), teatest.WithCheckInterval(10*time.Millisecond))
}

// finalScreen quits the program and returns its last screen as plain text.
// The final model's View is compared rather than the byte stream, whose
// repaints depend on timing.
func finalScreen(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return screen(tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).View())
}

// screen strips escape sequences and trailing padding from a view.
func screen(view string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestTeaStreamedFAQ(t *testing.T) {
	tm := startChat(t, newFake(), 100, 30)
	send(tm, faqQuestion)
	waitFor(t, tm, "total 1.2 s")
	teatest.RequireEqualOutput(t, []byte(finalScreen(t, tm)))
}

func TestTeaCancel(t *testing.T) {
	f := newFake()
	tm := startChat(t, f, 100, 30)
	send(tm, slowAsk)
	waitFor(t, tm, "your catering order")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "(cancelled)")
	got := finalScreen(t, tm)
	teatest.RequireEqualOutput(t, []byte(got))
}

func TestTeaHandoff(t *testing.T) {
	tm := startChat(t, newFake(), 100, 30)
	send(tm, angryAsk)
	waitFor(t, tm, "ticket #1042")
	send(tm, "/handoff customer wants a call back")
	waitFor(t, tm, "ticket #1043")
	teatest.RequireEqualOutput(t, []byte(finalScreen(t, tm)))
}

func TestTeaNarrow(t *testing.T) {
	tm := startChat(t, newFake(), 60, 20)
	send(tm, "/customer 555-0100")
	waitFor(t, tm, "customer: Dana Reyes")
	send(tm, creditAsk)
	waitFor(t, tm, "2.3 s")
	teatest.RequireEqualOutput(t, []byte(finalScreen(t, tm)))
}
