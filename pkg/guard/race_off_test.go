//go:build !race

package guard

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
