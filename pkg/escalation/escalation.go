// Package escalation is the one table of handoff categories: why a
// conversation goes to a person, the ticket's priority, the words staff
// read and the next step suggested to them. The gate, the config, the
// pipeline and the handoff queue all name categories through it, so a
// category exists once and a text classifier need not import the ticket
// store.
package escalation

// Category says why a conversation goes to a person. It decides the
// ticket's priority, the words staff read and the next step suggested to
// them. Ticket.Category and Case.Category hold it as a plain string (the
// stored and wire form); convert with Category(s) and string(c).
type Category string

// The handoff categories. The first nine are the gate's escalation cues;
// the rest are decided by the pipeline, the tools or the guard.
const (
	Safety          Category = "safety"
	Legal           Category = "legal"
	Threat          Category = "threat"
	Abuse           Category = "abuse"
	Harassment      Category = "harassment"
	Discrimination  Category = "discrimination"
	HumanRequest    Category = "human_request"
	SelfHarm        Category = "self_harm"
	MultiIssue      Category = "multi_issue"
	ToolFailure     Category = "tool_failure"
	ManagerApproval Category = "manager_approval"
	StaffRequest    Category = "staff_request"
	Guard           Category = "guard"
	Frustration     Category = "frustration"
	// NoReply: the model produced nothing usable. Only the pipeline
	// decides it, so the config cannot route it.
	NoReply Category = "no_reply"
)

// CategoryInfo is everything cafebot knows about one category in one place.
type CategoryInfo struct {
	// Label is the category as words for a sentence.
	Label string
	// Priority is the category's fixed priority; empty means the
	// customer's frustration decides (see PriorityFor).
	Priority Priority
	// AlwaysHuman: the config may never route it to a model or nowhere,
	// since that would turn a safety rule off.
	AlwaysHuman bool
	// Sensitive: staff get only the category's own next step, with no
	// apology or remake offer that could read as admitting fault, and the
	// transcript is never sent to a model for a briefing.
	Sensitive bool
	// Configurable: the config's escalation policy may name it.
	Configurable bool
	// Step is the next step suggested to staff, or empty when it depends
	// on the case (safety, manager_approval) and nextStep works it out.
	Step string
}

// categoryTable is the one table of handoff categories.
var categoryTable = map[Category]CategoryInfo{
	Safety: {Label: "a safety concern", Priority: PriorityUrgent, AlwaysHuman: true, Sensitive: true, Configurable: true},
	Legal: {Label: "a legal matter", Priority: PriorityUrgent, Sensitive: true, Configurable: true,
		Step: "do not admit liability or promise compensation; acknowledge the message and forward the ticket to the manager, who decides on any reply"},
	Threat: {Label: "a threat", Priority: PriorityUrgent, AlwaysHuman: true, Sensitive: true, Configurable: true,
		Step: "do not engage with the threat; forward the ticket to the manager, who decides the response, including whether to involve the police if anyone may be at risk"},
	Abuse: {Label: "abusive messages", Priority: PriorityHigh, Sensitive: true, Configurable: true,
		Step: "do not engage with the abuse; the manager decides whether and how to reply"},
	Harassment: {Label: "a harassment report", Priority: PriorityHigh, Sensitive: true, Configurable: true,
		Step: "take the report seriously: note who, where and when from the transcript, do not share anyone's personal details, and pass it to the manager"},
	Discrimination: {Label: "a discrimination report", Priority: PriorityHigh, Sensitive: true, Configurable: true,
		Step: "acknowledge the report without disputing it; note the store, time and staff involved, and pass it to the manager to investigate and reply"},
	HumanRequest: {Label: "a request to speak to a person", Configurable: true,
		Step: "reply personally, summarise what has been tried so far, and settle the open question"},
	SelfHarm: {Label: "signs the customer may harm themselves", Priority: PriorityUrgent, AlwaysHuman: true, Sensitive: true, Configurable: true,
		Step: "respond personally, with care and without judgement; share the 988 Suicide & Crisis Lifeline (call or text 988), or emergency services if they are in immediate danger; stay with them in the conversation until they are connected with help"},
	MultiIssue: {Label: "several issues at once", Configurable: true,
		Step: "answer each issue in turn; the tool calls above show which are already handled"},
	ToolFailure: {Label: "a failed account action", Configurable: true,
		Step: "check the customer's account by hand before replying, and do not repeat an action that may already have gone through"},
	ManagerApproval: {Label: "a refund needing manager approval", Configurable: true},
	StaffRequest: {Label: "a staff request", Configurable: true,
		Step: "follow up with the staff member directly"},
	Guard: {Label: "a reply the safety guard blocked", Configurable: true,
		Step: "read the blocked draft and the customer's message, and write a safe reply yourself"},
	Frustration: {Label: "frustration", Configurable: true},
	NoReply:     {Label: "no reply"},
}

// categoryOrder is the table's order for lists shown to people.
var categoryOrder = []Category{
	Safety, Legal, Threat, Abuse, Harassment, Discrimination,
	HumanRequest, SelfHarm, MultiIssue, ToolFailure,
	ManagerApproval, StaffRequest, Guard, Frustration, NoReply,
}

// Info returns the table's entry for c and whether c is a known category.
func (c Category) Info() (CategoryInfo, bool) {
	i, ok := categoryTable[c]
	return i, ok
}

// Priority returns c's fixed priority, or "" when the customer's
// frustration decides it.
func (c Category) Priority() Priority { return categoryTable[c].Priority }

// Step returns the next step the table suggests to staff for c, or "".
func (c Category) Step() string { return categoryTable[c].Step }

// Known reports whether c is in the table.
func (c Category) Known() bool {
	_, ok := categoryTable[c]
	return ok
}

// Categories returns every known category in the table's order.
func Categories() []Category {
	return append([]Category(nil), categoryOrder...)
}

// ConfigurableNames returns the names the config's escalation policy may
// use, in the table's order.
func ConfigurableNames() []string {
	return names(func(i CategoryInfo) bool { return i.Configurable })
}

// AlwaysHumanNames returns the names of the categories that must always
// reach a person, in the table's order.
func AlwaysHumanNames() []string {
	return names(func(i CategoryInfo) bool { return i.AlwaysHuman })
}

func names(keep func(CategoryInfo) bool) []string {
	var out []string
	for _, c := range categoryOrder {
		if keep(categoryTable[c]) {
			out = append(out, string(c))
		}
	}
	return out
}

// IsSensitive reports whether category is one whose transcript must not
// go to a model and whose next step gets no apology or remake offer.
func IsSensitive(category string) bool {
	return categoryTable[Category(category)].Sensitive
}

// Priority orders the queue: urgent tickets are listed first.
type Priority string

// The priorities, most pressing first.
const (
	PriorityUrgent Priority = "urgent"
	PriorityHigh   Priority = "high"
	PriorityNormal Priority = "normal"
	PriorityLow    Priority = "low"
)

// Rank returns the priority's place in the queue (0, urgent, first), or
// -1 when the priority is not one of the four.
func (p Priority) Rank() int {
	switch p {
	case PriorityUrgent:
		return 0
	case PriorityHigh:
		return 1
	case PriorityNormal:
		return 2
	case PriorityLow:
		return 3
	}
	return -1
}
