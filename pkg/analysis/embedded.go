package analysis

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
)

// EmbeddedModel returns a function that reads the model bundled as data
// on its first call and returns the same model on every call. A bundled
// model that does not read, or whose labels are not want (when given), is
// a build defect its package's tests catch, so the function panics with
// what and the error.
func EmbeddedModel(what string, data []byte, want ...string) func() *Model {
	return sync.OnceValue(func() *Model {
		m, err := ReadModel(bytes.NewReader(data))
		if err == nil && len(want) > 0 && !slices.Equal(m.Labels, want) {
			err = fmt.Errorf("labels %v, want %v", m.Labels, want)
		}
		if err != nil {
			panic(what + ": " + err.Error())
		}
		return m
	})
}
