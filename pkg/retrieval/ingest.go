package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/document"
	"github.com/cafebot/cafebot/pkg/llm"
)

// Ingest defaults for options left at zero.
const (
	DefaultBatch       = 32
	DefaultConcurrency = 2
)

// maxFileBytes bounds what is read into memory; knowledge documents are small.
const maxFileBytes = 64 << 20

// chunkerVersion is part of every file's key: bump it when document's
// chunking changes so the next ingest re-chunks unchanged files. 2: the
// retrieval tokeniser (tokenize.go) and field weights changed the terms
// stored with each chunk. 3: PDFs give headings and tables (vectors of
// other files' unchanged chunks are reused).
// 4: documents' titles, addresses and location aliases are kept.
// 5: and the kind of page their front matter gives.
// 6: JSON exports read as articles (title, body, no bookkeeping), HTML
// without the site's chrome and with one line per table row.
// 7: plain-text files keep the title they write for themselves.
// 8: and the date a markdown file's front matter gives (stale.go).
// 9: another language's words are read by the language of their text
// (lang.go: "pain" is bread in a French text only), which changes the
// stored terms.
// 10: the tokeniser reads Vietnamese: a word of several syllables is one
// word, "thứ 2" is Monday, đ is d, a text with Vietnamese letters is
// Vietnamese.
// 11: a store code beside a front matter location that is a city is the
// chunks' location (document.frontMatterLocation).
const chunkerVersion = 11

// IngestOptions tunes an ingest.
type IngestOptions struct {
	// ChunkChars and Overlap are passed to document.Parse (zero ChunkChars
	// means document.DefaultChunkChars; zero Overlap means none).
	ChunkChars, Overlap int
	// Location tags documents whose front matter names none; "" means chain-wide.
	Location string
	// Batch is how many chunks go to the embedder per call (default 32);
	// Concurrency how many calls run at once (default 2).
	Batch, Concurrency int
	// Prune removes files that were ingested from a directory root given
	// now but are no longer in it.
	Prune bool
	// Reembed drops every stored vector and embeds all chunks with emb,
	// which may be a different model than the index's.
	Reembed bool
	// Now is the clock for the ingest time recorded on new chunks; nil
	// means time.Now.
	Now func() time.Time
	// MaxChunks caps the chunks one file gives (zero means
	// document.DefaultMaxChunks); a file cut at the cap gets a note.
	MaxChunks int
	// Wait makes an ingest that finds another one running wait for it
	// (calling OnWait once with the holder's PID) instead of returning a
	// *BusyError.
	Wait   bool
	OnWait func(pid int)
}

// Skip is a file an ingest passed over, and why.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// FileNote is something an ingest had to change or cut in a file it did
// take: "decoded as windows-1252 (the file is not UTF-8)", "empty file".
type FileNote struct {
	Path string `json:"path"`
	Note string `json:"note"`
}

// Report says what an ingest did. File counts cover the roots given;
// Chunks is the index's total afterwards.
type Report struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	Chunks    int `json:"chunks"`
	// Embedded is how many chunks this run embedded; Vectors how many of
	// Chunks have an embedding, from any run.
	Embedded int `json:"embedded"`
	Vectors  int `json:"vectors"`
	// Files counts the files under the roots that are now in the index
	// with at least one chunk (new, updated or unchanged); zero means the
	// run gave the index nothing of what it was asked to read.
	Files   int        `json:"files"`
	Skipped []Skip     `json:"skipped,omitempty"`
	Notes   []FileNote `json:"notes,omitempty"`
	// VectorSearch reports that every chunk has an embedding.
	VectorSearch bool   `json:"vector_search"`
	Notice       string `json:"notice,omitempty"`
}

// root is one place files come from.
type root struct {
	id      string // identity stored with each file, for pruning
	display string // prefix shown in skip notices
	fsys    fs.FS
	file    string // set when the root is a single file: its name in fsys
	// dir is the real path (symlinks resolved) of the directory fsys
	// reads, for roots on the operating system's file system: no file
	// whose real path leaves it is read.
	dir string
}

// Ingest adds the files under roots (files or directories, searched
// recursively; hidden entries are ignored) to the index and saves it. A
// directory's files are stored relative to it ("policies/refunds.md"), a
// file root under its base name. Unchanged files are neither re-parsed nor
// re-embedded, and when nothing changed nothing is written. Unknown, binary
// and malformed files, files whose real path leaves their root and links
// to folders are listed in Report.Skipped; decoding, caps and empty files
// in Report.Notes. When emb is nil or cannot be reached the chunks are
// still stored for lexical search and Report.Notice says vector search is
// off. progress, if not nil, is called with the number of chunks embedded
// so far and the number to embed.
//
// One ingest at a time holds the index directory's lock (see IngestOptions.Wait),
// and builds on the index file as it is on disk, so concurrent ingests lose
// nothing. Embedding progress is saved every few seconds: a run that is
// killed or cancelled keeps the vectors it received, and the next run
// embeds only the rest.
func (ix *Index) Ingest(ctx context.Context, roots []string, opt IngestOptions, emb Embedder, progress func(done, total int)) (Report, error) {
	var rs []root
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return Report{}, fmt.Errorf("ingest %s: %w", r, err)
		}
		info, err := os.Stat(abs)
		if err != nil {
			return Report{}, fmt.Errorf("ingest %s: %w", r, err)
		}
		if info.IsDir() {
			real, err := filepath.EvalSymlinks(abs)
			if err != nil {
				return Report{}, fmt.Errorf("ingest %s: %w", r, err)
			}
			rs = append(rs, root{id: abs, display: r, fsys: os.DirFS(real), dir: real})
		} else {
			// A file named on its own is read from its directory, and
			// like any file there may not link out of it.
			real, err := filepath.EvalSymlinks(filepath.Dir(abs))
			if err != nil {
				return Report{}, fmt.Errorf("ingest %s: %w", r, err)
			}
			rs = append(rs, root{id: abs, display: filepath.Dir(r), fsys: os.DirFS(real), file: filepath.Base(abs), dir: real})
		}
	}
	return ix.ingest(ctx, rs, opt, emb, progress)
}

// IngestFS is Ingest for one file system, such as the bundled knowledge
// base; name identifies it in the index (pruning removes only files that
// came from the same name) and prefixes nothing: sources are fsys paths.
func (ix *Index) IngestFS(ctx context.Context, fsys fs.FS, name string, opt IngestOptions, emb Embedder, progress func(done, total int)) (Report, error) {
	if name == "" {
		return Report{}, errors.New("ingest: a file system root needs a name")
	}
	return ix.ingest(ctx, []root{{id: name, fsys: fsys}}, opt, emb, progress)
}

// found is one candidate file.
type found struct {
	root    *root
	rel     string // source path
	display string
	name    string // path in root.fsys
}

// walk lists a root's candidate files; walk problems become skips, and ok
// is false when part of the tree could not be read (so nothing is pruned).
func (r *root) walk(skip func(path, reason string)) (files []found, ok bool) {
	show := func(p string) string {
		if r.display == "" {
			return p
		}
		return filepath.Join(r.display, filepath.FromSlash(p))
	}
	if r.file != "" {
		return []found{{root: r, rel: r.file, display: show(r.file), name: r.file}}, true
	}
	ok = true
	fs.WalkDir(r.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			skip(show(p), err.Error())
			ok = false
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		files = append(files, found{root: r, rel: p, display: show(p), name: p})
		return nil
	})
	return files, ok
}

// checkLink refuses a symlink whose real path leaves the root's folder
// and one that leads to a folder; other files pass.
func (f found) checkLink() error {
	if f.root.dir == "" {
		return nil
	}
	p := filepath.Join(f.root.dir, filepath.FromSlash(f.name))
	if info, err := os.Lstat(p); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil // not a link; read reports any error
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return fmt.Errorf("a broken link: %w", err)
	}
	if !within(f.root.dir, real) {
		return outsideRoot(real, f.root.dir)
	}
	if info, err := os.Stat(real); err == nil && info.IsDir() {
		return regularAndSmall(info)
	}
	return nil
}

// read returns the file's bytes, refusing what is not a readable regular file.
func (f found) read() ([]byte, error) {
	if f.root.dir != "" {
		return readWithin(f.root.dir, f.name)
	}
	info, err := fs.Stat(f.root.fsys, f.name)
	if err != nil {
		return nil, err
	}
	if err := regularAndSmall(info); err != nil {
		return nil, err
	}
	return fs.ReadFile(f.root.fsys, f.name)
}

func regularAndSmall(info fs.FileInfo) error {
	switch {
	case info.IsDir():
		return errors.New("a link to a folder (links to folders are not followed; ingest the folder itself)")
	case !info.Mode().IsRegular():
		return errors.New("not a regular file")
	case info.Size() > maxFileBytes:
		return fmt.Errorf("larger than %d MiB", maxFileBytes>>20)
	}
	return nil
}

// entry is one file of the index being assembled.
type entry struct {
	rec    fileRec
	chunks []chunk
	fresh  bool // chunks are new (need terms and maybe vectors)
	off    int  // where a carried-over file's chunks are in the old index
}

func (ix *Index) ingest(ctx context.Context, roots []root, opt IngestOptions, emb Embedder, progress func(done, total int)) (Report, error) {
	ix.ingestMu.Lock()
	defer ix.ingestMu.Unlock()
	var rep Report
	lock, err := lockDir(ctx, ix.dir, opt.Wait, opt.OnWait)
	if err != nil {
		return rep, err
	}
	defer lock.unlock()
	// Holding the lock, nothing else writes here: what a killed run left
	// behind goes, and what another process saved since this index was
	// read is read again, so its documents are built upon, not lost.
	removeTemps(ix.dir, 0)
	if err := ix.reload(); err != nil {
		return rep, err
	}
	old := ix.st.Load()
	if opt.Reembed && emb == nil {
		return rep, errors.New("ingest: --reembed needs an embedding model")
	}
	if emb != nil && !opt.Reembed && old.embedded > 0 && emb.Model() != old.model {
		return rep, mismatch(old.model, emb.Model())
	}
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = DefaultConcurrency
	}
	if opt.ChunkChars <= 0 {
		opt.ChunkChars = document.DefaultChunkChars
	}
	if opt.MaxChunks <= 0 {
		opt.MaxChunks = document.DefaultMaxChunks
	}
	clock := opt.Now
	if clock == nil {
		clock = time.Now
	}
	now := clock().UTC()

	// Current files by source; chunks of a file are contiguous.
	entries := make(map[string]*entry, len(old.files))
	for s := range fileChunks(old.files, old.chunks) {
		entries[s.file.source] = &entry{rec: s.file, chunks: s.chunks, off: s.off}
	}

	changed := opt.Reembed
	skip := func(p, reason string) {
		// One line per file, whatever the parser's message looked like.
		rep.Skipped = append(rep.Skipped, Skip{Path: p, Reason: strings.Join(strings.Fields(reason), " ")})
	}
	note := func(p, text string) { rep.Notes = append(rep.Notes, FileNote{Path: p, Note: text}) }
	seen := map[string]bool{}
	var prunable []string
	var partialNote string
	ids := newIdentities(entries)
	for i := range roots {
		r := &roots[i]
		files, whole := r.walk(skip)
		if r.file == "" {
			if whole {
				prunable = append(prunable, r.id)
			} else {
				partialNote = "some folders could not be read, so nothing was pruned from them"
			}
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return Report{}, fmt.Errorf("ingest: %w", err)
			}
			// A document is its file, whatever path reached it (identity.go).
			src := ids.source(entries, seen, r, f.rel)
			if seen[src] {
				skip(f.display, "another root already gave a file with this path")
				continue
			}
			seen[src] = true
			// A link is judged by where it leads before anything else.
			if err := f.checkLink(); err != nil {
				skip(f.display, keptNote(err.Error(), entries[src] != nil))
				continue
			}
			if !document.Supported(f.rel) {
				ext := path.Ext(f.rel)
				if ext == "" {
					ext = "(no extension)"
				}
				skip(f.display, "unsupported file type "+ext)
				continue
			}
			data, err := f.read()
			if err != nil {
				skip(f.display, keptNote(err.Error(), entries[src] != nil))
				continue
			}
			key := fileKey(data, opt)
			if e := entries[src]; e != nil && sameChunking(e.rec, key, opt.MaxChunks) {
				rep.Unchanged++
				// What still holds for an unchanged file is said again,
				// so every run's report covers every file.
				switch {
				case e.rec.chunks == 0:
					note(f.display, "empty file or no text to index (unchanged)")
				case e.rec.key != key:
					note(f.display, fmt.Sprintf("cut at the cap of %d chunks per file (unchanged)", opt.MaxChunks))
				}
				if e.rec.chunks > 0 {
					rep.Files++
				}
				if e.rec.root != r.id {
					e.rec.root = r.id
					changed = true
				}
				continue
			}
			doc, err := document.Read(src, data, document.Options{ChunkChars: opt.ChunkChars, Overlap: opt.Overlap, Location: opt.Location, MaxChunks: opt.MaxChunks})
			if err != nil {
				skip(f.display, keptNote(err.Error(), entries[src] != nil))
				continue
			}
			parsed := doc.Chunks
			for _, n := range doc.Notes {
				note(f.display, n)
			}
			switch {
			case len(parsed) > 0:
				rep.Files++
			case len(strings.TrimSpace(string(data))) == 0:
				note(f.display, "empty file: nothing to index")
			default:
				note(f.display, "no text to index (only headings, markup or empty records)")
			}
			if doc.Truncated {
				key = cutKey(key, opt.MaxChunks)
			}
			e := &entry{rec: fileRec{root: r.id, source: src, key: key, chunks: len(parsed), ingestedAt: now,
				title: doc.Title, address: doc.Address, aliases: doc.Aliases, kind: doc.Kind, dated: doc.Dated}, fresh: true}
			for _, p := range parsed {
				h, _ := hex.DecodeString(p.Hash)
				c := chunk{source: p.Source, section: p.Section, location: p.Location, text: p.Text, ordinal: p.Ordinal, ingestedAt: now}
				copy(c.hash[:], h)
				e.chunks = append(e.chunks, c)
			}
			if entries[src] != nil {
				rep.Updated++
			} else {
				rep.Added++
			}
			entries[src] = e
			changed = true
		}
	}
	if opt.Prune {
		for src, e := range entries {
			if !seen[src] && containsString(prunable, e.rec.root) {
				delete(entries, src)
				rep.Removed++
				changed = true
			}
		}
	}

	model, dim := old.model, old.dim
	if emb != nil && model != emb.Model() {
		model = emb.Model()
		changed = true
	}
	if opt.Reembed || old.embedded == 0 {
		dim = 0
	}
	if old.rederived {
		// The file predates this code's derivations (derived.go): write
		// them, so the next open need not derive them again.
		changed = true
	}
	if !changed && (emb == nil || old.embedded == len(old.chunks)) {
		// The idempotent path: nothing to parse, embed or write.
		_ = ix.writeContacts(old, true) // contacts.go: the sidecar of an index built before it existed
		return finish(rep, old, nil, emb == nil, partialNote), nil
	}

	// Assemble the new snapshot's files and chunks in source order.
	sources := make([]string, 0, len(entries))
	for src := range entries {
		sources = append(sources, src)
	}
	sort.Strings(sources)
	var reuse map[[32]byte][]float32
	vb := newVocabBuilder(len(old.vocab))
	remap := make([]int64, len(old.vocab))
	for i := range remap {
		remap[i] = -1
	}
	files := make([]fileRec, 0, len(sources))
	var chunks []chunk
	var from []int // each chunk's index in old when carried over, else -1
	for _, src := range sources {
		e := entries[src]
		files = append(files, e.rec)
		for k, c := range e.chunks {
			if e.fresh {
				from = append(from, -1)
			} else {
				from = append(from, e.off+k)
			}
			if opt.Reembed {
				c.vec = nil
			}
			if e.fresh {
				c.terms, c.length = analyse(vb, c.source, c.section, c.text)
				if !opt.Reembed && old.embedded > 0 {
					if reuse == nil {
						reuse = old.vectorsByInput()
					}
					c.vec = reuse[sha256.Sum256([]byte(embedInput(&c)))]
				}
			} else {
				terms := make([]term, len(c.terms))
				for k, t := range c.terms {
					if remap[t.id] < 0 {
						remap[t.id] = int64(vb.id(old.vocab[t.id]))
					}
					terms[k] = term{id: uint32(remap[t.id]), tf: t.tf}
				}
				c.terms = terms
			}
			chunks = append(chunks, c)
		}
	}

	var embedErr, interrupted error
	if emb != nil {
		var need []int
		for i := range chunks {
			if chunks[i].vec == nil {
				need = append(need, i)
			}
		}
		if len(need) > 0 {
			// A checkpoint is this ingest's result so far, every file and
			// every vector received: a run killed while embedding resumes
			// from it, embedding only what is still missing.
			checkpoint := func(snap []chunk, dim int) error {
				return ix.save(&state{model: model, dim: dim, updated: now, files: files, chunks: snap, vocab: vb.words})
			}
			n, d, err := embedChunks(ctx, emb, chunks, need, dim, opt, progress, checkpoint)
			rep.Embedded, dim = n, d
			if n > 0 {
				changed = true
			}
			switch {
			case ctx.Err() != nil:
				// Keep what was received, then report the interruption.
				interrupted = ctx.Err()
			case errors.Is(err, ErrEmbeddingMismatch):
				return Report{}, err
			case err != nil:
				embedErr = err
			}
		}
	}
	if interrupted != nil && !changed {
		return Report{}, fmt.Errorf("ingest: %w", interrupted)
	}

	if !changed {
		_ = ix.writeContacts(old, true) // contacts.go: the sidecar of an index built before it existed
		return finish(rep, old, embedErr, emb == nil, partialNote), nil
	}
	st, err := newState(model, dim, now, files, chunks, canonicalTerms(vb.words, chunks))
	if err != nil {
		return Report{}, fmt.Errorf("ingest: %w", err)
	}
	// derived.go: carried-over chunks keep their stored segments
	st.segStore = encodeSegments(st, old, from)
	if err := ix.save(st); err != nil {
		return Report{}, fmt.Errorf("save index %s: %w (the previous index is unchanged)", ix.Path(), err)
	}
	ix.st.Store(st)
	_ = ix.writeContacts(st, false) // contacts.go: public contacts found at ingest
	rep = finish(rep, st, embedErr, emb == nil, partialNote)
	if interrupted != nil {
		return rep, fmt.Errorf("ingest: %w (%d of %d chunks are embedded and saved; run ingest again to embed the rest)",
			interrupted, st.embedded, len(st.chunks))
	}
	return rep, nil
}

// canonicalTerms puts a snapshot's terms in one order whatever the
// ingests that built it: the vocabulary sorted, each chunk's terms by id.
// An index built by many ingests is then the same file as one built at
// once (TestIngestChangeMatchesScratch), and a chunk carried over
// unchanged keeps its terms' order, which its stored segments' numbering
// follows (encodeSegments). It renumbers chunks' terms in place and
// returns the sorted vocabulary.
func canonicalTerms(vocab []string, chunks []chunk) []string {
	order := make([]uint32, len(vocab))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(vocab[a], vocab[b]) })
	sorted, newID := make([]string, len(vocab)), make([]uint32, len(vocab))
	for k, old := range order {
		sorted[k], newID[old] = vocab[old], uint32(k)
	}
	for i := range chunks {
		ts := chunks[i].terms
		for k := range ts {
			ts[k].id = newID[ts[k].id]
		}
		slices.SortFunc(ts, func(a, b term) int { return int(a.id) - int(b.id) })
	}
	return sorted
}

// finish fills in the report's totals and notice from the index as it now is.
func finish(rep Report, st *state, embedErr error, noEmbedder bool, partialNote string) Report {
	rep.Chunks = len(st.chunks)
	rep.Vectors = st.embedded
	rep.VectorSearch = len(st.chunks) > 0 && st.embedded == len(st.chunks)
	var notes []string
	switch {
	case embedErr != nil:
		note := fmt.Sprintf("%d of %d chunks have no embedding (%v): lexical search works, vector search is off until `cafebot ingest` runs again with Ollama running",
			len(st.chunks)-st.embedded, len(st.chunks), embedErr)
		if h := llm.Hint(embedErr, st.model); h != "" {
			note += "; " + h
		}
		notes = append(notes, note)
	case noEmbedder && st.embedded == 0 && len(st.chunks) > 0:
		notes = append(notes, "no embedding model: lexical search only")
	case noEmbedder && !rep.VectorSearch && len(st.chunks) > 0:
		notes = append(notes, fmt.Sprintf("%d of %d chunks have no embedding (no embedding model given): run `cafebot ingest` with Ollama running to add them",
			len(st.chunks)-st.embedded, len(st.chunks)))
	}
	if partialNote != "" {
		notes = append(notes, partialNote)
	}
	rep.Notice = strings.Join(notes, "; ")
	return rep
}

// embedChunks embeds chunks[need] in batches, opt.Concurrency at a time,
// storing normalised vectors in place. It returns how many were embedded
// and the dimension; after the first failure no new batch starts, and
// vectors already received are kept.
func embedChunks(ctx context.Context, emb Embedder, chunks []chunk, need []int, dim int, opt IngestOptions, progress func(done, total int), checkpoint func(snap []chunk, dim int) error) (int, int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// One goroutine writes checkpoints, so embedding goes on while a
	// snapshot is saved; a snapshot is offered only when none is pending.
	snaps := make(chan checkpointSnap)
	saverDone := make(chan struct{})
	pace := newCheckpointPace()
	go func() {
		defer close(saverDone)
		for s := range snaps {
			start := time.Now()
			// A failed checkpoint only costs progress; the final save
			// reports errors.
			if checkpoint(s.chunks, s.dim) == nil && checkpointed != nil {
				checkpointed(countVectors(s.chunks))
			}
			pace.saved(time.Since(start))
		}
	}()
	defer func() {
		close(snaps)
		<-saverDone
	}()
	var (
		mu       sync.Mutex // guards chunks' vectors, done and dim
		done     int
		errMu    sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		errMu.Lock()
		defer errMu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	// store keeps one batch's vectors, refusing a dimension change.
	store := func(b []int, vecs [][]float32) error {
		mu.Lock()
		defer mu.Unlock()
		for k, i := range b {
			v := vecs[k]
			if dim == 0 {
				dim = len(v)
			}
			if len(v) != dim {
				return fmt.Errorf("%w: %s returned %d-dimensional vectors, the index holds %d; %s",
					ErrEmbeddingMismatch, emb.Model(), len(v), dim, reembedHint)
			}
			if !normalise(v) {
				return fmt.Errorf("embed with %s: the model returned a zero vector", emb.Model())
			}
			chunks[i].vec = v
			done++
		}
		if progress != nil {
			progress(done, len(need))
		}
		if checkpoint != nil && pace.due() {
			select {
			case snaps <- checkpointSnap{chunks: slices.Clone(chunks), dim: dim}:
			default: // the saver is busy with the previous one
			}
		}
		return nil
	}
	if progress != nil {
		progress(0, len(need))
	}
	batches := make(chan []int)
	var wg sync.WaitGroup
	for range opt.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if ctx.Err() != nil {
					continue // a batch failed or the ingest was cancelled: drain
				}
				texts := make([]string, len(b))
				for k, i := range b {
					texts[k] = embedInput(&chunks[i])
				}
				// The embedder's errors already name the model.
				vecs, err := embedWithRetry(ctx, emb, texts)
				if err == nil {
					err = store(b, vecs)
				}
				if err != nil {
					fail(err)
				}
			}
		}()
	}
feed:
	for start := 0; start < len(need); start += opt.Batch {
		select {
		case batches <- need[start:min(start+opt.Batch, len(need))]:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	wg.Wait()
	return done, dim, firstErr
}

func countVectors(chunks []chunk) int {
	n := 0
	for i := range chunks {
		if chunks[i].vec != nil {
			n++
		}
	}
	return n
}

// embedInput is the text embedded for a chunk: its section heading gives
// the passage its context ("Refunds > Card payments").
func embedInput(c *chunk) string {
	if c.section == "" {
		return c.text
	}
	return c.section + "\n\n" + c.text
}

// vectorsByInput maps the hash of each embedded chunk's input to its
// vector, so re-chunked files reuse vectors of text that did not change.
func (st *state) vectorsByInput() map[[32]byte][]float32 {
	m := make(map[[32]byte][]float32, st.embedded)
	for i := range st.chunks {
		if c := &st.chunks[i]; c.vec != nil {
			m[sha256.Sum256([]byte(embedInput(c)))] = c.vec
		}
	}
	return m
}

// fileKey identifies a file's content and the options that chunked it.
func fileKey(data []byte, opt IngestOptions) string {
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%x|v%d|c%d|o%d|l%s", sum, chunkerVersion, opt.ChunkChars, opt.Overlap, opt.Location)
}

// cutKey is the key of a file cut at the chunk cap: the cap is part of
// how it was chunked. An uncut file's key leaves the cap out, so changing
// the cap re-reads only the files it cuts or would cut.
func cutKey(key string, maxChunks int) string { return fmt.Sprintf("%s|cut%d", key, maxChunks) }

// sameChunking reports whether a file stored as rec, whose content and
// options give key now, would be chunked the same under the cap.
func sameChunking(rec fileRec, key string, maxChunks int) bool {
	return rec.key == cutKey(key, maxChunks) || (rec.key == key && rec.chunks <= maxChunks)
}

func keptNote(reason string, kept bool) string {
	if kept {
		return reason + " (kept the previously ingested version)"
	}
	return reason
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
