package guard

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
)

// The bundled compose.yaml is also kept decoded, as compose.json: the
// composeDoc that decoding the YAML gives, written with encoding/json at
// build time. encoding/json reads it in about a quarter of the time yaml.v3
// takes over the YAML, and the guard's first check of a process waits for
// it. Regenerate it with `go generate ./pkg/guard` after editing
// compose.yaml; TestComposeJSONCurrent fails until then, and a compose.json
// that was not made from the embedded compose.yaml, or does not decode
// into composeDoc field for field, is ignored: the YAML is decoded as
// before, so a stale file can cost time but never change a verdict.

//go:generate go test -run TestComposeJSONCurrent -update .

//go:embed compose.json
var composeJSON []byte

// composeBundle is compose.json: the hex SHA-256 of the compose.yaml it
// was decoded from, and the decoded document.
type composeBundle struct {
	Sum string     `json:"sum"`
	Doc composeDoc `json:"doc"`
}

// yamlSum returns the hex SHA-256 of a compose file.
func yamlSum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// bundledDoc returns the document compose.json holds when it was made from
// yamlData and decodes strictly (one pass: the file is read once).
func bundledDoc(bundle, yamlData []byte) (composeDoc, bool) {
	var b composeBundle
	dec := json.NewDecoder(bytes.NewReader(bundle))
	dec.DisallowUnknownFields()
	if dec.Decode(&b) != nil || b.Sum != yamlSum(yamlData) {
		return composeDoc{}, false
	}
	return b.Doc, true
}

// compileBundled compiles the bundled composed rules, from compose.json
// when it is current, else from compose.yaml.
func compileBundled(bundle, yamlData []byte) (*composeSet, error) {
	if doc, ok := bundledDoc(bundle, yamlData); ok {
		return compileComposeDoc(doc)
	}
	return compileCompose(yamlData)
}
