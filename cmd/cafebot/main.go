// Command cafebot is a local-first assistant for a café chain's staff.
package main

import "os"

func main() {
	holdGC(startupHeap)
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
