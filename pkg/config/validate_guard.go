package config

import (
	"fmt"
	"time"
)

// validateGuardModel checks guard.model and guard.draft_timeout; Validate
// appends what it returns (the lead wires the call).
func (c Config) validateGuardModel() []error {
	var errs []error
	switch c.Guard.Model {
	case "auto", "on", "off":
	default:
		errs = append(errs, &RangeError{Key: "guard.model", Want: `"auto", "on" or "off"`, Got: fmt.Sprintf("%q", c.Guard.Model)})
	}
	if d := c.Guard.DraftTimeout.D(); d < 100*time.Millisecond || d > 2*time.Minute {
		errs = append(errs, &RangeError{Key: "guard.draft_timeout", Want: "a duration from 100ms to 2m0s", Got: d.String()})
	}
	return errs
}
