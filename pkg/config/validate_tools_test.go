package config

import (
	"strings"
	"testing"
)

func TestValidateToolsSecurity(t *testing.T) {
	if errs := Default().validateToolsSecurity(); len(errs) != 0 {
		t.Fatalf("defaults rejected: %v", errs)
	}
	tests := []struct {
		name string
		edit func(*Config)
		key  string
	}{
		{"no calls", func(c *Config) { c.Tools.MaxCallsPerRound = 0 }, "tools.max_calls_per_round"},
		{"too many calls", func(c *Config) { c.Tools.MaxCallsPerRound = 200 }, "tools.max_calls_per_round"},
		{"no rounds", func(c *Config) { c.Tools.MaxRounds = 0 }, "tools.max_rounds"},
		{"no tries", func(c *Config) { c.Security.SecondFactorTries = 0 }, "security.second_factor_tries"},
		{"unknown action", func(c *Config) { c.Security.SecondFactor = []string{"refund", "refunds"} }, "security.second_factor[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c)
			errs := c.validateToolsSecurity()
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.key) {
				t.Fatalf("errors = %v, want one about %s", errs, tt.key)
			}
		})
	}
}
