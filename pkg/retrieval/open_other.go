//go:build !unix && !windows

package retrieval

// openNonBlock is zero where the platform has no such flag.
const openNonBlock = 0
