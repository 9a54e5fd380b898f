package retrieval

import (
	"bufio"
	"bytes"
	"encoding/binary"
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
