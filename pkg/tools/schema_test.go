package tools

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
)

// TestSchemaGolden pins what the model sees of every tool (names,
// descriptions, parameters with their types, enums and required flags) and
// the argument checks behind them, so moving a tool between files or
// building it from a typed struct cannot change either. The golden file
// was written from the map-based specs before the typed tools replaced
// them; update with -update only for a deliberate schema change.
func TestSchemaGolden(t *testing.T) {
	type rule struct {
		ID     bool    `json:"id,omitempty"`
		Min    float64 `json:"min,omitempty"`
		Max    float64 `json:"max,omitempty"`
		MaxLen int     `json:"max_len,omitempty"`
	}
	type entry struct {
		Tool  any             `json:"tool"`
		Rules map[string]rule `json:"rules,omitempty"`
	}
	var out []entry
	for _, name := range toolOrder {
		sp := specs[name]
		if sp == nil {
			t.Fatalf("no spec for %s", name)
		}
		e := entry{Tool: sp.def}
		for k, r := range sp.rules {
			if e.Rules == nil {
				e.Rules = map[string]rule{}
			}
			e.Rules[k] = rule{ID: r.id, Min: r.min, Max: r.max, MaxLen: r.maxLen}
		}
		out = append(out, e)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/schema.golden.json", fmt.Appendf(b, "\n"))
}
