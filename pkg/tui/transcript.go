package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/llm"
)

// entryKind says what one transcript entry shows.
type entryKind int

const (
	kindCustomer entryKind = iota + 1 // a message staff sent for the customer
	kindAnswer                        // the assistant's answer, live or done
	kindNote                          // a one-line confirmation
	kindError                         // a one-line failure
	kindBanner                        // a handoff banner on its own
	kindBlock                         // a titled list: /help, /explain
)

// entry is one item of the conversation pane.
type entry struct {
	kind  entryKind
	text  string   // message, streamed or final answer, note, banner
	title string   // kindBlock, and who spoke for kindCustomer
	lines []string // kindBlock

	// Answer entries only.
	live      bool
	activity  string            // the latest status event while live
	decision  *assistant.Answer // from the decision event, until done
	tools     []assistant.ToolCallReport
	answer    *assistant.Answer // the final answer
	cancelled bool
	err       error

	// The Markdown body is the costly part; it is kept per width and text.
	mdWidth int
	mdText  string
	mdOut   string
	// A finished entry no longer changes: its whole rendering is kept per
	// width and sources setting, so a streamed token re-renders only the
	// live answer.
	outKey renderKey
	out    string
}

// renderKey is what a finished entry's rendering depends on.
type renderKey struct {
	width       int
	showSources bool
}

// meta returns what the pipeline decided for an answer entry, if it has
// decided yet.
func (e *entry) meta() *assistant.Answer {
	if e.answer != nil {
		return e.answer
	}
	return e.decision
}

// transcript is the scrollable conversation pane.
type transcript struct {
	vp          viewport.Model
	st          *Styles
	md          *markdown
	entries     []*entry
	showSources bool
	width       int
	height      int
}

func newTranscript(st *Styles, keys KeyMap) transcript {
	vp := viewport.New(0, 0)
	// Only paging keys: every other key belongs to the input.
	vp.KeyMap = viewport.KeyMap{PageUp: keys.PageUp, PageDown: keys.PageDown}
	vp.MouseWheelDelta = 3
	return transcript{vp: vp, st: st, md: newMarkdown(st.Markdown, st.Profile), showSources: true}
}

// SetSize sets the pane's size and re-wraps the conversation when the width
// changed.
func (t *transcript) SetSize(w, h int) {
	if w == t.width && h == t.height {
		return
	}
	follow := t.vp.AtBottom()
	t.width, t.height = w, h
	t.vp.Width, t.vp.Height = w, h
	t.redraw(follow)
}

// View returns the visible part of the conversation.
func (t *transcript) View() string { return t.vp.View() }

// Update scrolls the pane on paging keys and the mouse wheel.
func (t *transcript) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if !key.Matches(msg, t.vp.KeyMap.PageUp, t.vp.KeyMap.PageDown) {
			return nil
		}
	case tea.MouseMsg:
	default:
		return nil
	}
	var cmd tea.Cmd
	t.vp, cmd = t.vp.Update(msg)
	return cmd
}

// add appends an entry and scrolls to it: new entries come from what staff
// just did.
func (t *transcript) add(e *entry) *entry {
	t.entries = append(t.entries, e)
	t.refresh()
	t.vp.GotoBottom()
	return e
}

// clear forgets the whole conversation.
func (t *transcript) clear() {
	t.entries = nil
	t.refresh()
}

// refresh re-renders the conversation into the viewport, following the
// bottom unless staff scrolled up to read.
func (t *transcript) refresh() { t.redraw(t.vp.AtBottom()) }

func (t *transcript) redraw(follow bool) {
	if t.width <= 0 {
		return
	}
	blocks := make([]string, 0, len(t.entries))
	key := renderKey{width: t.width, showSources: t.showSources}
	for _, e := range t.entries {
		if e.live {
			blocks = append(blocks, t.render(e))
			continue
		}
		if e.outKey != key || e.out == "" {
			e.outKey, e.out = key, t.render(e)
		}
		blocks = append(blocks, e.out)
	}
	content := strings.Join(blocks, "\n\n")
	// A short conversation sits at the bottom, next to the input, where
	// the eye already is.
	if n := strings.Count(content, "\n") + 1; n < t.height && len(blocks) > 0 {
		content = strings.Repeat("\n", t.height-n) + content
	}
	t.vp.SetContent(content)
	if follow {
		t.vp.GotoBottom()
	}
}

// render draws one entry at the pane's width.
func (t *transcript) render(e *entry) string {
	st, w := t.st, t.width
	switch e.kind {
	case kindCustomer:
		body := indent(ansi.Wrap(clean(e.text), w-answerIndent-1, ""), answerIndent)
		return st.CustomerLabel.Render(oneLine(e.title)) + "\n" + styleLines(st.CustomerText, body)
	case kindAnswer:
		return t.renderAnswer(e)
	case kindNote:
		return hang("", e.text, w, st.Note)
	case kindError:
		return hang("✗ ", e.text, w, st.Error)
	case kindBanner:
		return hang("⚠ ", e.text, w, st.Banner)
	case kindBlock:
		out := []string{st.BlockTitle.Render(oneLine(e.title))}
		for _, l := range e.lines {
			out = append(out, indent(hangLine(l, w-answerIndent, st), answerIndent))
		}
		return strings.Join(out, "\n")
	}
	return ""
}

func (t *transcript) renderAnswer(e *entry) string {
	st, w := t.st, t.width
	head := st.BotLabel.Render("cafebot")
	if m := e.meta(); m != nil && m.Route != "" {
		head += st.Meta.Render(" · " + string(m.Route))
	}
	out := []string{head}

	if e.text != "" {
		if m := e.meta(); m != nil && m.Fallback {
			// The café's passages as they are, not Markdown.
			out = append(out, plainBody(clean(e.text), w))
		} else {
			if e.mdWidth != w || e.mdText != e.text {
				e.mdWidth, e.mdText, e.mdOut = w, e.text, t.md.render(clean(e.text), w)
			}
			out = append(out, e.mdOut)
		}
	} else if e.live {
		act := e.activity
		if act == "" {
			act = "thinking"
		}
		out = append(out, indent(st.Pending.Render("… "+oneLine(act)), answerIndent))
	}

	pad := strings.Repeat(" ", answerIndent)
	lineW := w - answerIndent
	tools := e.tools
	if e.answer != nil {
		tools = e.answer.ToolCalls
	}
	for _, tc := range tools {
		if text, ok := toolText(tc); ok {
			out = append(out, pad+hang("✓ ", text, lineW, st.ToolOK))
		} else {
			out = append(out, pad+hang("✗ ", text, lineW, st.ToolErr))
		}
	}
	if a := e.answer; a != nil {
		if t.showSources {
			for _, l := range sourceLabels(a.Sources) {
				out = append(out, pad+hang("📄 ", l, lineW, st.Source))
			}
		}
		if n := answerNotice(*a); n != "" {
			out = append(out, pad+hang("note: ", n, lineW, st.Note))
		}
		if b := answerBanner(*a); b != "" {
			out = append(out, pad+hang("⚠ ", b, lineW, st.Banner))
		}
	}
	if e.cancelled {
		out = append(out, pad+st.Cancelled.Render("(cancelled)"))
	}
	if e.err != nil {
		out = append(out, pad+hang("✗ ", e.err.Error(), lineW, st.Error))
		model := ""
		if m := e.meta(); m != nil {
			model = m.Model
		}
		if h := llm.Hint(e.err, model); h != "" {
			out = append(out, pad+hang("  ", h, lineW, st.Note))
		}
	}
	return strings.Join(out, "\n")
}

// hang wraps prefix+text to width, indents continuation lines under the
// text, and styles it all.
func hang(prefix, text string, width int, style lipgloss.Style) string {
	pw := ansi.StringWidth(prefix)
	lines := strings.Split(ansi.Wrap(oneLine(text), max(width-pw-1, 8), ""), "\n")
	for i, l := range lines {
		if i == 0 {
			lines[i] = prefix + l
		} else {
			lines[i] = strings.Repeat(" ", pw) + l
		}
	}
	return styleLines(style, strings.Join(lines, "\n"))
}

// hangLine renders one "key\tdescription" line of a block: the key in the
// block key style, the description wrapped under itself.
func hangLine(l string, width int, st *Styles) string {
	k, desc, ok := strings.Cut(l, "\t")
	if !ok {
		return hang("", l, width, st.Note)
	}
	k = padRight(k, 24)
	if ansi.StringWidth(k)+12 > width {
		// Too narrow for two columns: the description goes under the key.
		return st.BlockKey.Render(strings.TrimSpace(k)) + "\n" + hang("  ", desc, width, st.Note)
	}
	// hang leaves its prefix unstyled, so the first kw bytes are the spaces
	// the key replaces.
	kw := ansi.StringWidth(k)
	return st.BlockKey.Render(k) + hang(strings.Repeat(" ", kw), desc, width, st.Note)[kw:]
}

// padRight pads s with spaces to at least n columns, plus one space.
func padRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s + " "
}

// styleLines styles each line of s on its own, so lipgloss does not pad the
// lines to a common width.
func styleLines(style lipgloss.Style, s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		lead := len(l) - len(strings.TrimLeft(l, " "))
		lines[i] = l[:lead] + style.Render(l[lead:])
	}
	return strings.Join(lines, "\n")
}
