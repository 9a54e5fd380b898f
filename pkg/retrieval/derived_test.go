package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cafebot/cafebot/pkg/golden"
)

// derivedOpts compares two snapshots' derived data, the locator's
// internals included; what is rebuilt at every open, or is only the
// stored form of the segments, is left out.
var derivedOpts = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	// chunks, files and vocab are the inputs (TestPersistenceRoundTrip
	// compares them across a save); cmp is slow on them under -race
	cmpopts.IgnoreFields(state{}, "chunks", "files", "vocab", "lex", "coll", "quant", "segStore", "rederived"),
	// newLocator lists its aliases in map order, which differs between
	// two derivations of one snapshot too
	cmpopts.SortSlices(func(a, b locAlias) bool {
		return fmt.Sprint(a.words, a.loc, a.full) < fmt.Sprint(b.words, b.loc, b.full)
	}),
}

// checkDerived asserts that st's derived data, however it was obtained
// (read from the file or derived at open), is what this code derives from
// st's chunks, and so is every chunk's proximity segments.
func checkDerived(t testing.TB, st *state) {
	t.Helper()
	fresh, err := newState(st.model, st.dim, st.updated, st.files, st.chunks, st.vocab)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fresh, st, derivedOpts); diff != "" {
		t.Fatalf("derived data differs from a fresh derivation (-fresh +got):\n%s", diff)
	}
	if !st.rederived && st.segStore == nil && len(st.chunks) > 0 {
		t.Fatalf("a snapshot read from a format %d file holds no stored segments", formatVersion)
	}
	for i := range st.chunks {
		want := chunkSegments(fresh.lex, &st.chunks[i])
		// the file's own decoding when it stored them, not a cached copy
		got := st.storedSegments(i)
		if got == nil {
			got = st.segmentsOf(i)
		}
		if reflect.DeepEqual(want, got) {
			continue
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(chunkSegs{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("chunk %d (%s): segments (-fresh +stored):\n%s", i, st.chunks[i].source, diff)
		}
	}
}

// derivedKBs are the knowledge bases the derived-data tests run on: the
// tests' own, with a fake embedder, and each dev café, lexical only;
// ingested once for all the tests (snapshots are immutable).
func derivedKBs(t *testing.T) map[string]*state {
	t.Helper()
	derivedKBsMu.Lock()
	defer derivedKBsMu.Unlock()
	if derivedKBsCache != nil {
		return derivedKBsCache
	}
	ix, _ := ingestKB(t, newFake("fake-embed", 8))
	out := map[string]*state{"kb": ix.st.Load(), "empty": New(t.TempDir()).st.Load()}
	// and one that names no location, where nothing is learned
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"menu.md":    "# Menu\n\n## Drinks\n\n| Drink | Price |\n|---|---|\n| Latte | 3.20 |\n| Mocha | 3.60 |\n",
		"refunds.md": "# Refunds\n\nWe refund a card payment within 5 days. Cash is refunded at the till.\n",
	})
	plain := New(t.TempDir())
	if _, err := plain.Ingest(context.Background(), []string{dir}, opts(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if st := plain.st.Load(); len(st.chunks) == 0 || st.locNames != nil {
		t.Fatalf("the plain knowledge base: %d chunks, locations %q", len(st.chunks), st.locNames)
	}
	out["plain"] = plain.st.Load()
	for _, name := range cafeNames(t) {
		out[name] = cafeIndex(t, name).st.Load()
	}
	derivedKBsCache = out
	return out
}

var (
	derivedKBsMu    sync.Mutex
	derivedKBsCache map[string]*state
)

// reopen saves st to a new directory and opens it.
func reopen(t testing.TB, st *state) *Index {
	t.Helper()
	dir := t.TempDir()
	if err := save(filepath.Join(dir, FileName), st); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestDerivedMatchesFresh opens each knowledge base from a format 4 file
// and compares what it read with what deriving again gives: the learned
// locations, the flags, the features, the heading terms, the locator
// built from them and every chunk's segments. It also checks that the
// searches of the golden questions rank the same from both.
func TestDerivedMatchesFresh(t *testing.T) {
	ctx := context.Background()
	for name, st := range derivedKBs(t) {
		t.Run(name, func(t *testing.T) {
			// Two derivations of one snapshot agree (nothing in them
			// depends on map order), so a difference below is the file's.
			again, err := newState(st.model, st.dim, st.updated, st.files, st.chunks, st.vocab)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st, again, derivedOpts); diff != "" {
				t.Fatalf("two derivations differ:\n%s", diff)
			}
			if !bytes.Equal(encodeBytes(t, st), encodeBytes(t, again)) {
				t.Fatal("two derivations encode differently")
			}
			ix := reopen(t, st)
			got := ix.st.Load()
			if got.rederived || got.segStore == nil {
				t.Fatalf("the format %d file's derived data was not used (rederived %v)", formatVersion, got.rederived)
			}
			checkDerived(t, got)
			fresh := &Index{}
			fresh.st.Store(again)
			for _, q := range derivedQuestions(t, name) {
				a, err := fresh.Search(ctx, q, SearchOptions{Mode: ModeLexical}, nil)
				if err != nil {
					t.Fatal(err)
				}
				b, err := ix.Search(ctx, q, SearchOptions{Mode: ModeLexical}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(a, b); diff != "" {
					t.Fatalf("%q ranks differently from the file (-derived +stored):\n%s", q, diff)
				}
			}
		})
	}
}

// derivedQuestions returns questions to search a knowledge base with: the
// golden questions for the tests' own, a café's passage questions.
func derivedQuestions(t *testing.T, name string) []string {
	var qs []string
	switch name {
	case "empty", "plain":
		return []string{"latte price", "card refund", "mocha"}
	case "kb":
		for _, g := range readGolden(t) {
			qs = append(qs, g.Q)
		}
		return qs
	}
	// every third question, which keeps the test fast under -race
	for i, c := range cafeCases(t, name, "") {
		if i%3 == 0 {
			qs = append(qs, c.Q)
		}
	}
	return qs
}

// fileParts returns st's index file without its checksum, cut where the
// derived section begins.
func fileParts(t testing.TB, st *state) (head, derived []byte) {
	t.Helper()
	full := encodeBytes(t, st)
	bare := *st
	bare.lex = nil // no derived data: the section is its two zero bytes
	short := encodeBytes(t, &bare)
	n := len(short) - 4 - 2
	if !bytes.Equal(full[:n], short[:n]) {
		t.Fatal("the file differs before its derived section")
	}
	return full[:n], full[n : len(full)-4]
}

// withSection returns an index file of head and a derived section of the
// given version and bytes, with its checksum.
func withSection(head []byte, version uint64, sec []byte) []byte {
	return withHeader(head, version, uint64(len(sec)), sec)
}

// sectionBytes returns the derived section's bytes without its header.
func sectionBytes(t testing.TB, derived []byte) []byte {
	t.Helper()
	d := &dec{b: derived}
	if v := d.uint(); v != derivationVersion {
		t.Fatalf("derived section of version %d, want %d", v, derivationVersion)
	}
	n := d.count(1)
	if d.err != nil || d.off+n != len(derived) {
		t.Fatalf("derived section header: %v", d.err)
	}
	return derived[d.off:]
}

// writeIndex writes data as the index file of a new directory.
func writeIndex(t testing.TB, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOpenFormat3 opens an index written before format 4 (the same file
// without its derived section): it derives at open and ranks the golden
// questions exactly as the format 4 file does, and the next ingest, with
// nothing changed, rewrites it in format 4.
func TestOpenFormat3(t *testing.T) {
	ctx := context.Background()
	emb := newFake("fake-embed", 8)
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(home)
	if _, err := ix.Ingest(ctx, []string{dir}, opts(), emb, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := encodeFormat(w, ix.st.Load(), 3); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	v3 := binary.LittleEndian.AppendUint32(buf.Bytes(), crc32.Checksum(buf.Bytes(), castagnoli))
	old := writeIndex(t, v3)
	ix3, err := Open(old)
	if err != nil {
		t.Fatalf("a format 3 file does not open: %v", err)
	}
	st3 := ix3.st.Load()
	if !st3.rederived || st3.segStore != nil {
		t.Fatalf("format 3 file: rederived %v, stored segments %v; want derived at open", st3.rederived, st3.segStore != nil)
	}
	checkDerived(t, st3)
	ix4, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range readGolden(t) {
		for _, opt := range []SearchOptions{{}, {Mode: ModeLexical}} {
			a, err := ix3.Search(ctx, g.Q, opt, emb)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ix4.Search(ctx, g.Q, opt, emb)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a, b); diff != "" {
				t.Fatalf("%q %+v: format 3 and 4 rank differently (-3 +4):\n%s", g.Q, opt, diff)
			}
		}
	}
	// An unchanged ingest writes the derived data once...
	rep, err := ix3.Ingest(ctx, []string{dir}, opts(), emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != len(kb) || rep.Embedded != 0 {
		t.Errorf("upgrading ingest: %+v, want every file unchanged and nothing embedded", rep)
	}
	data, err := os.ReadFile(filepath.Join(old, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if data[len(magic)] != formatVersion {
		t.Fatalf("after an ingest the file is format %d, want %d", data[len(magic)], formatVersion)
	}
	up, err := Open(old)
	if err != nil {
		t.Fatal(err)
	}
	if up.st.Load().rederived {
		t.Fatal("the upgraded file is still derived at open")
	}
	checkDerived(t, up.st.Load())
	// ...and not again.
	stamp := stampOf(up.Path())
	if _, err := up.Ingest(ctx, []string{dir}, opts(), emb, nil); err != nil {
		t.Fatal(err)
	}
	if !stamp.same(stampOf(up.Path())) {
		t.Error("an unchanged ingest of a current index rewrote the file")
	}
}

// TestDerivationVersionMismatch opens files whose derived section is of
// another derivation version (written by older or newer code, with
// content this code must not read) or absent (a checkpoint): each is
// derived at open, as this code derives it.
func TestDerivationVersionMismatch(t *testing.T) {
	ix, _ := ingestKB(t, newFake("fake-embed", 8))
	head, derived := fileParts(t, ix.st.Load())
	sec := sectionBytes(t, derived)
	for _, tc := range []struct {
		name    string
		version uint64
		sec     []byte
	}{
		{"older", derivationVersion - 1, sec},
		{"newer", derivationVersion + 1, sec},
		{"newer with another layout", derivationVersion + 1, []byte("\xff\xff\xff\xff not a section this code reads")},
		{"none (a checkpoint)", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			re, err := Open(writeIndex(t, withSection(head, tc.version, tc.sec)))
			if err != nil {
				t.Fatalf("does not open: %v", err)
			}
			st := re.st.Load()
			if !st.rederived || st.segStore != nil {
				t.Fatalf("rederived %v, stored segments %v; want derived at open", st.rederived, st.segStore != nil)
			}
			checkDerived(t, st)
		})
	}
}

// TestDerivedSectionCorrupt opens files whose derived section is cut,
// overlong or names terms and segments that do not exist, each with a
// valid checksum (a file written by something else): every one is refused
// with ErrCorrupt, a *SectionError naming the part, and the rebuild hint.
func TestDerivedSectionCorrupt(t *testing.T) {
	ix, _ := ingestKB(t, newFake("fake-embed", 8))
	st := ix.st.Load()
	head, derived := fileParts(t, st)
	sec := sectionBytes(t, derived)
	nv := uint32(len(st.vocab))

	// badHeading and badSegment are the snapshot with one term id out of
	// the vocabulary, as a broken writer would store it.
	badHeading := *st
	badHeading.head = append([][]uint32{{nv + 7}}, st.head[1:]...)
	_, badHead := fileParts(t, &badHeading)
	badSeg, _ := newState(st.model, st.dim, st.updated, st.files, st.chunks, st.vocab)
	badSeg.segStore = withSegments(badSeg, 3, &chunkSegs{segs: [][]uint32{{1, nv}}})
	_, badSegs := fileParts(t, badSeg)

	for _, tc := range []struct {
		name, part string
		data       []byte
	}{
		{"cut in half", "derived data", withSection(head, derivationVersion, sec[:len(sec)/2])},
		{"cut inside the learned names", "learned locations", withSection(head, derivationVersion, sec[:3])},
		{"cut at its last byte", "chunk", withSection(head, derivationVersion, sec[:len(sec)-1])},
		{"trailing bytes", "derived data: end", withSection(head, derivationVersion, append(bytes.Clone(sec), 0, 0))},
		{"length past the file", "derived data: header", withHeader(head, derivationVersion, uint64(len(sec))+100, sec)},
		{"heading term out of range", "chunk 0's flags and heading", withSection(head, derivationVersion, sectionBytes(t, badHead))},
		{"segment term out of range", "chunk 3's segments", withSection(head, derivationVersion, sectionBytes(t, badSegs))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(writeIndex(t, tc.data))
			var se *SectionError
			if !errors.Is(err, ErrCorrupt) || !errors.As(err, &se) {
				t.Fatalf("err %v, want ErrCorrupt and a *SectionError", err)
			}
			if !strings.Contains(se.Section, tc.part) || se.Offset < len(head) || !strings.Contains(err.Error(), "cafebot ingest --reembed") {
				t.Fatalf("err %q (section %q at %d), want the part %q after byte %d and the hint", err, se.Section, se.Offset, tc.part, len(head))
			}
		})
	}
	// Without a valid checksum a cut file is refused before any section is read.
	full := withSection(head, derivationVersion, sec)
	if _, err := Open(writeIndex(t, full[:len(full)-9])); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a cut file: %v, want ErrCorrupt (checksum mismatch)", err)
	}
}

// withHeader is withSection with the header's length given, which a
// broken writer may have got wrong.
// withSegments returns st's stored segments with chunk i's replaced by
// cs, numbered as encodeSegments numbers them.
func withSegments(st *state, i int, cs *chunkSegs) *storedSegs {
	segs := encodeSegments(st, nil, nil)
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	s := &enc{w: w}
	num := newTermNumbers(len(st.vocab))
	num.set(&st.chunks[i])
	num.write(s, cs.head)
	s.uint(uint64(len(cs.segs)))
	for _, seg := range cs.segs {
		s.uint(0)
		num.write(s, seg)
	}
	s.uint(0)
	w.Flush()
	buf := slices.Concat(segs.buf[:segs.off[i]], b.Bytes(), segs.buf[segs.off[i+1]:])
	delta := uint32(b.Len()) - (segs.off[i+1] - segs.off[i])
	off := slices.Clone(segs.off)
	for j := i + 1; j < len(off); j++ {
		off[j] += delta
	}
	return &storedSegs{buf: buf, off: off, own: segs.own}
}

func withHeader(head []byte, version, n uint64, sec []byte) []byte {
	body := bytes.Clone(head)
	body = binary.AppendUvarint(body, version)
	body = binary.AppendUvarint(body, n)
	body = append(body, sec...)
	return binary.LittleEndian.AppendUint32(body, crc32.Checksum(body, castagnoli))
}

// FuzzDecodeDerived feeds arbitrary derived sections, of this derivation
// version, after a valid index file's records: decoding must fail with a
// *SectionError or give a snapshot whose every chunk's segments decode and
// whose searches run, never panic.
func FuzzDecodeDerived(f *testing.F) {
	ix, _ := ingestKB(f, newFake("fake-embed", 4))
	head, derived := fileParts(f, ix.st.Load())
	sec := sectionBytes(f, derived)
	f.Add(sec)
	f.Add(sec[:len(sec)/3])
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, sec []byte) {
		st, err := decode(withSection(head, derivationVersion, sec))
		if err != nil {
			var se *SectionError
			if !errors.As(err, &se) {
				t.Fatalf("err %v, want a *SectionError", err)
			}
			return
		}
		for i := range st.chunks {
			st.storedSegments(i)
		}
		re := &Index{}
		re.st.Store(st)
		for _, q := range []string{"refund card", "parking at harbour street", "oat latte price"} {
			if _, err := re.Search(context.Background(), q, SearchOptions{Mode: ModeLexical}, nil); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestDerivationVersionCurrent guards derivationVersion: it keeps, per
// knowledge base, a digest of the documents' chunks and one of the derived
// data this code writes for them and reads back (derivedDump). When the chunks are the same and the
// derived data is not, a derivation changed: bump derivationVersion, then
// run with -update (which refuses while the version is unchanged). When
// the documents changed, -update alone records them.
func TestDerivationVersionCurrent(t *testing.T) {
	path := filepath.Join("testdata", "derived.golden")
	kbs := derivedKBs(t)
	type digest struct{ chunks, derived string }
	got := map[string]digest{}
	for name, st := range kbs {
		h := sha256.New()
		for _, c := range st.chunks {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", c.source, c.section, c.location, c.text)
		}
		for _, f := range st.files {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%q\x00%s\x00%s\x00", f.source, f.title, f.address, f.aliases, f.kind, f.dated)
		}
		derived := derivedDump(reopen(t, st).st.Load())
		got[name] = digest{fmt.Sprintf("%x", h.Sum(nil))[:16], fmt.Sprintf("%x", sha256.Sum256(derived))[:16]}
	}
	wantVersion, want := -1, map[string]digest{}
	if data, err := os.ReadFile(path); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 2 && f[0] == "derivationVersion":
				wantVersion, _ = strconv.Atoi(f[1])
			case len(f) == 3 && !strings.HasPrefix(f[0], "#"):
				want[f[0]] = digest{f[1], f[2]}
			}
		}
	} else if !golden.Update() {
		t.Fatalf("%v (run `go test -run TestDerivationVersionCurrent -update` to create it)", err)
	}
	var stale []string // derived data changed under an unchanged version
	for name, g := range got {
		if w, ok := want[name]; ok && wantVersion == derivationVersion && w.chunks == g.chunks && w.derived != g.derived {
			stale = append(stale, name)
		}
	}
	if len(stale) > 0 {
		t.Fatalf("the derived data of %v changed but derivationVersion is still %d: bump it in derived.go, then run `go test -run TestDerivationVersionCurrent -update`", stale, derivationVersion)
	}
	var b strings.Builder
	b.WriteString("# TestDerivationVersionCurrent: per knowledge base, a digest of its chunks and one of\n# the derived data written for them and read back; see derivationVersion in derived.go.\n")
	fmt.Fprintf(&b, "derivationVersion %d\n", derivationVersion)
	for _, name := range sortedKeys(got) {
		fmt.Fprintf(&b, "%s %s %s\n", name, got[name].chunks, got[name].derived)
	}
	if golden.Update() {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if wantVersion != derivationVersion {
		t.Fatalf("%s is of derivationVersion %d, the code's is %d: run `go test -run TestDerivationVersionCurrent -update`", path, wantVersion, derivationVersion)
	}
	for _, name := range sortedKeys(got) {
		if w := want[name]; w != got[name] {
			t.Errorf("%s: the documents changed since %s was written (their derived data may follow): run `go test -run TestDerivationVersionCurrent -update`", name, path)
		}
	}
}

// derivedDump is the derived data of a snapshot read from an index file,
// as text: the same for every run that derives it, where the file's bytes
// are not (a chunk's terms are stored in the order a map gave them, and
// the derived section numbers terms in that order).
func derivedDump(st *state) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d\n%q\n%q\n%q\n%v\n%v\n%q\n", derivationVersion, st.locNames, st.aliases, st.rooms, st.chain, st.nameWords, st.effLoc)
	fmt.Fprintf(&b, "%v\n%v\n%v\n%v\n%v\n%v\n%v\n", st.sectionLoc, st.intro, st.faq, st.staff, st.stale, st.feat, st.head)
	for i := range st.chunks {
		cs := st.storedSegments(i)
		fmt.Fprintf(&b, "%v %v %v\n", cs.head, cs.segs, cs.rowHeads)
	}
	return b.Bytes()
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
