package tui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The palette: calm, café-brown accents; every colour adapts to a light or
// dark background.
var (
	colAccent = lipgloss.AdaptiveColor{Light: "#8A5A2B", Dark: "#E0B07A"}
	colText   = lipgloss.AdaptiveColor{Light: "#262626", Dark: "#E6E1DC"}
	colDim    = lipgloss.AdaptiveColor{Light: "#6E6A66", Dark: "#9A948E"}
	colFaint  = lipgloss.AdaptiveColor{Light: "#C9C3BC", Dark: "#4A4541"}
	colOK     = lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#7BC67E"}
	colErr    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#F08A80"}
	colWarn   = lipgloss.AdaptiveColor{Light: "#9A5B00", Dark: "#F2B84B"}
	colLink   = lipgloss.AdaptiveColor{Light: "#3B5E8C", Dark: "#9BB8E0"}
)

// Styles holds every style the chat UI draws with, so no pane carries its
// own colours.
type Styles struct {
	// Markdown is the answer style: "dark", "light" or "notty" (no
	// styling at all).
	Markdown string
	// Profile is the colour profile answers are rendered with.
	Profile termenv.Profile

	CustomerLabel lipgloss.Style
	CustomerText  lipgloss.Style
	BotLabel      lipgloss.Style
	Meta          lipgloss.Style
	Pending       lipgloss.Style
	Note          lipgloss.Style
	Error         lipgloss.Style
	ToolOK        lipgloss.Style
	ToolErr       lipgloss.Style
	Source        lipgloss.Style
	Banner        lipgloss.Style
	Cancelled     lipgloss.Style
	BlockTitle    lipgloss.Style
	BlockKey      lipgloss.Style

	Rule          lipgloss.Style
	StatusText    lipgloss.Style
	StatusDim     lipgloss.Style
	StatusOK      lipgloss.Style
	StatusDown    lipgloss.Style
	StatusUnknown lipgloss.Style
	// StatusDegraded marks Ollama up with some role models missing.
	StatusDegraded lipgloss.Style
	Flash          lipgloss.Style
	Spinner        lipgloss.Style

	Prompt      lipgloss.Style
	InputText   lipgloss.Style
	Placeholder lipgloss.Style
	Cursor      lipgloss.Style

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style
}

// NewStyles returns the styles for a terminal writing to out: dark or light
// as decided by the caller, and no colours at all when noColor is set. It
// never queries the terminal.
func NewStyles(out io.Writer, dark, noColor bool) Styles {
	r := lipgloss.NewRenderer(out)
	r.SetHasDarkBackground(dark)
	md := "light"
	if dark {
		md = "dark"
	}
	// The input cursor is drawn in reverse video; with colours off it gets
	// its own renderer so it stays visible without adding any colour.
	cursor := lipgloss.NewRenderer(out)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
		cursor.SetColorProfile(termenv.ANSI)
		md = "notty"
	}
	st := func() lipgloss.Style { return r.NewStyle() }
	return Styles{
		Markdown: md,
		Profile:  r.ColorProfile(),

		CustomerLabel: st().Bold(true).Foreground(colText),
		CustomerText:  st().Foreground(colText),
		BotLabel:      st().Bold(true).Foreground(colAccent),
		Meta:          st().Foreground(colDim),
		Pending:       st().Foreground(colDim).Italic(true),
		Note:          st().Foreground(colDim),
		Error:         st().Foreground(colErr),
		ToolOK:        st().Foreground(colOK),
		ToolErr:       st().Foreground(colErr),
		Source:        st().Foreground(colLink),
		Banner:        st().Bold(true).Foreground(colWarn),
		Cancelled:     st().Foreground(colDim).Italic(true),
		BlockTitle:    st().Bold(true).Foreground(colAccent),
		BlockKey:      st().Foreground(colAccent),

		Rule:           st().Foreground(colFaint),
		StatusText:     st().Foreground(colText),
		StatusDim:      st().Foreground(colDim),
		StatusOK:       st().Foreground(colOK),
		StatusDown:     st().Bold(true).Foreground(colErr),
		StatusUnknown:  st().Foreground(colDim),
		StatusDegraded: st().Foreground(colWarn),
		Flash:          st().Foreground(colWarn),
		Spinner:        st().Foreground(colAccent),

		Prompt:      st().Foreground(colAccent),
		InputText:   st().Foreground(colText),
		Placeholder: st().Foreground(colDim),
		Cursor:      cursor.NewStyle(),

		HelpKey:  st().Foreground(colDim).Bold(true),
		HelpDesc: st().Foreground(colDim),
		HelpSep:  st().Foreground(colFaint),
	}
}
