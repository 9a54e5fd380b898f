package tools

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
)

// The account writes a second factor can guard (security.second_factor)
// and the tools that make them.
const (
	ActionRefund   = "refund"
	ActionCatering = "catering"
	ActionCredit   = "credit"
)

// toolAction maps each writing tool to its action.
var toolAction = map[string]string{
	"create_refund_request": ActionRefund,
	"submit_catering_order": ActionCatering,
	"cancel_catering_order": ActionCatering,
	"credit_missing_points": ActionCredit,
}

// ToolAction returns the second-factor action a tool's call is ("" for
// the read-only tools).
func ToolAction(tool string) string { return toolAction[tool] }

// secondFactorWindow is how long wrong answers count towards the lockout.
const secondFactorWindow = time.Hour

// defaultSecondFactorTries is the lockout when the rules leave it at zero.
const defaultSecondFactorTries = 3

// WithSecondFactor sets which account writes need a second factor
// (actions ActionRefund, ActionCatering, ActionCredit set to true; nil
// keeps the rules' security.second_factor list) and whether this session
// has already given one, and returns t. The session owns that state: a
// Toolbox lives for one message, so the caller passes verified=true on
// every later message once VerifySecondFactor said OK. A write that needs
// the factor and lacks it returns a Result with Code CodeNeedsVerification
// (or CodeVerificationLocked) and writes nothing; reads are never gated.
// While the factor is required and missing, card digits are also left out
// of tool results, so the answer cannot be read back from get_order.
func (t *Toolbox) WithSecondFactor(required map[string]bool, verified bool) *Toolbox {
	if required != nil {
		t.factor = map[string]bool{}
		for a, on := range required {
			if on {
				t.factor[a] = true
			}
		}
	}
	t.verified = verified
	return t
}

// NeedsSecondFactor reports whether a call of tool would be refused now
// for want of a second factor.
func (t *Toolbox) NeedsSecondFactor(tool string) bool {
	a := toolAction[tool]
	return a != "" && t.factor[a] && !t.verified
}

// hideCards reports whether card digits must stay out of results: some
// write needs a second factor the session has not given.
func (t *Toolbox) hideCards() bool {
	if t.verified {
		return false
	}
	for _, on := range t.factor {
		if on {
			return true
		}
	}
	return false
}

// Verification is the outcome of one second-factor answer.
type Verification struct {
	// OK: the answer was right; the Toolbox now counts as verified.
	OK bool `json:"ok"`
	// Locked: too many wrong answers in the last hour; the answer was not
	// even checked. Suggest a member of staff.
	Locked bool `json:"locked"`
	// TriesLeft is how many more wrong answers are allowed before Locked.
	TriesLeft int `json:"tries_left"`
	// NoAnswer: the reply offered no card digits and no email ("what do
	// you mean?"); it was not counted. Ask again or carry on.
	NoAnswer bool `json:"no_answer,omitempty"`
}

// ErrNoSecondFactor reports an account with nothing to check a second
// factor against; the session should hand the write to staff.
var ErrNoSecondFactor = backend.ErrNoSecondFactor

// VerifySecondFactor checks the customer's answer (the last four digits
// of their card on file, or their account email, in free text) and marks t
// verified when it is right. A reply that offers neither is NoAnswer and
// not counted; one that offers several guesses at once is wrong. After security.second_factor_tries wrong
// answers within an hour, counted in the store across sessions, it refuses
// without checking (Locked). Errors are store failures or
// ErrNoSecondFactor; a wrong answer is not an error.
func (t *Toolbox) VerifySecondFactor(ctx context.Context, answer string) (Verification, error) {
	if t.customerID == "" {
		return Verification{}, errors.New("verify second factor: no customer is bound")
	}
	tries := t.rules.Security.SecondFactorTries
	if tries <= 0 {
		tries = defaultSecondFactorTries
	}
	failed, err := t.b.SecondFactorFailures(ctx, t.customerID, secondFactorWindow)
	if err != nil {
		return Verification{}, err
	}
	if failed >= tries {
		return Verification{Locked: true}, nil
	}
	ok, err := t.b.VerifySecondFactor(ctx, t.customerID, answer)
	if errors.Is(err, backend.ErrNoAnswer) {
		return Verification{NoAnswer: true, TriesLeft: tries - failed}, nil
	}
	if err != nil {
		return Verification{}, err
	}
	if ok {
		t.verified = true
		return Verification{OK: true, TriesLeft: tries}, nil
	}
	left := tries - failed - 1
	return Verification{Locked: left <= 0, TriesLeft: max(0, left)}, nil
}

// The customer-safe explanations of a gated write.
const (
	needsFactorMsg = "this change needs one more check first: the last four digits of the card on file, or the email on the account"
	lockedMsg      = "this change needs one more check, and too many answers were wrong; a member of staff can help"
)

// factorGate returns the code and message refusing a write for want of a
// second factor, or "" when the call may go ahead.
func (t *Toolbox) factorGate(ctx context.Context, tool string) (string, string) {
	if !t.NeedsSecondFactor(tool) {
		return "", ""
	}
	tries := t.rules.Security.SecondFactorTries
	if tries <= 0 {
		tries = defaultSecondFactorTries
	}
	if n, err := t.b.SecondFactorFailures(ctx, t.customerID, secondFactorWindow); err == nil && n >= tries {
		return CodeVerificationLocked, lockedMsg
	}
	return CodeNeedsVerification, fmt.Sprintf("%s (%s)", needsFactorMsg, toolAction[tool])
}
