//go:build !unix && !windows

package retrieval

import "os"

// tryLock always succeeds where the platform has no file locks (wasm,
// plan9): the in-process mutex is all there is.
func tryLock(*os.File) error { return nil }
