package guard

import (
	"reflect"
	"testing"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
	"github.com/cafebot/cafebot/pkg/yamlbundle/bundletest"
)

// decodeYAML decodes a compose file as compileCompose does.
func decodeYAML(t *testing.T, data []byte) composeDoc {
	t.Helper()
	doc, err := yamlbundle.DecodeYAML[composeDoc](data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// writeBundle returns compose.json for the compose file data.
func writeBundle(t *testing.T, data []byte) []byte {
	t.Helper()
	b, err := yamlbundle.Write(decodeYAML(t, data), data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBundlesCurrent: compose.json is what decoding the bundled
// compose.yaml writes now. After editing compose.yaml, regenerate it with
// `go test ./pkg/guard -run TestBundlesCurrent -update` (what the failure
// says, and `go generate ./pkg/guard` runs).
func TestBundlesCurrent(t *testing.T) {
	bundletest.Check(t, "compose.json", decodeYAML(t, composeYAML), composeYAML)
}

// TestComposeJSONMatchesYAML: the document read from compose.json is the
// one decoding compose.yaml gives, and so are the compiled rules.
func TestComposeJSONMatchesYAML(t *testing.T) {
	doc, ok := yamlbundle.Read[composeDoc](composeJSON, composeYAML)
	if !ok {
		t.Fatalf("compose.json is not current; run `%s`", bundletest.Command(t, "TestBundlesCurrent"))
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
	unknown := []byte(`{"sum": "` + yamlbundle.Sum([]byte(small)) + `", "doc": {"Classes": {}, "Rules": [], "Renamed": 1}}`)
	for name, bundle := range map[string][]byte{
		"another file's bundle":    forged,
		"an unknown field":         unknown,
		"not JSON":                 []byte("{"),
		"the bundled compose.json": composeJSON,
	} {
		if _, ok := yamlbundle.Read[composeDoc](bundle, []byte(small)); ok {
			t.Errorf("%s: the bundle was accepted for another compose file", name)
		}
		got, err := compileBundled(bundle, []byte(small))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: compiled %v, %v; want the YAML's rules", name, got, err)
		}
	}
	// A broken compose file is the same error with or without a bundle.
	_, wantErr := compileCompose([]byte("rules: [\n"))
	_, gotErr := compileBundled(composeJSON, []byte("rules: [\n"))
	if wantErr == nil || gotErr == nil || gotErr.Error() != wantErr.Error() {
		t.Errorf("broken YAML: compileBundled error %v, compileCompose's %v", gotErr, wantErr)
	}
}
