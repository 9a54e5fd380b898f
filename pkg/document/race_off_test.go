//go:build !race

package document

// raceEnabled reports whether the tests run under the race detector,
// which makes the layout tests' time budgets several times looser.
const raceEnabled = false
