package tui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// script is what the fake session does for one message.
type script struct {
	events []assistant.Event
	delay  time.Duration // before each event
	answer assistant.Answer
	err    error
	// block waits for ctx after the events and returns its error, like a
	// model that is still thinking.
	block bool
	// bind binds this customer while answering, like the pipeline does when
	// the customer gives a phone number.
	bind *Customer
}

// fakeSession is a scripted Session: each message plays its script.
type fakeSession struct {
	mu        sync.Mutex
	scripts   map[string]script
	customers map[string]Customer
	customer  *Customer
	history   []assistant.Turn
	id        int64
	ticket    string
	handoffs  []string
	resets    int
	sent      []string
}

func (f *fakeSession) Send(ctx context.Context, text string, onEvent func(assistant.Event)) (assistant.Answer, error) {
	f.mu.Lock()
	sc, ok := f.scripts[text]
	f.sent = append(f.sent, text)
	f.mu.Unlock()
	if !ok {
		return assistant.Answer{}, fmt.Errorf("fake session: no script for %q", text)
	}
	for _, ev := range sc.events {
		if sc.delay > 0 {
			select {
			case <-time.After(sc.delay):
			case <-ctx.Done():
				return assistant.Answer{}, ctx.Err()
			}
		}
		if onEvent != nil {
			onEvent(ev)
		}
	}
	if sc.block {
		<-ctx.Done()
		return assistant.Answer{}, ctx.Err()
	}
	if sc.err != nil {
		return assistant.Answer{}, sc.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if sc.bind != nil {
		c := *sc.bind
		f.customer = &c
	}
	f.history = append(f.history, assistant.Turn{Role: "customer", Text: text}, assistant.Turn{Role: "assistant", Text: sc.answer.Answer})
	a := sc.answer
	a.Question = text
	return a, nil
}

func (f *fakeSession) BindCustomer(_ context.Context, idOrPhone string) (Customer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.customers[strings.TrimSpace(idOrPhone)]
	if !ok {
		return Customer{}, fmt.Errorf("no customer with id or phone %q", idOrPhone)
	}
	f.customer = &c
	return c, nil
}

func (f *fakeSession) Customer() (Customer, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.customer == nil {
		return Customer{}, false
	}
	return *f.customer, true
}

func (f *fakeSession) Reset(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.customer, f.history = nil, nil
	f.resets++
	return nil
}

func (f *fakeSession) Handoff(_ context.Context, reason string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handoffs = append(f.handoffs, reason)
	return f.ticket, nil
}

func (f *fakeSession) ID() int64 { return f.id }

func (f *fakeSession) History() []assistant.Turn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]assistant.Turn(nil), f.history...)
}

// fakeHealth answers every ping with err.
type fakeHealth struct{ err error }

func (h fakeHealth) Ping(context.Context) error { return h.err }

// tokens splits text into word tokens, as a model streams them.
func tokens(text string) []assistant.Event {
	var evs []assistant.Event
	for _, w := range strings.SplitAfter(text, " ") {
		evs = append(evs, assistant.Event{Kind: assistant.EventToken, Text: w})
	}
	return evs
}

var dana = Customer{ID: "C1001", Name: "Dana Reyes", Phone: "+1 555 0100"}

const (
	faqQuestion = "When does Elm Street open on Sundays?"
	faqAnswer   = "Elm Street opens at **8am** on Sundays and closes at 4pm. The kitchen stops hot food at 3:30pm."
	creditAsk   = "Please add the points for yesterday's order"
	angryAsk    = "This is the third time my order is wrong, I want a manager"
	slowAsk     = "Can you check my catering order for Friday?"
)

// newFake returns a session with the scripts the tests share.
func newFake() *fakeSession {
	faq := assistant.Answer{
		Intent: "faq", Route: assistant.RouteFAQ, Model: "cafebot-small", Answer: faqAnswer,
		Sources: []assistant.Source{
			{Source: "hours/elm-street.md", Section: "Sunday hours", Score: 0.82},
			{Source: "hours/elm-street.md", Section: "Sunday hours", Score: 0.71},
			{Source: "menu/kitchen.md", Section: "Hot food", Score: 0.55},
		},
		Timings:     assistant.Timings{FirstToken: 312, Total: 1240},
		Explanation: []string{"keywords \"open\", \"sunday\" matched the faq intent (0.91)", "faq questions go to the small model with retrieval"},
	}
	decision := faq
	decision.Answer, decision.Sources = "", nil
	faqEvents := append([]assistant.Event{
		{Kind: assistant.EventDecision, Answer: &decision},
		{Kind: assistant.EventStatus, Text: "searching the café documents"},
	}, tokens(faqAnswer)...)

	credit := assistant.Answer{
		Intent: "loyalty", Route: assistant.RouteTransactional, Model: "cafebot-small",
		Answer: "Done — I credited **40 points** for order 5521. Dana now has 1,240 points.",
		ToolCalls: []assistant.ToolCallReport{
			{Name: "get_order", Error: "that order is not on this account"},
			{Name: "credit_points", Summary: "credited 40 points"},
		},
		Timings: assistant.Timings{FirstToken: 420, Total: 2310},
	}

	angry := assistant.Answer{
		Intent: "complaint", Route: assistant.RouteHandoff, Answer: "I'm sorry about your order. A manager will contact you today.",
		Flagged: true, Escalated: true, HandoffID: 1042, Notice: "repeated complaint, customer asked for a manager",
		Timings: assistant.Timings{Total: 35},
	}
	slowDecision := assistant.Answer{Intent: "catering", Route: assistant.RouteTransactional, Model: "cafebot-small"}

	return &fakeSession{
		id:        7,
		ticket:    "#1043",
		customers: map[string]Customer{"555-0100": dana, "C1001": dana},
		scripts: map[string]script{
			faqQuestion: {events: faqEvents, delay: 2 * time.Millisecond, answer: faq},
			creditAsk:   {events: tokens(credit.Answer), delay: time.Millisecond, answer: credit},
			angryAsk:    {events: []assistant.Event{{Kind: assistant.EventStatus, Text: "checking the message"}}, answer: angry},
			slowAsk: {
				events: append([]assistant.Event{{Kind: assistant.EventDecision, Answer: &slowDecision}}, tokens("Let me look up your catering order ")...),
				delay:  time.Millisecond, block: true,
			},
		},
	}
}
