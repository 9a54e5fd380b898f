package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Document is one ingested file as staff manage it.
type Document struct {
	// ID is short and stable: it stays the same across re-ingests of the
	// file and is what `cafebot docs show|remove` take (the source path
	// works too when no other document has it).
	ID       string `json:"id"`
	Source   string `json:"source"`
	Location string `json:"location,omitempty"`
	// Folder is the folder the file was ingested from ("" for the bundled
	// knowledge base or a single file).
	Folder     string    `json:"folder,omitempty"`
	Chunks     int       `json:"chunks"`
	IngestedAt time.Time `json:"ingested_at"`
}

// ErrNoDocument reports an ID or source that names no document.
var ErrNoDocument = errors.New("no such document")

// ErrAmbiguousDocument reports a source path that several documents share
// (give the ID instead).
var ErrAmbiguousDocument = errors.New("several documents have this source")

// docID is a document's ID: a hash of where it came from and its path.
func docID(f fileRec) string {
	sum := sha256.Sum256([]byte(f.root + "\x00" + f.source))
	return hex.EncodeToString(sum[:4])
}

func (st *state) documents() []Document {
	out := make([]Document, 0, len(st.files))
	for s := range fileChunks(st.files, st.chunks) {
		f, off := s.file, s.off
		d := Document{ID: docID(f), Source: f.source, Chunks: f.chunks, IngestedAt: f.ingestedAt}
		if isFolder(f.root) {
			d.Folder = f.root
		}
		if f.chunks > 0 {
			d.Location = st.chunks[off].location
			// a page the index learned a location for (its store code's
			// name, a location page's title) shows that location; a page
			// only some of whose chunks are a store's (a shared page with
			// one store's section, a store locator's rows) is everyone's
			own := !st.sectionLoc[off]
			for i := off + 1; own && i < off+f.chunks; i++ {
				own = st.effLoc[i] == st.effLoc[off] && !st.sectionLoc[i]
			}
			if own {
				if n := st.locationName(st.effLoc[off]); n != "" {
					d.Location = n
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// isFolder reports whether a root id is a folder on disk (not a file root
// or the name of an embedded file system).
func isFolder(root string) bool {
	if !filepath.IsAbs(root) {
		return false
	}
	info, err := os.Stat(root)
	return err == nil && info.IsDir()
}

// Documents lists the index's documents by source.
func (ix *Index) Documents() []Document { return ix.st.Load().documents() }

// find returns the index in st.files of the document ref names: an ID, or
// a source path only one document has.
func (st *state) find(ref string) (int, error) {
	ref = strings.TrimSpace(ref)
	var bySource []int
	for i, f := range st.files {
		if docID(f) == ref {
			return i, nil
		}
		if f.source == ref {
			bySource = append(bySource, i)
		}
	}
	switch len(bySource) {
	case 0:
		return -1, fmt.Errorf("%w: %q", ErrNoDocument, ref)
	case 1:
		return bySource[0], nil
	}
	return -1, fmt.Errorf("%w: %q; give its ID", ErrAmbiguousDocument, ref)
}

// DocumentChunk is one chunk of a document, for `docs show`.
type DocumentChunk struct {
	Section  string `json:"section"`
	Location string `json:"location,omitempty"`
	Text     string `json:"text"`
	Embedded bool   `json:"embedded"`
}

// Document returns the document ref names (an ID or a unique source) and
// its chunks in order.
func (ix *Index) Document(ref string) (Document, []DocumentChunk, error) {
	st := ix.st.Load()
	i, err := st.find(ref)
	if err != nil {
		return Document{}, nil, err
	}
	off := 0
	for _, f := range st.files[:i] {
		off += f.chunks
	}
	var chunks []DocumentChunk
	for j, c := range st.chunks[off : off+st.files[i].chunks] {
		// a chunk shows the location it belongs to: its own, or the one
		// the index learned for its page or its section of a shared page
		loc := c.location
		if !st.sectionLoc[off+j] {
			if n := st.locationName(st.effLoc[off+j]); n != "" {
				loc = n
			}
		}
		chunks = append(chunks, DocumentChunk{Section: c.section, Location: loc, Text: c.text, Embedded: c.vec != nil})
	}
	return st.documents()[i], chunks, nil
}

// RemoveDocument deletes the document ref names from the index and saves
// it, holding the ingest lock (waiting for a running ingest when wait is
// true). The file itself is not touched; a later ingest of its folder
// adds it again unless it is gone from there.
func (ix *Index) RemoveDocument(ctx context.Context, ref string, wait bool) (Document, error) {
	ix.ingestMu.Lock()
	defer ix.ingestMu.Unlock()
	lock, err := lockDir(ctx, ix.dir, wait, nil)
	if err != nil {
		return Document{}, err
	}
	defer lock.unlock()
	if err := ix.reload(); err != nil {
		return Document{}, err
	}
	old := ix.st.Load()
	i, err := old.find(ref)
	if err != nil {
		return Document{}, err
	}
	doc := old.documents()[i]
	off := 0
	for _, f := range old.files[:i] {
		off += f.chunks
	}
	files := slices.Concat(old.files[:i], old.files[i+1:])
	chunks := slices.Concat(old.chunks[:off], old.chunks[off+old.files[i].chunks:])
	st, err := newState(old.model, old.dim, time.Now().UTC(), files, chunks, old.vocab)
	if err != nil {
		return Document{}, fmt.Errorf("remove %s: %w", doc.Source, err)
	}
	if err := ix.save(st); err != nil {
		return Document{}, fmt.Errorf("save index %s: %w (the previous index is unchanged)", ix.Path(), err)
	}
	ix.st.Store(st)
	return doc, nil
}

// Folder is a folder documents were ingested from, and the --location
// that ingest was given for it ("" for none).
type Folder struct {
	Path     string `json:"path"`
	Location string `json:"location,omitempty"`
}

// Folders returns the folders documents were ingested from that still
// exist, sorted: what `cafebot ingest` with no path re-syncs, each with
// the location it was ingested with, so a re-sync does not change it.
func (ix *Index) Folders() []Folder {
	seen := map[string]bool{}
	var out []Folder
	for _, f := range ix.st.Load().files {
		if !seen[f.root] {
			seen[f.root] = true
			if isFolder(f.root) {
				out = append(out, Folder{Path: f.root, Location: keyLocation(f.key)})
			}
		}
	}
	slices.SortFunc(out, func(a, b Folder) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// keyLocation reads the ingest --location back from a file's key
// ("<sha>|v1|c1200|o150|lElm Road", maybe followed by "|cut5000").
func keyLocation(key string) string {
	i := strings.Index(key, "|l")
	if i < 0 {
		return ""
	}
	loc := key[i+2:]
	if j := strings.LastIndex(loc, "|cut"); j >= 0 {
		loc = loc[:j]
	}
	return loc
}

// locationName returns the learned location whose key is key, "" when none.
func (st *state) locationName(key string) string {
	if key == "" {
		return ""
	}
	for _, n := range st.locNames {
		if locationKey(n) == key {
			return n
		}
	}
	return ""
}
