package tui

import (
	"io"
	"os"
	"time"
)

// DefaultHealthEvery is how often the status bar re-checks Ollama.
const DefaultHealthEvery = 10 * time.Second

// Options configures the chat UI. The zero value is usable: light palette,
// colours on, the process's stdin/stdout, a 10 s health check.
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
