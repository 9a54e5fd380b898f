//go:build unix

package retrieval

import "golang.org/x/sys/unix"

// openNonBlock keeps an open of a FIFO swapped in after the check from
// blocking; on a regular file it changes nothing.
const openNonBlock = unix.O_NONBLOCK
