package handoff

import "github.com/cafebot/cafebot/pkg/escalation"

// Category says why a conversation goes to a person; the table lives in
// package escalation. Ticket.Category and Case.Category hold it as a plain
// string (the stored and wire form).
type Category = escalation.Category

// CategoryInfo is one category's entry in the table.
type CategoryInfo = escalation.CategoryInfo

// The handoff categories, as the queue's callers name them.
const (
	Safety          = escalation.Safety
	Legal           = escalation.Legal
	Threat          = escalation.Threat
	Abuse           = escalation.Abuse
	Harassment      = escalation.Harassment
	Discrimination  = escalation.Discrimination
	HumanRequest    = escalation.HumanRequest
	SelfHarm        = escalation.SelfHarm
	MultiIssue      = escalation.MultiIssue
	ToolFailure     = escalation.ToolFailure
	ManagerApproval = escalation.ManagerApproval
	StaffRequest    = escalation.StaffRequest
	Guard           = escalation.Guard
	Frustration     = escalation.Frustration
	NoReply         = escalation.NoReply
)

// IsSensitive reports whether category is one whose transcript must not
// go to a model and whose next step gets no apology or remake offer.
func IsSensitive(category string) bool { return escalation.IsSensitive(category) }
