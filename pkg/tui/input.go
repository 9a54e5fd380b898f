package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
)

// inputHeight is how many lines the message box shows; longer messages
// scroll inside it.
const inputHeight = 3

// maxHistory bounds the recalled messages.
const maxHistory = 200

// inputPane is the multi-line message box with history recall.
type inputPane struct {
	ta textarea.Model
	// history holds sent lines, oldest first; pos == len(history) means
	// the draft being typed.
	history []string
	pos     int
	draft   string
}

func newInput(st *Styles, keys KeyMap) inputPane {
	ta := textarea.New()
	// The prompt marks the first line only; the others are indented.
	ta.SetPromptFunc(2, func(line int) string {
		if line == 0 {
			return "› "
		}
		return "  "
	})
	ta.Placeholder = "Type the customer's message… (/help for commands)"
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.KeyMap.InsertNewline = keys.Newline
	style := textarea.Style{
		Base:        st.InputText,
		CursorLine:  st.InputText,
		Placeholder: st.Placeholder,
		Prompt:      st.Prompt,
		Text:        st.InputText,
		EndOfBuffer: st.Placeholder,
	}
	ta.FocusedStyle, ta.BlurredStyle = style, style
	ta.Cursor.Style = st.Cursor
	// A steady cursor: calmer, and no timer messages in the loop.
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Focus()
	ta.SetHeight(inputHeight)
	return inputPane{ta: ta}
}

// SetSize sets the box's width.
func (p *inputPane) SetSize(w int) { p.ta.SetWidth(w) }

// Height returns the box's height in lines.
func (p *inputPane) Height() int { return inputHeight }

// View returns the box.
func (p *inputPane) View() string { return p.ta.View() }

// Value returns the text typed so far.
func (p *inputPane) Value() string { return p.ta.Value() }

// Update passes a key or paste to the text box.
func (p *inputPane) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.ta, cmd = p.ta.Update(msg)
	return cmd
}

// onFirstLine and onLastLine report whether Up and Down should recall
// history instead of moving the cursor.
func (p *inputPane) onFirstLine() bool {
	return p.ta.Line() == 0 && p.ta.LineInfo().RowOffset == 0
}

func (p *inputPane) onLastLine() bool {
	li := p.ta.LineInfo()
	return p.ta.Line() == p.ta.LineCount()-1 && li.RowOffset == li.Height-1
}

// submit clears the box and remembers line for recall.
func (p *inputPane) submit(line string) {
	if line != "" && (len(p.history) == 0 || p.history[len(p.history)-1] != line) {
		p.history = append(p.history, line)
		if len(p.history) > maxHistory {
			p.history = p.history[len(p.history)-maxHistory:]
		}
	}
	p.pos, p.draft = len(p.history), ""
	p.ta.Reset()
}

// prev recalls the previous line; it reports false at the oldest.
func (p *inputPane) prev() bool {
	if p.pos == 0 {
		return false
	}
	if p.pos == len(p.history) {
		p.draft = p.ta.Value()
	}
	p.pos--
	p.ta.SetValue(p.history[p.pos])
	return true
}

// next recalls the next line, or the draft after the newest; it reports
// false when already at the draft.
func (p *inputPane) next() bool {
	if p.pos >= len(p.history) {
		return false
	}
	p.pos++
	if p.pos == len(p.history) {
		p.ta.SetValue(p.draft)
	} else {
		p.ta.SetValue(p.history[p.pos])
	}
	return true
}
