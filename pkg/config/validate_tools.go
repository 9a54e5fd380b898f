package config

import (
	"fmt"
	"slices"
)

// SecondFactorActions are the account writes security.second_factor may
// name: refund requests, catering bookings and cancellations, and points
// credits.
var SecondFactorActions = []string{"refund", "catering", "credit"}

// validateToolsSecurity reports the tools and security settings that
// cannot work, each as a *RangeError; the lead's Validate calls it.
func (c Config) validateToolsSecurity() []error {
	var errs []error
	intIn := func(key string, v, lo, hi int) {
		if v < lo || v > hi {
			errs = append(errs, &RangeError{Key: key, Want: fmt.Sprintf("a whole number from %d to %d", lo, hi), Got: fmt.Sprint(v)})
		}
	}
	intIn("tools.max_calls_per_round", c.Tools.MaxCallsPerRound, 1, 32)
	intIn("tools.max_rounds", c.Tools.MaxRounds, 1, 10)
	intIn("security.second_factor_tries", c.Security.SecondFactorTries, 1, 10)
	for i, a := range c.Security.SecondFactor {
		if !slices.Contains(SecondFactorActions, a) {
			errs = append(errs, &RangeError{Key: fmt.Sprintf("security.second_factor[%d]", i), Want: "one of refund, catering, credit", Got: a})
		}
	}
	return errs
}
