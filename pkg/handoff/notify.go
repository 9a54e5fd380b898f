package handoff

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Notification limits; config validation uses the same bounds.
const (
	// MaxNotifyRetries caps the extra attempts per channel.
	MaxNotifyRetries = 10
	// MaxNotifyTimeout caps the deadline of one ticket's delivery.
	MaxNotifyTimeout = 5 * time.Minute
	// DefaultNotifyTimeout is the deadline when none is configured.
	DefaultNotifyTimeout = 30 * time.Second
	// defaultBackoff is the first wait between attempts; it doubles, up to
	// maxBackoff.
	defaultBackoff = 500 * time.Millisecond
	maxBackoff     = 5 * time.Second
)

// NotifyOptions says how staff hear about urgent and high tickets: a
// command, a webhook, or both.
type NotifyOptions struct {
	// Command runs with /bin/sh -c for each ticket, the ticket's JSON on
	// its stdin and CAFEBOT_TICKET_ID, _NUMBER, _PRIORITY, _CATEGORY,
	// _REASON and _CUSTOMER in its environment; a non-zero exit is a
	// failed attempt.
	Command string
	// Webhook receives a POST of the Notification as JSON; a 2xx status is
	// success, 408, 429 and 5xx are retried, other statuses are not.
	Webhook string
	// Retries is how many more attempts each channel gets after a failure,
	// 0..MaxNotifyRetries.
	Retries int
	// Timeout bounds all attempts of one ticket together; 0 means
	// DefaultNotifyTimeout.
	Timeout time.Duration
	// Backoff is the first wait between attempts (it doubles each time);
	// 0 means half a second. Tests shorten it.
	Backoff time.Duration
	// HTTP is the webhook's client; nil means a plain http.Client (the
	// deadline comes from the context).
	HTTP *http.Client
	// Logger records failed deliveries; nil discards them.
	Logger *slog.Logger
}

// Notification is the webhook's JSON body: Text reads well in a chat
// channel (it is the field Slack-style webhooks show), the rest is for
// programs.
type Notification struct {
	Text        string    `json:"text"`
	Ticket      int64     `json:"ticket"`
	Number      string    `json:"number"`
	Priority    Priority  `json:"priority"`
	Category    string    `json:"category"`
	Reason      string    `json:"reason"`
	CustomerID  string    `json:"customer_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Merged      bool      `json:"merged,omitempty"`
	LastMessage string    `json:"last_message,omitempty"`
}

// NotificationFor returns what is sent about t.
func NotificationFor(t Ticket) Notification {
	text := fmt.Sprintf("cafebot: %s ticket %s (%s): %s", strings.ToUpper(string(t.Priority)), t.Number(),
		categoryLabel(t.Category), oneLine(t.Reason))
	if t.Merged {
		text += " (raised by a new message)"
	}
	return Notification{
		Text: text, Ticket: t.ID, Number: t.Number(), Priority: t.Priority, Category: t.Category,
		Reason: t.Reason, CustomerID: t.CustomerID, CreatedAt: t.CreatedAt, Merged: t.Merged,
		LastMessage: truncate(oneLine(lastCustomer(t.Transcript)), 200),
	}
}

// Notifier delivers notifications of urgent and high tickets in the
// background, so filing a ticket never waits for them, and a failed
// delivery is logged without touching the stored ticket.
type Notifier struct {
	opt NotifyOptions
	wg  sync.WaitGroup
}

// NewNotifier checks opt and returns its Notifier; with neither a command
// nor a webhook it returns a Notifier that sends nothing.
func NewNotifier(opt NotifyOptions) (*Notifier, error) {
	if opt.Webhook != "" {
		u, err := url.Parse(opt.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("notify.webhook %q: want an http:// or https:// URL", opt.Webhook)
		}
	}
	switch {
	case opt.Retries < 0 || opt.Retries > MaxNotifyRetries:
		return nil, fmt.Errorf("notify.retries %d: want 0 to %d", opt.Retries, MaxNotifyRetries)
	case opt.Timeout < 0 || opt.Timeout > MaxNotifyTimeout:
		return nil, fmt.Errorf("notify.timeout %v: want up to %v", opt.Timeout, MaxNotifyTimeout)
	}
	if opt.Timeout == 0 {
		opt.Timeout = DefaultNotifyTimeout
	}
	if opt.Backoff <= 0 {
		opt.Backoff = defaultBackoff
	}
	if opt.HTTP == nil {
		opt.HTTP = &http.Client{}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Notifier{opt: opt}, nil
}

// Enabled reports whether a command or a webhook is configured.
func (n *Notifier) Enabled() bool { return n.opt.Command != "" || n.opt.Webhook != "" }

// Wants reports whether t is pressing enough to notify about: urgent and
// high tickets only.
func Wants(t Ticket) bool { return t.Priority == PriorityUrgent || t.Priority == PriorityHigh }

// Hook returns the function to register with Queue.OnCreate: it starts a
// delivery in the background for each ticket Wants, bounded by the
// Timeout, and returns at once.
func (n *Notifier) Hook() func(Ticket) {
	return func(t Ticket) {
		if !n.Enabled() || !Wants(t) {
			return
		}
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			if err := n.Deliver(context.Background(), t); err != nil {
				n.opt.Logger.Error("handoff notification failed; the ticket is stored", "ticket", t.Number(), "err", err)
			}
		}()
	}
}

// Wait blocks until the deliveries started so far end or ctx is done, so a
// short-lived command does not exit in the middle of one. Each delivery
// ends by its Timeout.
func (n *Notifier) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { n.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Deliver sends t through every configured channel now, each with its
// retries, all within the Timeout, and returns the channels' errors
// joined.
func (n *Notifier) Deliver(ctx context.Context, t Ticket) error {
	ctx, cancel := context.WithTimeout(ctx, n.opt.Timeout)
	defer cancel()
	var errs []error
	if n.opt.Command != "" {
		if err := n.retry(ctx, func(ctx context.Context) (bool, error) { return true, n.runCommand(ctx, t) }); err != nil {
			errs = append(errs, fmt.Errorf("notify command: %w", err))
		}
	}
	if n.opt.Webhook != "" {
		if err := n.retry(ctx, func(ctx context.Context) (bool, error) { return n.post(ctx, t) }); err != nil {
			errs = append(errs, fmt.Errorf("notify webhook: %w", err))
		}
	}
	return errors.Join(errs...)
}

// retry runs attempt until it succeeds, says not to retry, the retries are
// spent or ctx ends, waiting with exponential backoff between attempts.
func (n *Notifier) retry(ctx context.Context, attempt func(context.Context) (retryable bool, err error)) error {
	wait := n.opt.Backoff
	for i := 1; ; i++ {
		again, err := attempt(ctx)
		switch {
		case err == nil:
			return nil
		case !again || i > n.opt.Retries:
			return fmt.Errorf("after %d attempt(s): %w", i, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("after %d attempt(s), at the deadline: %w", i, err)
		case <-time.After(wait):
		}
		wait = min(wait*2, maxBackoff)
	}
}

func (n *Notifier) runCommand(ctx context.Context, t Ticket) error {
	body, err := json.Marshal(t)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", n.opt.Command)
	cmd.Stdin = bytes.NewReader(body)
	cmd.Env = append(os.Environ(),
		"CAFEBOT_TICKET_ID="+strconv.FormatInt(t.ID, 10),
		"CAFEBOT_TICKET_NUMBER="+t.Number(),
		"CAFEBOT_TICKET_PRIORITY="+string(t.Priority),
		"CAFEBOT_TICKET_CATEGORY="+t.Category,
		"CAFEBOT_TICKET_REASON="+oneLine(t.Reason),
		"CAFEBOT_TICKET_CUSTOMER="+t.CustomerID,
	)
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	// A hook that leaves a child holding its output open must not keep
	// the delivery past the deadline.
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if msg := truncate(oneLine(stderr.String()), 200); msg != "" {
			return fmt.Errorf("%w: %s", err, msg)
		}
		return err
	}
	return nil
}

func (n *Notifier) post(ctx context.Context, t Ticket) (bool, error) {
	body, err := json.Marshal(NotificationFor(t))
	if err != nil {
		return false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.opt.Webhook, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "cafebot")
	resp, err := n.opt.HTTP.Do(req)
	if err != nil {
		return true, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return true, nil
	case s == http.StatusRequestTimeout || s == http.StatusTooManyRequests || s >= 500:
		return true, fmt.Errorf("status %d %s", s, http.StatusText(s))
	default:
		return false, fmt.Errorf("status %d %s, not retried", s, http.StatusText(s))
	}
}
