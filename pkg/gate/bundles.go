package gate

import (
	_ "embed"
	"strings"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// The bundled compose.yaml and subintents.yaml are also kept decoded, as
// compose.json and subintents.json (yamlbundle), so the first message of a
// process neither decodes YAML nor stems the files' words: each bundle
// holds the decoded document and, for each phrase whose keys or words
// are not just its text split at spaces, what Gate.keysOf or the message
// analysis gives. Reading the YAML was
// half the CPU of a cold `cafebot classify`; with the bundles the process
// takes 0.68 of the time (BenchmarkFirstMessageLoad times each file).
//
// compose.json is made from compose.yaml and rules.yaml (whose rewrites
// and stems key the words), subintents.json from subintents.yaml; when any
// of them is not the embedded file now, the bundle is ignored and the
// YAML compiled as before. After editing any of the three, run
// `go test ./pkg/gate -run TestBundlesCurrent -update`, which also writes
// rules_compiled.go; TestBundlesCurrent fails until then, which is also
// what catches a change to the stemming code itself.

//go:generate go test -run TestBundlesCurrent -update .

//go:embed compose.json
var composeJSON []byte

//go:embed subintents.json
var subIntentsJSON []byte

// composeBundle is what compose.json holds.
type composeBundle struct {
	// Doc is compose.yaml decoded.
	Doc composeDoc
	// Keys holds Gate.keysOf, with the bundled rules, of every class
	// entry and pattern word whose keys are not just its words
	// (strings.Fields): "refunded" is "refund", "find me" is itself.
	Keys map[string][]string
}

// subBundle is what subintents.json holds.
type subBundle struct {
	// Doc is subintents.yaml decoded.
	Doc subDoc
	// Words holds the analysed words of every phrase whose words are not
	// just strings.Fields of it; nearly all of them are.
	Words map[string][]string
}

// composeBundled compiles the compose file yamlData for the gate g of the
// rules file rules: from bundle when it was made from exactly those two
// files, else from the YAML.
func composeBundled(bundle, yamlData, rules []byte, g *Gate) (*composeSet, error) {
	if b, ok := yamlbundle.Read[composeBundle](bundle, yamlData, rules); ok {
		return compileCompose(b.Doc, recorded(b.Keys))
	}
	return parseCompose(yamlData, g)
}

// subIntentsBundled builds the table of the sub-intent file yamlData: from
// bundle when it was made from exactly that file, else from the YAML.
func subIntentsBundled(bundle, yamlData []byte) (subTable, error) {
	if b, ok := yamlbundle.Read[subBundle](bundle, yamlData); ok {
		return compileSubIntents(b.Doc, recorded(b.Words))
	}
	return parseSubIntents(yamlData)
}

// recorded returns the function a bundle recorded as m: its answer for a
// text m holds, else the text's words. Leaving out the texts that are
// their own words halves the JSON to read.
func recorded(m map[string][]string) func(string) []string {
	return func(s string) []string {
		if v, ok := m[s]; ok {
			return v
		}
		return strings.Fields(s)
	}
}
