package config

import (
	"strings"
	"testing"
)

func TestValidateCrisisLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		ok   bool
	}{
		{DefaultCrisisLine, true},
		{"In the UK call Samaritans on 116 123, free, any time.", true},
		{"", false},
		{"   ", false},
		{strings.Repeat("x", maxCrisisLine+1), false},
	} {
		c := Default()
		c.Guard.CrisisLine = tc.line
		errs := c.validateCrisisLine()
		if (len(errs) == 0) != tc.ok {
			t.Errorf("crisis_line %.20q: errors %v, want ok %v", tc.line, errs, tc.ok)
		}
		for _, err := range errs {
			if !strings.HasPrefix(err.Error(), "guard.crisis_line") {
				t.Errorf("error %q does not name the key", err)
			}
		}
	}
}
