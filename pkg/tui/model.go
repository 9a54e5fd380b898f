package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/llm"
)

// quitWindow is how soon a second Ctrl-C must follow the first to quit.
const quitWindow = 2 * time.Second

// minHelpHeight is the window height below which the key help line is
// dropped to leave room for the conversation.
const minHelpHeight = 12

// flashExpiredMsg clears the "press Ctrl-C again" hint once its window
// has passed.
type flashExpiredMsg struct{ armed time.Time }

// Model is the chat UI's root bubbletea model: it owns the conversation
// pane, the status bar and the input, and runs every session call in a
// tea.Cmd.
type Model struct {
	s    Session
	h    Health
	opt  Options
	ctx  context.Context
	st   *Styles
	keys KeyMap

	width, height int

	conv   transcript
	status statusBar
	input  inputPane
	spin   spinner.Model

	// gen numbers generations so late messages of an old one are ignored.
	gen    int
	live   *entry
	cancel context.CancelFunc
	// stopping is set once staff cancelled the live generation.
	stopping bool
	// op names the session call running now (bind, reset, handoff).
	op string

	last      *assistant.Answer
	quitArmed time.Time
	quitting  bool

	// welcome is the welcome block of a new conversation, rewritten when
	// the models' state arrives.
	welcome *entry
}

// New returns the chat UI for session s; h may be nil to leave Ollama's
// state out of the status bar. A resumed session's turns are shown at once.
func New(s Session, h Health, opt Options) Model {
	opt = opt.withDefaults()
	st := NewStyles(opt.Out, opt.Dark, opt.NoColor)
	keys := DefaultKeyMap()
	m := Model{
		s: s, h: h, opt: opt, ctx: context.Background(), st: &st, keys: keys,
		conv:   newTranscript(&st, keys),
		status: statusBar{st: &st, checkHealth: h != nil},
		input:  newInput(&st, keys),
		spin:   spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Spinner)),
	}
	if c, ok := s.Customer(); ok {
		m.status.customer = &c
	}
	turns := s.History()
	for _, t := range turns {
		switch t.Role {
		case "customer":
			m.conv.add(&entry{kind: kindCustomer, title: "Customer", text: t.Text})
		case "assistant":
			m.conv.add(&entry{kind: kindAnswer, text: t.Text})
		}
	}
	if len(turns) > 0 {
		m.conv.add(&entry{kind: kindNote, text: fmt.Sprintf("Resumed conversation #%d.", s.ID())})
	} else if opt.Welcome != nil {
		m.welcome = m.conv.add(&entry{kind: kindBlock, title: welcomeTitle, lines: welcomeLines(*opt.Welcome, &m.status)})
	}
	return m
}

// Init starts the first Ollama check.
func (m Model) Init() tea.Cmd {
	if m.h == nil {
		return nil
	}
	return ping(m.ctx, m.h, true)
}

// Update handles one message and returns the next model and Cmd.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.layout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.conv.Update(msg)
	case spinner.TickMsg:
		if !m.busy() {
			return nil // let the tick chain stop while idle
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case streamEventMsg:
		if msg.gen == m.gen && m.live != nil {
			m.applyEvent(msg.ev)
		}
		return readStream(msg.ch)
	case streamDoneMsg:
		if msg.gen != m.gen || m.live == nil {
			return nil
		}
		m.finish(msg.ans, msg.err)
		// Each answer's outcome says something about Ollama: check again
		// now rather than at the next tick, so a dead server shows at once.
		if errors.Is(msg.err, llm.ErrUnreachable) {
			m.status.health = healthDown
		}
		if m.h == nil {
			return nil
		}
		return ping(m.ctx, m.h, false)
	case customerMsg:
		m.op = ""
		if msg.err != nil {
			m.conv.add(&entry{kind: kindError, text: msg.err.Error()})
			return nil
		}
		c := msg.c
		if prev := m.status.customer; prev != nil && prev.ID != c.ID {
			// The session starts a new conversation for another customer;
			// the screen follows, so the next person at the counter never
			// sees the last one's turns.
			m.conv.clear()
			m.last = nil
			m.conv.add(&entry{kind: kindNote, text: "New conversation: " + customerLabel(*prev) + "'s turns stay in their own saved conversation."})
		}
		m.status.customer = &c
		m.conv.add(&entry{kind: kindNote, text: "✓ Customer: " + customerDetail(c)})
		if m.opt.Tickets != nil && c.ID != "" {
			return fetchTickets(m.ctx, m.opt.Tickets, c)
		}
		return nil
	case ticketsMsg:
		m.showTickets(msg)
		return nil
	case copyMsg:
		if msg.err != nil {
			m.conv.add(&entry{kind: kindError, text: "copy: " + msg.err.Error()})
		} else {
			m.status.flash = fmt.Sprintf("copied the last answer (%d characters)", msg.n)
		}
		return nil
	case resetMsg:
		m.op = ""
		if msg.err != nil {
			m.conv.add(&entry{kind: kindError, text: "new conversation: " + msg.err.Error()})
			return nil
		}
		m.conv.clear()
		m.last = nil
		m.syncCustomer()
		m.conv.add(&entry{kind: kindNote, text: "New conversation."})
		return nil
	case handoffMsg:
		m.op = ""
		if msg.err != nil {
			m.conv.add(&entry{kind: kindError, text: msg.err.Error()})
			return nil
		}
		reason := msg.reason
		if reason == "" {
			reason = "requested by staff"
		}
		m.conv.add(&entry{kind: kindBanner, text: handoffText(msg.ticket, reason)})
		return nil
	case healthMsg:
		m.status.health = healthOK
		if msg.err != nil {
			m.status.health = healthDown
		}
		m.status.roles, m.status.rolesKnown = msg.roles, msg.rolesKnown
		m.welcomeHealth(msg)
		if !msg.tick {
			return nil
		}
		return healthTick(m.opt.HealthEvery)
	case healthTickMsg:
		if m.h == nil {
			return nil
		}
		return ping(m.ctx, m.h, true)
	case flashExpiredMsg:
		if m.quitArmed.Equal(msg.armed) {
			m.quitArmed = time.Time{}
			m.status.flash = ""
		}
		return nil
	}
	// Anything else (a paste, say) belongs to the text box.
	return m.input.Update(msg)
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	m.status.flash = ""
	if !key.Matches(msg, k.Interrupt) {
		m.quitArmed = time.Time{}
	}
	switch {
	case key.Matches(msg, k.Interrupt):
		if m.live != nil {
			m.cancelLive()
			return nil
		}
		now := m.opt.Now()
		if !m.quitArmed.IsZero() && now.Sub(m.quitArmed) <= quitWindow {
			return m.quit()
		}
		m.quitArmed = now
		m.status.flash = "press Ctrl-C again to quit"
		return tea.Tick(quitWindow, func(time.Time) tea.Msg { return flashExpiredMsg{armed: now} })
	case key.Matches(msg, k.Cancel):
		if m.live != nil {
			m.cancelLive()
		}
		return nil
	case key.Matches(msg, k.Quit) && m.input.Value() == "":
		return m.quit()
	case key.Matches(msg, k.ToggleSources):
		m.toggleSources()
		return nil
	case key.Matches(msg, k.PageUp, k.PageDown):
		return m.conv.Update(msg)
	case key.Matches(msg, k.Send):
		return m.submit()
	case key.Matches(msg, k.HistoryPrev) && m.input.onFirstLine():
		if m.input.prev() {
			return nil
		}
	case key.Matches(msg, k.HistoryNext) && m.input.onLastLine():
		if m.input.next() {
			return nil
		}
	}
	return m.input.Update(msg)
}

// busy reports whether a generation or another session call is running.
func (m *Model) busy() bool { return m.live != nil || m.op != "" }

// submit sends the typed message or runs the typed command.
func (m *Model) submit() tea.Cmd {
	raw := m.input.Value()
	text := strings.TrimSpace(raw)
	if text == "" {
		return nil
	}
	if c, ok := parseCommand(raw); ok {
		return m.command(c, text)
	}
	if m.busy() {
		m.status.flash = "still working — Esc cancels the answer"
		return nil
	}
	m.input.submit(text)
	return m.startGeneration(text)
}

func (m *Model) startGeneration(text string) tea.Cmd {
	m.gen++
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel, m.stopping = cancel, false
	who := "Customer"
	if c := m.status.customer; c != nil {
		who = customerLabel(*c)
	}
	m.conv.add(&entry{kind: kindCustomer, title: who, text: text})
	m.live = m.conv.add(&entry{kind: kindAnswer, live: true})
	ch := make(chan tea.Msg, streamBuffer)
	return tea.Batch(startSend(ctx, m.s, m.gen, text, ch, m.ctx.Done()), readStream(ch), m.spin.Tick)
}

// command runs one slash command; line is what goes into the history.
func (m *Model) command(c command, line string) tea.Cmd {
	needsSession := c.Name == "customer" && c.Arg != "" || c.Name == "new" || c.Name == "handoff"
	if needsSession && m.busy() {
		if m.live != nil {
			m.status.flash = "wait for the answer (Esc cancels), then /" + c.Name
		} else {
			m.status.flash = "wait: " + m.op
		}
		return nil
	}
	m.input.submit(line)
	switch c.Name {
	case "customer":
		if c.Arg == "" {
			if m.status.customer != nil {
				m.conv.add(&entry{kind: kindNote, text: "Customer: " + customerDetail(*m.status.customer)})
			} else {
				m.conv.add(&entry{kind: kindNote, text: "No customer yet. Usage: /customer PHONE_OR_ID"})
			}
			return nil
		}
		m.op = "finding customer " + c.Arg
		return tea.Batch(bindCustomer(m.ctx, m.s, c.Arg), m.spin.Tick)
	case "new":
		m.op = "starting a new conversation"
		return tea.Batch(resetSession(m.ctx, m.s), m.spin.Tick)
	case "handoff":
		m.op = "handing off"
		return tea.Batch(handOff(m.ctx, m.s, c.Arg), m.spin.Tick)
	case "sources":
		m.toggleSources()
	case "explain":
		m.explain()
	case "copy":
		if m.last == nil || strings.TrimSpace(m.last.Answer) == "" {
			m.conv.add(&entry{kind: kindNote, text: "No answer to copy yet."})
			return nil
		}
		return copyToClipboard(m.opt.Out, m.last.Answer)
	case "help":
		m.showHelp()
	case "quit", "exit":
		return m.quit()
	default:
		m.conv.add(&entry{kind: kindNote, text: fmt.Sprintf("Unknown command /%s — /help lists the commands.", c.Name)})
	}
	return nil
}

func (m *Model) toggleSources() {
	m.conv.showSources = !m.conv.showSources
	m.conv.refresh()
	if m.conv.showSources {
		m.status.flash = "sources shown"
	} else {
		m.status.flash = "sources hidden"
	}
}

func (m *Model) explain() {
	a := m.last
	if a == nil {
		m.conv.add(&entry{kind: kindNote, text: "No answer to explain yet."})
		return
	}
	lines := []string{}
	if s := answerStats(*a, statsFull); s != "" {
		lines = append(lines, s)
	}
	for _, l := range a.Explanation {
		lines = append(lines, "• "+l)
	}
	if len(a.Explanation) == 0 {
		lines = append(lines, "The pipeline gave no explanation for this answer.")
	}
	m.conv.add(&entry{kind: kindBlock, title: "Why this route", lines: lines})
}

func (m *Model) showHelp() {
	cmds := make([]string, 0, len(commandList))
	for _, c := range commandList {
		cmds = append(cmds, c.Usage+"\t"+c.Desc)
	}
	m.conv.add(&entry{kind: kindBlock, title: "Commands", lines: cmds})
	var keys []string
	for _, group := range m.keys.FullHelp() {
		for _, b := range group {
			keys = append(keys, b.Help().Key+"\t"+b.Help().Desc)
		}
	}
	m.conv.add(&entry{kind: kindBlock, title: "Keys", lines: keys})
}

// cancelLive stops the running generation; its done message marks the
// answer cancelled.
func (m *Model) cancelLive() {
	m.stopping = true
	if m.cancel != nil {
		m.cancel()
	}
}

func (m *Model) quit() tea.Cmd {
	m.cancelLive()
	m.quitting = true
	return tea.Quit
}

func (m *Model) applyEvent(ev assistant.Event) {
	e := m.live
	switch ev.Kind {
	case assistant.EventDecision:
		if ev.Answer != nil {
			a := *ev.Answer
			e.decision = &a
		}
	case assistant.EventToken:
		e.text += ev.Text
	case assistant.EventToolCall:
		if ev.ToolCall != nil {
			e.tools = append(e.tools, *ev.ToolCall)
		}
	case assistant.EventStatus:
		e.activity = ev.Text
	}
	m.conv.refresh()
}

// finish ends the live generation with its answer or error.
func (m *Model) finish(ans assistant.Answer, err error) {
	e := m.live
	e.live = false
	switch {
	case err == nil:
		// The final answer wins over the streamed draft: the guard may have
		// replaced it.
		e.answer, e.text = &ans, ans.Answer
		m.last = &ans
	case m.stopping || errors.Is(err, context.Canceled):
		e.cancelled = true
	default:
		e.err = err
	}
	m.live = nil
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.stopping = false
	// The pipeline may bind the customer itself, from a phone number the
	// customer gave.
	m.syncCustomer()
	m.conv.refresh()
}

func (m *Model) syncCustomer() {
	if c, ok := m.s.Customer(); ok {
		m.status.customer = &c
	} else {
		m.status.customer = nil
	}
}

// layout sizes the panes to the window; the conversation takes what the
// bar, the input and the help line leave.
func (m *Model) layout() {
	if m.width <= 0 || m.height <= 0 {
		return
	}
	m.status.activity, m.status.spinner = m.activity(), m.spin.View()
	m.status.last = m.last
	m.status.SetSize(m.width)
	m.input.SetSize(m.width)
	h := m.height - 1 - m.status.Height() - m.input.Height()
	if m.showHelpLine() {
		h--
	}
	m.conv.SetSize(m.width, max(h, 1))
}

func (m *Model) showHelpLine() bool { return m.height >= minHelpHeight }

// activity returns what the status bar says while something runs.
func (m *Model) activity() string {
	switch {
	case m.live != nil && m.stopping:
		return "cancelling"
	case m.live != nil && m.live.text != "":
		return "answering"
	case m.live != nil && m.live.activity != "":
		return oneLine(m.live.activity)
	case m.live != nil:
		return "thinking"
	}
	return m.op
}

// View draws the conversation, a rule, the status bar, the input and the
// key help.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	parts := []string{
		m.conv.View(),
		m.st.Rule.Render(strings.Repeat("─", m.width)),
		m.status.View(),
		m.input.View(),
	}
	if m.showHelpLine() {
		parts = append(parts, m.helpLine())
	}
	return strings.Join(parts, "\n")
}

// helpLine returns the short key help, as many whole items as fit.
func (m Model) helpLine() string {
	var b strings.Builder
	used := 0
	for _, kb := range m.keys.ShortHelp() {
		item := m.st.HelpKey.Render(kb.Help().Key) + " " + m.st.HelpDesc.Render(kb.Help().Desc)
		if used > 0 {
			item = m.st.HelpSep.Render(" • ") + item
		}
		w := ansi.StringWidth(item)
		if used+w > m.width {
			break
		}
		b.WriteString(item)
		used += w
	}
	return b.String()
}
