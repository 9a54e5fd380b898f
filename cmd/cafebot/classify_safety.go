package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cafebot/cafebot/pkg/gate"
)

// explainSafety prints the safety score's view for `classify --explain`:
// its probability and threshold, whether it added the safety flag, and
// the features behind it.
func explainSafety(w io.Writer, v *gate.SafetyView) {
	if v == nil {
		fmt.Fprintln(w, "safety score: off")
		return
	}
	what := "not needed: the rules flagged it"
	switch {
	case v.Used:
		what = "added the safety flag"
	case v.Prob < v.Threshold:
		what = "under its threshold"
	case v.Lookalike:
		what = "stood aside: the rules read a look-alike"
	}
	fmt.Fprintf(w, "safety score: %.2f (threshold %.2f), %s\n", v.Prob, v.Threshold, what)
	feats := make([]string, 0, len(v.Top))
	for _, f := range v.Top {
		feats = append(feats, fmt.Sprintf("%s %+.2f", f.Feature, f.Weight))
	}
	if len(feats) > 0 {
		fmt.Fprintf(w, "  top features: %s\n", strings.Join(feats, ", "))
	}
}
