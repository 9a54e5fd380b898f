package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"
)

// The index file is one binary blob, read whole on open:
//
//	magic "CAFEIDX" + format version byte
//	model (string), dim, updated (unix ns)
//	files: count, then root, source, key, chunk count, ingested-at, and
//	  (format 2) title, address, alias count and aliases, (format 3) kind,
//	  (format 5) the front matter's date
//	vocabulary: count, then each stem
//	chunks: count, then per chunk file index, section, location, text,
//	  sha256, ordinal, ingested-at, has-vector, terms (id, tf pairs), length
//	vectors: dim little-endian float32s per chunk that has one, in order
//	(format 4) derived: what ingest learned from the chunks, tagged with
//	  derivationVersion (derived.go)
//	CRC-32C of everything before it
//
// Strings are uvarint length + bytes, integers uvarints (varints for times).
// One file, written to a temporary name, fsynced and renamed, so a crash or
// a full disk leaves the previous index whole.
const (
	magic         = "CAFEIDX"
	formatVersion = 5
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// syncFile flushes the new index to disk; tests replace it to simulate a
// full disk.
var syncFile = (*os.File).Sync

// save writes st to path atomically.
func save(path string, st *state) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, FileName+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	if err := encode(w, st); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, crc.Sum32()); err != nil {
		return err
	}
	if err := syncFile(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// enc is a small append-only encoder on a bufio.Writer.
type enc struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (e *enc) uint(v uint64) { n := binary.PutUvarint(e.buf[:], v); e.w.Write(e.buf[:n]) }
func (e *enc) int(v int64)   { n := binary.PutVarint(e.buf[:], v); e.w.Write(e.buf[:n]) }
func (e *enc) str(s string)  { e.uint(uint64(len(s))); e.w.WriteString(s) }
func (e *enc) time(t time.Time) {
	if t.IsZero() {
		e.int(0)
		return
	}
	e.int(t.UnixNano())
}

func encode(w *bufio.Writer, st *state) error { return encodeFormat(w, st, formatVersion) }

// encodeFormat writes st in the given format version, leaving out what
// older versions do not hold: tests write the files older code wrote.
func encodeFormat(w *bufio.Writer, st *state, version byte) error {
	e := &enc{w: w}
	w.WriteString(magic)
	w.WriteByte(version)
	e.str(st.model)
	e.uint(uint64(st.dim))
	e.time(st.updated)
	e.uint(uint64(len(st.files)))
	fileIndex := make(map[string]int, len(st.files))
	for i, f := range st.files {
		fileIndex[f.source] = i
		e.str(f.root)
		e.str(f.source)
		e.str(f.key)
		e.uint(uint64(f.chunks))
		e.time(f.ingestedAt)
		if version >= 2 {
			e.str(f.title)
			e.str(f.address)
			e.uint(uint64(len(f.aliases)))
			for _, a := range f.aliases {
				e.str(a)
			}
		}
		if version >= 3 {
			e.str(f.kind)
		}
		if version >= 5 {
			e.str(f.dated)
		}
	}
	e.uint(uint64(len(st.vocab)))
	for _, v := range st.vocab {
		e.str(v)
	}
	e.uint(uint64(len(st.chunks)))
	for _, c := range st.chunks {
		fi, ok := fileIndex[c.source]
		if !ok {
			return fmt.Errorf("chunk of %s has no file record", c.source)
		}
		e.uint(uint64(fi))
		e.str(c.section)
		e.str(c.location)
		e.str(c.text)
		w.Write(c.hash[:])
		e.uint(uint64(c.ordinal))
		e.time(c.ingestedAt)
		if c.vec != nil {
			w.WriteByte(1)
		} else {
			w.WriteByte(0)
		}
		e.uint(uint64(len(c.terms)))
		for _, t := range c.terms {
			e.uint(uint64(t.id))
			e.uint(uint64(t.tf))
		}
		e.uint(uint64(c.length))
	}
	var fb [4]byte
	for _, c := range st.chunks {
		if c.vec == nil {
			continue
		}
		if len(c.vec) != st.dim {
			return fmt.Errorf("chunk of %s has a %d-dimensional vector, index has %d", c.source, len(c.vec), st.dim)
		}
		for _, x := range c.vec {
			binary.LittleEndian.PutUint32(fb[:], math.Float32bits(x))
			w.Write(fb[:])
		}
	}
	if version < 4 {
		return nil
	}
	return encodeDerived(e, st)
}

// dec reads the format back, failing (never panicking) on any inconsistency.
type dec struct {
	b   []byte
	off int
	err error
}

var errTruncated = errors.New("truncated")

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *dec) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.off += n
	return v
}

func (d *dec) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.off += n
	return v
}

// count reads a length and checks that at least min bytes per element remain.
func (d *dec) count(min int) int {
	n := d.uint()
	if d.err == nil && n > uint64(len(d.b)-d.off)/uint64(max(min, 1)) {
		d.fail(fmt.Errorf("count %d exceeds the file", n))
		return 0
	}
	return int(n)
}

func (d *dec) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.fail(errTruncated)
		return nil
	}
	s := d.b[d.off : d.off+n]
	d.off += n
	return s
}

func (d *dec) str() string { return string(d.bytes(d.count(1))) }

func (d *dec) time() time.Time {
	ns := d.int()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

func decode(data []byte) (*state, error) {
	if len(data) < len(magic)+1+4 {
		return nil, errTruncated
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if string(body[:len(magic)]) != magic {
		return nil, errors.New("not a cafebot index")
	}
	version := body[len(magic)]
	if version < 1 || version > formatVersion {
		return nil, fmt.Errorf("index format version %d, this cafebot reads %d", version, formatVersion)
	}
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errors.New("checksum mismatch")
	}
	d := &dec{b: body, off: len(magic) + 1}
	model := d.str()
	dim := int(d.uint())
	updated := d.time()
	if dim > 1<<16 {
		return nil, fmt.Errorf("dimension %d out of range", dim)
	}
	files := make([]fileRec, d.count(5))
	for i := range files {
		files[i] = fileRec{root: d.str(), source: d.str(), key: d.str(), chunks: int(d.uint()), ingestedAt: d.time()}
		if version >= 2 {
			files[i].title, files[i].address = d.str(), d.str()
			if n := d.count(1); n > 0 {
				files[i].aliases = make([]string, n)
				for j := range files[i].aliases {
					files[i].aliases[j] = d.str()
				}
			}
		}
		if version >= 3 {
			files[i].kind = d.str()
		}
		if version >= 5 {
			files[i].dated = d.str()
		}
	}
	vocab := make([]string, d.count(1))
	for i := range vocab {
		vocab[i] = d.str()
	}
	chunks := make([]chunk, d.count(40))
	withVec := 0
	var termBuf []term
	for i := range chunks {
		c := &chunks[i]
		fi := d.uint()
		if d.err == nil && fi >= uint64(len(files)) {
			d.fail(fmt.Errorf("chunk %d names file %d of %d", i, fi, len(files)))
		}
		if d.err != nil {
			break
		}
		c.source = files[fi].source
		c.section = d.str()
		c.location = d.str()
		c.text = d.str()
		copy(c.hash[:], d.bytes(32))
		c.ordinal = int(d.uint())
		c.ingestedAt = d.time()
		if hv := d.bytes(1); len(hv) == 1 && hv[0] == 1 {
			c.vec = []float32{} // filled below
			withVec++
		}
		nt := d.count(2)
		if len(termBuf) < nt {
			// Terms of many chunks share one allocation.
			termBuf = make([]term, max(nt, 1<<16))
		}
		c.terms, termBuf = termBuf[:nt:nt], termBuf[nt:]
		for k := range c.terms {
			id, tf := d.uint(), d.uint()
			if d.err == nil && id >= uint64(len(vocab)) {
				d.fail(fmt.Errorf("chunk %d uses term %d of %d", i, id, len(vocab)))
			}
			c.terms[k] = term{id: uint32(id), tf: uint32(tf)}
		}
		c.length = uint32(d.uint())
	}
	if d.err != nil {
		return nil, d.err
	}
	if withVec > 0 && dim == 0 {
		return nil, errors.New("vectors without a dimension")
	}
	raw := d.bytes(withVec * dim * 4)
	if d.err != nil {
		return nil, d.err
	}
	var derived *derivedData
	if version >= 4 {
		var err error
		if derived, err = decodeDerived(d, chunks, len(vocab)); err != nil {
			return nil, err
		}
	}
	if d.off != len(body) {
		return nil, fmt.Errorf("%d bytes of trailing data", len(body)-d.off)
	}
	p := 0
	for _, f := range files {
		if f.chunks < 0 {
			// A count past int64 reads as negative; slicing the chunks by
			// it (fileChunks) would panic.
			return nil, fmt.Errorf("chunks of %s are not where the file table says", f.source)
		}
		for k := 0; k < f.chunks; k++ {
			if p >= len(chunks) || chunks[p].source != f.source {
				return nil, fmt.Errorf("chunks of %s are not where the file table says", f.source)
			}
			p++
		}
	}
	if p != len(chunks) {
		return nil, fmt.Errorf("file table covers %d of %d chunks", p, len(chunks))
	}
	block := make([]float32, withVec*dim)
	for i := range block {
		block[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	n := 0
	for i := range chunks {
		if chunks[i].vec != nil {
			chunks[i].vec = block[n*dim : (n+1)*dim : (n+1)*dim]
			n++
		}
	}
	st, err := assemble(model, dim, updated, files, chunks, vocab, derived)
	if err != nil {
		return nil, err
	}
	st.rederived = derived == nil
	return st, nil
}
