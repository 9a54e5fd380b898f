// Package handoff is the queue of conversations waiting for a person:
// safety and legal cases, abuse, failed tools, refunds needing a manager.
// Tickets live in cafebot's SQLite file, one row each, so a crash can lose
// neither a committed ticket nor leave half of one behind.
package handoff

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/escalation"
	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// ErrNotFound reports that no ticket has the requested number.
var ErrNotFound = errors.New("ticket not found")

// ErrAlreadyResolved reports an attempt to resolve a ticket a second time.
var ErrAlreadyResolved = errors.New("already resolved")

// ErrNotResolved reports an attempt to reopen a ticket that is still open.
var ErrNotResolved = errors.New("still open")

// ErrClaimed reports an attempt to claim a ticket someone else holds.
var ErrClaimed = errors.New("already claimed")

// Status says whether a ticket still needs a person.
type Status string

// The ticket statuses.
const (
	StatusOpen     Status = "open"
	StatusResolved Status = "resolved"
)

// Priority orders the queue: urgent tickets are listed first.
type Priority = escalation.Priority

// The priorities, most urgent first.
const (
	PriorityUrgent = escalation.PriorityUrgent
	PriorityHigh   = escalation.PriorityHigh
	PriorityNormal = escalation.PriorityNormal
	PriorityLow    = escalation.PriorityLow
)

// Turn is one message of the handed-off conversation.
type Turn struct {
	Role string    `json:"role"` // "customer", "assistant" or "system"
	Text string    `json:"text"`
	At   time.Time `json:"at,omitzero"`
}

// GuardResult is one guard verdict the pipeline reached before handing off.
type GuardResult struct {
	// Stage is what was checked: "input" (the customer's message) or
	// "draft" (the reply cafebot drafted).
	Stage      string             `json:"stage"`
	Flagged    bool               `json:"flagged"`
	Categories map[string]float64 `json:"categories,omitempty"`
	Score      float64            `json:"score"`
	Layer      string             `json:"layer,omitempty"`
}

// ToolCall is one account action the assistant took before handing off.
type ToolCall struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments,omitempty"`
	// Result is stored as JSON; a ticket read back holds the decoded JSON
	// value (map[string]any, []any, string, float64 or bool).
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
	// Summary is a short human line ("credited 40 points").
	Summary string `json:"summary,omitempty"`
}

// Ticket is one conversation handed to a person, with everything the person
// needs to pick it up without asking the customer to start again.
type Ticket struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Status    Status    `json:"status"`
	Priority  Priority  `json:"priority"`
	// Reason is a short human line saying why the ticket exists.
	Reason string `json:"reason"`
	// Category is the kind of case: safety, legal, threat, abuse,
	// harassment, discrimination, human_request, self_harm, multi_issue,
	// guard, tool_failure, manager_approval or staff_request.
	Category   string        `json:"category"`
	Route      string        `json:"route"`
	Transcript []Turn        `json:"transcript"`
	CustomerID string        `json:"customer_id,omitempty"`
	Intent     string        `json:"intent"`
	Confidence float64       `json:"confidence"`
	Guard      []GuardResult `json:"guard,omitempty"`
	ToolCalls  []ToolCall    `json:"tool_calls,omitempty"`
	// Draft is the reply cafebot drafted but did not send, if any.
	Draft       string  `json:"draft,omitempty"`
	Frustration float64 `json:"frustration"`
	// Analysis is the briefing written for the person taking over.
	Analysis       string    `json:"analysis"`
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	ResolutionNote string    `json:"resolution_note,omitempty"`
	// UpdatedAt is when new messages were last merged in, or the ticket
	// was claimed or reopened; zero until then.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Merges counts the later handoffs of the same matter folded into this
	// ticket instead of opening new ones.
	Merges int `json:"merges,omitempty"`
	// Merged is set on the ticket Create returns when the handoff was
	// appended to an open ticket of the same customer and category rather
	// than stored as a new one. It is not stored.
	Merged bool `json:"merged,omitempty"`
	// ClaimedBy names who took the ticket on; empty while nobody has.
	ClaimedBy string    `json:"claimed_by,omitempty"`
	ClaimedAt time.Time `json:"claimed_at,omitzero"`
	// Store is the id of the chain's store that filed the ticket (the
	// queue's WithStore); "" for a single café.
	Store string `json:"store,omitempty"`
	// Ref is the offline reference the customer was given when a chain
	// store filed the ticket while head office was unreachable
	// ("ELM-ROAD-L1002", see LocalRef); "" for a ticket filed online.
	Ref string `json:"ref,omitempty"`
}

// Number returns the ticket number as customers see it: "#1042", or the
// offline reference of a ticket filed offline ("ELM-ROAD-L1002"), which
// stays its number after delivery.
func (t Ticket) Number() string {
	if t.Ref != "" {
		return t.Ref
	}
	return "#" + strconv.FormatInt(t.ID, 10)
}

// ParseNumber reads a ticket number as staff type it, "#1042" or "1042".
func ParseNumber(s string) (int64, error) {
	digits := strings.TrimPrefix(strings.TrimSpace(s), "#")
	id, err := strconv.ParseInt(digits, 10, 64)
	// ParseInt alone would take "+7" and "-7".
	if err != nil || id <= 0 || digits[0] < '0' || digits[0] > '9' {
		return 0, fmt.Errorf("ticket number %q: want e.g. #1042", s)
	}
	return id, nil
}

// Queue stores handoff tickets in cafebot's SQLite database.
type Queue struct {
	db  *sqldb.DB
	now func() time.Time
	// store is written on every ticket this queue files.
	store string
	// outbox, when set, takes the tickets q's database cannot be reached for.
	outbox *Queue
	// refPrefix, when set, gives every new ticket an offline reference.
	refPrefix string

	hooksMu sync.RWMutex
	hooks   []func(Ticket)
}

// OnCreate registers f to be called, after the write is durable, with every
// ticket Create stores as new and with every merge that raised an open
// ticket's priority: the tickets that need someone's attention afresh. f
// runs on the caller's goroutine, so it must not block (a Notifier's Hook
// hands the delivery to a goroutine of its own).
func (q *Queue) OnCreate(f func(Ticket)) {
	q.hooksMu.Lock()
	defer q.hooksMu.Unlock()
	q.hooks = append(q.hooks, f)
}

func (q *Queue) runHooks(t Ticket) {
	q.hooksMu.RLock()
	hooks := slices.Clone(q.hooks)
	q.hooksMu.RUnlock()
	for _, f := range hooks {
		f(t)
	}
}

// migrations are the handoff schema versions; append, never edit. The CHECK
// constraints make an incomplete ticket impossible to store, whoever writes
// it. Ticket numbers start at 1001 so customers never see "#1".
var migrations = []string{`
CREATE TABLE handoff_tickets (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	created_at      TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
	priority        TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	category        TEXT NOT NULL CHECK (category <> ''),
	reason          TEXT NOT NULL CHECK (reason <> ''),
	route           TEXT NOT NULL,
	customer_id     TEXT NOT NULL,
	intent          TEXT NOT NULL,
	confidence      REAL NOT NULL,
	frustration     REAL NOT NULL,
	transcript      TEXT NOT NULL CHECK (json_valid(transcript) AND json_type(transcript) = 'array' AND json_array_length(transcript) > 0),
	guard           TEXT NOT NULL CHECK (json_valid(guard) AND json_type(guard) = 'array'),
	tool_calls      TEXT NOT NULL CHECK (json_valid(tool_calls) AND json_type(tool_calls) = 'array'),
	draft           TEXT NOT NULL,
	analysis        TEXT NOT NULL,
	resolved_at     TEXT,
	resolution_note TEXT,
	CHECK ((status = 'open' AND resolved_at IS NULL AND resolution_note IS NULL)
	    OR (status = 'resolved' AND resolved_at IS NOT NULL AND resolution_note <> ''))
);
CREATE INDEX handoff_tickets_status ON handoff_tickets (status, created_at);
INSERT INTO sqlite_sequence (name, seq) VALUES ('handoff_tickets', 1000);
`, `
ALTER TABLE handoff_tickets ADD COLUMN updated_at TEXT;
ALTER TABLE handoff_tickets ADD COLUMN merges INTEGER NOT NULL DEFAULT 0 CHECK (merges >= 0);
ALTER TABLE handoff_tickets ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE handoff_tickets ADD COLUMN claimed_at TEXT;
CREATE INDEX handoff_tickets_open_key ON handoff_tickets (customer_id, category) WHERE status = 'open';
`, `
ALTER TABLE handoff_tickets ADD COLUMN gold_reply TEXT NOT NULL DEFAULT '';
`, receiptsMigration, refsMigration}

// receiptsMigration (SQLite v4, PostgreSQL v2) adds the store that filed
// each ticket and the keys of tickets delivered from a store's outbox, so
// a delivery repeated after a lost reply files nothing twice.
const receiptsMigration = `
ALTER TABLE handoff_tickets ADD COLUMN store TEXT NOT NULL DEFAULT '';
CREATE INDEX handoff_tickets_store ON handoff_tickets (store, status);
CREATE TABLE handoff_receipts (
	key       TEXT PRIMARY KEY,
	ticket_id BIGINT NOT NULL,
	at        TEXT NOT NULL
);
`

// refsMigration (SQLite v5, PostgreSQL v3) adds the offline reference of
// a ticket filed in a chain store's outbox, on the ticket and on the
// receipt of its delivery (a delivered ticket may be merged into another).
const refsMigration = `
ALTER TABLE handoff_tickets ADD COLUMN ref TEXT NOT NULL DEFAULT '';
CREATE INDEX handoff_tickets_ref ON handoff_tickets (ref) WHERE ref <> '';
ALTER TABLE handoff_receipts ADD COLUMN ref TEXT NOT NULL DEFAULT '';
CREATE INDEX handoff_receipts_ref ON handoff_receipts (ref) WHERE ref <> '';
`

// pgMigrations are the handoff schema versions on PostgreSQL: the SQLite
// table of migrations' three versions in one, with the same CHECKs (JSON
// arrays checked through jsonb) and numbers from 1001.
var pgMigrations = []string{`
CREATE TABLE handoff_tickets (
	id              BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 1001) PRIMARY KEY,
	created_at      TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
	priority        TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	category        TEXT NOT NULL CHECK (category <> ''),
	reason          TEXT NOT NULL CHECK (reason <> ''),
	route           TEXT NOT NULL,
	customer_id     TEXT NOT NULL,
	intent          TEXT NOT NULL,
	confidence      DOUBLE PRECISION NOT NULL,
	frustration     DOUBLE PRECISION NOT NULL,
	transcript      TEXT NOT NULL CHECK (jsonb_typeof(transcript::jsonb) = 'array' AND jsonb_array_length(transcript::jsonb) > 0),
	guard           TEXT NOT NULL CHECK (jsonb_typeof(guard::jsonb) = 'array'),
	tool_calls      TEXT NOT NULL CHECK (jsonb_typeof(tool_calls::jsonb) = 'array'),
	draft           TEXT NOT NULL,
	analysis        TEXT NOT NULL,
	resolved_at     TEXT,
	resolution_note TEXT,
	updated_at      TEXT,
	merges          INTEGER NOT NULL DEFAULT 0 CHECK (merges >= 0),
	claimed_by      TEXT NOT NULL DEFAULT '',
	claimed_at      TEXT,
	gold_reply      TEXT NOT NULL DEFAULT '',
	CHECK ((status = 'open' AND resolved_at IS NULL AND resolution_note IS NULL)
	    OR (status = 'resolved' AND resolved_at IS NOT NULL AND resolution_note <> ''))
);
CREATE INDEX handoff_tickets_status ON handoff_tickets (status, created_at);
CREATE INDEX handoff_tickets_open_key ON handoff_tickets (customer_id, category) WHERE status = 'open';
`, receiptsMigration, refsMigration}

// Open returns the queue stored in db (from sqlitedb.Open), creating or
// upgrading its tables first.
func Open(ctx context.Context, db *sql.DB) (*Queue, error) {
	return OpenDB(ctx, sqldb.Wrap(db))
}

// OpenDB returns the queue stored in db, SQLite or PostgreSQL, creating or
// upgrading its tables first. Stores of a chain that share one PostgreSQL
// database share one queue.
func OpenDB(ctx context.Context, db *sqldb.DB) (*Queue, error) {
	steps := migrations
	if db.Engine() == sqldb.Postgres {
		steps = pgMigrations
	}
	if err := sqldb.Migrate(ctx, db, "handoff", steps); err != nil {
		return nil, fmt.Errorf("open handoff queue: %w", err)
	}
	return &Queue{db: db, now: time.Now}, nil
}

// WithStore has q write store (the chain store's id) on every ticket it
// files, and returns q.
func (q *Queue) WithStore(store string) *Queue {
	q.store = strings.TrimSpace(store)
	return q
}

// WithOutbox has Create file a ticket in local (a queue on the store's own
// SQLite file) when q's database cannot be reached, so no handoff is lost
// while the link to head office is down; the outbox package delivers it
// later. It returns q.
func (q *Queue) WithOutbox(local *Queue) *Queue {
	q.outbox = local
	return q
}

// Engine returns the database engine the queue is stored in.
func (q *Queue) Engine() sqldb.Engine { return q.db.Engine() }

// timeLayout has a fixed width so that stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// Create stores a new open ticket and returns it with its ID and CreatedAt.
// An empty Priority is set by PriorityFor and an empty Analysis by Analyze.
//
// One matter gets one open ticket: when an open ticket has the same
// category and customer (for an unidentified customer, also the same
// conversation or the same last message), the new messages, guard verdicts
// and tool calls are appended to it instead, its priority rises if the new
// one is higher, and Create returns that ticket with Merged set. So a
// repeated /handoff or the same message sent again never floods the queue.
//
// The write is one transaction, committed with a full fsync, so once Create
// returns the ticket survives a crash or power cut, and a crash before that
// leaves no trace of it. The transaction takes SQLite's write lock before
// it looks for a matching ticket, so two processes filing the same matter
// at once still end with one ticket.
func (q *Queue) Create(ctx context.Context, t Ticket) (Ticket, error) {
	out, err := q.create(ctx, "", t)
	if err != nil && q.outbox != nil && sqldb.Unreachable(err) {
		// Head office is out of reach: the store's outbox keeps the ticket.
		if t.Store == "" {
			t.Store = q.store
		}
		// q's hooks (staff notification) fire for a ticket the outbox
		// took, as for one head office stored.
		out, err := q.outbox.Create(ctx, t)
		if err == nil && !out.Merged {
			q.runHooks(out)
		}
		return out, err
	}
	return out, err
}

// CreateKeyed is Create for a ticket delivered under key (one outbox
// entry): the first delivery files it (or merges it) and records key in
// the same transaction; a repeat returns that ticket and filed=false.
func (q *Queue) CreateKeyed(ctx context.Context, key string, t Ticket) (ticket Ticket, filed bool, err error) {
	if strings.TrimSpace(key) == "" {
		return Ticket{}, false, errors.New("create keyed ticket: empty key")
	}
	out, err := q.create(ctx, key, t)
	if errors.Is(err, errSeen) {
		return out, false, nil
	}
	return out, err == nil, err
}

// errSeen reports a keyed create whose key was already delivered.
var errSeen = errors.New("already delivered")

func (q *Queue) create(ctx context.Context, key string, t Ticket) (Ticket, error) {
	if t.Store == "" {
		t.Store = q.store
	}
	t = redact.Deep(t) // staff never see a full card number or a stranger's contact data
	t.Ref = strings.ToUpper(strings.TrimSpace(t.Ref))
	if t.Status == "" {
		t.Status = StatusOpen
	}
	if t.Priority == "" {
		t.Priority = PriorityFor(t.Category, t.Frustration)
	}
	if strings.TrimSpace(t.Analysis) == "" {
		t.Analysis = Analyze(t.Case())
	}
	t.Merged, t.Merges, t.ClaimedBy = false, 0, ""
	t.UpdatedAt, t.ClaimedAt = time.Time{}, time.Time{}
	if err := validate(t); err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	now := q.now().UTC().Round(0)

	// The pool's connections run with synchronous=NORMAL, which survives a
	// process crash but may drop the last commits on power loss. A ticket
	// may be a safety incident the customer was given a number for, so this
	// one write waits for the disk.
	// PostgreSQL commits with a full fsync already.
	conn, err := q.db.Conn(ctx)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	defer conn.Close()
	if conn.Engine() == sqldb.SQLite {
		if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
			return Ticket{}, fmt.Errorf("create ticket: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = NORMAL`)
	}

	// sqlitedb opens every transaction with BEGIN IMMEDIATE; on PostgreSQL
	// an advisory lock makes two stores filing the same matter take turns.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	defer tx.Rollback()
	if err := tx.Lock(ctx, "cafebot.handoff"); err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	if key != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT ticket_id FROM handoff_receipts WHERE key = ?`, key).Scan(&id)
		if err == nil {
			tx.Rollback()
			seen, err := q.Get(ctx, id)
			if err != nil {
				return Ticket{}, fmt.Errorf("create ticket: delivered as #%d: %w", id, err)
			}
			return seen, errSeen
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Ticket{}, fmt.Errorf("create ticket: %w", err)
		}
	}
	receipt := func(id int64) error {
		if key == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO handoff_receipts (key, ticket_id, at, ref) VALUES (?, ?, ?, ?)`, key, id, formatTime(now), t.Ref)
		return err
	}

	open, found, err := findOpenMatter(ctx, tx, t)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	if found {
		merged, raised := mergeTicket(open, t, now)
		if err := updateMerged(ctx, tx, merged); err != nil {
			return Ticket{}, fmt.Errorf("create ticket: merge into %s: %w", open.Number(), err)
		}
		if err := receipt(merged.ID); err != nil {
			return Ticket{}, fmt.Errorf("create ticket: merge into %s: %w", open.Number(), err)
		}
		if err := tx.Commit(); err != nil {
			return Ticket{}, fmt.Errorf("create ticket: merge into %s: %w", open.Number(), err)
		}
		if raised {
			q.runHooks(merged)
		}
		return merged, nil
	}

	transcript, err := json.Marshal(t.Transcript)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: transcript: %w", err)
	}
	guard, err := marshalArray(t.Guard)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: guard: %w", err)
	}
	calls, err := marshalArray(t.ToolCalls)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: tool calls: %w", err)
	}
	t.CreatedAt = now
	err = tx.QueryRowContext(ctx, `INSERT INTO handoff_tickets (
		created_at, status, priority, category, reason, route, customer_id,
		intent, confidence, frustration, transcript, guard, tool_calls, draft, analysis, store, ref)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		formatTime(t.CreatedAt), string(t.Status), string(t.Priority), t.Category, t.Reason, t.Route, t.CustomerID,
		t.Intent, t.Confidence, t.Frustration, string(transcript), guard, calls, t.Draft, t.Analysis, t.Store, t.Ref,
	).Scan(&t.ID)
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	if t.Ref == "" && q.refPrefix != "" {
		// The number is known only now; the reference is set in the same
		// transaction, so no ticket of an outbox is ever without one.
		t.Ref = LocalRef(q.refPrefix, t.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE handoff_tickets SET ref = ? WHERE id = ?`, t.Ref, t.ID); err != nil {
			return Ticket{}, fmt.Errorf("create ticket: %w", err)
		}
	}
	if err := receipt(t.ID); err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	q.runHooks(t)
	return t, nil
}

// validate reports the first field that makes t unfit to store.
func validate(t Ticket) error {
	switch {
	case t.Status != StatusOpen:
		return fmt.Errorf("a new ticket must be open, not %q", t.Status)
	case t.Priority.Rank() < 0:
		return fmt.Errorf("priority %q: want urgent, high, normal or low", t.Priority)
	case strings.TrimSpace(t.Category) == "":
		return errors.New("category is empty")
	case strings.TrimSpace(t.Reason) == "":
		return errors.New("reason is empty")
	case len(t.Transcript) == 0:
		return errors.New("transcript is empty")
	case !unit(t.Confidence):
		return fmt.Errorf("confidence %v is outside 0..1", t.Confidence)
	case !unit(t.Frustration):
		return fmt.Errorf("frustration %v is outside 0..1", t.Frustration)
	case t.Ref != "" && !IsRef(t.Ref):
		return fmt.Errorf("reference %q: want PREFIX-L<number>, e.g. ELM-ROAD-L1002", t.Ref)
	}
	for i, turn := range t.Transcript {
		if strings.TrimSpace(turn.Role) == "" {
			return fmt.Errorf("transcript turn %d has no role", i+1)
		}
	}
	for i, g := range t.Guard {
		for name, score := range g.Categories {
			if math.IsNaN(score) || math.IsInf(score, 0) {
				return fmt.Errorf("guard result %d: category %s score is %v", i+1, name, score)
			}
		}
	}
	return nil
}

func unit(x float64) bool { return x >= 0 && x <= 1 }

// marshalArray encodes a slice as a JSON array, "[]" when empty, so the
// column's CHECK holds and reading back yields no nil/empty surprises.
func marshalArray[T any](s []T) (string, error) {
	if len(s) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(s)
	return string(b), err
}

const selectColumns = `SELECT id, created_at, status, priority, category, reason, route,
	customer_id, intent, confidence, frustration, transcript, guard, tool_calls,
	draft, analysis, resolved_at, resolution_note, updated_at, merges, claimed_by,
	claimed_at, store, ref FROM handoff_tickets`

// scanner is satisfied by *sql.Row and *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanTicket(s scanner) (Ticket, error) {
	var (
		t                          Ticket
		created, status, priority  string
		transcript, guard, calls   string
		resolvedAt, resolutionNote sql.NullString
		updatedAt, claimedAt       sql.NullString
	)
	err := s.Scan(&t.ID, &created, &status, &priority, &t.Category, &t.Reason, &t.Route,
		&t.CustomerID, &t.Intent, &t.Confidence, &t.Frustration, &transcript, &guard, &calls,
		&t.Draft, &t.Analysis, &resolvedAt, &resolutionNote, &updatedAt, &t.Merges, &t.ClaimedBy,
		&claimedAt, &t.Store, &t.Ref)
	if err != nil {
		return Ticket{}, err
	}
	if updatedAt.Valid {
		if t.UpdatedAt, err = parseTime(updatedAt.String); err != nil {
			return Ticket{}, fmt.Errorf("ticket #%d: updated_at: %w", t.ID, err)
		}
	}
	if claimedAt.Valid {
		if t.ClaimedAt, err = parseTime(claimedAt.String); err != nil {
			return Ticket{}, fmt.Errorf("ticket #%d: claimed_at: %w", t.ID, err)
		}
	}
	t.Status, t.Priority = Status(status), Priority(priority)
	if t.CreatedAt, err = parseTime(created); err != nil {
		return Ticket{}, fmt.Errorf("ticket #%d: created_at: %w", t.ID, err)
	}
	if resolvedAt.Valid {
		if t.ResolvedAt, err = parseTime(resolvedAt.String); err != nil {
			return Ticket{}, fmt.Errorf("ticket #%d: resolved_at: %w", t.ID, err)
		}
	}
	t.ResolutionNote = resolutionNote.String
	if err := json.Unmarshal([]byte(transcript), &t.Transcript); err != nil {
		return Ticket{}, fmt.Errorf("ticket #%d: transcript: %w", t.ID, err)
	}
	if err := json.Unmarshal([]byte(guard), &t.Guard); err != nil {
		return Ticket{}, fmt.Errorf("ticket #%d: guard: %w", t.ID, err)
	}
	if err := json.Unmarshal([]byte(calls), &t.ToolCalls); err != nil {
		return Ticket{}, fmt.Errorf("ticket #%d: tool calls: %w", t.ID, err)
	}
	if len(t.Guard) == 0 {
		t.Guard = nil
	}
	if len(t.ToolCalls) == 0 {
		t.ToolCalls = nil
	}
	return t, nil
}

// Get returns the ticket with the given ID, or an error wrapping ErrNotFound.
func (q *Queue) Get(ctx context.Context, id int64) (Ticket, error) {
	t, err := scanTicket(q.db.QueryRowContext(ctx, selectColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Ticket{}, fmt.Errorf("ticket #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("get ticket #%d: %w", id, err)
	}
	return t, nil
}

// Filter narrows List.
type Filter struct {
	// Status is "open", "resolved", or "" for both.
	Status string
	// Limit caps the number of tickets; 0 means no cap.
	Limit int
	// CustomerID keeps one customer's tickets; "" means everyone's.
	CustomerID string
	// Store keeps the tickets one chain store filed; "" means every
	// store's (the head office's inbox).
	Store string
}

// List returns the tickets matching f, urgent first, then oldest first
// within a priority, so the top of the list is what a person should do next.
func (q *Queue) List(ctx context.Context, f Filter) ([]Ticket, error) {
	query := selectColumns
	var args []any
	switch Status(f.Status) {
	case "":
	case StatusOpen, StatusResolved:
		query += ` WHERE status = ?`
		args = append(args, f.Status)
	default:
		return nil, fmt.Errorf("list tickets: status %q: want open or resolved", f.Status)
	}
	if f.CustomerID != "" {
		if len(args) == 0 {
			query += ` WHERE customer_id = ?`
		} else {
			query += ` AND customer_id = ?`
		}
		args = append(args, f.CustomerID)
	}
	if f.Store != "" {
		if len(args) == 0 {
			query += ` WHERE store = ?`
		} else {
			query += ` AND store = ?`
		}
		args = append(args, f.Store)
	}
	if f.Limit < 0 {
		return nil, fmt.Errorf("list tickets: negative limit %d", f.Limit)
	}
	query += ` ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, created_at, id`
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("list tickets: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	return out, nil
}

// Resolve closes an open ticket with a note saying what was done, and
// returns the closed ticket. Resolving a resolved ticket is an error that
// wraps ErrAlreadyResolved and names the first resolution.
func (q *Queue) Resolve(ctx context.Context, id int64, note string) (Ticket, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: a note saying what was done is required", id)
	}
	// The status condition makes the check and the update one atomic step,
	// so two people resolving at once cannot both succeed.
	res, err := q.db.ExecContext(ctx, `UPDATE handoff_tickets
		SET status = 'resolved', resolved_at = ?, resolution_note = ?
		WHERE id = ? AND status = 'open'`,
		formatTime(q.now()), note, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: %w", id, err)
	}
	t, err := q.Get(ctx, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve: %w", err)
	}
	if n == 0 {
		return Ticket{}, fmt.Errorf("resolve ticket %s: %w on %s: %q", t.Number(), ErrAlreadyResolved,
			t.ResolvedAt.Format("2006-01-02 15:04 MST"), t.ResolutionNote)
	}
	return t, nil
}
