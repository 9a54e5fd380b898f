package gate

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/yamlbundle"
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
type subTable map[Intent]*subRules

// subRules are one label's rules and an index of their phrases by first
// word, so a message costs a map read per word rather than a scan per
// phrase.
type subRules struct {
	rules []subRule
	first map[string][]subRef
}

// subRef names phrase p of rule r.
type subRef struct{ rule, phrase int }

// subDoc is subintents.yaml as written: each label's rules.
type subDoc map[string][]subRule

// parseSubIntents reads a sub-intent file (see subintents.yaml).
func parseSubIntents(data []byte) (subTable, error) {
	raw, err := yamlbundle.DecodeYAML[subDoc](data)
	if err != nil {
		return nil, fmt.Errorf("sub-intents: %w", err)
	}
	return compileSubIntents(raw, phraseWords)
}

// phraseWords returns a phrase's words as a message's analysis reads them.
func phraseWords(p string) []string { return analysis.Of(p).Words }

// compileSubIntents builds the table of a decoded sub-intent file; wordsOf
// splits its phrases (phraseWords, or the words subintents.json recorded
// from it).
func compileSubIntents(raw subDoc, wordsOf func(string) []string) (subTable, error) {
	t := subTable{}
	for label, rules := range raw {
		in, ok := parseIntent(label)
		if !ok {
			return nil, fmt.Errorf("sub-intents: unknown intent %q", label)
		}
		sr := &subRules{rules: rules, first: map[string][]subRef{}}
		for i := range rules {
			r := &rules[i]
			if r.Sub == "" || len(r.Any) == 0 {
				return nil, fmt.Errorf("sub-intents: %s entry %d needs sub and any", label, i+1)
			}
			for _, p := range r.Any {
				words := wordsOf(p)
				if len(words) == 0 {
					return nil, fmt.Errorf("sub-intents: %s entry %d has a phrase without words: %q", label, i+1, p)
				}
				sr.first[words[0]] = append(sr.first[words[0]], subRef{i, len(r.phrases)})
				r.phrases = append(r.phrases, words)
			}
		}
		t[in] = sr
	}
	return t, nil
}

// defaultSubs is the bundled sub-intent table, parsed on first use rather
// than at process start, from subintents.json when it is current
// (bundles.go); the package tests prove the embedded file parses.
var defaultSubs = sync.OnceValue(func() subTable {
	t, err := subIntentsBundled(subIntentsJSON, subIntentsFile)
	if err != nil {
		panic("gate: embedded " + err.Error())
	}
	return t
})

// subIntent names the sub-intent of a message the gate labelled in; an
// escalation's is its category (set by the caller), others come from the
// table, or "" when no entry matches.
func subIntent(in Intent, a *analysis.Analysis) string {
	sr := defaultSubs()[in]
	if sr == nil {
		return ""
	}
	best := -1
	for i, w := range a.Words {
		for _, ref := range sr.first[w] {
			if (best < 0 || ref.rule < best) && hasSeqAt(a.Words, sr.rules[ref.rule].phrases[ref.phrase], i) {
				best = ref.rule
			}
		}
	}
	if best < 0 {
		return ""
	}
	return sr.rules[best].Sub
}

// hasSeqAt reports whether seq occurs in words at i.
func hasSeqAt(words, seq []string, i int) bool {
	if i+len(seq) > len(words) {
		return false
	}
	for j, s := range seq {
		if words[i+j] != s {
			return false
		}
	}
	return true
}
