package retrieval

import (
	"slices"
	"testing"
)

// TestFileChunks checks that fileChunks yields each file with its own
// contiguous chunks and their offset, yields nothing for no files, gives a
// file with no chunks an empty slice without moving on, and stops when the
// loop breaks.
func TestFileChunks(t *testing.T) {
	files := []fileRec{{source: "a", chunks: 2}, {source: "empty", chunks: 0}, {source: "b", chunks: 1}}
	chunks := []chunk{{source: "a", ordinal: 0}, {source: "a", ordinal: 1}, {source: "b", ordinal: 0}}
	// got is one yielded file: its source, offset and its chunks' sources.
	type got struct {
		source string
		off    int
		chunks []string
	}
	tests := []struct {
		name   string
		files  []fileRec
		chunks []chunk
		stopAt string // break after the file with this source
		want   []got
	}{
		{"no files", nil, nil, "", nil},
		{"no files, stray chunks", nil, chunks, "", nil},
		{"all files", files, chunks, "", []got{
			{"a", 0, []string{"a", "a"}},
			{"empty", 2, nil},
			{"b", 2, []string{"b"}},
		}},
		{"only a file with no chunks", []fileRec{{source: "empty"}}, nil, "", []got{{"empty", 0, nil}}},
		{"early break", files, chunks, "a", []got{{"a", 0, []string{"a", "a"}}}},
		{"break after the empty file", files, chunks, "empty", []got{
			{"a", 0, []string{"a", "a"}},
			{"empty", 2, nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out []got
			for s := range fileChunks(tt.files, tt.chunks) {
				var srcs []string
				for _, c := range s.chunks {
					srcs = append(srcs, c.source)
				}
				if len(s.chunks) != s.file.chunks {
					t.Errorf("%s: %d chunks, the file table says %d", s.file.source, len(s.chunks), s.file.chunks)
				}
				out = append(out, got{s.file.source, s.off, srcs})
				if s.file.source == tt.stopAt {
					break
				}
			}
			if !slices.EqualFunc(out, tt.want, func(a, b got) bool {
				return a.source == b.source && a.off == b.off && slices.Equal(a.chunks, b.chunks)
			}) {
				t.Errorf("fileChunks yielded %+v, want %+v", out, tt.want)
			}
		})
	}
}

// TestFileChunksShortTable checks that a file table claiming more chunks
// than the index holds panics, as the open-coded loops fileChunks replaced
// did, rather than yielding a short file.
func TestFileChunksShortTable(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("fileChunks yielded a file past the end of chunks without panicking")
		}
	}()
	for range fileChunks([]fileRec{{source: "a", chunks: 2}}, []chunk{{source: "a"}}) {
		t.Error("yielded a file whose chunks are not all there")
	}
}
