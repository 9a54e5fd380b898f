package tui

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// BenchmarkStreamToken measures one streamed token arriving in a chat that
// already holds 50 answered questions, into an answer up to 64 tokens long:
// the cost the UI pays per token, drawing included.
func BenchmarkStreamToken(b *testing.B) {
	f := newFake()
	m := New(f, nil, Options{NoColor: true, Out: io.Discard})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m = next.(Model)
	ans := assistant.Answer{Route: assistant.RouteFAQ, Answer: strings.Repeat(faqAnswer+" ", 3),
		Sources: []assistant.Source{{Source: "hours/elm-street.md", Section: "Sunday hours"}}}
	for range 50 {
		m.conv.add(&entry{kind: kindCustomer, title: "Customer", text: faqQuestion})
		m.conv.add(&entry{kind: kindAnswer, text: ans.Answer, answer: &ans})
	}
	m.live = m.conv.add(&entry{kind: kindAnswer, live: true})
	m.gen = 1
	ev := streamEventMsg{gen: 1, ev: assistant.Event{Kind: assistant.EventToken, Text: "word "}}
	b.ResetTimer()
	for i := range b.N {
		if i%64 == 0 {
			// Answers are a few dozen tokens long; start the next one.
			m.live.text = ""
		}
		next, _ = m.Update(ev)
		m = next.(Model)
		_ = m.View()
	}
}
