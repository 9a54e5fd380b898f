package retrieval

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/guard"
)

// ContactsName is the sidecar, next to the index file, that holds the
// phones and emails the indexed documents publish. Ingest writes it, so a
// command that needs the café's public contacts (the guard lets a draft
// quote them) reads one small file instead of scanning every document at
// every start.
const ContactsName = "contacts.json"

// contactsFile is the sidecar's content. Updated and Chunks name the index
// snapshot it was extracted from, IndexSize and IndexModTime the index file
// it was written after, so a sidecar left behind by another index (written
// by a binary without sidecars, or restored from a backup) is not trusted.
type contactsFile struct {
	Updated      time.Time `json:"updated"`
	Chunks       int       `json:"chunks"`
	IndexSize    int64     `json:"index_size"`
	IndexModTime time.Time `json:"index_mod_time"`
	Phones       []string  `json:"phones"`
	Emails       []string  `json:"emails"`
}

// contactsOf extracts the published contacts of a snapshot.
func contactsOf(st *state) contactsFile {
	var b strings.Builder
	for i := range st.chunks {
		b.WriteString(st.chunks[i].text)
		b.WriteByte('\n')
	}
	id := guard.ContactsIn(b.String())
	return contactsFile{Updated: st.updated.UTC(), Chunks: len(st.chunks), Phones: nonNil(id.Phones), Emails: nonNil(id.Emails)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeContacts saves the sidecar of st atomically (temporary file, sync,
// rename). When onlyMissing is set an existing valid sidecar is kept. A
// failure removes the old sidecar, so readers fall back to scanning rather
// than trust contacts of another snapshot; the index itself is already
// saved, so the error is only returned for tests and logs.
func (ix *Index) writeContacts(st *state, onlyMissing bool) error {
	if onlyMissing {
		if _, ok := ix.readContacts(st); ok {
			return nil
		}
	}
	path := filepath.Join(ix.dir, ContactsName)
	c := contactsOf(st)
	info, err := os.Stat(ix.Path())
	if err == nil {
		c.IndexSize, c.IndexModTime = info.Size(), info.ModTime().UTC()
		err = writeAtomic(path, c)
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}

func writeAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readContacts returns the sidecar when it belongs to snapshot st.
func (ix *Index) readContacts(st *state) (contactsFile, bool) {
	c, ok := readContactsAt(ix.dir)
	if !ok || !c.Updated.Equal(st.updated) || c.Chunks != len(st.chunks) {
		return contactsFile{}, false
	}
	return c, true
}

// readContactsAt returns the sidecar in dir when it was written after the
// index file that is there now.
func readContactsAt(dir string) (contactsFile, bool) {
	data, err := os.ReadFile(filepath.Join(dir, ContactsName))
	if err != nil {
		return contactsFile{}, false
	}
	var c contactsFile
	if json.Unmarshal(data, &c) != nil {
		return contactsFile{}, false
	}
	info, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || info.Size() != c.IndexSize || !info.ModTime().Equal(c.IndexModTime) {
		return contactsFile{}, false
	}
	return c, true
}

// ErrNoContacts says the index has no contacts sidecar for its current
// snapshot (an index built before sidecars existed, or an empty one).
var ErrNoContacts = errors.New("the index has no contacts sidecar; run `cafebot ingest` to write it")

// PublicContacts returns the phones and emails published by the indexed
// documents, as found at ingest. It returns ErrNoContacts when the sidecar
// is missing, unreadable or from another snapshot of the index.
func (ix *Index) PublicContacts() (guard.Identity, error) {
	st := ix.st.Load()
	if len(st.chunks) == 0 {
		return guard.Identity{}, ErrNoContacts
	}
	c, ok := ix.readContacts(st)
	if !ok {
		return guard.Identity{}, ErrNoContacts
	}
	return guard.Identity{Phones: c.Phones, Emails: c.Emails}, nil
}

// ContactsAt is PublicContacts for the index in dir without opening it:
// one small file and a stat instead of decoding the index, for commands
// that need only the contacts. It returns ErrNoContacts when the sidecar
// is missing, unreadable, or older or newer than the index file there.
func ContactsAt(dir string) (guard.Identity, error) {
	c, ok := readContactsAt(dir)
	if !ok || c.Chunks == 0 {
		return guard.Identity{}, ErrNoContacts
	}
	return guard.Identity{Phones: c.Phones, Emails: c.Emails}, nil
}
