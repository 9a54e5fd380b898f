package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// skipsOf maps each skipped file's path relative to dir to its reason.
func skipsOf(t *testing.T, dir string, rep Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range rep.Skipped {
		rel, err := filepath.Rel(dir, s.Path)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(rel)] = s.Reason
	}
	return out
}

// notesOf maps each noted file's path relative to dir to its notes.
func notesOf(t *testing.T, dir string, rep Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range rep.Notes {
		rel, err := filepath.Rel(dir, n.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if out[rel] != "" {
			out[rel] += "; "
		}
		out[rel] += n.Note
	}
	return out
}

// TestIngestRefusesLinksOutOfRoot is the attack: a notes.txt in a
// knowledge folder that links to the system's password-hash file made that
// file searchable and quotable. Links that stay inside the folder still work.
func TestIngestRefusesLinksOutOfRoot(t *testing.T) {
	ctx := context.Background()
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{
		"shadow":           "root:$6$saltsalt$0123456789abcdefSECRETHASH:19000:0:99999:7:::\n",
		"private/plans.md": "# Plans\n\nThe SECRETHASH of the owner's plans.\n",
	})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"good.md":       "# Good\n\nOat milk costs 50 cents extra.\n",
		"sub/inside.md": "# Inside\n\nThe patio opens in May.\n",
	})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	link(filepath.Join(outside, "shadow"), "notes.txt")                   // absolute link out
	link(filepath.Join("..", filepath.Base(outside), "shadow"), "up.txt") // relative link out
	link(filepath.Join(outside, "private"), "linked")                     // a folder out
	link("good.md", "alias.md")                                           // stays inside: read
	link("sub", "subalias")                                               // a folder inside: not followed
	// A link whose own target is a link out.
	if err := os.Symlink(filepath.Join(dir, "notes.txt"), filepath.Join(dir, "sub", "chain.txt")); err != nil {
		t.Fatal(err)
	}

	ix := New(t.TempDir())
	rep, err := ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	skips := skipsOf(t, dir, rep)
	for _, name := range []string{"notes.txt", "up.txt", "linked", "sub/chain.txt"} {
		if !strings.Contains(skips[name], "outside the ingest folder") {
			t.Errorf("%s: skip reason %q, want a refusal naming the ingest folder", name, skips[name])
		}
	}
	if !strings.Contains(skips["subalias"], "links to folders are not followed") {
		t.Errorf("subalias: skip reason %q", skips["subalias"])
	}
	if diff := cmp.Diff([]string{"alias.md", "good.md", "sub/inside.md"}, sources(ix)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	for _, c := range ix.st.Load().chunks {
		if strings.Contains(c.text, "SECRETHASH") {
			t.Fatalf("%s: a file outside the root was indexed: %q", c.source, c.text)
		}
	}

	// Named on its own, a link out is refused the same way.
	rep, err = New(t.TempDir()).Ingest(ctx, []string{filepath.Join(dir, "notes.txt")}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "outside the ingest folder") || rep.Files != 0 {
		t.Errorf("file root linking out: %+v", rep)
	}

	// The root itself may be a link: the folder it names is the root.
	rootLink := filepath.Join(t.TempDir(), "kb")
	if err := os.Symlink(dir, rootLink); err != nil {
		t.Fatal(err)
	}
	rep, err = New(t.TempDir()).Ingest(ctx, []string{rootLink}, opts(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || !strings.Contains(skipsOf(t, rootLink, rep)["notes.txt"], "outside the ingest folder") {
		t.Errorf("linked root: %+v", rep)
	}
}

// TestIngestNotesPerFile: decoding, caps and empty files are reported per
// file, and the files still count as ingested when they gave chunks.
func TestIngestNotesPerFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var rows strings.Builder
	rows.WriteString("item,price\n")
	for i := range 50 {
		fmt.Fprintf(&rows, "Item %d,%d.00\n", i, i)
	}
	writeFiles(t, dir, map[string]string{
		"menu-1252.csv": "item;price\nCaf\xe9 cr\xe8me;3,50 \x80\n",
		"empty.md":      "",
		"blank.txt":     " \n\n\t\n",
		"headings.md":   "# Only\n\n## Headings\n",
		"big.csv":       rows.String(),
		"binary.txt":    "\xff\xd8\xff\xe0\x10JFIF\x01\x02\x01\x01\x2c\x01\x2c\x03\x04",
	})
	o := opts()
	o.MaxChunks = 10
	ix := New(t.TempDir())
	rep, err := ix.Ingest(ctx, []string{dir}, o, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"menu-1252.csv": "decoded as windows-1252 (the file is not UTF-8)",
		"empty.md":      "empty file: nothing to index",
		"blank.txt":     "empty file: nothing to index",
		"headings.md":   "no text to index (only headings, markup or empty records)",
		"big.csv":       "cut at the cap of 10 chunks per file: the rest of the file is not indexed",
	}
	if diff := cmp.Diff(want, notesOf(t, dir, rep)); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if !strings.Contains(skipsOf(t, dir, rep)["binary.txt"], "binary content") {
		t.Errorf("a binary file was not skipped: %+v", rep.Skipped)
	}
	if rep.Files != 2 || rep.Chunks != 11 {
		t.Errorf("files %d, chunks %d; want 2 files (the csvs), 1+10 chunks", rep.Files, rep.Chunks)
	}
	res, err := ix.Search(ctx, "café crème", SearchOptions{K: 1}, nil)
	if err != nil || len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Text, "Café crème; price: 3,50 €") {
		t.Errorf("windows-1252 menu not searchable: %+v %v", res.Hits, err)
	}

	// The same cap again changes nothing, and says so again.
	rep, err = ix.Ingest(ctx, []string{dir}, o, nil, nil)
	if err != nil || rep.Updated != 0 || rep.Chunks != 11 {
		t.Errorf("same cap again: %+v, %v", rep, err)
	}
	want = map[string]string{
		"empty.md":    "empty file or no text to index (unchanged)",
		"blank.txt":   "empty file or no text to index (unchanged)",
		"headings.md": "empty file or no text to index (unchanged)",
		"big.csv":     "cut at the cap of 10 chunks per file (unchanged)",
	}
	if diff := cmp.Diff(want, notesOf(t, dir, rep)); diff != "" {
		t.Errorf("notes of the unchanged run (-want +got):\n%s", diff)
	}
	// Raising the cap re-reads only the cut file, whole.
	o.MaxChunks = 100
	rep, err = ix.Ingest(ctx, []string{dir}, o, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Chunks != 51 || len(notesOf(t, dir, rep)["big.csv"]) != 0 {
		t.Errorf("after raising the cap: %+v", rep)
	}
	// Lowering it below a file's chunk count cuts that file again.
	o.MaxChunks = 20
	rep, err = ix.Ingest(ctx, []string{dir}, o, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Chunks != 21 || !strings.Contains(notesOf(t, dir, rep)["big.csv"], "cap of 20") {
		t.Errorf("after lowering the cap: %+v", rep)
	}
}

// TestIngestNothingIngested: Files is zero when nothing asked for reached
// the index, which the CLI turns into a failing exit.
func TestIngestNothingIngested(t *testing.T) {
	ctx := context.Background()
	tests := map[string]map[string]string{
		"empty folder":        {},
		"only skipped files":  {"a.pdf": "%PDF", "b.png": "\x89PNG\x00"},
		"only empty files":    {"a.md": "", "b.txt": "\n"},
		"only malformed":      {"a.csv": "a,b\n\"1\n"}, // an unterminated quote
		"only hidden entries": {".git/x.md": "# X\n\ntext\n"},
	}
	for name, files := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, files)
			rep, err := New(t.TempDir()).Ingest(ctx, []string{dir}, opts(), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Files != 0 {
				t.Errorf("files %d, want 0: %+v", rep.Files, rep)
			}
		})
	}
	// An unchanged folder still counts: re-running ingest is not a failure.
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(t.TempDir())
	for range 2 {
		rep, err := ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
		if err != nil || rep.Files != len(kb) {
			t.Errorf("files %d (err %v), want %d", rep.Files, err, len(kb))
		}
	}
}

// TestSequentialIngestsFromStaleHandles is the lost update made
// deterministic: two processes open the index, then ingest one after the
// other. The second used to save its snapshot over the first's documents.
func TestSequentialIngestsFromStaleHandles(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	a, b := t.TempDir(), t.TempDir()
	writeFiles(t, a, map[string]string{"a.md": "# A\n\nAlpha text.\n"})
	writeFiles(t, b, map[string]string{"b.md": "# B\n\nBravo text.\n"})
	ixA, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	ixB, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ixA.Ingest(ctx, []string{a}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ixB.Ingest(ctx, []string{b}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	re, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.md", "b.md"}, sources(re)); diff != "" {
		t.Errorf("sources on disk (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a.md", "b.md"}, sources(ixB)); diff != "" {
		t.Errorf("sources in the second handle (-want +got):\n%s", diff)
	}
}

// TestConcurrentIngestsKeepBoth runs ingests of different folders at the
// same time through separate handles (each its own lock file descriptor,
// as separate processes would have); none of their documents is lost.
func TestConcurrentIngestsKeepBoth(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	const n = 4
	var want []string
	dirs := make([]string, n)
	for i := range n {
		dirs[i] = t.TempDir()
		name := fmt.Sprintf("doc%d.md", i)
		writeFiles(t, dirs[i], map[string]string{name: fmt.Sprintf("# Doc %d\n\nText number %d.\n", i, i)})
		want = append(want, name)
	}
	var waited atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		ix, err := Open(home)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := opts()
			o.Wait = true
			o.OnWait = func(int) { waited.Add(1) }
			_, errs[i] = ix.Ingest(ctx, []string{dirs[i]}, o, newFake("fake-embed", 16), nil)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	re, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, sources(re)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if st := re.Stats(); st.Embedded != st.Chunks {
		t.Errorf("%d of %d chunks embedded", st.Embedded, st.Chunks)
	}
	t.Logf("%d concurrent ingests, %d waited for the lock", n, waited.Load())
}

// TestIngestBusy: without Wait a second ingest fails at once and names
// the holder; with Wait it says it is waiting and runs when the lock is
// free; a cancelled wait gives up.
func TestIngestBusy(t *testing.T) {
	ctx := context.Background()
	old := lockPoll
	lockPoll = 5 * time.Millisecond
	t.Cleanup(func() { lockPoll = old })
	home, dir := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	held, err := lockDir(ctx, home, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix := New(home)
	_, err = ix.Ingest(ctx, []string{dir}, opts(), nil, nil)
	var busy *BusyError
	if !errors.As(err, &busy) || !errors.Is(err, ErrBusy) || busy.PID != os.Getpid() {
		t.Fatalf("err %v, want a BusyError naming pid %d", err, os.Getpid())
	}

	cctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	o := opts()
	o.Wait = true
	if _, err := ix.Ingest(cctx, []string{dir}, o, nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled wait: err %v", err)
	}

	var waitedFor atomic.Int64
	o.OnWait = func(pid int) { waitedFor.Store(int64(pid)) }
	time.AfterFunc(50*time.Millisecond, held.unlock)
	rep, err := ix.Ingest(ctx, []string{dir}, o, nil, nil)
	if err != nil || rep.Added != len(kb) {
		t.Fatalf("after waiting: %+v, %v", rep, err)
	}
	if waitedFor.Load() != int64(os.Getpid()) {
		t.Errorf("OnWait got pid %d, want %d", waitedFor.Load(), os.Getpid())
	}
	// The lock is free again once an ingest ends.
	l, err := lockDir(ctx, home, false, nil)
	if err != nil {
		t.Fatalf("lock after ingest: %v", err)
	}
	l.unlock()
}

// TestStaleTempFilesRemoved: temp files a killed save left behind are
// removed by the next ingest, and by Open when they are old and no ingest
// is running, never from under a running ingest.
func TestStaleTempFilesRemoved(t *testing.T) {
	ctx := context.Background()
	home, dir := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	tmp := func(name string, age time.Duration) string {
		p := filepath.Join(home, FileName+"."+name+".tmp")
		if err := os.WriteFile(p, []byte("half an index"), 0o644); err != nil {
			t.Fatal(err)
		}
		mt := time.Now().Add(-age)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
		return p
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	// The ingest removes them all: it holds the lock, so they are orphans.
	a, b := tmp("111", time.Hour), tmp("222", 0)
	if _, err := New(home).Ingest(ctx, []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if exists(a) || exists(b) {
		t.Errorf("ingest left temp files: %v %v", exists(a), exists(b))
	}

	// Open removes old ones only.
	old, fresh := tmp("333", 2*time.Minute), tmp("444", 0)
	if _, err := Open(home); err != nil {
		t.Fatal(err)
	}
	if exists(old) || !exists(fresh) {
		t.Errorf("after Open: old exists %v (want false), fresh exists %v (want true)", exists(old), exists(fresh))
	}

	// While an ingest holds the lock, Open removes nothing.
	held, err := lockDir(ctx, home, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.unlock()
	old = tmp("555", time.Hour)
	if _, err := Open(home); err != nil {
		t.Fatal(err)
	}
	if !exists(old) {
		t.Error("Open removed a temp file while an ingest held the lock")
	}
}

// cancelAfter is an embedder that cancels the ingest's context once it
// has answered calls batches: a Ctrl-C in the middle of embedding.
type cancelAfter struct {
	*fakeEmbedder
	calls  atomic.Int64
	after  int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := c.fakeEmbedder.Embed(ctx, texts)
	if c.calls.Add(1) == c.after {
		c.cancel()
	}
	return vecs, err
}

// TestEmbeddingCheckpointResumes: an embedding run stopped part way keeps
// what it received, on disk, and the next run embeds only the rest.
func TestEmbeddingCheckpointResumes(t *testing.T) {
	old := checkpointEvery
	checkpointEvery = 0
	t.Cleanup(func() { checkpointEvery = old })
	home, dir := t.TempDir(), t.TempDir()
	files := map[string]string{}
	for i := range 30 {
		files[fmt.Sprintf("doc%02d.md", i)] = fmt.Sprintf("# Doc %d\n\nParagraph one of document %d.\n\n## Part\n\nParagraph two of document %d.\n", i, i, i)
	}
	writeFiles(t, dir, files)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emb := &cancelAfter{fakeEmbedder: newFake("fake-embed", 16), after: 5, cancel: cancel}
	o := opts()
	o.Concurrency = 1
	rep, err := New(home).Ingest(ctx, []string{dir}, o, emb, nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "saved") {
		t.Fatalf("interrupted ingest: err %v", err)
	}
	ix, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	st := ix.Stats()
	if rep.Vectors != st.Embedded || rep.Chunks != st.Chunks {
		t.Errorf("the interrupted run reported %d of %d chunks embedded, the file holds %d of %d", rep.Vectors, rep.Chunks, st.Embedded, st.Chunks)
	}
	if st.Files != len(files) || st.Embedded < 5*o.Batch || st.Embedded >= st.Chunks {
		t.Fatalf("after the interruption: %+v (report %+v); want every file and at least %d vectors kept", st, rep, 5*o.Batch)
	}

	again := newFake("fake-embed", 16)
	rep, err = ix.Ingest(context.Background(), []string{dir}, o, again, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != len(files) || rep.Embedded != st.Chunks-st.Embedded || int(again.texts.Load()) != rep.Embedded || !rep.VectorSearch {
		t.Errorf("resume: %+v, %d texts sent; want only the %d missing embedded", rep, again.texts.Load(), st.Chunks-st.Embedded)
	}
}

// TestCheckpointsDuringEmbedding: with checkpoints due after every batch,
// the file on disk grows in embedded chunks while the run goes on.
func TestCheckpointsDuringEmbedding(t *testing.T) {
	old := checkpointEvery
	checkpointEvery = 0
	t.Cleanup(func() { checkpointEvery = old })
	home, dir := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	var seen []int
	emb := &observer{fakeEmbedder: newFake("fake-embed", 16), before: func() {
		if ix, err := Open(home); err == nil {
			seen = append(seen, ix.Stats().Embedded)
			// a checkpoint stores no derived data: it is derived at open
			if st := ix.st.Load(); len(st.chunks) > 0 && !st.rederived {
				t.Errorf("a checkpoint of %d embedded chunks opened with stored derived data", st.embedded)
			}
		}
	}}
	o := opts()
	o.Concurrency, o.Batch = 1, 2
	if _, err := New(home).Ingest(context.Background(), []string{dir}, o, emb, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(seen) || len(seen) < 3 || seen[len(seen)-1] == 0 {
		t.Errorf("embedded counts on disk before each batch: %v; want them to grow", seen)
	}
	// The ingest's own save derives once and stores it.
	ix, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if ix.st.Load().rederived {
		t.Error("the finished ingest's index holds no derived data")
	}
	checkDerived(t, ix.st.Load())
}

// observer calls before ahead of every embedding call.
type observer struct {
	*fakeEmbedder
	before func()
}

func (o *observer) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	o.before()
	// As slow as a small model on a CPU, so the saver keeps up.
	time.Sleep(20 * time.Millisecond)
	return o.fakeEmbedder.Embed(ctx, texts)
}
