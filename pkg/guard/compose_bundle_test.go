package guard

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/golden"
)

// decodeYAML decodes a compose file as compileCompose does.
func decodeYAML(t *testing.T, data []byte) composeDoc {
	t.Helper()
	var doc composeDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// writeBundle returns compose.json for the compose file data.
func writeBundle(t *testing.T, data []byte) []byte {
	t.Helper()
	// Compact: the file is read on every cold start, never by people.
	out, err := json.Marshal(composeBundle{Sum: yamlSum(data), Doc: decodeYAML(t, data)})
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestComposeJSONCurrent: compose.json is what decoding the bundled
// compose.yaml writes now. After editing compose.yaml, regenerate it with
// `go generate ./pkg/guard` (which runs this test with -update).
func TestComposeJSONCurrent(t *testing.T) {
	golden.Check(t, "compose.json", writeBundle(t, composeYAML))
}

// TestComposeJSONMatchesYAML: the document read from compose.json is the
// one decoding compose.yaml gives, and so are the compiled rules.
func TestComposeJSONMatchesYAML(t *testing.T) {
	doc, ok := bundledDoc(composeJSON, composeYAML)
	if !ok {
		t.Fatal("compose.json is not current; run `go generate ./pkg/guard`")
	}
	if !reflect.DeepEqual(doc, decodeYAML(t, composeYAML)) {
		t.Fatal("compose.json decodes to another document than compose.yaml")
	}
	want, err := compileCompose(composeYAML)
	if err != nil {
		t.Fatal(err)
	}
	got, err := compileBundled(composeJSON, composeYAML)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the rules compiled from compose.json differ from compose.yaml's")
	}
}

// TestStaleComposeJSONIsIgnored is the attack: compose.yaml edited without
// regenerating, or compose.json edited by hand to hold other rules, or a
// document with a field composeDoc no longer has. Each time the YAML is
// compiled instead.
func TestStaleComposeJSONIsIgnored(t *testing.T) {
	const small = "classes: {me: [i, we], hurt: [hurt, smash up]}\nrules:\n  - {category: threat, weight: 0.6, label: t, parts: [\"@me\", \"@hurt\", you]}\n"
	const other = "classes: {me: [i], hurt: [punch]}\nrules:\n  - {category: threat, weight: 0.9, label: other, parts: [\"@me\", \"@hurt\", you]}\n"
	want, err := compileCompose([]byte(small))
	if err != nil {
		t.Fatal(err)
	}
	forged := writeBundle(t, []byte(other))
	unknown := []byte(`{"sum": "` + yamlSum([]byte(small)) + `", "doc": {"Classes": {}, "Rules": [], "Renamed": 1}}`)
	for name, bundle := range map[string][]byte{
		"another file's bundle":    forged,
		"an unknown field":         unknown,
		"not JSON":                 []byte("{"),
		"the bundled compose.json": composeJSON,
	} {
		if _, ok := bundledDoc(bundle, []byte(small)); ok {
			t.Errorf("%s: bundledDoc accepted it for another compose file", name)
		}
		got, err := compileBundled(bundle, []byte(small))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: compiled %v, %v; want the YAML's rules", name, got, err)
		}
	}
}
