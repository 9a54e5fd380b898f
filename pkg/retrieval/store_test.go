package retrieval

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

// encodeBytes returns st as it would be written to the index file.
func encodeBytes(t testing.TB, st *state) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := encode(w, st); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return binary.LittleEndian.AppendUint32(buf.Bytes(), crc32.Checksum(buf.Bytes(), castagnoli))
}

// TestDecodeNegativeFileChunks: a file table entry whose chunk count
// reads as negative (a count past int64) is a corrupt index, not a panic
// when the chunks are sliced by file: at open, where a file without
// derived data is derived again, or at the next ingest.
func TestDecodeNegativeFileChunks(t *testing.T) {
	ix, _ := ingestKB(t, nil)
	st := *ix.st.Load()
	st.files = append([]fileRec{{source: "aaa-ghost.md", chunks: -1}}, st.files...)
	for _, version := range []byte{3, formatVersion} {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		if err := encodeFormat(w, &st, version); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		data := binary.LittleEndian.AppendUint32(buf.Bytes(), crc32.Checksum(buf.Bytes(), castagnoli))
		if _, err := Open(writeIndex(t, data)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("format %d: Open = %v, want ErrCorrupt", version, err)
		}
	}
}

// FuzzDecode feeds arbitrary index files to the decoder: it must fail with
// an error, never panic or allocate without bound. The checksum is fixed up
// so the fuzzer explores the decoder rather than the CRC.
func FuzzDecode(f *testing.F) {
	ix, _ := ingestKB(f, newFake("fake-embed", 4))
	good := encodeBytes(f, ix.st.Load())
	f.Add(good[:len(good)-4])
	f.Add([]byte("CAFEIDX\x01"))
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(bytes.Clone(body), crc32.Checksum(body, castagnoli))
		st, err := decode(data)
		if err != nil {
			return
		}
		// Whatever decodes must be searchable.
		if st.lex == nil || len(st.lex.norm) != len(st.chunks) {
			t.Fatalf("decoded state has an inconsistent lexicon")
		}
		q := st.lex.parse("refund card")
		st.lex.search(q, nil, 3)
	})
}
