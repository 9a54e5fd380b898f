package gate

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/analysis"
)

//go:embed subintents.yaml
var subIntentsFile []byte

// subRule names a sub-intent and the words or phrases that show it.
type subRule struct {
	Sub string   `yaml:"sub"`
	Any []string `yaml:"any"`

	phrases [][]string
}

// subTable holds the sub-intent rules of each label, in order.
type subTable map[Intent][]subRule

// parseSubIntents reads a sub-intent file (see subintents.yaml).
func parseSubIntents(data []byte) (subTable, error) {
	var raw map[string][]subRule
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("sub-intents: %w", err)
	}
	t := subTable{}
	for label, rules := range raw {
		in, ok := parseIntent(label)
		if !ok {
			return nil, fmt.Errorf("sub-intents: unknown intent %q", label)
		}
		for i := range rules {
			r := &rules[i]
			if r.Sub == "" || len(r.Any) == 0 {
				return nil, fmt.Errorf("sub-intents: %s entry %d needs sub and any", label, i+1)
			}
			for _, p := range r.Any {
				r.phrases = append(r.phrases, analysis.Of(p).Words)
			}
		}
		t[in] = rules
	}
	return t, nil
}

// defaultSubs is the bundled sub-intent table, parsed on first use rather
// than at process start; the package tests prove the embedded file parses.
var defaultSubs = sync.OnceValue(func() subTable {
	t, err := parseSubIntents(subIntentsFile)
	if err != nil {
		panic("gate: embedded " + err.Error())
	}
	return t
})

// subIntent names the sub-intent of a message the gate labelled in; an
// escalation's is its category (set by the caller), others come from the
// table, or "" when no entry matches.
func subIntent(in Intent, a *analysis.Analysis) string {
	for _, r := range defaultSubs()[in] {
		for _, p := range r.phrases {
			if hasSeq(a.Words, p) {
				return r.Sub
			}
		}
	}
	return ""
}

// hasSeq reports whether seq occurs in words, in order and adjacent.
func hasSeq(words, seq []string) bool {
	if len(seq) == 0 {
		return false
	}
	for i := 0; i+len(seq) <= len(words); i++ {
		ok := true
		for j, s := range seq {
			if words[i+j] != s {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
