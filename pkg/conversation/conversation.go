// Package conversation saves staff-chat conversations in cafebot's SQLite
// file so `cafebot chat --resume ID` can pick one up and `chat --list` can
// show them.
package conversation

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// ErrNotFound reports that no conversation has the requested ID.
var ErrNotFound = errors.New("conversation not found")

// ErrCustomerBound reports an attempt to give a conversation that already
// belongs to one customer to another: a stored conversation is never
// re-assigned; start a new one for the new customer.
var ErrCustomerBound = errors.New("conversation belongs to another customer")

// The message roles.
const (
	RoleCustomer  = "customer"
	RoleAssistant = "assistant"
	RoleSystem    = "system"
)

// TitleRunes is the longest a conversation title gets.
const TitleRunes = 60

// Message is one saved message of a conversation.
type Message struct {
	Role string    `json:"role"` // RoleCustomer, RoleAssistant or RoleSystem
	Text string    `json:"text"`
	At   time.Time `json:"at"`
	// Meta optionally records how an answer was made (intent, route,
	// model, sources); it must be valid JSON when set.
	Meta json.RawMessage `json:"meta,omitempty"`
}

// Conversation is one saved conversation with all its messages, oldest first.
type Conversation struct {
	ID         int64     `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	CustomerID string    `json:"customer_id,omitempty"`
	// Title is the first customer message, shortened to TitleRunes.
	Title    string    `json:"title"`
	Messages []Message `json:"messages"`
	// Store is the id of the chain's store the conversation was held at
	// ("" for a single café).
	Store string `json:"store,omitempty"`
}

// Summary is one conversation as listed, without its messages.
type Summary struct {
	ID         int64     `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	CustomerID string    `json:"customer_id,omitempty"`
	Title      string    `json:"title"`
	// Count is the number of messages saved.
	Count int `json:"count"`
}

// Store keeps conversations in cafebot's database (SQLite or PostgreSQL).
//
// Every message is masked before it is stored: card numbers always, and
// phone numbers and emails other than those the keep function allows (see
// WithKeep). Without one, every phone number and email is masked.
type Store struct {
	db   *sqldb.DB
	now  func() time.Time
	keep KeepFunc
	// store is written on every conversation this store starts.
	store string
	// outbox, when set, takes the conversations and messages s's database
	// cannot be reached for (see WithOutbox).
	outbox *Store
}

// WithOutbox has s keep a conversation in local (a store on the chain
// store's own SQLite file) when s's database cannot be reached: a
// conversation started then lives in local and has a negative id; one
// whose message cannot be saved continues in local, and its later
// messages follow it there until the outbox package has delivered them,
// so their order is kept. It returns s.
func (s *Store) WithOutbox(local *Store) *Store {
	s.outbox = local
	return s
}

// WithStore has s write store (the chain store's id) on every
// conversation it starts, and returns s.
func (s *Store) WithStore(store string) *Store {
	s.store = strings.TrimSpace(store)
	return s
}

// Engine returns the database engine the conversations are kept in.
func (s *Store) Engine() sqldb.Engine { return s.db.Engine() }

// KeepFunc returns the contact data a conversation of customerID may keep
// verbatim: typically that customer's own phone and email and the café's
// published contacts ("" customerID: the café's only).
type KeepFunc func(ctx context.Context, customerID string) []string

// WithKeep sets which contacts masking leaves in stored messages and
// returns s.
func (s *Store) WithKeep(keep KeepFunc) *Store {
	s.keep = keep
	return s
}

// greatest names the engine's two-argument maximum (SQLite's scalar MAX).
func (s *Store) greatest() string {
	if s.db.Engine() == sqldb.Postgres {
		return "GREATEST"
	}
	return "MAX"
}

// masker returns the masking for messages of conversation convID.
func (s *Store) masker(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, convID int64) redact.Keep {
	if s.keep == nil {
		return redact.NewKeep()
	}
	var customer string
	if err := q.QueryRowContext(ctx, `SELECT customer_id FROM conversations WHERE id = ?`, convID).Scan(&customer); err != nil {
		return redact.NewKeep()
	}
	return redact.NewKeep(s.keep(ctx, customer)...)
}

// migrations are the conversation schema versions; append, never edit.
var migrations = []string{`
CREATE TABLE conversations (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	started_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	customer_id TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conversations_updated ON conversations (updated_at);
CREATE TABLE conversation_messages (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	role            TEXT NOT NULL CHECK (role IN ('customer', 'assistant', 'system')),
	text            TEXT NOT NULL,
	at              TEXT NOT NULL,
	meta            TEXT CHECK (meta IS NULL OR json_valid(meta))
);
CREATE INDEX conversation_messages_conv ON conversation_messages (conversation_id, id);
`,
	// v2: the one-time passes that mask messages stored before masking
	// existed (see scrub), in the table the backend shares.
	`CREATE TABLE IF NOT EXISTS redaction_passes (
	name    TEXT PRIMARY KEY,
	at      TEXT NOT NULL,
	changed INTEGER NOT NULL
);`,
	receiptsMigration,
	continuationsMigration,
}

// continuationsMigration (SQLite v4, PostgreSQL v3) records, in a store's
// own file, the local conversations that continue a head-office one
// whose messages could not be delivered.
const continuationsMigration = `
CREATE TABLE conversation_continuations (
	remote_id BIGINT PRIMARY KEY,
	local_id  BIGINT NOT NULL
);
`

// receiptsMigration (SQLite v3, PostgreSQL v2) adds the store each
// conversation was held at and the keys of conversations delivered from a
// store's outbox with how many of their messages have arrived.
const receiptsMigration = `
ALTER TABLE conversations ADD COLUMN store TEXT NOT NULL DEFAULT '';
CREATE TABLE conversation_receipts (
	key             TEXT PRIMARY KEY,
	conversation_id BIGINT NOT NULL,
	delivered       INTEGER NOT NULL
);
`

// pgMigrations are the conversation schema versions on PostgreSQL: the
// SQLite tables of migrations' two versions in one.
var pgMigrations = []string{`
CREATE TABLE conversations (
	id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	started_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	customer_id TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conversations_updated ON conversations (updated_at);
CREATE TABLE conversation_messages (
	id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	role            TEXT NOT NULL CHECK (role IN ('customer', 'assistant', 'system')),
	text            TEXT NOT NULL,
	at              TEXT NOT NULL,
	meta            TEXT CHECK (meta IS NULL OR jsonb_typeof(meta::jsonb) IS NOT NULL)
);
CREATE INDEX conversation_messages_conv ON conversation_messages (conversation_id, id);
CREATE TABLE IF NOT EXISTS redaction_passes (
	name    TEXT PRIMARY KEY,
	at      TEXT NOT NULL,
	changed INTEGER NOT NULL
);
`, receiptsMigration, continuationsMigration}

// Open returns the store kept in db (from sqlitedb.Open), creating or
// upgrading its tables first.
func Open(ctx context.Context, db *sql.DB) (*Store, error) {
	return OpenDB(ctx, sqldb.Wrap(db))
}

// OpenDB returns the store kept in db, SQLite or PostgreSQL, creating or
// upgrading its tables first.
func OpenDB(ctx context.Context, db *sqldb.DB) (*Store, error) {
	steps := migrations
	if db.Engine() == sqldb.Postgres {
		steps = pgMigrations
	}
	if err := sqldb.Migrate(ctx, db, "conversation", steps); err != nil {
		return nil, fmt.Errorf("open conversation store: %w", err)
	}
	s := &Store{db: db, now: time.Now}
	if _, err := s.scrub(ctx); err != nil {
		return nil, fmt.Errorf("open conversation store: %w", err)
	}
	return s, nil
}

// scrubPass names the one-time pass over messages stored before Append
// masked them.
const scrubPass = "conversation-cards-v1"

// scrub masks the card numbers in messages, meta and titles stored before
// Append masked them, once per database, and returns how many rows it
// changed. Contact data is left alone: which contacts a conversation may
// keep is not known when the store opens.
func (s *Store) scrub(ctx context.Context) (int, error) {
	var done int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM redaction_passes WHERE name = ?`, scrubPass).Scan(&done); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	if done > 0 {
		return 0, nil
	}
	k := redact.CardsOnly()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	defer tx.Rollback()
	// Two stores opening at once: the second waits for the first's pass
	// and then finds it done (SQLite's write lock does the same).
	if err := tx.Lock(ctx, "cafebot.scrub:"+scrubPass); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM redaction_passes WHERE name = ?`, scrubPass).Scan(&done); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	if done > 0 {
		return 0, nil
	}
	type fix struct {
		id         int64
		text, meta sql.NullString
	}
	var fixes, titles []fix
	rows, err := tx.QueryContext(ctx, `SELECT id, text, meta FROM conversation_messages`)
	if err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	for rows.Next() {
		var f fix
		if err := rows.Scan(&f.id, &f.text, &f.meta); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scrub stored card numbers: %w", err)
		}
		text, meta := k.Text(f.text.String), f.meta
		if meta.Valid {
			meta.String = string(k.JSON([]byte(meta.String)))
		}
		if text != f.text.String || meta != f.meta {
			fixes = append(fixes, fix{f.id, sql.NullString{String: text, Valid: true}, meta})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, title FROM conversations`)
	if err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	for rows.Next() {
		var f fix
		if err := rows.Scan(&f.id, &f.text); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scrub stored card numbers: %w", err)
		}
		if t := k.Text(f.text.String); t != f.text.String {
			titles = append(titles, fix{id: f.id, text: sql.NullString{String: t, Valid: true}})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	for _, f := range fixes {
		if _, err := tx.ExecContext(ctx, `UPDATE conversation_messages SET text = ?, meta = ? WHERE id = ?`, f.text, f.meta, f.id); err != nil {
			return 0, fmt.Errorf("scrub stored card numbers: %w", err)
		}
	}
	for _, f := range titles {
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET title = ? WHERE id = ?`, f.text, f.id); err != nil {
			return 0, fmt.Errorf("scrub stored card numbers: %w", err)
		}
	}
	changed := len(fixes) + len(titles)
	if _, err := tx.ExecContext(ctx, `INSERT INTO redaction_passes (name, at, changed) VALUES (?, ?, ?)`, scrubPass, formatTime(time.Now()), changed); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	return changed, nil
}

// timeLayout has a fixed width so that stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// Start begins a new, empty conversation, for customerID if the session
// has already verified one ("" otherwise).
func (s *Store) Start(ctx context.Context, customerID string) (Conversation, error) {
	c, err := s.start(ctx, customerID)
	if err != nil && s.outbox != nil && sqldb.Unreachable(err) {
		c, err = s.outbox.Start(ctx, customerID)
		c.ID = -c.ID
	}
	return c, err
}

func (s *Store) start(ctx context.Context, customerID string) (Conversation, error) {
	now := s.now().UTC().Round(0)
	c := Conversation{StartedAt: now, UpdatedAt: now, CustomerID: strings.TrimSpace(customerID)}
	c.Store = s.store
	err := s.db.QueryRowContext(ctx, `INSERT INTO conversations (started_at, updated_at, customer_id, store)
		VALUES (?, ?, ?, ?) RETURNING id`, formatTime(now), formatTime(now), c.CustomerID, c.Store).Scan(&c.ID)
	if err != nil {
		return Conversation{}, fmt.Errorf("start conversation: %w", err)
	}
	return c, nil
}

// Import delivers c, a conversation read from a store's outbox, under
// key. The first delivery creates it here with its messages; a later one
// with the same key appends only the messages added since. The messages,
// the conversation and the receipt change in one transaction, so a
// delivery repeated after a lost reply stores nothing twice. It returns
// the conversation's id here and how many messages it added. The
// messages were masked by the store that kept them and are stored as
// they are.
func (s *Store) Import(ctx context.Context, key string, c Conversation) (id int64, added int, err error) {
	return s.ImportInto(ctx, key, 0, c)
}

// ImportInto is Import for a conversation that continues conversation
// into here: its messages are appended to that one instead of starting a
// new one. into 0 is Import.
func (s *Store) ImportInto(ctx context.Context, key string, into int64, c Conversation) (id int64, added int, err error) {
	if strings.TrimSpace(key) == "" {
		return 0, 0, errors.New("import conversation: empty key")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	defer tx.Rollback()
	if err := tx.Lock(ctx, "cafebot.conversation-import:"+key); err != nil {
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	delivered := 0
	err = tx.QueryRowContext(ctx, `SELECT conversation_id, delivered FROM conversation_receipts WHERE key = ?`, key).Scan(&id, &delivered)
	switch {
	case errors.Is(err, sql.ErrNoRows) && into != 0:
		if err := tx.QueryRowContext(ctx, `SELECT id FROM conversations WHERE id = ?`, into).Scan(&id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				err = ErrNotFound
			}
			return 0, 0, fmt.Errorf("import conversation %s into %d: %w", key, into, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_receipts (key, conversation_id, delivered) VALUES (?, ?, 0)`, key, id); err != nil {
			return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
		}
	case errors.Is(err, sql.ErrNoRows):
		if err := tx.QueryRowContext(ctx, `INSERT INTO conversations (started_at, updated_at, customer_id, title, store)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, formatTime(c.StartedAt), formatTime(c.UpdatedAt), c.CustomerID, c.Title, c.Store).Scan(&id); err != nil {
			return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_receipts (key, conversation_id, delivered) VALUES (?, ?, 0)`, key, id); err != nil {
			return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
		}
	case err != nil:
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	if delivered >= len(c.Messages) {
		return id, 0, nil
	}
	for _, m := range c.Messages[delivered:] {
		var meta sql.NullString
		if len(m.Meta) > 0 {
			meta = sql.NullString{String: string(m.Meta), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_messages (conversation_id, role, text, at, meta)
			VALUES (?, ?, ?, ?, ?)`, id, m.Role, m.Text, formatTime(m.At), meta); err != nil {
			return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET updated_at = `+s.greatest()+`(updated_at, ?),
		title = CASE WHEN title = '' THEN ? ELSE title END, customer_id = CASE WHEN customer_id = '' THEN ? ELSE customer_id END
		WHERE id = ?`, formatTime(c.UpdatedAt), c.Title, c.CustomerID, id); err != nil {
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversation_receipts SET delivered = ? WHERE key = ?`, len(c.Messages), key); err != nil {
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("import conversation %s: %w", key, err)
	}
	return id, len(c.Messages) - delivered, nil
}

// Append saves m at the end of conversation convID and marks the
// conversation updated. A zero m.At is set to now. The first customer
// message becomes the conversation's title.
func (s *Store) Append(ctx context.Context, convID int64, m Message) error {
	if s.outbox == nil {
		return s.append(ctx, convID, m)
	}
	if convID < 0 {
		return s.outbox.Append(ctx, -convID, m)
	}
	local, ok, err := s.outbox.Continuation(ctx, convID)
	if err != nil {
		return err
	}
	if ok {
		return s.outbox.Append(ctx, local, m)
	}
	err = s.append(ctx, convID, m)
	if err == nil || !sqldb.Unreachable(err) {
		return err
	}
	if local, err = s.outbox.continueRemote(ctx, convID); err != nil {
		return fmt.Errorf("append to conversation %d: keep it in the outbox: %w", convID, err)
	}
	return s.outbox.Append(ctx, local, m)
}

// Continuation returns the local conversation that continues remote
// conversation remote while its messages wait for delivery.
func (s *Store) Continuation(ctx context.Context, remote int64) (local int64, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT local_id FROM conversation_continuations WHERE remote_id = ?`, remote).Scan(&local)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("conversation continuation of %d: %w", remote, err)
	}
	return local, true, nil
}

// ContinuationOf returns the remote conversation a local one continues;
// ok is false for a conversation that started here.
func (s *Store) ContinuationOf(ctx context.Context, local int64) (remote int64, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT remote_id FROM conversation_continuations WHERE local_id = ?`, local).Scan(&remote)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("conversation continuation %d: %w", local, err)
	}
	return remote, true, nil
}

// EndContinuation lets remote conversation remote's messages go to the
// head office again, once all delivered of the local conversation that
// continued it have been delivered; it reports whether it ended.
func (s *Store) EndContinuation(ctx context.Context, remote int64, delivered int) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM conversation_continuations WHERE remote_id = ?
		AND (SELECT COUNT(*) FROM conversation_messages WHERE conversation_id = local_id) <= ?`, remote, delivered)
	if err != nil {
		return false, fmt.Errorf("end continuation of %d: %w", remote, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// continueRemote starts the local conversation that continues remote.
func (s *Store) continueRemote(ctx context.Context, remote int64) (int64, error) {
	c, err := s.Start(ctx, "")
	if err != nil {
		return 0, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO conversation_continuations (remote_id, local_id) VALUES (?, ?)`, remote, c.ID); err != nil {
		return 0, err
	}
	return c.ID, nil
}

func (s *Store) append(ctx context.Context, convID int64, m Message) error {
	switch m.Role {
	case RoleCustomer, RoleAssistant, RoleSystem:
	default:
		return fmt.Errorf("append to conversation %d: role %q: want customer, assistant or system", convID, m.Role)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("append to conversation %d: empty %s message", convID, m.Role)
	}
	if len(m.Meta) > 0 && !json.Valid(m.Meta) {
		return fmt.Errorf("append to conversation %d: meta is not valid JSON", convID)
	}
	now := s.now()
	at := m.At
	if at.IsZero() {
		at = now
	}

	// Message and conversation change together or not at all.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("append to conversation %d: %w", convID, err)
	}
	defer tx.Rollback()
	keep := s.masker(ctx, tx, convID)
	text := keep.Text(m.Text)
	var meta sql.NullString
	if len(m.Meta) > 0 {
		meta = sql.NullString{String: string(keep.JSON(m.Meta)), Valid: true}
	}
	title := ""
	if m.Role == RoleCustomer {
		title = Title(text)
	}
	res, err := tx.ExecContext(ctx, `UPDATE conversations
		SET updated_at = `+s.greatest()+`(updated_at, ?), title = CASE WHEN title = '' THEN ? ELSE title END
		WHERE id = ?`, formatTime(now), title, convID)
	if err != nil {
		return fmt.Errorf("append to conversation %d: %w", convID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("append to conversation %d: %w", convID, err)
	} else if n == 0 {
		return fmt.Errorf("append to conversation %d: %w", convID, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_messages (conversation_id, role, text, at, meta)
		VALUES (?, ?, ?, ?, ?)`, convID, m.Role, text, formatTime(at), meta); err != nil {
		return fmt.Errorf("append to conversation %d: %w", convID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("append to conversation %d: %w", convID, err)
	}
	return nil
}

// SetCustomer records the customer the session verified during the
// conversation. A conversation without a customer takes one; setting the
// customer it already has is a no-op; any other change, clearing
// included, fails with ErrCustomerBound, so one customer's messages never
// end up under another's account.
func (s *Store) SetCustomer(ctx context.Context, id int64, customerID string) error {
	if id < 0 && s.outbox != nil {
		return s.outbox.SetCustomer(ctx, -id, customerID)
	}
	customerID = strings.TrimSpace(customerID)
	res, err := s.db.ExecContext(ctx, `UPDATE conversations SET customer_id = ?, updated_at = `+s.greatest()+`(updated_at, ?)
		WHERE id = ? AND (customer_id = '' OR customer_id = ?)`,
		customerID, formatTime(s.now()), id, customerID)
	if err != nil {
		return fmt.Errorf("set customer of conversation %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("set customer of conversation %d: %w", id, err)
	}
	if n == 1 {
		return nil
	}
	var current string
	err = s.db.QueryRowContext(ctx, `SELECT customer_id FROM conversations WHERE id = ?`, id).Scan(&current)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("set customer of conversation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set customer of conversation %d: %w", id, err)
	}
	return fmt.Errorf("set customer of conversation %d to %q: it is %s's: %w", id, customerID, current, ErrCustomerBound)
}

// Get returns the conversation with its messages, oldest first, or an
// error wrapping ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Conversation, error) {
	if id < 0 && s.outbox != nil {
		c, err := s.outbox.Get(ctx, -id)
		c.ID = -c.ID
		return c, err
	}
	// One read transaction, so a concurrent Append cannot slip a message in
	// between the header and the messages.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: %w", id, err)
	}
	defer tx.Rollback()
	var c Conversation
	var started, updated string
	err = tx.QueryRowContext(ctx, `SELECT id, started_at, updated_at, customer_id, title, store FROM conversations WHERE id = ?`, id).
		Scan(&c.ID, &started, &updated, &c.CustomerID, &c.Title, &c.Store)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, fmt.Errorf("conversation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: %w", id, err)
	}
	if c.StartedAt, err = parseTime(started); err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: started_at: %w", id, err)
	}
	if c.UpdatedAt, err = parseTime(updated); err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: updated_at: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT role, text, at, meta FROM conversation_messages
		WHERE conversation_id = ? ORDER BY id`, id)
	if err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Message
		var at string
		var meta sql.NullString
		if err := rows.Scan(&m.Role, &m.Text, &at, &meta); err != nil {
			return Conversation{}, fmt.Errorf("get conversation %d: %w", id, err)
		}
		if m.At, err = parseTime(at); err != nil {
			return Conversation{}, fmt.Errorf("get conversation %d: message time: %w", id, err)
		}
		if meta.Valid {
			m.Meta = json.RawMessage(meta.String)
		}
		c.Messages = append(c.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return Conversation{}, fmt.Errorf("get conversation %d: %w", id, err)
	}
	return c, nil
}

// List returns up to limit conversations (all when limit is 0), most
// recently updated first.
func (s *Store) List(ctx context.Context, limit int) ([]Summary, error) {
	if limit < 0 {
		return nil, fmt.Errorf("list conversations: negative limit %d", limit)
	}
	query := `SELECT c.id, c.started_at, c.updated_at, c.customer_id, c.title,
		(SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id)
		FROM conversations c ORDER BY c.updated_at DESC, c.id DESC`
	var args []any
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var sm Summary
		var started, updated string
		if err := rows.Scan(&sm.ID, &started, &updated, &sm.CustomerID, &sm.Title, &sm.Count); err != nil {
			return nil, fmt.Errorf("list conversations: %w", err)
		}
		if sm.StartedAt, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("list conversations: %d: started_at: %w", sm.ID, err)
		}
		if sm.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, fmt.Errorf("list conversations: %d: updated_at: %w", sm.ID, err)
		}
		out = append(out, sm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return out, nil
}

// Title returns the title a conversation gets from its first customer
// message: whitespace folded to single spaces, at most TitleRunes runes,
// ending in "…" when shortened.
func Title(text string) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= TitleRunes {
		return string(r)
	}
	return strings.TrimRight(string(r[:TitleRunes-1]), " ") + "…"
}

// FormatList writes conversation summaries as an aligned plain-text table
// (ID, last update in local time, customer, message count, title) for
// `chat --list`.
func FormatList(w io.Writer, ss []Summary) { formatList(w, ss, time.Local) }

func formatList(w io.Writer, ss []Summary, loc *time.Location) {
	if len(ss) == 0 {
		fmt.Fprintln(w, "No saved conversations.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUPDATED\tCUSTOMER\tMESSAGES\tTITLE")
	for _, s := range ss {
		customer, title := s.CustomerID, s.Title
		if customer == "" {
			customer = "-"
		}
		if title == "" {
			title = "(no customer message yet)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", s.ID, s.UpdatedAt.In(loc).Format("2006-01-02 15:04"), customer, s.Count, title)
	}
	tw.Flush()
}
