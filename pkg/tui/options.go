package tui

import (
	"context"
	"io"
	"os"
	"time"
)

// DefaultHealthEvery is how often the status bar re-checks Ollama between
// answers; every answer also triggers a check.
const DefaultHealthEvery = 5 * time.Second

// Options configures the chat UI. The zero value is usable: light palette,
// colours on, the process's stdin/stdout, a 5 s health check, no mouse
// capture, no welcome and no ticket look-up.
type Options struct {
	// Dark selects the dark palette and Markdown style. The command decides
	// it once with lipgloss.HasDarkBackground() before the program starts,
	// so the UI never queries the terminal itself.
	Dark bool
	// NoColor turns colours off (NO_COLOR): an ASCII colour profile and the
	// "notty" Markdown style.
	NoColor bool
	// In and Out are the terminal's streams; nil means os.Stdin and
	// os.Stdout. Tests pass buffers.
	In  io.Reader
	Out io.Writer
	// HealthEvery is the interval between Ollama checks; 0 means
	// DefaultHealthEvery.
	HealthEvery time.Duration
	// Now is the clock used for the Ctrl-C double press; nil means time.Now.
	Now func() time.Time
	// Mouse captures the mouse for wheel scrolling. Off by default: with
	// capture on, the terminal cannot select text to copy.
	Mouse bool
	// Welcome, when set, is shown at the start of a new conversation:
	// what is set up and what to run for what is not.
	Welcome *Welcome
	// Tickets, when set, lists a customer's open handoff tickets; the
	// chat shows them when /customer binds the customer.
	Tickets func(ctx context.Context, customerID string) ([]Ticket, error)
}

func (o Options) withDefaults() Options {
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Out == nil {
		o.Out = os.Stdout
	}
	if o.HealthEvery <= 0 {
		o.HealthEvery = DefaultHealthEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
