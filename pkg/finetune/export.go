// Package finetune turns cafebot's own saved conversations and the staff's
// gold replies into a fine-tuning set for the small role models, in the
// chat JSONL that mlx-lm, axolotl and TRL/Unsloth load: one example per
// line with "messages" (system, user, assistant, tool) and, for tool
// turns, a top-level "tools" array and assistant "tool_calls" whose
// arguments are a JSON string. Training runs elsewhere; the result comes
// back through `cafebot models create` or `models adapter`.
package finetune

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
)

// The roles a set is built for.
const (
	RoleFAQ   = "faq"
	RoleTools = "tools"
)

// Sources of an example, as the dataset card counts them.
const (
	SourceConversation = "conversation"
	SourceGold         = "handoff gold reply"
)

// Reasons a turn is left out, as the dataset card counts them.
const (
	DropHandoff    = "handed off"
	DropComplaint  = "followed by a complaint"
	DropRoute      = "route not trained (complaint, escalation, handoff)"
	DropFlagged    = "flagged by the guard"
	DropToolError  = "a tool call failed"
	DropNoReply    = "no reply"
	DropOtherRole  = "other role"
	DropBeforeDate = "before --since"
	DropDuplicate  = "duplicate"
	DropNoMeta     = "no record of how it was answered"
	DropStale      = "its passages are no longer in the knowledge base"
)

// Options shape an export.
type Options struct {
	// Role is RoleFAQ, RoleTools, or "" for both.
	Role string
	// Since drops turns before it; zero keeps all.
	Since time.Time
	// System is each role's system prompt, the first message of its
	// examples.
	System map[string]string
	// Tools are the tool definitions tool examples carry.
	Tools []llm.Tool
	// Flagged reports text the guard flags (abuse, threats, injection,
	// personal data of others); such turns are left out. Nil flags nothing.
	Flagged func(text string) bool
	// Names are the people the café's records know, scrubbed as <NAME_n>
	// (see PrepareNames).
	Names []string
	// Validation is the fraction held out for validation; 0 means 0.1,
	// a negative value holds out nothing.
	Validation float64
	// MaxHistory caps the earlier turns an example carries; 0 means 6.
	MaxHistory int
	// Passages looks up the knowledge passages of a source and section,
	// so an FAQ example's last message carries the context passages the
	// FAQ model was given, as the pipeline prompts it (the store keeps
	// only their names). Nil leaves FAQ questions bare; a source it no
	// longer finds drops the turn.
	Passages func(source, section string) []Passage
}

// Passage is one knowledge passage as the FAQ prompt shows it.
type Passage struct {
	Source  string `json:"source"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

// UserPrompt formats passages and a customer's message as the FAQ route
// sends them to the model (pkg/assistant's prompt), so a student model
// trains on the prompt it will see.
func UserPrompt(ps []Passage, question string) string {
	var b strings.Builder
	b.WriteString("Context passages:\n")
	for i, p := range ps {
		fmt.Fprintf(&b, "\n[%d] %s", i+1, p.Source)
		if p.Section != "" {
			fmt.Fprintf(&b, " › %s", p.Section)
		}
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(p.Text))
	}
	fmt.Fprintf(&b, "\nCustomer's message: %s", question)
	return b.String()
}

// Message is one chat message of an example.
type Message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	// Name is the tool a "tool" message answers.
	Name string `json:"name,omitempty"`
}

// ToolCall is an assistant tool call in the OpenAI shape trainers expect.
type ToolCall struct {
	Type     string       `json:"type"`
	Function FunctionCall `json:"function"`
}

// FunctionCall names the function and carries its arguments as a JSON
// string, as the OpenAI format (and so TRL and axolotl) has it.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// Tool is one entry of an example's top-level "tools" array.
type Tool struct {
	Type     string      `json:"type"`
	Function FunctionDef `json:"function"`
}

// FunctionDef is a tool's JSON-schema definition.
type FunctionDef struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Parameters  map[string]any `json:"parameters"`
}

// Example is one line of the JSONL file.
type Example struct {
	Messages []Message `json:"messages"`
	Tools    []Tool    `json:"tools,omitempty"`

	role   string
	source string
	key    string
}

// Dataset is an export split into train and validation, with its card.
type Dataset struct {
	Train      []Example
	Validation []Example
	Card       Card
}

// Card is what the dataset card reports.
type Card struct {
	Role       string
	Since      time.Time
	Generated  time.Time
	Considered int
	Kept       int
	Train      int
	Validation int
	BySource   map[string]int
	ByRole     map[string]int
	ToolTurns  int
	Dropped    map[string]int
	Scrubbed   map[string]int
}

// turnMeta is what the session saves with each assistant message.
type turnMeta struct {
	Intent    string `json:"intent"`
	Route     string `json:"route"`
	HandoffID int64  `json:"handoff_id"`
	Flagged   bool   `json:"flagged"`
	Sources   []struct {
		Source  string `json:"source"`
		Section string `json:"section"`
	} `json:"sources"`
	ToolCalls []struct {
		Name      string         `json:"name"`
		Arguments map[string]any `json:"arguments"`
		Result    any            `json:"result"`
		Error     string         `json:"error"`
	} `json:"tool_calls"`
}

// noReply is what the session saves when a generation was cancelled.
const noReply = "(no reply: the generation was cancelled)"

// Build selects the turns worth learning from, scrubs them, removes
// duplicates and splits them. It never fails on odd data: a turn it
// cannot use is counted as dropped with its reason.
func Build(convs []conversation.Conversation, gold []handoff.Gold, opt Options, now time.Time) Dataset {
	if opt.Validation == 0 || opt.Validation >= 1 {
		opt.Validation = 0.1
	}
	if opt.MaxHistory <= 0 {
		opt.MaxHistory = 6
	}
	card := Card{Role: opt.Role, Since: opt.Since, Generated: now, BySource: map[string]int{}, ByRole: map[string]int{},
		Dropped: map[string]int{}, Scrubbed: map[string]int{}}
	var all []Example
	for _, c := range convs {
		all = append(all, fromConversation(c, opt, &card)...)
	}
	for _, g := range gold {
		card.Considered++
		ex, why := fromGold(g, opt, &card)
		if why != "" {
			card.Dropped[why]++
			continue
		}
		all = append(all, ex)
	}
	seen := map[string]bool{}
	var kept []Example
	for _, ex := range all {
		if seen[ex.key] {
			card.Dropped[DropDuplicate]++
			continue
		}
		seen[ex.key] = true
		kept = append(kept, ex)
		card.BySource[ex.source]++
		card.ByRole[ex.role]++
		if len(ex.Tools) > 0 {
			card.ToolTurns++
		}
	}
	card.Kept = len(kept)
	train, valid := split(kept, opt.Validation)
	card.Train, card.Validation = len(train), len(valid)
	return Dataset{Train: train, Validation: valid, Card: card}
}

// fromConversation yields one example per assistant reply worth keeping,
// with up to MaxHistory earlier messages as context.
func fromConversation(c conversation.Conversation, opt Options, card *Card) []Example {
	var out []Example
	msgs := c.Messages
	for i, m := range msgs {
		if m.Role != conversation.RoleAssistant {
			continue
		}
		card.Considered++
		why, role, meta := judge(msgs, i, opt)
		if why != "" {
			card.Dropped[why]++
			continue
		}
		var passages []Passage
		if role == RoleFAQ && opt.Passages != nil {
			stale := false
			for _, src := range meta.Sources {
				ps := opt.Passages(src.Source, src.Section)
				stale = stale || len(ps) == 0
				passages = append(passages, ps...)
			}
			if stale {
				card.Dropped[DropStale]++
				continue
			}
		}
		sc := NewScrubber(opt.Names)
		ex := Example{role: role, source: SourceConversation}
		ex.Messages = append(ex.Messages, Message{Role: "system", Content: opt.System[role]})
		for _, h := range msgs[historyStart(msgs, i, opt):i] {
			switch h.Role {
			case conversation.RoleCustomer:
				ex.Messages = append(ex.Messages, Message{Role: "user", Content: sc.Text(h.Text)})
			case conversation.RoleAssistant:
				ex.Messages = append(ex.Messages, Message{Role: "assistant", Content: sc.Text(h.Text)})
			}
		}
		if len(passages) > 0 {
			// The knowledge is the café's own published text: only the
			// customer's words are scrubbed.
			last := &ex.Messages[len(ex.Messages)-1]
			last.Content = UserPrompt(passages, last.Content)
		}
		if role == RoleTools && len(meta.ToolCalls) > 0 {
			call := Message{Role: "assistant"}
			var results []Message
			for _, tc := range meta.ToolCalls {
				args := marshal(sc.Value(anyMap(tc.Arguments)))
				call.ToolCalls = append(call.ToolCalls, ToolCall{Type: "function", Function: FunctionCall{Name: tc.Name, Arguments: args}})
				results = append(results, Message{Role: "tool", Name: tc.Name, Content: marshal(sc.Value(tc.Result))})
			}
			ex.Messages = append(ex.Messages, call)
			ex.Messages = append(ex.Messages, results...)
			ex.Tools = toolDefs(opt.Tools)
		}
		ex.Messages = append(ex.Messages, Message{Role: "assistant", Content: sc.Text(m.Text)})
		addCounts(card, sc)
		ex.key = dedupKey(ex)
		out = append(out, ex)
	}
	return out
}

// judge decides whether the assistant message at i is worth learning
// from; it returns the reason when not, else the role it trains.
func judge(msgs []conversation.Message, i int, opt Options) (why, role string, meta turnMeta) {
	m := msgs[i]
	if len(m.Meta) == 0 || json.Unmarshal(m.Meta, &meta) != nil {
		return DropNoMeta, "", meta
	}
	if !opt.Since.IsZero() && m.At.Before(opt.Since) {
		return DropBeforeDate, "", meta
	}
	if meta.HandoffID != 0 || meta.Route == "handoff" {
		return DropHandoff, "", meta
	}
	switch meta.Route {
	case "faq":
		role = RoleFAQ
	case "transactional":
		role = RoleTools
	default:
		return DropRoute, "", meta
	}
	if opt.Role != "" && opt.Role != role {
		return DropOtherRole, "", meta
	}
	text := strings.TrimSpace(m.Text)
	if text == "" || text == noReply || i == 0 || msgs[i-1].Role != conversation.RoleCustomer {
		return DropNoReply, "", meta
	}
	for _, tc := range meta.ToolCalls {
		if tc.Error != "" {
			return DropToolError, "", meta
		}
	}
	// The reply was checked by the draft guard when it was sent (meta
	// Flagged); the customer's message is checked again here.
	if meta.Flagged || (opt.Flagged != nil && opt.Flagged(msgs[i-1].Text)) {
		return DropFlagged, "", meta
	}
	// The customer's next message says whether the reply resolved things:
	// a complaint, a handoff or a flagged message after it means it did not.
	for _, next := range msgs[i+1:] {
		if next.Role != conversation.RoleAssistant {
			continue
		}
		var nm turnMeta
		if json.Unmarshal(next.Meta, &nm) == nil && (nm.Route == "complaint" || nm.Intent == "complaint" || nm.HandoffID != 0 || nm.Route == "handoff" || nm.Route == "escalation") {
			return DropComplaint, "", meta
		}
		break
	}
	return "", role, meta
}

// fromGold makes an example of a ticket a person resolved with a reply:
// the transcript up to the customer's last message, then the staff reply.
func fromGold(g handoff.Gold, opt Options, card *Card) (Example, string) {
	t := g.Ticket
	if !opt.Since.IsZero() && t.ResolvedAt.Before(opt.Since) {
		return Example{}, DropBeforeDate
	}
	role := RoleFAQ
	if t.Intent == "transactional" || t.Route == "transactional" {
		role = RoleTools
	}
	if opt.Role != "" && opt.Role != role {
		return Example{}, DropOtherRole
	}
	last := -1
	for i, turn := range t.Transcript {
		if turn.Role == "customer" {
			last = i
		}
	}
	if last < 0 || strings.TrimSpace(g.Reply) == "" {
		return Example{}, DropNoReply
	}
	if opt.Flagged != nil && opt.Flagged(t.Transcript[last].Text) {
		return Example{}, DropFlagged
	}
	sc := NewScrubber(opt.Names)
	ex := Example{role: role, source: SourceGold}
	ex.Messages = append(ex.Messages, Message{Role: "system", Content: opt.System[role]})
	turns := t.Transcript[:last+1]
	if len(turns) > opt.MaxHistory+1 {
		turns = turns[len(turns)-opt.MaxHistory-1:]
	}
	for _, turn := range turns {
		switch turn.Role {
		case "customer":
			ex.Messages = append(ex.Messages, Message{Role: "user", Content: sc.Text(turn.Text)})
		case "assistant":
			ex.Messages = append(ex.Messages, Message{Role: "assistant", Content: sc.Text(turn.Text)})
		}
	}
	ex.Messages = append(ex.Messages, Message{Role: "assistant", Content: sc.Text(g.Reply)})
	addCounts(card, sc)
	ex.key = dedupKey(ex)
	return ex, ""
}

func addCounts(card *Card, sc *Scrubber) {
	for k, n := range sc.Counts {
		card.Scrubbed[k] += n
	}
}

func anyMap(m map[string]any) any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// dedupKey is the example's last question and its answer (tool calls
// included) with case and spacing folded, so the same question answered
// the same way counts once however the conversations around it went.
func dedupKey(ex Example) string {
	var b strings.Builder
	last := 0
	for i, m := range ex.Messages {
		if m.Role == "user" {
			last = i
		}
	}
	for _, m := range ex.Messages[last:] {
		b.WriteString(m.Role)
		b.WriteByte(':')
		b.WriteString(strings.Join(strings.Fields(strings.ToLower(m.Content)), " "))
		for _, tc := range m.ToolCalls {
			b.WriteString(tc.Function.Name + tc.Function.Arguments)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// historyStart is where the context of the reply at i begins: at most
// MaxHistory messages back, and after the last message that was flagged,
// handed off or complained about, so no example carries abuse or a
// stranger's matter as context.
func historyStart(msgs []conversation.Message, i int, opt Options) int {
	start := max(0, i-1-opt.MaxHistory)
	for j := i - 2; j >= start; j-- {
		h := msgs[j]
		bad := false
		switch h.Role {
		case conversation.RoleCustomer:
			bad = opt.Flagged != nil && opt.Flagged(h.Text)
		case conversation.RoleAssistant:
			var m turnMeta
			if json.Unmarshal(h.Meta, &m) == nil {
				bad = m.Flagged || m.HandoffID != 0 || m.Route == "handoff" || m.Route == "complaint" || m.Route == "escalation"
			}
		}
		if bad {
			return j + 1
		}
	}
	return start
}

// marshal writes v as compact JSON without HTML escaping, so placeholders
// read "<PHONE_1>" inside tool arguments and results.
func marshal(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// split holds out a deterministic fraction for validation, chosen by a
// hash of each example so re-exports keep examples on the same side; at
// least one example is held out once there are two.
func split(exs []Example, frac float64) (train, valid []Example) {
	if len(exs) < 2 || frac < 0 {
		return exs, nil
	}
	type hashed struct {
		h  uint64
		ex Example
	}
	hs := make([]hashed, len(exs))
	for i, ex := range exs {
		f := fnv.New64a()
		f.Write([]byte(ex.key))
		hs[i] = hashed{f.Sum64(), ex}
	}
	n := max(1, int(float64(len(exs))*frac+0.5))
	order := make([]int, len(hs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return hs[order[a]].h < hs[order[b]].h })
	held := map[int]bool{}
	for _, i := range order[:n] {
		held[i] = true
	}
	for i, h := range hs {
		if held[i] {
			valid = append(valid, h.ex)
		} else {
			train = append(train, h.ex)
		}
	}
	return train, valid
}

// toolDefs converts tool definitions to the JSON-schema "tools" array.
func toolDefs(ts []llm.Tool) []Tool {
	out := make([]Tool, 0, len(ts))
	for _, t := range ts {
		props := map[string]any{}
		required := []string{}
		for _, p := range t.Params {
			prop := map[string]any{"type": p.Type, "description": p.Description}
			if len(p.Enum) > 0 {
				prop["enum"] = p.Enum
			}
			props[p.Name] = prop
			if p.Required {
				required = append(required, p.Name)
			}
		}
		out = append(out, Tool{Type: "function", Function: FunctionDef{
			Name: t.Name, Description: t.Description,
			Parameters: map[string]any{"type": "object", "properties": props, "required": required},
		}})
	}
	return out
}
