package retrieval

import "time"

// File is one ingested document, as `cafebot serve` lists it.
type File struct {
	Source     string    `json:"source"`
	Chunks     int       `json:"chunks"`
	IngestedAt time.Time `json:"ingested_at,omitzero"`
}

// Files returns the documents of the current snapshot, sorted by source.
func (ix *Index) Files() []File {
	st := ix.st.Load()
	out := make([]File, len(st.files))
	for i, f := range st.files {
		out[i] = File{Source: f.source, Chunks: f.chunks, IngestedAt: f.ingestedAt}
	}
	return out
}
