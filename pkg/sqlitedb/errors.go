package sqlitedb

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Kind names what went wrong with the database file, for the hint a person
// needs; the raw SQLite message rarely says what to do.
type Kind int

// The kinds of database failure cafebot tells apart.
const (
	KindOther Kind = iota
	// KindCorrupt: SQLite found damaged pages.
	KindCorrupt
	// KindNotADatabase: the file is not an SQLite database at all.
	KindNotADatabase
	// KindEmpty: the file exists but holds nothing, as after a truncation.
	KindEmpty
	// KindReadOnly: the file or its folder cannot be written.
	KindReadOnly
	// KindFull: the disk (or a quota) is full.
	KindFull
	// KindBusy: another process held the lock longer than the busy timeout.
	KindBusy
	// KindCantOpen: the file or its folder cannot be opened.
	KindCantOpen
	// KindTooNew: a newer cafebot migrated the file.
	KindTooNew
)

var kindNames = map[Kind]string{
	KindOther: "error", KindCorrupt: "corrupt", KindNotADatabase: "not a database",
	KindEmpty: "empty", KindReadOnly: "read-only", KindFull: "disk full",
	KindBusy: "busy", KindCantOpen: "cannot open", KindTooNew: "too new",
}

// String returns the kind's short name.
func (k Kind) String() string { return kindNames[k] }

// Error is a database failure with the file and the kind it was classified as.
type Error struct {
	Path string
	Op   string
	Kind Kind
	Err  error
}

// Error returns "open database PATH: MESSAGE".
func (e *Error) Error() string {
	where := e.Op + " database"
	if e.Path != "" {
		where += " " + e.Path
	}
	return fmt.Sprintf("%s: %v", where, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// classify wraps err from operation op on the file at path.
func classify(path, op string, err error) error {
	return &Error{Path: path, Op: op, Kind: KindOf(err), Err: err}
}

// KindOf classifies any error that came from the database, wherever it was
// wrapped: an *Error's kind, else the SQLite result code, else the system
// error underneath.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindOther {
		return e.Kind
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_CORRUPT:
			return KindCorrupt
		case sqlite3.SQLITE_NOTADB:
			return KindNotADatabase
		case sqlite3.SQLITE_READONLY:
			return KindReadOnly
		case sqlite3.SQLITE_FULL:
			return KindFull
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return KindBusy
		case sqlite3.SQLITE_CANTOPEN:
			return KindCantOpen
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return KindFull
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return KindReadOnly
	}
	return KindOther
}

// Hint returns the one-line advice for a database error, or "" when err is
// not one this package recognises.
func Hint(err error) string {
	switch KindOf(err) {
	case KindCorrupt:
		return "the database file is damaged: stop cafebot, keep a copy of the file, and restore it from a backup (`sqlite3 FILE .recover` can rescue most rows)"
	case KindNotADatabase:
		return "that file is not a cafebot database: check --home, or move the file away so cafebot can create a new one"
	case KindEmpty:
		return "the database file is empty, as after a crash or a full disk: restore it from a backup, or delete it to start with no accounts"
	case KindReadOnly:
		return "the database cannot be written: check the permissions of the cafebot home directory (--home) and that its disk is not mounted read-only"
	case KindFull:
		return "the disk is full: free some space and try again (what was already saved is kept)"
	case KindBusy:
		return "another cafebot process holds the database: wait for it to finish and try again"
	case KindCantOpen:
		return "the database file cannot be opened: check that --home exists and is a folder cafebot may write to"
	case KindTooNew:
		return "a newer cafebot wrote this database: upgrade cafebot, or point --home at another directory"
	}
	return ""
}
