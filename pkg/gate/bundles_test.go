package gate

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
	"github.com/cafebot/cafebot/pkg/yamlbundle/bundletest"
)

// recording returns a function that answers as f does and records, in
// the map it returns, every answer that is not just the text's words (the
// form recorded reads).
func recording(f func(string) []string) (func(string) []string, map[string][]string) {
	m := map[string][]string{}
	return func(s string) []string {
		v := f(s)
		if !slices.Equal(v, strings.Fields(s)) {
			m[s] = v
		}
		return v
	}, m
}

// composeBundleOf returns what compose.json should hold for the compose
// file data and the gate g: the document, and every key compiling it asks
// g for.
func composeBundleOf(t *testing.T, data []byte, g *Gate) composeBundle {
	t.Helper()
	doc, err := yamlbundle.DecodeYAML[composeDoc](data)
	if err != nil {
		t.Fatal(err)
	}
	keysOf, keys := recording(g.keysOf)
	if _, err := compileCompose(doc, keysOf); err != nil {
		t.Fatal(err)
	}
	return composeBundle{Doc: doc, Keys: keys}
}

// subBundleOf returns what subintents.json should hold for data.
func subBundleOf(t *testing.T, data []byte) subBundle {
	t.Helper()
	doc, err := yamlbundle.DecodeYAML[subDoc](data)
	if err != nil {
		t.Fatal(err)
	}
	// compileSubIntents fills only the rules' unexported phrases in place,
	// which the bundle's JSON leaves out: the document compiles as is.
	wordsOf, words := recording(phraseWords)
	if _, err := compileSubIntents(doc, wordsOf); err != nil {
		t.Fatal(err)
	}
	return subBundle{Doc: doc, Words: words}
}

// TestBundlesCurrent: the files built from the gate's YAML are what it
// gives now: rules_compiled.go from rules.yaml, compose.json from
// compose.yaml and rules.yaml, subintents.json from subintents.yaml.
// After editing any of them, regenerate all three with
// `go test ./pkg/gate -run TestBundlesCurrent -update` (the command each
// failure prints, and the first comment of each YAML file).
func TestBundlesCurrent(t *testing.T) {
	t.Run("rules_compiled.go", func(t *testing.T) {
		g, err := parseAndCompile(defaultRules, "rules.yaml")
		if err != nil {
			t.Fatal(err)
		}
		bundletest.CheckFile(t, "rules_compiled.go", writeCompiled(t, g, yamlbundle.Sum(defaultRules)))
	})
	t.Run("compose.json", func(t *testing.T) {
		bundletest.Check(t, "compose.json", composeBundleOf(t, composeFile, Default()), composeFile, defaultRules)
	})
	t.Run("subintents.json", func(t *testing.T) {
		bundletest.Check(t, "subintents.json", subBundleOf(t, subIntentsFile), subIntentsFile)
	})
}

// TestBundlesMatchYAML: what the gate serves from the embedded bundles is
// what compiling the YAML gives, field for field, and the bundles are the
// ones in use (a bundle that failed to read would pass the equality by
// falling back to the YAML).
func TestBundlesMatchYAML(t *testing.T) {
	cmd := bundletest.Command(t, "TestBundlesCurrent")
	if _, ok := yamlbundle.Read[composeBundle](composeJSON, composeFile, defaultRules); !ok {
		t.Fatalf("compose.json is not current: run `%s`", cmd)
	}
	if _, ok := yamlbundle.Read[subBundle](subIntentsJSON, subIntentsFile); !ok {
		t.Fatalf("subintents.json is not current: run `%s`", cmd)
	}
	want, err := parseCompose(composeFile, Default())
	if err != nil {
		t.Fatal(err)
	}
	got, err := composeBundled(composeJSON, composeFile, defaultRules, Default())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the composed rules compiled from compose.json differ from compose.yaml's")
	}
	if !reflect.DeepEqual(defaultCompose(), want) {
		t.Fatal("defaultCompose differs from compiling compose.yaml")
	}
	wantSubs, err := parseSubIntents(subIntentsFile)
	if err != nil {
		t.Fatal(err)
	}
	gotSubs, err := subIntentsBundled(subIntentsJSON, subIntentsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotSubs, wantSubs) || !reflect.DeepEqual(defaultSubs(), wantSubs) {
		t.Fatal("the sub-intents built from subintents.json differ from subintents.yaml's")
	}
}

// TestStaleBundlesFallBackToYAML is the attack: a YAML file edited without
// regenerating (compose.yaml, or rules.yaml under an unchanged
// compose.yaml), a bundle of another file, or one with a field the
// document no longer has. Each time the gate compiles the YAML it is
// given, so the new rule counts and the old one does not.
func TestStaleBundlesFallBackToYAML(t *testing.T) {
	const compose = "classes: {who: [manager, owner]}\n" +
		"rules:\n  - {name: boss, intent: escalation, category: human_request, weight: 3, match: ['talk ~2 @who']}\n"
	const other = "classes: {who: [barista]}\n" +
		"rules:\n  - {name: staff, intent: faq, weight: 1, match: ['@who']}\n"
	g := Default()
	want, err := parseCompose([]byte(compose), g)
	if err != nil {
		t.Fatal(err)
	}
	ofOther := composeBundleOf(t, []byte(other), g)
	// Keys that would key "manager" as "barista", made for other rules.
	forgedKeys := composeBundleOf(t, []byte(compose), g)
	forgedKeys.Keys["manager"] = []string{"barista"}
	edited := bytes.Replace(defaultRules, []byte("version: 1"), []byte("version: 1\n# a café's edit"), 1)
	if bytes.Equal(edited, defaultRules) {
		t.Fatal("the test could not edit the rules")
	}
	sum := yamlbundle.Sum([]byte(compose), defaultRules)
	for name, b := range map[string][]byte{
		"another compose file's bundle":  writeBundle(t, ofOther, []byte(other), defaultRules),
		"a bundle made for other rules":  writeBundle(t, forgedKeys, []byte(compose), edited),
		"a bundle of compose.yaml alone": writeBundle(t, forgedKeys, []byte(compose)),
		"an unknown field":               []byte(`{"sum":"` + sum + `","doc":{"Doc":{},"Keys":{},"Stems":{}}}`),
		"not JSON":                       []byte("{"),
		"the bundled compose.json":       composeJSON,
	} {
		if _, ok := yamlbundle.Read[composeBundle](b, []byte(compose), defaultRules); ok {
			t.Errorf("%s: read for another compose file", name)
		}
		got, err := composeBundled(b, []byte(compose), defaultRules, g)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: compiled %v, %v; want the YAML's rules", name, got, err)
		}
	}
	// The same forged keys with the right sum are used: proof the bundle
	// is read at all, and that the sum is what guards it.
	got, err := composeBundled(writeBundle(t, forgedKeys, []byte(compose), defaultRules), []byte(compose), defaultRules, g)
	if err != nil || reflect.DeepEqual(got, want) {
		t.Fatalf("a current bundle was not used: %v", err)
	}

	const subs = "faq:\n  - {sub: hours, any: [open, opening times]}\n"
	wantSubs, err := parseSubIntents([]byte(subs))
	if err != nil {
		t.Fatal(err)
	}
	forgedSubs := subBundleOf(t, []byte(subs))
	forgedSubs.Words["open"] = []string{"closed"}
	for name, b := range map[string][]byte{
		"a bundle of the file before an edit": writeBundle(t, forgedSubs, []byte("faq:\n  - {sub: hours, any: [open]}\n")),
		"the bundled subintents.json":         subIntentsJSON,
	} {
		got, err := subIntentsBundled(b, []byte(subs))
		if err != nil || !reflect.DeepEqual(got, wantSubs) {
			t.Errorf("%s: built %v, %v; want the YAML's table", name, got, err)
		}
	}
	if got, _ := subIntentsBundled(writeBundle(t, forgedSubs, []byte(subs)), []byte(subs)); reflect.DeepEqual(got, wantSubs) {
		t.Fatal("a current sub-intent bundle was not used")
	}
}

// writeBundle returns the bundle of v for sources.
func writeBundle[T any](t *testing.T, v T, sources ...[]byte) []byte {
	t.Helper()
	out, err := yamlbundle.Write(v, sources...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBrokenYAMLSameError: a broken file is the same error with or
// without a bundle, since the bundle is then ignored.
func TestBrokenYAMLSameError(t *testing.T) {
	const broken = "rules: [\n"
	_, want := parseCompose([]byte(broken), Default())
	_, got := composeBundled(composeJSON, []byte(broken), defaultRules, Default())
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("compose: %v, want %v", got, want)
	}
	_, want = parseSubIntents([]byte(broken))
	_, got = subIntentsBundled(subIntentsJSON, []byte(broken))
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Errorf("sub-intents: %v, want %v", got, want)
	}
}

// BenchmarkFirstMessageLoad is what the first message of a process pays
// for each file: compiling it from the YAML, and from its bundle.
func BenchmarkFirstMessageLoad(b *testing.B) {
	g := Default()
	for _, bm := range []struct {
		name string
		load func() error
	}{
		{"compose/yaml", func() error { _, err := parseCompose(composeFile, g); return err }},
		{"compose/bundle", func() error { _, err := composeBundled(composeJSON, composeFile, defaultRules, g); return err }},
		{"subintents/yaml", func() error { _, err := parseSubIntents(subIntentsFile); return err }},
		{"subintents/bundle", func() error { _, err := subIntentsBundled(subIntentsJSON, subIntentsFile); return err }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bm.load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
