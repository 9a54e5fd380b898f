package guard

import (
	_ "embed"
	"fmt"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// The bundled compose.yaml is also kept decoded, as compose.json: the
// composeDoc that decoding the YAML gives, written by yamlbundle at build
// time. encoding/json reads it in about a quarter of the time yaml.v3
// takes over the YAML, and the guard's first check of a process waits for
// it. After editing compose.yaml, run
// `go test ./pkg/guard -run TestBundlesCurrent -update`; TestBundlesCurrent
// fails until then, and a compose.json that was not made from the embedded
// compose.yaml, or does not decode into composeDoc field for field, is
// ignored: the YAML is decoded as before, so a stale file can cost time
// but never change a verdict.

//go:generate go test -run TestBundlesCurrent -update .

//go:embed compose.json
var composeJSON []byte

// compileBundled compiles the bundled composed rules, decoded from bundle
// when it was made from yamlData, else from the YAML itself.
func compileBundled(bundle, yamlData []byte) (*composeSet, error) {
	doc, err := yamlbundle.Decode[composeDoc](yamlData, bundle)
	if err != nil {
		return nil, fmt.Errorf("compose rules: %w", err)
	}
	return compileComposeDoc(doc)
}
