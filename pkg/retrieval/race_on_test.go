//go:build race

package retrieval

// raceDetector is whether the tests run under -race, which makes scanning
// tens of thousands of vectors many times slower.
const raceDetector = true
