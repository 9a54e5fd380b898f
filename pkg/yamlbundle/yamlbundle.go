// Package yamlbundle serves a bundled YAML file's decoded value from a JSON
// bundle written at build time, so a process does not decode the YAML on
// its first message.
//
// yaml.v3 is slow: the gate's compose.yaml (45 KB) takes about 4 ms to
// decode, and encoding/json reads the same document in about a fifth of
// that. A bundle records the SHA-256 of the files it was made from next to
// the value; Decode uses it only when those files are the ones embedded
// now, and decodes the YAML otherwise. A stale or broken bundle therefore
// costs time, never a different value: a café's own rules file, or a
// bundled one edited without regenerating, is decoded as before.
//
// A bundle may also hold what a package derives from its YAML (Read and
// Write with several sources: the gate keeps its phrases' stemmed keys).
// The sum then covers the data it was derived from, and the package's
// test that calls bundletest.Check catches a change to the deriving code.
//
// The bundletest package keeps bundles current: a package embeds
// name.yaml and name.json, and one test calls bundletest.Check, which
// fails with the one command that rewrites them.
package yamlbundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// bundle is the file's form: the hex Sum of the sources and the value.
type bundle[T any] struct {
	Sum string `json:"sum"`
	Doc T      `json:"doc"`
}

// Sum returns the key a bundle records for sources: the hex SHA-256 of the
// one source, or, for several, of each one's length and bytes in turn (so
// bytes moved from one file to the next change the key).
func Sum(sources ...[]byte) string {
	if len(sources) == 1 {
		s := sha256.Sum256(sources[0])
		return hex.EncodeToString(s[:])
	}
	h := sha256.New()
	for _, src := range sources {
		h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(src))))
		h.Write(src)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DecodeYAML decodes data into a T the strict way rules files are read at
// run time: a key T has no field for is an error.
func DecodeYAML[T any](data []byte) (T, error) {
	var v T
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&v); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Read returns the value data holds when it is a bundle written for
// exactly sources and decodes into T field for field; ok is false for any
// other bundle, including one with a field T no longer has.
func Read[T any](data []byte, sources ...[]byte) (v T, ok bool) {
	var b bundle[T]
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&b) != nil || b.Sum != Sum(sources...) {
		return v, false
	}
	return b.Doc, true
}

// Decode returns the value of the YAML file yamlData: from data, its
// bundle, when that was written for exactly yamlData, else by decoding
// yamlData with DecodeYAML (whose error it returns unwrapped).
func Decode[T any](yamlData, data []byte) (T, error) {
	if v, ok := Read[T](data, yamlData); ok {
		return v, nil
	}
	return DecodeYAML[T](yamlData)
}

// Write returns the bundle of v for sources, as compact JSON and a final
// newline: it is read on every cold start and never by people.
func Write[T any](v T, sources ...[]byte) ([]byte, error) {
	out, err := json.Marshal(bundle[T]{Sum: Sum(sources...), Doc: v})
	if err != nil {
		return nil, fmt.Errorf("yamlbundle: %w", err)
	}
	return append(out, '\n'), nil
}
