package retrieval

import "iter"

// fileSpan is one file of the index with its chunks: a file's chunks are
// contiguous in the index's chunk list, in file order, and off is where
// the first of them is (so chunks[off+j] is cs[j] for tables kept per
// chunk, such as effLoc and sectionLoc).
type fileSpan struct {
	file   fileRec
	chunks []chunk
	off    int
}

// fileChunks yields each file of files in order with its chunks, the next
// file.chunks entries of chunks, and their offset. It slices chunks as the
// loops it replaced did, so a file table that claims more chunks than
// there are panics the same way.
func fileChunks(files []fileRec, chunks []chunk) iter.Seq[fileSpan] {
	return func(yield func(fileSpan) bool) {
		off := 0
		for _, f := range files {
			if !yield(fileSpan{file: f, chunks: chunks[off : off+f.chunks], off: off}) {
				return
			}
			off += f.chunks
		}
	}
}
