package config

import "fmt"

// Bounds of retrieval.max_chunks_per_file: below 1 no file could be
// ingested; above 100,000 one file could again swamp the index (100,000
// chunks of 1,200 characters is 120 MB of text, more than the 64 MiB an
// ingest reads of one file).
const (
	MinChunksPerFile = 1
	MaxChunksPerFile = 100_000
)

// validateIngest reports the ingest settings that cannot work, each as a
// *RangeError; the lead's Validate calls it.
func (c Config) validateIngest() []error {
	if v := c.Retrieval.MaxChunksPerFile; v < MinChunksPerFile || v > MaxChunksPerFile {
		return []error{&RangeError{
			Key:  "retrieval.max_chunks_per_file",
			Want: fmt.Sprintf("a whole number from %d to %d", MinChunksPerFile, MaxChunksPerFile),
			Got:  fmt.Sprint(v),
		}}
	}
	return nil
}
