package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/server"
)

// Eight terminals chat at once through the real HTTP API; every session's
// transcript, on the server and in the saved conversation, holds its own
// turns and nobody else's.
func TestConcurrentSessionsKeepTheirOwnTurns(t *testing.T) {
	f := newFixture(t)
	const terminals, turns = 8, 3
	ctx := context.Background()
	var wg sync.WaitGroup
	infos := make([]client.SessionInfo, terminals)
	errs := make(chan error, terminals)
	for i := range terminals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token := tokenA
			if i%2 == 1 {
				token = tokenB
			}
			c := f.client(t, token)
			s, err := c.StartSession(ctx, client.SessionRequest{})
			if err != nil {
				errs <- err
				return
			}
			for k := range turns {
				var streamed strings.Builder
				ans, err := s.Send(ctx, fmt.Sprintf("Is the killer brownie gluten free? asks terminal-%d, turn %d", i, k), func(e assistant.Event) {
					if e.Kind == assistant.EventToken {
						streamed.WriteString(e.Text)
					}
				})
				if err != nil {
					errs <- fmt.Errorf("terminal %d turn %d: %w", i, k, err)
					return
				}
				if want := fmt.Sprintf("terminal-%d.", i); !strings.Contains(ans.Answer, want) {
					errs <- fmt.Errorf("terminal %d turn %d answered %q, want it to name %s", i, k, ans.Answer, want)
				}
				if !strings.HasPrefix(ans.Answer, streamed.String()) || streamed.Len() == 0 {
					errs <- fmt.Errorf("terminal %d streamed %q, not a prefix of %q", i, streamed.String(), ans.Answer)
				}
			}
			info, err := c.GetSession(ctx, s.Info().ID)
			if err != nil {
				errs <- err
				return
			}
			infos[i] = info
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	seen := map[int64]bool{}
	for i, info := range infos {
		mine := fmt.Sprintf("terminal-%d", i)
		if len(info.History) != 2*turns {
			t.Errorf("terminal %d: %d turns in the transcript, want %d", i, len(info.History), 2*turns)
		}
		for _, turn := range info.History {
			if got := markerRe.FindAllString(turn.Text, -1); len(got) != 1 || got[0] != mine {
				t.Errorf("terminal %d's transcript holds %q (markers %v)", i, turn.Text, got)
			}
		}
		if info.ConversationID == 0 || seen[info.ConversationID] {
			t.Fatalf("terminal %d: conversation id %d is missing or shared", i, info.ConversationID)
		}
		seen[info.ConversationID] = true
		conv, err := f.convs.Get(ctx, info.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		if len(conv.Messages) != 2*turns {
			t.Errorf("terminal %d: %d saved messages, want %d", i, len(conv.Messages), 2*turns)
		}
		for _, m := range conv.Messages {
			if got := markerRe.FindAllString(m.Text, -1); len(got) != 1 || got[0] != mine {
				t.Errorf("terminal %d's saved conversation holds %q", i, m.Text)
			}
		}
	}
}

// The ask stream is NDJSON: a decision first, tokens that spell a prefix
// of the answer, and one final answer line.
func TestAskStreamsNDJSON(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest("POST", f.http.URL+"/v1/ask", strings.NewReader(`{"question": "Is the killer brownie gluten free? terminal-7"}`))
	req.Header.Set("Authorization", "Bearer "+tokenA)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type = %q", ct)
	}
	var kinds []string
	var text strings.Builder
	var final *assistant.Answer
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var e client.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		kinds = append(kinds, e.Kind)
		if e.Kind == client.EventToken {
			text.WriteString(e.Text)
		}
		if e.Kind == client.EventAnswer {
			final = e.Answer
		}
	}
	decision, firstToken := -1, -1
	for i, k := range kinds {
		if k == client.EventDecision && decision < 0 {
			decision = i
		}
		if k == client.EventToken && firstToken < 0 {
			firstToken = i
		}
	}
	if decision < 0 || firstToken < decision || kinds[len(kinds)-1] != client.EventAnswer {
		t.Fatalf("event kinds = %v, want a decision before the tokens and the answer last", kinds)
	}
	if final == nil || final.Route != assistant.RouteFAQ || len(final.Sources) == 0 {
		t.Fatalf("final answer = %+v", final)
	}
	if text.Len() == 0 || !strings.HasPrefix(final.Answer, text.String()) {
		t.Errorf("streamed %q is not a prefix of the answer %q", text.String(), final.Answer)
	}

	// stream false: one JSON answer.
	no := false
	c := f.client(t, tokenA)
	req2, _ := json.Marshal(client.AskRequest{Question: "Is the killer brownie gluten free?", Stream: &no})
	r2, _ := http.NewRequest("POST", f.http.URL+"/v1/ask", strings.NewReader(string(req2)))
	r2.Header.Set("Authorization", "Bearer "+tokenA)
	resp2, err := http.DefaultClient.Do(r2)
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	var ans assistant.Answer
	if err := json.NewDecoder(resp2.Body).Decode(&ans); err != nil || ans.Route != assistant.RouteFAQ {
		t.Errorf("stream false: %v %+v", err, ans)
	}
	if _, err := c.Ask(context.Background(), client.AskRequest{Question: "How many points do I have?", Customer: "C1001"}, nil); err != nil {
		t.Errorf("ask for a customer: %v", err)
	}
}

func TestTokenRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, b, staff := f.client(t, tokenA), f.client(t, tokenB), f.client(t, tokenStaff)

	for name, c := range map[string]*client.Client{"none": f.client(t, ""), "wrong": f.client(t, "terminal-c-0123456789"), "prefix": f.client(t, tokenA[:len(tokenA)-1])} {
		if _, err := c.Health(ctx); statusOf(err) != http.StatusUnauthorized {
			t.Errorf("%s token: health gave %v, want 401", name, err)
		}
		if _, err := c.Ask(ctx, client.AskRequest{Question: "hello"}, nil); statusOf(err) != http.StatusUnauthorized {
			t.Errorf("%s token: ask gave %v, want 401", name, err)
		}
	}
	if _, err := a.Health(ctx); err != nil {
		t.Fatalf("terminal token: %v", err)
	}

	// Sessions: the creator and staff only.
	s, err := a.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	id := s.Info().ID
	if _, err := b.GetSession(ctx, id); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal read the session: %v, want 403", err)
	}
	if _, _, err := b.SendMessage(ctx, id, "hello", nil); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal wrote to the session: %v, want 403", err)
	}
	if _, err := b.Handoff(ctx, id, "x"); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal handed the session off: %v, want 403", err)
	}
	if err := b.CloseSession(ctx, id); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal closed the session: %v, want 403", err)
	}
	if _, err := staff.GetSession(ctx, id); err != nil {
		t.Errorf("staff could not read the session: %v", err)
	}

	// Tickets: a's escalation is a's and staff's.
	ans, _, err := a.SendMessage(ctx, id, "I want to speak to a manager right now", nil)
	if err != nil || ans.HandoffID == 0 {
		t.Fatalf("escalation: %v %+v", err, ans)
	}
	if _, err := a.Ticket(ctx, ans.HandoffID); err != nil {
		t.Errorf("the creator could not read its ticket: %v", err)
	}
	if _, err := staff.Ticket(ctx, ans.HandoffID); err != nil {
		t.Errorf("staff could not read the ticket: %v", err)
	}
	if _, err := b.Ticket(ctx, ans.HandoffID); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal read the ticket: %v, want 403", err)
	}
	list := func(c *client.Client) []int64 {
		ts, err := c.Tickets(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, t := range ts {
			ids = append(ids, t.ID)
		}
		return ids
	}
	if got := list(b); len(got) != 0 {
		t.Errorf("another terminal lists tickets %v", got)
	}
	if got := list(a); len(got) != 1 || got[0] != ans.HandoffID {
		t.Errorf("the creator lists %v, want [%d]", got, ans.HandoffID)
	}
	if got := list(staff); len(got) != 1 {
		t.Errorf("staff lists %v", got)
	}

	// A saved conversation resumes only for its creator and staff.
	info, err := a.GetSession(ctx, id)
	if err != nil || info.ConversationID == 0 {
		t.Fatalf("session after a message: %+v, %v", info, err)
	}
	conv := info.ConversationID
	if _, err := b.CreateSession(ctx, client.SessionRequest{Resume: conv}); statusOf(err) != http.StatusForbidden {
		t.Errorf("another terminal resumed the conversation: %v, want 403", err)
	}
	if _, err := a.CreateSession(ctx, client.SessionRequest{Resume: conv}); err != nil {
		t.Errorf("the creator could not resume: %v", err)
	}
}

func TestCheckListen(t *testing.T) {
	tests := []struct {
		addr  string
		token bool
		ok    bool
	}{
		{"127.0.0.1:11435", false, true},
		{"localhost:11435", false, true},
		{"[::1]:11435", false, true},
		{"0.0.0.0:11435", false, false},
		{":11435", false, false},
		{"[::]:11435", false, false},
		{"192.168.1.20:11435", false, false},
		{"counter.local:11435", false, false},
		{"0.0.0.0:11435", true, true},
	}
	for _, tc := range tests {
		err := server.CheckListen(tc.addr, tc.token)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, server.ErrTokenRequired)) {
			t.Errorf("CheckListen(%q, %v) = %v, want ok %v", tc.addr, tc.token, err, tc.ok)
		}
	}
	f := newFixture(t)
	opt := f.opt
	opt.Tokens = []string{"short"}
	if _, err := server.New(opt); !errors.Is(err, server.ErrWeakToken) {
		t.Errorf("a 5-character token gave %v, want ErrWeakToken", err)
	}
}

// Bad requests get a JSON error with the right status, one line, and
// nothing is changed.
func TestErrorsAreJSON(t *testing.T) {
	f := newFixture(t)
	big := `{"question": "` + strings.Repeat("a", 2<<20) + `"}`
	tests := []struct {
		name, method, path, body string
		status                   int
		hint                     bool
	}{
		{"bad json", "POST", "/v1/ask", `{"question":`, 400, true},
		{"unknown field", "POST", "/v1/ask", `{"questoin": "hi"}`, 400, true},
		{"empty question", "POST", "/v1/ask", `{"question": "  "}`, 400, false},
		{"bad strategy", "POST", "/v1/ask", `{"question": "hi", "strategy": "fast"}`, 400, false},
		{"unknown customer", "POST", "/v1/ask", `{"question": "my points", "customer": "C9999"}`, 404, true},
		{"too large", "POST", "/v1/ask", big, 413, false},
		{"wrong method", "GET", "/v1/ask", ``, 405, false},
		{"no endpoint", "GET", "/v1/nope", ``, 404, true},
		{"no session", "GET", "/v1/sessions/abc", ``, 404, true},
		{"empty classify", "POST", "/v1/classify", `{"text": ""}`, 400, false},
		{"k too big", "POST", "/v1/search", `{"query": "brownie", "k": 5000}`, 400, false},
		{"bad ticket", "GET", "/v1/tickets/abc", ``, 400, false},
		{"no ticket", "GET", "/v1/tickets/999", ``, 404, false},
		{"bad limit", "GET", "/v1/tickets?limit=x", ``, 400, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, f.http.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+tokenStaff)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			var body client.ErrorBody
			if err := json.Unmarshal(b, &body); err != nil || body.Error == "" || strings.Contains(body.Error, "\n") {
				t.Errorf("body %q is not a one-line JSON error", b)
			}
			if tc.hint && body.Hint == "" {
				t.Errorf("no hint in %s", b)
			}
		})
	}
}

func TestSearchClassifyDocuments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.client(t, tokenA)
	res, err := c.Search(ctx, client.SearchRequest{Query: "is the brownie gluten free", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != 3 || res.Mode != "hybrid" || !strings.Contains(strings.ToLower(res.Results[0].Text), "brownie") {
		t.Errorf("search = mode %s, %d results: %+v", res.Mode, len(res.Results), res.Results)
	}
	d, err := c.Classify(ctx, client.ClassifyRequest{Text: "I want a refund for order 10482"})
	if err != nil || d.Intent != "transactional" || d.Sub != "refund" || d.Text == "" {
		t.Errorf("classify = %+v, %v", d, err)
	}
	if d, err := c.Classify(ctx, client.ClassifyRequest{Text: "can someone real call me back", Explain: true}); err != nil || d.Model == nil {
		t.Errorf("classify with explain = %+v, %v; want the learned layer's view", d, err)
	}
	docs, err := c.Documents(ctx)
	if err != nil || docs.Index.Chunks == 0 || len(docs.Files) == 0 {
		t.Errorf("documents = %+v, %v", docs.Index, err)
	}
	var chunks int
	for _, fl := range docs.Files {
		chunks += fl.Chunks
	}
	if chunks != docs.Index.Chunks {
		t.Errorf("files hold %d chunks, index %d", chunks, docs.Index.Chunks)
	}
}

// A saved conversation is never re-assigned: resuming it for another
// customer is refused, resuming it for its own customer works.
func TestResumeKeepsTheConversationsCustomer(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.client(t, tokenA)
	s, err := c.StartSession(ctx, client.SessionRequest{Customer: "C1001"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(ctx, "How many points do I have?", nil); err != nil {
		t.Fatal(err)
	}
	conv := s.ID()
	if conv == 0 {
		t.Fatal("no conversation id after a message")
	}
	if _, err := c.CreateSession(ctx, client.SessionRequest{Resume: conv, Customer: "C1002"}); statusOf(err) != http.StatusConflict {
		t.Errorf("resume as another customer: %v, want 409", err)
	}
	info, err := c.CreateSession(ctx, client.SessionRequest{Resume: conv, Customer: "C1001"})
	if err != nil || len(info.History) != 2 || info.Customer == nil || info.Customer.ID != "C1001" {
		t.Errorf("resume as its customer = %+v, %v", info, err)
	}
}

// The server holds at most MaxSessions; idle ones expire (their
// conversations stay saved) and make room.
func TestSessionLimitAndIdleExpiry(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newFixture(t, func(o *server.Options) { o.MaxSessions, o.SessionIdle, o.Now = 2, time.Hour, clock })
	ctx := context.Background()
	c := f.client(t, tokenA)
	first, err := c.CreateSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSession(ctx, client.SessionRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSession(ctx, client.SessionRequest{}); statusOf(err) != http.StatusServiceUnavailable {
		t.Errorf("third session over a limit of 2: %v, want 503", err)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	if _, err := c.CreateSession(ctx, client.SessionRequest{}); err != nil {
		t.Errorf("after the idle ones expired: %v", err)
	}
	if _, err := c.GetSession(ctx, first.ID); statusOf(err) != http.StatusNotFound {
		t.Errorf("an expired session: %v, want 404", err)
	}
}

// probeWriter sends the next message into the same session, in-process,
// at the moment the server writes the answer the client will read: a
// terminal that has its answer may send again at once, so by then the
// session's turn must be free.
type probeWriter struct {
	http.ResponseWriter
	probe  func() int
	status *int
	final  []byte // what the reply's write holds; empty: the first write
}

func (p probeWriter) Write(b []byte) (int, error) {
	if *p.status == 0 && bytes.Contains(b, p.final) {
		*p.status = p.probe()
	}
	return p.ResponseWriter.Write(b)
}

func (p probeWriter) Flush() {
	if f, ok := p.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// The next message a terminal sends right after reading a reply is taken:
// CI once saw "the session is still answering" because the turn was given
// back only after the answer had been written.
func TestNextMessageRightAfterTheReplyIsTaken(t *testing.T) {
	for _, tc := range []struct {
		name, path, body string
		final            string // what the probed write holds; "": the first write
	}{
		{"streamed answer", "/messages", `{"text": "Is the killer brownie gluten free? terminal-1"}`, `"kind":"answer"`},
		{"answer", "/messages", `{"text": "Is the killer brownie gluten free? terminal-1", "stream": false}`, ""},
		{"customer bound", "/customer", `{"customer": "555-010-2233"}`, ""},
		{"reset", "/reset", `{}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			srv, err := server.New(f.opt)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Close() })
			h := srv.Handler()
			do := func(w http.ResponseWriter, path, body string) {
				req := httptest.NewRequest("POST", client.APIVersion+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tokenA)
				h.ServeHTTP(w, req)
			}
			rec := httptest.NewRecorder()
			do(rec, "/sessions", `{}`)
			var info client.SessionInfo
			if err := json.Unmarshal(rec.Body.Bytes(), &info); err != nil || info.ID == "" {
				t.Fatalf("start session: %d %s", rec.Code, rec.Body)
			}
			session := "/sessions/" + info.ID
			var probed int
			first := httptest.NewRecorder()
			do(probeWriter{ResponseWriter: first, status: &probed, final: []byte(tc.final), probe: func() int {
				next := httptest.NewRecorder()
				do(next, session+"/messages", `{"text": "And the oat latte? terminal-1", "stream": false}`)
				return next.Code
			}}, session+tc.path, tc.body)
			if first.Code != http.StatusOK {
				t.Fatalf("first request: %d %s", first.Code, first.Body)
			}
			if probed != http.StatusOK {
				t.Errorf("the next message, sent as the reply was written, got %d; want 200", probed)
			}
		})
	}
}
