// Package client talks to `cafebot serve`: the API's request and response
// types and a small client for them, in the way Ollama's api package serves
// both its server and its CLI. Answers stream as NDJSON, one Event a line.
package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// Default deadlines of a Client's calls.
const (
	// DefaultRequestTimeout bounds a call that does not stream an answer.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultAnswerTimeout bounds a streamed answer, first byte to last.
	DefaultAnswerTimeout = 10 * time.Minute
)

// maxLine bounds one NDJSON line (a final answer with its sources).
const maxLine = 8 << 20

// StatusError is an error response from the server: its HTTP status and
// the one-line message and hint the server gave.
type StatusError struct {
	StatusCode int
	Message    string
	Hint       string
}

// Error returns the server's message.
func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("cafebot server: %s", http.StatusText(e.StatusCode))
	}
	return e.Message
}

// ErrUnreachable wraps the error of a request that never got an answer
// from the server (refused, reset, or timed out before a response).
var ErrUnreachable = errors.New("cafebot server unreachable")

// AnswerFunc receives each event of a streamed answer, in order; an error
// stops the stream and is returned by the call.
type AnswerFunc func(Event) error

// Client calls one cafebot server. It is safe for concurrent use.
type Client struct {
	base  *url.URL
	token string
	http  *http.Client

	// RequestTimeout and AnswerTimeout are the calls' deadlines (defaults
	// DefaultRequestTimeout and DefaultAnswerTimeout); ctx may be shorter.
	RequestTimeout time.Duration
	AnswerTimeout  time.Duration
}

// New returns a client for the server at rawURL ("http://127.0.0.1:11435")
// that sends token as a bearer token when it is not empty. hc nil means a
// fresh http.Client.
func New(rawURL, token string, hc *http.Client) (*Client, error) {
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{base: u, token: token, http: hc, RequestTimeout: DefaultRequestTimeout, AnswerTimeout: DefaultAnswerTimeout}, nil
}

// ParseURL reads a server address: a full http(s) URL, or HOST:PORT.
func ParseURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("server URL is empty")
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("server URL %q: want http://HOST:PORT", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// URL returns the server's base URL.
func (c *Client) URL() string { return c.base.String() }

// Health returns the server's status.
func (c *Client) Health(ctx context.Context) (Health, error) {
	var h Health
	return h, c.do(ctx, http.MethodGet, "/health", nil, &h)
}

// Ask answers one question, calling fn (may be nil) with every event as it
// streams, and returns the final answer.
func (c *Client) Ask(ctx context.Context, req AskRequest, fn AnswerFunc) (assistant.Answer, error) {
	ans, _, err := c.stream(ctx, "/ask", req, fn)
	return ans, err
}

// Search returns the passages the assistant would answer from.
func (c *Client) Search(ctx context.Context, req SearchRequest) (SearchResponse, error) {
	var out SearchResponse
	return out, c.do(ctx, http.MethodPost, "/search", req, &out)
}

// Classify returns the intent gate's decision for a message.
func (c *Client) Classify(ctx context.Context, req ClassifyRequest) (ClassifyResponse, error) {
	var out ClassifyResponse
	return out, c.do(ctx, http.MethodPost, "/classify", req, &out)
}

// CreateSession starts (or, with Resume, continues) a chat session.
func (c *Client) CreateSession(ctx context.Context, req SessionRequest) (SessionInfo, error) {
	var out SessionInfo
	return out, c.do(ctx, http.MethodPost, "/sessions", req, &out)
}

// GetSession returns a session with its turns.
func (c *Client) GetSession(ctx context.Context, id string) (SessionInfo, error) {
	var out SessionInfo
	return out, c.do(ctx, http.MethodGet, "/sessions/"+url.PathEscape(id), nil, &out)
}

// SendMessage runs one customer message in a session, streaming its events
// to fn (may be nil), and returns the answer and the session after it.
func (c *Client) SendMessage(ctx context.Context, id, text string, fn AnswerFunc) (assistant.Answer, SessionInfo, error) {
	return c.stream(ctx, "/sessions/"+url.PathEscape(id)+"/messages", MessageRequest{Text: text}, fn)
}

// BindCustomer binds a session to the customer with that id or phone.
func (c *Client) BindCustomer(ctx context.Context, id, customer string) (SessionInfo, error) {
	var out SessionInfo
	return out, c.do(ctx, http.MethodPost, "/sessions/"+url.PathEscape(id)+"/customer", CustomerRequest{Customer: customer}, &out)
}

// ResetSession starts a new conversation in the session, with no customer.
func (c *Client) ResetSession(ctx context.Context, id string) (SessionInfo, error) {
	var out SessionInfo
	return out, c.do(ctx, http.MethodPost, "/sessions/"+url.PathEscape(id)+"/reset", struct{}{}, &out)
}

// Handoff hands a session's conversation to a person now.
func (c *Client) Handoff(ctx context.Context, id, reason string) (HandoffResponse, error) {
	var out HandoffResponse
	return out, c.do(ctx, http.MethodPost, "/sessions/"+url.PathEscape(id)+"/handoff", HandoffRequest{Reason: reason}, &out)
}

// CloseSession ends a session on the server; its conversation stays saved.
func (c *Client) CloseSession(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/sessions/"+url.PathEscape(id), nil, nil)
}

// Documents lists the ingested documents.
func (c *Client) Documents(ctx context.Context) (DocumentsResponse, error) {
	var out DocumentsResponse
	return out, c.do(ctx, http.MethodGet, "/documents", nil, &out)
}

// Tickets lists the tickets this token may see; status is "open",
// "resolved" or "" for both, limit 0 means all.
func (c *Client) Tickets(ctx context.Context, status string, limit int) ([]handoff.Ticket, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	path := "/tickets"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out TicketsResponse
	return out.Tickets, c.do(ctx, http.MethodGet, path, nil, &out)
}

// Ticket returns one ticket.
func (c *Client) Ticket(ctx context.Context, id int64) (handoff.Ticket, error) {
	var out handoff.Ticket
	return out, c.do(ctx, http.MethodGet, "/tickets/"+strconv.FormatInt(id, 10), nil, &out)
}

// ClaimTicket records that req.By takes the open ticket on (staff token
// only) and returns it. number is "#1042", "1042" or an offline reference
// ("ELM-ROAD-L1002"). A ticket someone else holds, or one already resolved,
// is a 409 StatusError naming who or when.
func (c *Client) ClaimTicket(ctx context.Context, number string, req ClaimRequest) (handoff.Ticket, error) {
	var out handoff.Ticket
	p, err := ticketPath(number, "claim")
	if err != nil {
		return out, err
	}
	return out, c.do(ctx, http.MethodPost, p, req, &out)
}

// ReassignTicket moves the claimed ticket number names to req.To (staff
// token only).
func (c *Client) ReassignTicket(ctx context.Context, number string, req ReassignRequest) (handoff.Ticket, error) {
	var out handoff.Ticket
	p, err := ticketPath(number, "reassign")
	if err != nil {
		return out, err
	}
	return out, c.do(ctx, http.MethodPost, p, req, &out)
}

// ResolveTicket closes the open ticket with req's note (staff token only)
// and returns it; a ticket already resolved is a 409 StatusError.
func (c *Client) ResolveTicket(ctx context.Context, number string, req ResolveRequest) (handoff.Ticket, error) {
	var out handoff.Ticket
	p, err := ticketPath(number, "resolve")
	if err != nil {
		return out, err
	}
	return out, c.do(ctx, http.MethodPost, p, req, &out)
}

// ReopenTicket puts a resolved ticket back in the queue (staff token only)
// and returns it; a ticket still open is a 409 StatusError.
func (c *Client) ReopenTicket(ctx context.Context, number string, req ReopenRequest) (handoff.Ticket, error) {
	var out handoff.Ticket
	p, err := ticketPath(number, "reopen")
	if err != nil {
		return out, err
	}
	return out, c.do(ctx, http.MethodPost, p, req, &out)
}

// ticketPath returns the path of an action on ticket number.
func ticketPath(number, action string) (string, error) {
	number = strings.TrimSpace(number)
	if number == "" || strings.ContainsAny(number, "/?\\ ") {
		return "", fmt.Errorf("ticket %q: want a number (#1042) or a reference (ELM-ROAD-L1002)", number)
	}
	return "/tickets/" + number + "/" + action, nil
}

func (c *Client) newRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		r = bytes.NewReader(b)
	}
	u := *c.base
	p, q, _ := strings.Cut(path, "?")
	u.Path += APIVersion + p
	u.RawQuery = q
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return req, nil
}

// send issues the request and turns a transport failure or an error
// status into an error.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil && !errors.Is(ctxErr, context.DeadlineExceeded) {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%w at %s: %v", ErrUnreachable, c.base, err)
	}
	if resp.StatusCode >= 300 {
		defer resp.Body.Close()
		return nil, statusError(resp)
	}
	return resp, nil
}

func statusError(resp *http.Response) error {
	se := &StatusError{StatusCode: resp.StatusCode}
	var body ErrorBody
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(b, &body) == nil && body.Error != "" {
		se.Message, se.Hint = body.Error, body.Hint
	} else if s := strings.TrimSpace(string(b)); s != "" {
		se.Message = "cafebot server: " + resp.Status + ": " + firstLine(s)
	}
	return se
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.RequestTimeout, DefaultRequestTimeout))
	defer cancel()
	req, err := c.newRequest(ctx, method, path, body)
	if err != nil {
		return err
	}
	resp, err := c.send(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxLine)).Decode(out); err != nil {
		return fmt.Errorf("read the server's answer to %s %s: %w", method, path, err)
	}
	return nil
}

// stream posts body and reads NDJSON events until the answer or error line.
func (c *Client) stream(ctx context.Context, path string, body any, fn AnswerFunc) (assistant.Answer, SessionInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.AnswerTimeout, DefaultAnswerTimeout))
	defer cancel()
	req, err := c.newRequest(ctx, http.MethodPost, path, body)
	if err != nil {
		return assistant.Answer{}, SessionInfo{}, err
	}
	resp, err := c.send(req)
	if err != nil {
		return assistant.Answer{}, SessionInfo{}, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e Event
		if err := json.Unmarshal(line, &e); err != nil {
			return assistant.Answer{}, SessionInfo{}, fmt.Errorf("read the server's answer: %w", err)
		}
		if fn != nil {
			if err := fn(e); err != nil {
				return assistant.Answer{}, SessionInfo{}, err
			}
		}
		var ans assistant.Answer
		if e.Answer != nil {
			ans = *e.Answer
		}
		var info SessionInfo
		if e.Session != nil {
			info = *e.Session
		}
		switch e.Kind {
		case EventAnswer:
			return ans, info, nil
		case EventError:
			if e.Error == context.Canceled.Error() {
				return ans, info, context.Canceled
			}
			return ans, info, &StatusError{StatusCode: http.StatusInternalServerError, Message: e.Error, Hint: e.Hint}
		}
	}
	if err := sc.Err(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return assistant.Answer{}, SessionInfo{}, ctxErr
		}
		return assistant.Answer{}, SessionInfo{}, fmt.Errorf("read the server's answer: %w", err)
	}
	return assistant.Answer{}, SessionInfo{}, errors.New("the server ended the answer early (was it stopped?)")
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
