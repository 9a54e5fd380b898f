//go:build windows

package retrieval

// openNonBlock is zero: Windows has no FIFOs in the file system.
const openNonBlock = 0
