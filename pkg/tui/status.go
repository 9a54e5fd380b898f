package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// healthState is what the status bar knows about Ollama.
type healthState int

const (
	healthUnknown healthState = iota // not checked yet, or no Health given
	healthOK
	healthDown
)

// statusBar is the line (two when narrow) under the conversation: Ollama's
// state and the customer on the left, the last answer's facts or the
// current activity on the right.
type statusBar struct {
	st    *Styles
	width int

	checkHealth bool
	health      healthState
	// roles is the role models' state when the Health can tell it
	// (rolesKnown); a plain Ping only says Ollama answers.
	roles      []RoleState
	rolesKnown bool
	customer   *Customer
	last       *assistant.Answer

	// activity is shown with the spinner while something runs.
	activity string
	spinner  string
	// flash is a short hint that replaces the right side until the next key.
	flash string
}

// SetSize sets the bar's width.
func (s *statusBar) SetSize(w int) { s.width = w }

// Height returns how many lines View will take.
func (s *statusBar) Height() int { return strings.Count(s.View(), "\n") + 1 }

// View returns the bar: one line when the left side and the answer's facts
// fit, shortening the facts first; else two lines, each cut to the width.
func (s *statusBar) View() string {
	left := s.left()
	lw := ansi.StringWidth(left)
	right := s.right(statsFull)
	if right == "" {
		return ansi.Truncate(left, s.width, "…")
	}
	for level := statsFull; level <= statsMedium; level++ {
		right = s.right(level)
		if rw := ansi.StringWidth(right); lw+statusGap+rw <= s.width {
			return left + strings.Repeat(" ", s.width-lw-rw) + right
		}
	}
	for level := statsFull; level <= statsTight; level++ {
		right = s.right(level)
		if ansi.StringWidth(right) <= s.width {
			break
		}
	}
	return ansi.Truncate(left, s.width, "…") + "\n" + ansi.Truncate(right, s.width, "…")
}

// statusGap is the least space between the two sides of a one-line bar.
const statusGap = 3

func (s *statusBar) left() string {
	st := s.st
	var parts []string
	if s.checkHealth {
		switch {
		case s.health == healthOK && s.rolesKnown:
			parts = append(parts, rolesLabel(st, s.roles))
		case s.health == healthOK:
			parts = append(parts, st.StatusOK.Render("● ollama ok"))
		case s.health == healthDown:
			parts = append(parts, st.StatusDown.Render("○ ollama unreachable"))
		default:
			parts = append(parts, st.StatusUnknown.Render("◌ ollama …"))
		}
	}
	if s.customer != nil {
		parts = append(parts, st.StatusText.Render("customer: "+customerLabel(*s.customer)))
	} else {
		parts = append(parts, st.StatusDim.Render("no customer"))
	}
	return strings.Join(parts, st.StatusDim.Render(" · "))
}

func (s *statusBar) right(level int) string {
	st := s.st
	switch {
	case s.flash != "":
		return st.Flash.Render(s.flash)
	case s.activity != "":
		return s.spinner + " " + st.StatusText.Render(s.activity)
	case s.last != nil:
		return st.StatusDim.Render(answerStats(*s.last, level))
	}
	return ""
}
