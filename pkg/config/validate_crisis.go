package config

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxCrisisLine bounds guard.crisis_line: one or two sentences.
const maxCrisisLine = 400

// validateCrisisLine checks guard.crisis_line: every self-harm reply gives
// it, so an empty one would leave a person in crisis without a number to
// call. Validate appends what it returns (the lead wires the call).
func (c Config) validateCrisisLine() []error {
	line := strings.TrimSpace(c.Guard.CrisisLine)
	switch n := utf8.RuneCountInString(line); {
	case n == 0:
		return []error{&RangeError{Key: "guard.crisis_line", Want: "the sentence giving your country's crisis line, for example the default " + fmt.Sprintf("%q", DefaultCrisisLine)}}
	case n > maxCrisisLine:
		return []error{&RangeError{Key: "guard.crisis_line", Want: fmt.Sprintf("at most %d characters", maxCrisisLine), Got: fmt.Sprintf("%d characters", n)}}
	}
	return nil
}
