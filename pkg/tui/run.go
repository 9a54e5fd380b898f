package tui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

// Run shows the chat UI full screen (alternate screen; the mouse wheel
// only with opt.Mouse, which costs the terminal's text selection) on
// opt.In and opt.Out until staff quit or ctx is cancelled. A generation
// still running when the UI ends is cancelled.
func Run(ctx context.Context, s Session, h Health, opt Options) error {
	opt = opt.withDefaults()
	life, stop := context.WithCancel(ctx)
	defer stop()
	m := New(s, h, opt)
	m.ctx = life
	popts := []tea.ProgramOption{
		tea.WithContext(ctx),
		tea.WithInput(opt.In),
		tea.WithOutput(opt.Out),
		tea.WithAltScreen(),
	}
	if opt.Mouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	p := tea.NewProgram(m, popts...)
	_, err := p.Run()
	stop()
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil, errors.Is(err, tea.ErrInterrupted):
		// Leaving on a signal is a normal end of the chat.
		return nil
	}
	return fmt.Errorf("chat ui: %w", err)
}
