package retrieval

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSegmentsReadOtherChunks is why segments are copied only when they
// read their own terms: the chunk "16\noz" has the term "16oz", but its
// second line looks up "oz", which the index knows only when another
// chunk has it; the segments of that chunk then depend on the other
// chunk, and it is not marked as reading its own terms. A chunk whose
// lines tokenise as its text does is.
func TestSegmentsReadOtherChunks(t *testing.T) {
	build := func(files map[string]string) *state {
		ix := mapIndex(t, files)
		return ix.st.Load()
	}
	cup := map[string]string{"cups.md": "# Cups\n\nLarge cup 16\noz of coffee.\n", "wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.\n"}
	with := map[string]string{"syrup.md": "# Syrup\n\nOne oz of syrup.\n"}
	for k, v := range cup {
		with[k] = v
	}
	alone, both := build(cup), build(with)
	words := func(st *state, src string) (segs [][]string, own bool) {
		for i, c := range st.chunks {
			if c.source != src {
				continue
			}
			for _, seg := range st.segmentsOf(i).segs {
				var ws []string
				for _, id := range seg {
					ws = append(ws, st.vocab[id])
				}
				segs = append(segs, ws)
			}
			return segs, st.segStore.own[i]
		}
		t.Fatalf("no chunk of %s", src)
		return nil, false
	}
	a, ownA := words(alone, "cups.md")
	b, ownB := words(both, "cups.md")
	if slices.EqualFunc(a, b, slices.Equal) {
		t.Fatalf("cups.md's segments %q are the same beside a chunk with \"oz\": the attack no longer shows a dependence", a)
	}
	if ownA || ownB {
		t.Errorf("cups.md's segments read another chunk's term, yet are marked as its own (%v, %v)", ownA, ownB)
	}
	for _, st := range []*state{alone, both} {
		if _, own := words(st, "wifi.md"); !own {
			t.Error("wifi.md's segments read only its own terms, yet are not marked so")
		}
	}
}

// TestOwnSegsFlagChecked: a file that marks as its own the segments of a
// chunk that name another chunk's term (cups.md's "oz", as above) is
// corrupt at open, not trusted: the next ingest would copy those bytes
// into an index with another vocabulary, where the number names another
// word.
func TestOwnSegsFlagChecked(t *testing.T) {
	st := mapIndex(t, map[string]string{
		"cups.md":  "# Cups\n\nLarge cup 16\noz of coffee.\n",
		"syrup.md": "# Syrup\n\nOne oz of syrup.\n",
	}).st.Load()
	i := slices.IndexFunc(st.chunks, func(c chunk) bool { return c.source == "cups.md" })
	if i < 0 || st.segStore.own[i] {
		t.Fatalf("cups.md's chunk %d: its segments are not the attack's (own %v)", i, st.segStore.own)
	}
	lying := *st
	segs := *st.segStore
	segs.own = slices.Clone(segs.own)
	segs.own[i] = true
	lying.segStore = &segs
	_, err := Open(writeIndex(t, encodeBytes(t, &lying)))
	var se *SectionError
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &se) || !strings.Contains(se.Section, "segments") {
		t.Fatalf("Open = %v, want ErrCorrupt and a *SectionError in the segments", err)
	}
	if _, err := Open(writeIndex(t, encodeBytes(t, st))); err != nil {
		t.Fatalf("the honest file: %v", err)
	}
}

// copyDir copies the files under src to a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestIngestChangeMatchesScratch: an ingest that changes one file, with
// the other files' chunks and their stored segments carried over, writes
// byte for byte the index a first ingest of the changed folder writes,
// whether the index was opened from its file (as `cafebot ingest` does)
// or ingested into before in the same process, and it cuts only the
// changed file's and the non-local chunks' segments again.
func TestIngestChangeMatchesScratch(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	opt := IngestOptions{ChunkChars: 1200, Overlap: 150, Prune: true, Now: func() time.Time { return at }}
	for _, tc := range []struct {
		name, dir, change string
		emb               func() Embedder
	}{
		{name: "kettlewick", dir: filepath.Join(cafeDir("kettlewick"), "kb"), emb: func() Embedder { return nil }},
		{name: "tests' base, embedded", emb: func() Embedder { return newFake("fake-embed", 8) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var dir string
			if tc.dir != "" {
				dir = copyDir(t, tc.dir)
			} else {
				dir = t.TempDir()
				writeFiles(t, dir, kb)
			}
			var changed string
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if changed == "" && err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
					changed = p
				}
				return nil
			})
			opened, inProcess := t.TempDir(), t.TempDir()
			for _, home := range []string{opened, inProcess} {
				if _, err := New(home).Ingest(ctx, []string{dir}, opt, tc.emb(), nil); err != nil {
					t.Fatal(err)
				}
			}
			kept := New(inProcess) // the in-process index: ingested, then changed
			if _, err := kept.Ingest(ctx, []string{dir}, opt, tc.emb(), nil); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(changed)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(changed, append(data, "\n\nAsk a barista about our seasonal oat flat white.\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			var cut, copied int
			segmentsCut = func(c, k int) { cut, copied = cut+c, copied+k }
			defer func() { segmentsCut = nil }()
			ix, err := Open(opened)
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := ix.Ingest(ctx, []string{dir}, opt, tc.emb(), nil); err != nil || rep.Updated != 1 {
				t.Fatalf("changing ingest: %+v, %v; want one file updated", rep, err)
			}
			st := ix.st.Load()
			changedChunks := 0
			rel, _ := filepath.Rel(dir, changed)
			for _, c := range st.chunks {
				if c.source == filepath.ToSlash(rel) {
					changedChunks++
				}
			}
			if cut == 0 || copied == 0 || cut+copied != len(st.chunks) || cut < changedChunks {
				t.Errorf("segments cut %d, copied %d of %d chunks (%d of the changed file's)", cut, copied, len(st.chunks), changedChunks)
			}
			t.Logf("segments cut %d, copied %d of %d chunks", cut, copied, len(st.chunks))
			if _, err := kept.Ingest(ctx, []string{dir}, opt, tc.emb(), nil); err != nil {
				t.Fatal(err)
			}
			scratch := t.TempDir()
			if _, err := New(scratch).Ingest(ctx, []string{dir}, opt, tc.emb(), nil); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(scratch, FileName))
			if err != nil {
				t.Fatal(err)
			}
			for _, home := range []string{opened, inProcess} {
				got, err := os.ReadFile(filepath.Join(home, FileName))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					n := 0
					for n < min(len(got), len(want)) && got[n] == want[n] {
						n++
					}
					t.Errorf("%s: the changed index (%d bytes) differs from a first ingest (%d bytes) from byte %d", home, len(got), len(want), n)
				}
			}
			checkDerived(t, reopen(t, st).st.Load())
		})
	}
}

// TestLocatorBuiltOnceAtOpen: an index opened from its file builds its
// locator once, from the stored names and aliases (restore), for every
// dev café; deriving at ingest builds it again when the aliases grow
// after the stores' pages are placed (a legend's stores, kind and mobile
// aliases: they read each page's store, which the first locator gives),
// which the log shows per café.
func TestLocatorBuiltOnceAtOpen(t *testing.T) {
	builds := 0
	locatorBuilt = func() { builds++ }
	defer func() { locatorBuilt = nil }()
	for _, name := range cafeNames(t) {
		builds = 0
		ix := cafeIndex(t, name)
		derived := builds
		builds = 0
		again, err := Open(ix.dir)
		if err != nil {
			t.Fatal(err)
		}
		st := again.st.Load()
		if st.rederived {
			t.Fatalf("%s: the index was derived again at open", name)
		}
		want := 0
		if len(st.locNames) > 0 {
			want = 1
		}
		if builds != want {
			t.Errorf("%s: open built the locator %d times, want %d", name, builds, want)
		}
		t.Logf("%s: %d stores, locator built %d times at ingest, %d at open", name, len(st.locNames), derived, builds)
	}
}
