package rules

// This package has no golden files; the import gives its test binary the
// shared -update flag, so that `go test ./... -update` runs everywhere.
import _ "github.com/cafebot/cafebot/pkg/golden"
