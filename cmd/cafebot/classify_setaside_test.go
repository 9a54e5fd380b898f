package main

import (
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestClassifyExplainSetAside: classify --explain names each look-alike an
// unless list read and what it kept from scoring, beside the decision the
// real case in the same message still made. The golden holds the decision
// line and the unless lines (the learned layer's lines move with every
// retrain and are left out).
func TestClassifyExplainSetAside(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	var b strings.Builder
	for _, msg := range []string{
		"the ticket machine swallowed my card and my toddler swallowed a coin",
		"please ring me when my order is ready",
		"is it normal to be double charged for one coffee?",
		"where is my order? i want to speak to the manager",
	} {
		r := c.ok("classify", "--explain", msg)
		b.WriteString("$ cafebot classify --explain " + msg + "\n")
		lines := strings.Split(strings.TrimSpace(r.out), "\n")
		b.WriteString(lines[0] + "\n")
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "unless[") {
				b.WriteString(l + "\n")
			}
		}
	}
	assertGolden(t, "classify_explain_setaside", b.String())
}
