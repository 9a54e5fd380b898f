package assistant

import (
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/tools"
)

// HandoffCategory says why a conversation goes to a person; it is
// handoff.Category, whose one table decides the ticket's priority and the
// next step suggested to staff. The gate's escalation categories convert
// to it as they are.
type HandoffCategory = handoff.Category

// The categories the pipeline itself decides on, from handoff's table.
const (
	CategoryGuard           = handoff.Guard
	CategorySelfHarm        = handoff.SelfHarm
	CategoryThreat          = handoff.Threat
	CategoryAbuse           = handoff.Abuse
	CategoryDiscrimination  = handoff.Discrimination
	CategoryToolFailure     = handoff.ToolFailure
	CategoryManagerApproval = handoff.ManagerApproval
	CategoryFrustration     = handoff.Frustration
	CategoryStaffRequest    = handoff.StaffRequest
	CategoryMultiIssue      = handoff.MultiIssue
	// CategoryNoReply: the model produced nothing usable.
	CategoryNoReply = handoff.NoReply
)

// handoffRequest is a route's request for a person.
type handoffRequest struct {
	Category HandoffCategory
	Reason   string
	// Draft is a withheld model draft, kept for staff only.
	Draft string
	// AboutSomeoneElse marks a self-harm case the customer reports about
	// another person: the caring reply then speaks to the one reporting.
	AboutSomeoneElse bool
}

// draft is what a route produced for one message. Routes only return
// drafts; finish checks a draft and turns it into the Answer.
type draft struct {
	Route Route
	Model string
	Text  string
	// Fixed marks cafebot's own wording (a canned reply, the documents'
	// passages): no model wrote it, so there is nothing to check.
	Fixed   bool
	Sources []Source
	// Calls are this turn's tool calls, in order.
	Calls   []tools.Result
	Handoff *handoffRequest
	// Withheld: the guard stopped the draft while it streamed.
	Withheld     bool
	Fallback     bool
	Notice       string
	NeedCustomer bool
	// NeedVerification: a write waits for the second factor.
	NeedVerification bool
	Escalated        bool
	Deterministic    bool
}

// fixed returns a draft of cafebot's own text.
func fixed(route Route, text string) draft {
	return draft{Route: route, Text: text, Fixed: true}
}

// toHuman returns a draft that hands the conversation to a person with
// the customer message for the ticket.
func toHuman(category HandoffCategory, reason string) draft {
	return draft{Route: RouteHandoff, Fixed: true, Escalated: true, Handoff: &handoffRequest{Category: category, Reason: reason}}
}
