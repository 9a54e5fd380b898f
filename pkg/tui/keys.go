package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds every key the chat UI reacts to, with its help text.
type KeyMap struct {
	Send          key.Binding
	Newline       key.Binding
	Cancel        key.Binding
	Interrupt     key.Binding
	Quit          key.Binding
	HistoryPrev   key.Binding
	HistoryNext   key.Binding
	PageUp        key.Binding
	PageDown      key.Binding
	ToggleSources key.Binding
}

// DefaultKeyMap returns the chat UI's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Send:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Newline:       key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "newline")),
		Cancel:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Interrupt:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel; twice to quit")),
		Quit:          key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "quit (empty input)")),
		HistoryPrev:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous message")),
		HistoryNext:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next message")),
		PageUp:        key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
		PageDown:      key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll down")),
		ToggleSources: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "sources")),
	}
}

// ShortHelp returns the keys shown in the one-line help under the input.
func (k KeyMap) ShortHelp() []key.Binding {
	scroll := key.NewBinding(key.WithKeys(k.PageUp.Keys()[0]), key.WithHelp("pgup/pgdn", "scroll"))
	// Commands are typed, not pressed; this binding only carries help text.
	commands := key.NewBinding(key.WithKeys("/help"), key.WithHelp("/help", "commands"))
	return []key.Binding{k.Send, k.Newline, k.Cancel, commands, k.ToggleSources, scroll}
}

// FullHelp returns every key, grouped for /help.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Send, k.Newline, k.HistoryPrev, k.HistoryNext},
		{k.Cancel, k.Interrupt, k.Quit},
		{k.PageUp, k.PageDown, k.ToggleSources},
	}
}
