package retrieval

import (
	"fmt"
	"testing"
)

// fiftyTidewaters returns about 10,000 chunks of real café text: the
// Tidewater dev café fifty times over, each copy in its own folder, with
// the state it was read into.
func fiftyTidewaters(b *testing.B) (st *state, files []fileRec, chunks []chunk) {
	b.Helper()
	st = cafeIndex(b, "tidewater").st.Load()
	for k := 0; k < 50; k++ {
		off := 0
		for _, f := range st.files {
			g := f
			g.source = fmt.Sprintf("copy%d/%s", k, f.source)
			files = append(files, g)
			for _, c := range st.chunks[off : off+f.chunks] {
				c.source = g.source
				chunks = append(chunks, c)
			}
			off += f.chunks
		}
	}
	return st, files, chunks
}

// BenchmarkLearnPlaces measures learning the places no markup names over
// fiftyTidewaters' chunks, part of what ingest derives once and stores
// (derived.go).
func BenchmarkLearnPlaces(b *testing.B) {
	_, files, chunks := fiftyTidewaters(b)
	for b.Loop() {
		learnPlaces(files, chunks, directoryRows(files, chunks), func(string) string { return "" }, func(int) bool { return false }, nil)
	}
	// after the loop: its first b.Loop resets the timer, which clears
	// the metrics reported before it
	b.ReportMetric(float64(len(chunks)), "chunks")
}

// BenchmarkDeriveLocations measures all of location learning (front
// matter, codes, titles, a store directory, places without markup,
// aliases, pages a title or folder names, loose names) over the same
// 10,000 chunks: what ingest derives once and stores (derived.go).
func BenchmarkDeriveLocations(b *testing.B) {
	st, files, chunks := fiftyTidewaters(b)
	lex := buildLexicon(st.vocab, chunks)
	for b.Loop() {
		s := &state{files: files, chunks: chunks, vocab: st.vocab, lex: lex}
		s.deriveLocations()
	}
	b.ReportMetric(float64(len(chunks)), "chunks")
}
