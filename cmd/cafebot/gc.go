package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// startupHeap is the heap a starting process may grow to before its first
// garbage collection. A cold `cafebot ask` at the bundled knowledge base
// allocates about 10 MiB, all of it still live when the model is asked;
// with the usual pacing (the first cycle at 4 MiB) the collector ran four
// times on the way there and took a quarter of the time to the first
// model request.
const startupHeap = 64 << 20

// holdGC keeps the garbage collector off until the heap reaches limit
// bytes, then restores the usual pacing (GOGC=100, no memory limit) for the
// rest of the process, so a long `serve` or a large index collects as
// always. It does nothing when GOGC or GOMEMLIMIT is set: whoever set them
// chose their own pacing.
func holdGC(limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	// The sentinel is unreachable from the start, so the first collection,
	// forced by the limit, queues its finalizer, which restores the pacing.
	// 64 bytes keeps it out of the tiny allocator, whose blocks may never
	// be finalized.
	sentinel := new([64]byte)
	runtime.SetFinalizer(sentinel, func(*[64]byte) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
