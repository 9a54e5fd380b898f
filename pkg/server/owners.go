package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// OwnersFile is the file in Options.StateDir where the server records which
// terminal created which conversations and tickets, so that the token rules
// hold across a restart. Each line is one record,
// {"kind": "conversation"|"ticket", "id": N, "owner": OWNER}, where OWNER
// is "t:" and the first 8 bytes of the terminal token's SHA-256 in hex (or
// "staff", or "local" on a server without tokens): never a token. A record
// that is missing (a crash before it was written, a deleted file) leaves
// its conversation or ticket to staff alone; nothing is ever opened up.
const OwnersFile = "owners.jsonl"

// The kinds of OwnersFile records.
const (
	kindConversation = "conversation"
	kindTicket       = "ticket"
)

// ownerRecord is one line of OwnersFile.
type ownerRecord struct {
	Kind  string `json:"kind"`
	ID    int64  `json:"id"`
	Owner string `json:"owner"`
}

// owners remembers which tokens created which conversations and tickets:
// only they and staff may read them. Every new record is appended to the
// state file when there is one.
type owners struct {
	log *slog.Logger

	mu            sync.Mutex
	conversations map[int64]string
	tickets       map[int64]map[string]bool
	// file is OwnersFile opened for appending; nil keeps records in
	// memory only.
	file *os.File
}

func newOwners(log *slog.Logger) *owners {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &owners{log: log, conversations: map[int64]string{}, tickets: map[int64]map[string]bool{}}
}

// openOwners reads the records of dir's OwnersFile and appends new ones to
// it; an empty dir keeps them in memory. Lines it cannot read (a torn last
// write) are skipped and logged.
func openOwners(dir string, log *slog.Logger) (*owners, error) {
	o := newOwners(log)
	if dir == "" {
		return o, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("server state: %w", err)
	}
	path := filepath.Join(dir, OwnersFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("server state: %w", err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("server state: read %s: %w", path, err)
	}
	bad := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var r ownerRecord
		if json.Unmarshal(line, &r) != nil || !o.apply(r) {
			bad++
		}
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, fmt.Errorf("server state: read %s: %w", path, err)
	}
	if bad > 0 {
		o.log.Warn("server state: skipped unreadable ownership records", "file", path, "lines", bad)
	}
	// A torn last line must not glue onto the next record.
	if len(data) > 0 && data[len(data)-1] != '\n' {
		if _, err := f.Write([]byte("\n")); err != nil {
			f.Close()
			return nil, fmt.Errorf("server state: %w", err)
		}
	}
	o.file = f
	return o, nil
}

// apply adds a record read back from the file; it reports whether the
// record was well formed. A conversation keeps its first owner.
func (o *owners) apply(r ownerRecord) bool {
	if r.ID <= 0 || r.Owner == "" {
		return false
	}
	switch r.Kind {
	case kindConversation:
		if _, ok := o.conversations[r.ID]; !ok {
			o.conversations[r.ID] = r.Owner
		}
	case kindTicket:
		if o.tickets[r.ID] == nil {
			o.tickets[r.ID] = map[string]bool{}
		}
		o.tickets[r.ID][r.Owner] = true
	default:
		return false
	}
	return true
}

// save appends r to the state file; the caller holds mu. A failed write
// is logged: the record holds until the server stops, and afterwards its
// conversation or ticket is staff's alone.
func (o *owners) save(r ownerRecord) {
	if o.file == nil {
		return
	}
	line, err := json.Marshal(r)
	if err == nil {
		_, err = o.file.Write(append(line, '\n'))
	}
	if err != nil {
		o.log.Error("server state: ownership not saved; after a restart only staff reach it", "kind", r.Kind, "id", r.ID, "err", err)
	}
}

// close flushes the state file to disk and closes it.
func (o *owners) close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.file == nil {
		return nil
	}
	err := errors.Join(o.file.Sync(), o.file.Close())
	o.file = nil
	return err
}

// conversation records that owner created conversation id (the first
// owner stays).
func (o *owners) conversation(id int64, owner string) {
	if id == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.conversations[id]; ok {
		return
	}
	o.conversations[id] = owner
	o.save(ownerRecord{Kind: kindConversation, ID: id, Owner: owner})
}

func (o *owners) conversationOwner(id int64) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conversations[id]
}

// ticket records that owner filed (or, by a merge, added to) ticket id.
func (o *owners) ticket(id int64, owner string) {
	if id == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.tickets[id][owner] {
		return
	}
	if o.tickets[id] == nil {
		o.tickets[id] = map[string]bool{}
	}
	o.tickets[id][owner] = true
	o.save(ownerRecord{Kind: kindTicket, ID: id, Owner: owner})
}

func (o *owners) ownsTicket(id int64, owner string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.tickets[id][owner]
}
