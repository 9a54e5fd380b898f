package guard

import (
	"strings"
	"testing"
)

// TestAnyOrder: an any_order rule matches its two parts in either order,
// with its gap and unless lists in both, and only two-part rules may ask
// for it.
func TestAnyOrder(t *testing.T) {
	cs, err := compileCompose([]byte(`classes:
  group: [refugees, immigrants]
  exclude: [kick out, get out]
rules:
  - {category: hate, weight: 0.7, label: x, any_order: true, parts: ["@group", "@exclude"], gap: 2, unless_within: [the chairs]}
  - {category: threat, weight: 0.6, label: y, parts: ["smash", "window"], gap: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		norm string
		cat  Category
		want float64
	}{
		{" refugees should get out ", Hate, 0.7},
		{" kick out the immigrants ", Hate, 0.7},
		{" kick out all of the immigrants ", Hate, 0},         // over the gap
		{" kick out the chairs immigrants ", Hate, 0},         // unless_within, mirrored
		{" immigrants and the chairs get out ", Hate, 0},      // unless_within, as written
		{" smash the window ", Threat, 0.6},                   // a plain rule is unchanged
		{" window smash ", Threat, 0},                         // and keeps its order
		{" refugees welcome . get out of the rain ", Hate, 0}, // clauses still bound it
	} {
		var s scoreSheet
		cs.score(tt.norm, Categories, &s)
		if got := s.score(tt.cat); got != tt.want {
			t.Errorf("score(%q) = %v, want %v", tt.norm, got, tt.want)
		}
	}
	for _, bad := range []string{
		`{category: hate, weight: 0.5, label: z, any_order: true, parts: ["a", "b", "c"]}`,
		`{category: hate, weight: 0.5, label: z, any_order: true, parts: ["a"]}`,
		`{category: hate, weight: 0.5, label: z, any_order: true, parts: ["a", "b?"]}`,
	} {
		_, err := compileCompose([]byte("rules:\n  - " + bad + "\n"))
		if err == nil || !strings.Contains(err.Error(), "rule 1 (z)") {
			t.Errorf("%s: err %v, want an any_order error naming rule 1", bad, err)
		}
	}
	// A rule after an any_order rule keeps its place in errors.
	_, err = compileCompose([]byte("rules:\n  - {category: hate, weight: 0.5, label: a, any_order: true, parts: [\"a\", \"b\"]}\n  - {category: hate, weight: 2, label: b, parts: [\"c\"]}\n"))
	if err == nil || !strings.Contains(err.Error(), "rule 2 (b)") {
		t.Errorf("err %v, want one naming rule 2", err)
	}
}
