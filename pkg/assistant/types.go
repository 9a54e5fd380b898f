package assistant

import (
	"time"

	"github.com/cafebot/cafebot/pkg/retrieval"
)

// Route is the path a message takes through the pipeline.
type Route string

// The routes. Every answer names the one it took.
const (
	RouteFAQ           Route = "faq"
	RouteTransactional Route = "transactional"
	RouteComplaint     Route = "complaint"
	RouteEscalation    Route = "escalation"
	// RouteHandoff is taken when the guard or the escalation policy sends the
	// message straight to a person; no generation model sees it.
	RouteHandoff Route = "handoff"
)

// Strategy chooses how messages are routed; eval compares them.
type Strategy string

// The strategies. Routed is the product; the others are baselines.
const (
	StrategyRouted    Strategy = "routed"
	StrategySmallOnly Strategy = "small-only"
	StrategyLargeOnly Strategy = "large-only"
)

// Turn is one earlier message of the conversation.
type Turn struct {
	Role string `json:"role"` // "customer" or "assistant"
	Text string `json:"text"`
}

// Request is one customer message and what the session knows around it.
type Request struct {
	Text    string
	History []Turn
	// CustomerID is the customer the session verified; "" when none. The
	// model never chooses it.
	CustomerID string
	Location   string
	Strategy   Strategy
	// SecondFactorVerified: the customer has given the second factor in
	// this session, so account writes that need it may go ahead.
	SecondFactorVerified bool
	// PriorFrustration holds the frustration scores of the earlier customer
	// messages, oldest first, so a rising trend can escalate.
	PriorFrustration []float64
}

// EventKind says what an Event carries.
type EventKind int

// The kinds of event a pipeline emits while it works.
const (
	// EventDecision: the gate and input guard have decided; Answer holds
	// intent, route and model so far.
	EventDecision EventKind = iota + 1
	// EventToken: Text is the next fragment of the streamed reply.
	EventToken
	// EventToolCall: ToolCall is one executed tool call.
	EventToolCall
	// EventStatus: Text is a short progress note ("searching the menu").
	EventStatus
)

// Event is one step of a pipeline run, for streaming UIs.
type Event struct {
	Kind     EventKind
	Text     string
	ToolCall *ToolCallReport
	Answer   *Answer
}

// Source is one retrieved passage an answer rests on.
type Source struct {
	Source  string  `json:"source"`
	Section string  `json:"section"`
	Score   float64 `json:"score"`
	Text    string  `json:"text,omitempty"`
}

// ToolCallReport is one tool call and its outcome.
type ToolCallReport struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments"`
	Result    any            `json:"result,omitempty"`
	Error     string         `json:"error,omitempty"`
	// Summary is a short human line ("credited 40 points").
	Summary string `json:"summary,omitempty"`
}

// GuardReport is the guard's verdict on the message and the draft.
type GuardReport struct {
	Input GuardVerdict  `json:"input"`
	Draft *GuardVerdict `json:"draft,omitempty"`
}

// GuardVerdict is one guard decision, summarised.
type GuardVerdict struct {
	Flagged    bool               `json:"flagged"`
	Categories map[string]float64 `json:"categories,omitempty"`
	Score      float64            `json:"score"`
	Layer      string             `json:"layer"`
	ModelMS    float64            `json:"model_ms,omitempty"`
}

// Timings are the milliseconds each stage took.
type Timings struct {
	Gate       float64 `json:"gate"`
	Guard      float64 `json:"guard"`
	Retrieve   float64 `json:"retrieve"`
	FirstToken float64 `json:"first_token"`
	Total      float64 `json:"total"`
}

// Tokens counts model tokens for one answer.
type Tokens struct {
	In  int `json:"in"`
	Out int `json:"out"`
}

// Answer is everything cafebot did for one message. Its JSON form is the
// stable output of `cafebot ask --json`.
type Answer struct {
	Question   string      `json:"question"`
	Intent     string      `json:"intent"`
	Confidence float64     `json:"confidence"`
	Cues       []string    `json:"cues"`
	Unsure     bool        `json:"unsure"`
	Route      Route       `json:"route"`
	Model      string      `json:"model"`
	Answer     string      `json:"answer"`
	Sources    []Source    `json:"sources"`
	Fallback   bool        `json:"fallback"`
	Notice     string      `json:"notice,omitempty"`
	Escalated  bool        `json:"escalated"`
	Flagged    bool        `json:"flagged"`
	Guard      GuardReport `json:"guard"`
	HandoffID  int64       `json:"handoff_id,omitempty"`
	// HandoffReason says why the ticket was filed ("escalation: safety").
	HandoffReason string `json:"handoff_reason,omitempty"`
	// HandoffCategory is the typed reason a person takes over
	// ("manager_approval", "self_harm", "guard", ...).
	HandoffCategory string           `json:"handoff_category,omitempty"`
	ToolCalls       []ToolCallReport `json:"tool_calls"`
	Customer        string           `json:"customer,omitempty"`
	// NeedCustomer: the route needs a verified customer and asked for the
	// phone number linked to the account.
	NeedCustomer bool `json:"need_customer,omitempty"`
	// NeedVerification: an account write needs the second factor (the last
	// four digits of the card on file, or the account email) first.
	NeedVerification bool    `json:"need_verification,omitempty"`
	Frustration      float64 `json:"frustration"`
	Timings          Timings `json:"timings_ms"`
	Tokens           Tokens  `json:"tokens"`
	// Explanation is the decision path in words, for --explain and /explain.
	Explanation []string `json:"explanation"`
	// SearchQuery is what the knowledge base was searched for: the
	// message, or for a follow-up ("is it vegan?") the previous customer
	// message and this one (see retrieval.FollowUpQuery).
	SearchQuery string `json:"search_query,omitempty"`
	// Scope is the location scope of the search, when it had one.
	Scope *retrieval.Scope `json:"scope,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
