package yamlbundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

// doc is a small rules file's shape: a map, a list of structs, a pointer.
type doc struct {
	Classes map[string][]string `yaml:"classes"`
	Rules   []rule              `yaml:"rules"`
}

type rule struct {
	Name string   `yaml:"name"`
	Gap  *int     `yaml:"gap"`
	Any  []string `yaml:"any"`
}

const small = "classes: {me: [i, we], hurt: [hurt, smash up]}\nrules:\n  - {name: threat, gap: 2, any: [\"@me\", \"@hurt\"]}\n  - {name: empty, any: []}\n"
const other = "classes: {me: [i]}\nrules:\n  - {name: other, any: [punch]}\n"

func mustDecode(t *testing.T, data string) doc {
	t.Helper()
	d, err := DecodeYAML[doc]([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustWrite(t *testing.T, v any, sources ...[]byte) []byte {
	t.Helper()
	b, err := Write(v, sources...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSum: one source is its plain SHA-256 (the key the guard's
// compose.json has always recorded); several are keyed by their lengths
// too, so moving bytes between them changes the key.
func TestSum(t *testing.T) {
	plain := sha256.Sum256([]byte(small))
	if got := Sum([]byte(small)); got != hex.EncodeToString(plain[:]) {
		t.Fatalf("Sum(one) = %s, want the file's SHA-256", got)
	}
	ab, a_b := Sum([]byte("ab"), []byte("c")), Sum([]byte("a"), []byte("bc"))
	if ab == a_b {
		t.Fatal("moving a byte from one source to the next kept the key")
	}
	if Sum([]byte("abc")) == ab || Sum([]byte("a"), []byte("b")) == Sum([]byte("b"), []byte("a")) {
		t.Fatal("sources keyed without their order or their count")
	}
}

// TestRoundTrip: the value read from a bundle is the one decoding the YAML
// gives, nil and empty lists and pointers included, and Decode uses it.
func TestRoundTrip(t *testing.T) {
	want := mustDecode(t, small)
	b := mustWrite(t, want, []byte(small))
	if !bytes.HasSuffix(b, []byte("}\n")) || bytes.Count(b, []byte("\n")) != 1 {
		t.Fatalf("bundle is not one compact JSON line: %q", b)
	}
	got, ok := Read[doc](b, []byte(small))
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("Read = %+v, %v; want %+v", got, ok, want)
	}
	if got.Rules[1].Any == nil || got.Rules[1].Gap != nil || *got.Rules[0].Gap != 2 {
		t.Fatalf("empty list, nil pointer or pointer lost: %+v", got.Rules)
	}
	// A bundle that holds something else, but was written for small, is
	// what Decode returns: proof that it read the bundle, not the YAML.
	marker := mustWrite(t, doc{Classes: map[string][]string{"from": {"bundle"}}}, []byte(small))
	got, err := Decode[doc]([]byte(small), marker)
	if err != nil || got.Classes["from"] == nil {
		t.Fatalf("Decode did not use a current bundle: %+v, %v", got, err)
	}
	// Several sources: current only for all of them, in order.
	multi := mustWrite(t, want, []byte(small), []byte(other))
	if _, ok := Read[doc](multi, []byte(small), []byte(other)); !ok {
		t.Fatal("a bundle of two sources was not read for them")
	}
	for _, srcs := range [][][]byte{{[]byte(small)}, {[]byte(other), []byte(small)}, {[]byte(small), []byte(other + " ")}} {
		if _, ok := Read[doc](multi, srcs...); ok {
			t.Fatalf("a bundle of two sources was read for %q", srcs)
		}
	}
}

// TestStaleBundlesAreIgnored is the attack: a YAML file edited without
// regenerating, a bundle of another file, one edited by hand, one with a
// field the type no longer has, or no bundle at all. Each time Decode
// returns what the YAML says.
func TestStaleBundlesAreIgnored(t *testing.T) {
	want := mustDecode(t, small)
	sum := Sum([]byte(small))
	for name, b := range map[string][]byte{
		"another file's bundle":   mustWrite(t, mustDecode(t, other), []byte(other)),
		"the file before an edit": mustWrite(t, want, []byte(strings.Replace(small, "smash up", "smash", 1))),
		"an unknown field":        []byte(`{"sum":"` + sum + `","doc":{"Classes":{},"Rules":[],"Renamed":1}}`),
		"an unknown top key":      []byte(`{"sum":"` + sum + `","doc":{},"extra":1}`),
		"a value of another type": []byte(`{"sum":"` + sum + `","doc":{"Rules":"none"}}`),
		"the sum in upper case":   []byte(`{"sum":"` + strings.ToUpper(sum) + `","doc":{}}`),
		"no sum":                  []byte(`{"doc":{}}`),
		"not JSON":                []byte("{"),
		"empty":                   nil,
	} {
		if _, ok := Read[doc](b, []byte(small)); ok {
			t.Errorf("%s: Read accepted it", name)
		}
		got, err := Decode[doc]([]byte(small), b)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Decode = %+v, %v; want the YAML's value", name, got, err)
		}
	}
}

// TestDecodeYAMLIsStrict: a key the type has no field for, or broken YAML,
// is an error with its line, and a stale bundle does not hide it.
func TestDecodeYAMLIsStrict(t *testing.T) {
	stale := mustWrite(t, mustDecode(t, small), []byte(small))
	for name, data := range map[string]string{
		"unknown key": "classes: {}\nrulez: []\n",
		"bad YAML":    "classes: {me: [i\nrules: x\n",
		"wrong type":  "classes: [a, b]\n",
	} {
		if _, err := DecodeYAML[doc]([]byte(data)); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("%s: DecodeYAML error %v, want one with its line", name, err)
		}
		if _, err := Decode[doc]([]byte(data), stale); err == nil {
			t.Errorf("%s: Decode with another file's bundle returned no error", name)
		}
	}
}

// TestWriteError: a value JSON cannot hold is an error, not a bundle.
func TestWriteError(t *testing.T) {
	if b, err := Write(map[string]any{"f": func() {}}, []byte(small)); err == nil {
		t.Fatalf("Write of a func = %q, want an error", b)
	}
}

// FuzzDecode: whatever the bundle's bytes, Decode does not panic, and it
// returns a value other than the YAML's only from a bundle Read accepts,
// that is one that records this YAML's sum.
func FuzzDecode(f *testing.F) {
	want, err := DecodeYAML[doc]([]byte(small))
	if err != nil {
		f.Fatal(err)
	}
	good, err := Write(want, []byte(small))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"sum":"` + Sum([]byte(small)) + `","doc":{"Rules":[{"Name":"x"}]}}`))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Decode[doc]([]byte(small), b)
		if err != nil {
			t.Fatal(err)
		}
		if reflect.DeepEqual(got, want) {
			return
		}
		if _, ok := Read[doc](b, []byte(small)); !ok || !bytes.Contains(b, []byte(Sum([]byte(small)))) {
			t.Fatalf("Decode returned %+v from a bundle not written for the YAML", got)
		}
	})
}
