package tui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// maxPlainLine bounds one input line in plain mode.
const maxPlainLine = 1 << 20

// RunPlain is the chat for when stdout is not a terminal: it reads one
// message or slash command per line from in, writes answers to out as plain
// text (no escape sequences), and returns nil at EOF. A failed command is
// reported on out and the chat goes on; a failed answer ends it with the
// error.
func RunPlain(ctx context.Context, s Session, in io.Reader, out io.Writer) error {
	p := plain{s: s, w: bufio.NewWriter(out), showSources: true}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), maxPlainLine)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.line(ctx, sc.Text()); err != nil {
			p.w.Flush()
			return err
		}
		if err := p.w.Flush(); err != nil {
			return fmt.Errorf("write answer: %w", err)
		}
		if p.quit {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read messages: %w", err)
	}
	return nil
}

// plain is the state of one plain-mode chat.
type plain struct {
	s           Session
	w           *bufio.Writer
	showSources bool
	last        *assistant.Answer
	quit        bool
}

// printf writes one line; what it prints is cleaned of control characters,
// since answers come from a model.
func (p *plain) printf(format string, args ...any) {
	fmt.Fprintln(p.w, clean(fmt.Sprintf(format, args...)))
}

func (p *plain) line(ctx context.Context, raw string) error {
	text := strings.TrimSpace(raw)
	if text == "" {
		return nil
	}
	c, ok := parseCommand(raw)
	if !ok {
		// Plain mode prints whole answers: the guard may still replace a
		// streamed draft.
		ans, err := p.s.Send(ctx, text, func(assistant.Event) {})
		if err != nil {
			return fmt.Errorf("answer %q: %w", text, err)
		}
		p.last = &ans
		p.answer(ans)
		return nil
	}
	switch c.Name {
	case "customer":
		if c.Arg == "" {
			if cu, ok := p.s.Customer(); ok {
				p.printf("customer: %s", customerDetail(cu))
			} else {
				p.printf("no customer; usage: /customer PHONE_OR_ID")
			}
			return nil
		}
		cu, err := p.s.BindCustomer(ctx, c.Arg)
		if err != nil {
			p.printf("error: %s", oneLine(err.Error()))
			return nil
		}
		p.printf("customer: %s", customerDetail(cu))
	case "new":
		if err := p.s.Reset(ctx); err != nil {
			p.printf("error: new conversation: %s", oneLine(err.Error()))
			return nil
		}
		p.last = nil
		p.printf("new conversation")
	case "sources":
		p.showSources = !p.showSources
		if p.showSources {
			p.printf("sources shown")
		} else {
			p.printf("sources hidden")
		}
	case "explain":
		if p.last == nil {
			p.printf("no answer to explain yet")
			return nil
		}
		p.printf("why: %s", answerStats(*p.last, statsFull))
		for _, l := range p.last.Explanation {
			p.printf("  - %s", oneLine(l))
		}
	case "handoff":
		ticket, err := p.s.Handoff(ctx, c.Arg)
		if err != nil {
			p.printf("error: %s", oneLine(err.Error()))
			return nil
		}
		reason := c.Arg
		if reason == "" {
			reason = "requested by staff"
		}
		p.printf("%s", handoffText(ticket, reason))
	case "help":
		for _, h := range commandList {
			p.printf("%-24s %s", h.Usage, h.Desc)
		}
	case "quit", "exit":
		p.quit = true
	default:
		p.printf("unknown command /%s; /help lists the commands", c.Name)
	}
	return nil
}

// answer prints one answer: its text, tool calls, sources, notice and
// banner, then a blank line.
func (p *plain) answer(a assistant.Answer) {
	if t := strings.TrimSpace(a.Answer); t != "" {
		p.printf("%s", t)
	}
	for _, tc := range a.ToolCalls {
		if text, ok := toolText(tc); ok {
			p.printf("  tool: %s", text)
		} else {
			p.printf("  tool failed: %s", text)
		}
	}
	if p.showSources {
		for _, l := range sourceLabels(a.Sources) {
			p.printf("  source: %s", l)
		}
	}
	if n := answerNotice(a); n != "" {
		p.printf("  note: %s", n)
	}
	if b := answerBanner(a); b != "" {
		p.printf("%s", b)
	}
	p.printf("")
}
