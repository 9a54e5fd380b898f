package gate

import "github.com/cafebot/cafebot/pkg/yamlbundle"

// The bundled rules are compiled at build time: rules_compiled.go holds the
// tables compile makes from rules.yaml, as static data the linker lays out,
// so the first Default of a process builds a few maps instead of parsing
// YAML and stemming every cue (about 6 ms of a cold `cafebot ask`).
// Regenerate it after editing rules.yaml with
// `go test ./pkg/gate -run TestBundlesCurrent -update`, which rewrites the
// YAML bundles too (bundles.go); TestBundlesCurrent fails until then,
// and Default compiles the YAML
// itself whenever the embedded file's hash is not the one the tables were
// made from, so a stale file can cost time but never change a decision.
// `go generate ./pkg/gate` runs that command (bundles.go's directive).

// compiledSet is a compiled rule set in the form the generator writes:
// slices only, since map literals would be built at package init.
type compiledSet struct {
	// sum is the yamlbundle.Sum (hex SHA-256) of the rules file the
	// tables were made from.
	sum         string
	trigger     float64
	smoothing   float64
	window      int
	multiMin    int
	multiWeight float64
	bias        [numIntents]float64
	negators    []string
	breakers    []string
	rewrite     []compiledKeys
	// stems holds the stems map as pairs: surface word, key, ...
	stems      []string
	vocab      []string
	fuzzyIdx   []compiledIDs
	fuzzyWords []fuzzyWord
	index      []compiledIDs
	cues       []cue
	aspects    []string
	comboIndex []compiledIDs
	parts      []comboPart
	combos     []combo
}

// compiledKeys is one entry of a map from a word to its keys.
type compiledKeys struct {
	word string
	keys []string
}

// compiledIDs is one entry of a map from a key to indexes.
type compiledIDs struct {
	key string
	ids []int32
}

// gate builds the gate the tables describe. The slices are shared, not
// copied: a Gate never writes to them once compiled.
func (s *compiledSet) gate(name string) *Gate {
	g := &Gate{
		name: name, unsureBelow: DefaultUnsureBelow,
		trigger: s.trigger, smoothing: s.smoothing, window: s.window,
		multiMin: s.multiMin, multiWeight: s.multiWeight, bias: s.bias,
		negators:   make(map[string]bool, len(s.negators)),
		breakers:   make(map[string]bool, len(s.breakers)),
		rewrite:    make(map[string][]string, len(s.rewrite)),
		stems:      make(map[string]string, len(s.stems)/2),
		vocab:      make(map[string]bool, len(s.vocab)),
		fuzzyIdx:   idMap(s.fuzzyIdx),
		fuzzyWords: s.fuzzyWords,
		index:      idMap(s.index),
		cues:       s.cues,
		aspects:    s.aspects,
		comboIndex: idMap(s.comboIndex),
		parts:      s.parts,
		combos:     s.combos,
	}
	for _, w := range s.negators {
		g.negators[w] = true
	}
	for _, w := range s.breakers {
		g.breakers[w] = true
	}
	for _, rw := range s.rewrite {
		g.rewrite[rw.word] = rw.keys
	}
	for i := 0; i+1 < len(s.stems); i += 2 {
		g.stems[s.stems[i]] = s.stems[i+1]
	}
	for _, k := range s.vocab {
		g.vocab[k] = true
	}
	return g
}

func idMap(entries []compiledIDs) map[string][]int32 {
	m := make(map[string][]int32, len(entries))
	for _, e := range entries {
		m[e.key] = e.ids
	}
	return m
}

// defaultFrom returns the gate of the rules file data: from the tables in
// set when they were made from exactly data, else compiled from the YAML.
func defaultFrom(data []byte, set *compiledSet) (*Gate, error) {
	if set != nil && set.sum == yamlbundle.Sum(data) {
		return finish(set.gate("rules.yaml")), nil
	}
	return parseAndCompile(data, "rules.yaml")
}
