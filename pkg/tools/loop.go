package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/llm"
)

// AskForPhone is the reply when no customer is verified yet: account
// tools need the account first.
const AskForPhone = "I'd be happy to help with your account! Could you tell me the phone number linked to your Larkspur Rewards account, so I can look it up?"

// HandoffReply is the reply when the loop gives the request to a person.
const HandoffReply = "I couldn't finish this one here, so I've passed it to a member of our team, who will follow up with you shortly."

// DefaultMaxRounds is how many model calls Run makes at most per message.
const DefaultMaxRounds = 4

// Chatter is the model the loop talks to; *llm.Client is one.
type Chatter interface {
	Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error)
}

// LoopOptions configure Run.
type LoopOptions struct {
	// Chat is the model; nil goes straight to the deterministic path.
	Chat      Chatter
	Model     string
	NumCtx    int
	KeepAlive time.Duration
	// System replaces the tools Modelfile's system prompt when set.
	System string
	// Toolbox holds the verified customer's tools; nil or unbound means
	// Run asks for the phone number.
	Toolbox *Toolbox
	// MaxRounds bounds the model calls; 0 means the Toolbox rules'
	// tools.max_rounds, else DefaultMaxRounds. The rules' limit caps it.
	MaxRounds int
	// MaxCallsPerRound bounds the tool calls run per model round; 0 means
	// the rules' tools.max_calls_per_round, else DefaultMaxCallsPerRound.
	// The rules' limit caps it. Calls beyond it are not run (LoopResult.Skipped).
	MaxCallsPerRound int
}

// LoopResult is what Run did for one customer message.
type LoopResult struct {
	Reply string `json:"reply"`
	// Calls are every tool call made, the model's and the deterministic
	// path's, in order.
	Calls  []Result `json:"calls"`
	Rounds int      `json:"rounds"`
	// Deterministic is set when some or all of the reply was worded from
	// tool results without the model.
	Deterministic bool   `json:"deterministic"`
	Handoff       bool   `json:"handoff"`
	HandoffReason string `json:"handoff_reason,omitempty"`
	PromptTokens  int    `json:"prompt_tokens"`
	OutputTokens  int    `json:"output_tokens"`
	Model         string `json:"model"`
	// Corrected is set when the model needed the corrective retry.
	Corrected bool `json:"corrected"`
	// Skipped are the calls not run because a round asked for more than
	// MaxCallsPerRound, each with Code CodeCallLimit; they are not audited.
	Skipped []Result `json:"skipped,omitempty"`
}

// Run answers the last customer message of history with the tool model:
// the model calls tools, sees their results as "tool" messages and
// replies, for up to MaxRounds calls. The reply is streamed to onToken
// (which may be nil) sentence by sentence once tools have answered, and
// a sentence stating an amount or points no tool returned is never sent.
// Malformed calls, or no call for an account question, get one corrective
// retry; then common questions are answered deterministically from tool
// results (also when Ollama is unreachable); then the request is handed
// to a person. Every reply, including AskForPhone and deterministic ones,
// goes through onToken. The error is non-nil only when ctx ends or
// onToken fails.
func Run(ctx context.Context, opt LoopOptions, history []llm.Message, onToken func(string) error) (LoopResult, error) {
	res := LoopResult{Model: opt.Model, Calls: []Result{}}
	emit := func(s string) error {
		if onToken == nil || s == "" {
			return nil
		}
		return onToken(s)
	}
	t := opt.Toolbox
	if t == nil || t.CustomerID() == "" {
		res.Reply = AskForPhone
		return res, emit(AskForPhone)
	}
	cust, err := t.customer(ctx)
	if errors.Is(err, backend.ErrNotFound) {
		res.Reply = AskForPhone
		return res, emit(AskForPhone)
	}
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Handoff, res.HandoffReason, res.Reply = true, "tool_failure: load customer: "+err.Error(), HandoffReply
		return res, emit(HandoffReply)
	}
	userText := lastUserText(history)
	if strings.TrimSpace(userText) == "" {
		return res, fmt.Errorf("tool loop: no customer message in the conversation")
	}
	l := &loop{opt: opt, t: t, res: &res, emit: emit, userText: userText}
	l.st = &streamer{emit: emit}
	l.ground = newGrounding()
	system := opt.System
	if strings.TrimSpace(system) == "" {
		system = modelfiles.System("tools")
	}
	// The system message and the tools after it are the same bytes for
	// every request offered the same tools, so Ollama can reuse their
	// evaluated prompt; what varies (the time, the customer's name) is a
	// note just before the customer's last message.
	system += t.promptRules()
	note := t.promptNote(cust.FirstName())
	l.ground.addText(system)
	l.ground.addText(note)
	for _, m := range history {
		if m.Role == "user" || m.Role == "assistant" {
			l.ground.addText(m.Content)
		}
	}
	msgs := promptMessages(system, history, note)
	if opt.Chat == nil {
		return l.fallback(ctx, "no tool model is configured")
	}
	return l.run(ctx, msgs)
}

type loop struct {
	opt      LoopOptions
	t        *Toolbox
	res      *LoopResult
	emit     func(string) error
	userText string
	st       *streamer
	ground   *grounding
}

// limit combines a caller's limit with the configured one: the smaller
// when both are set, else whichever is, else def.
func limit(opt, rule, def int) int {
	switch {
	case opt > 0 && rule > 0:
		return min(opt, rule)
	case opt > 0:
		return opt
	case rule > 0:
		return rule
	}
	return def
}

func (l *loop) run(ctx context.Context, msgs []llm.Message) (LoopResult, error) {
	maxRounds := limit(l.opt.MaxRounds, l.t.rules.Tools.MaxRounds, DefaultMaxRounds)
	maxCalls := limit(l.opt.MaxCallsPerRound, l.t.rules.Tools.MaxCallsPerRound, DefaultMaxCallsPerRound)
	transactional := isTransactional(l.userText)
	corrected := false
	for round := 1; round <= maxRounds; round++ {
		l.st.live = len(l.answered()) > 0
		l.st.ground = l.ground
		resp, err := l.opt.Chat.Chat(ctx, llm.ChatRequest{
			Model: l.opt.Model, Messages: slices.Clone(msgs), Tools: l.t.Definitions(),
			NumCtx: l.opt.NumCtx, KeepAlive: l.opt.KeepAlive,
		}, l.st.token)
		l.res.Rounds = round
		l.res.PromptTokens += resp.PromptTokens
		l.res.OutputTokens += resp.OutputTokens
		if resp.Model != "" {
			l.res.Model = resp.Model
		}
		if l.st.err != nil {
			return *l.res, l.st.err
		}
		if err != nil {
			if ctx.Err() != nil {
				return *l.res, ctx.Err()
			}
			reason := "tool model failed: " + err.Error()
			if h := llm.Hint(err, l.opt.Model); h != "" {
				reason += " (" + h + ")"
			}
			return l.fallback(ctx, reason)
		}
		calls := resp.Message.ToolCalls
		if len(calls) == 0 {
			if l.st.live {
				return l.finishLive(ctx)
			}
			text := strings.TrimSpace(resp.Message.Content)
			acceptable := text != "" && l.ground.ok(text) && !claimsAction(text)
			if acceptable && (!transactional || isQuestion(text)) {
				l.res.Reply = text
				return *l.res, l.emit(text)
			}
			if !corrected {
				corrected, l.res.Corrected = true, true
				msgs = append(msgs, l.correction(nil))
				continue
			}
			return l.fallback(ctx, "the tool model answered an account question without using a tool")
		}
		if err := l.st.endRound(); err != nil {
			return *l.res, err
		}
		var extra []llm.ToolCall
		if len(calls) > maxCalls {
			calls, extra = calls[:maxCalls], calls[maxCalls:]
		}
		msgs = append(msgs, llm.Message{Role: "assistant", Content: resp.Message.Content, ToolCalls: calls})
		valid := false
		var problems []string
		l.skip(extra, maxCalls)
		for _, c := range calls {
			r := l.t.callOffered(ctx, c)
			l.res.Calls = append(l.res.Calls, r)
			if r.Handoff {
				l.addHandoff(r.HandoffReason)
			}
			if r.Invalid {
				problems = append(problems, r.Error)
			} else {
				valid = true
			}
			if r.OK() {
				l.ground.addValue(r.Output)
			}
			msgs = append(msgs, toolMessage(r))
		}
		if len(extra) > 0 {
			msgs = append(msgs, llm.Message{Role: "tool", Content: fmt.Sprintf(
				`{"error":"only the first %d tool calls of a round are run; %d more were not run. Ask for fewer at a time."}`, maxCalls, len(extra))})
		}
		if ctx.Err() != nil {
			return *l.res, ctx.Err()
		}
		if !valid {
			if !corrected {
				corrected, l.res.Corrected = true, true
				msgs = append(msgs, l.correction(problems))
				continue
			}
			return l.fallback(ctx, "the tool model made malformed tool calls: "+strings.Join(problems, "; "))
		}
	}
	return l.fallback(ctx, fmt.Sprintf("the tool model gave no final reply in %d rounds", maxRounds))
}

// finishLive ends a streamed reply, repairing it from the tool results
// when the model stated a figure they do not contain or said nothing.
func (l *loop) finishLive(ctx context.Context) (LoopResult, error) {
	if err := l.st.endRound(); err != nil {
		return *l.res, err
	}
	sent := strings.TrimSpace(l.st.emitted.String())
	if !l.st.failed && sent != "" {
		l.res.Reply = sent
		return *l.res, nil
	}
	reason := "the tool model's reply was empty"
	if l.st.failed {
		reason = "the tool model stated a figure no tool returned"
	}
	return l.fallback(ctx, reason)
}

// answered returns the calls that reached a tool: successes, refusals and
// rule errors, but not malformed calls. Once there is one, the model has
// something true to reply from.
func (l *loop) answered() []Result {
	var out []Result
	for _, r := range l.res.Calls {
		if !r.Invalid {
			out = append(out, r)
		}
	}
	return out
}

// skip reports calls that were not run for the per-round limit.
func (l *loop) skip(calls []llm.ToolCall, limit int) {
	for _, c := range calls {
		l.res.Skipped = append(l.res.Skipped, Result{
			Name: capText(c.Name, maxNameBytes), Arguments: map[string]any{}, Code: CodeCallLimit,
			Error: fmt.Sprintf("not run: more than %d tool calls in one round", limit),
		})
	}
}

func (l *loop) addHandoff(reason string) {
	l.res.Handoff = true
	if l.res.HandoffReason == "" {
		l.res.HandoffReason = reason
	} else if !strings.Contains(l.res.HandoffReason, reason) {
		l.res.HandoffReason += "; " + reason
	}
}

// fallback answers without the model: from the tool results already in
// hand (a refusal included, so a refused request is not answered for the
// session's customer instead), else the deterministic path, else a
// handoff to a person.
func (l *loop) fallback(ctx context.Context, reason string) (LoopResult, error) {
	sent := l.st.emitted.String()
	var reply string
	if done := l.answered(); len(done) > 0 {
		reply = describeAll(done)
	}
	if reply == "" {
		r, calls, ok := l.t.Deterministic(ctx, l.userText)
		l.res.Calls = append(l.res.Calls, calls...)
		for _, c := range calls {
			if c.Handoff {
				l.addHandoff(c.HandoffReason)
			}
		}
		if ok {
			reply = r
		}
	}
	if reply == "" {
		l.addHandoff(reason)
		reply = HandoffReply
	} else {
		l.res.Deterministic = true
	}
	if ctx.Err() != nil {
		return *l.res, ctx.Err()
	}
	if sent != "" && !strings.HasSuffix(sent, " ") && !strings.HasSuffix(sent, "\n") {
		reply = " " + reply
	}
	l.res.Reply = strings.TrimSpace(sent + reply)
	return *l.res, l.emit(reply)
}

// correction is the note of the one corrective retry.
func (l *loop) correction(problems []string) llm.Message {
	var b strings.Builder
	b.WriteString("[Note from the assistant system, not from the customer] Answer the customer's last message by calling one of these tools with valid arguments, then reply using only what it returns. Never pass a customer id, phone or email. The tools:")
	for _, d := range l.t.Definitions() {
		b.WriteString("\n- " + d.Name)
		var ps []string
		for _, p := range d.Params {
			s := p.Name + " (" + p.Type
			if p.Required {
				s += ", required"
			}
			ps = append(ps, s+")")
		}
		if len(ps) > 0 {
			b.WriteString("(" + strings.Join(ps, ", ") + ")")
		}
		b.WriteString(": " + d.Description)
	}
	if len(problems) > 0 {
		b.WriteString("\nYour last tool calls failed: " + strings.Join(problems, "; "))
	}
	return llm.Message{Role: "user", Content: b.String()}
}

// toolMessage is a tool result as the model sees it.
func toolMessage(r Result) llm.Message {
	body := map[string]any{"tool": r.Name}
	if r.OK() {
		body["result"] = r.Output
	} else {
		body["error"] = r.Error
	}
	b, err := json.Marshal(body)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"tool":%q,"error":"result could not be encoded"}`, r.Name))
	}
	return llm.Message{Role: "tool", Content: string(b)}
}

// promptRules is the part of the system prompt that says the rules the
// offered tools enforce, so the model can explain them; it depends only on
// the configuration and the offered tools, never on the request.
func (t *Toolbox) promptRules() string {
	r := t.rules
	var b strings.Builder
	if t.offersAny("create_refund_request", "get_refund_status") {
		fmt.Fprintf(&b, "\nRefunds: within %d days of the order (double charges excepted); over %s needs a manager's approval.",
			r.Refunds.WindowDays, dollars(r.Refunds.ManagerThreshold))
	}
	if t.offersAny("get_loyalty_balance", "credit_missing_points", "get_loyalty_history") {
		var amounts []int
		for a := range r.Loyalty.TopUpBonus {
			amounts = append(amounts, a)
		}
		slices.Sort(amounts)
		var bonuses []string
		for _, a := range amounts {
			bonuses = append(bonuses, fmt.Sprintf("$%d top-up → %d", a, r.Loyalty.TopUpBonus[a]))
		}
		fmt.Fprintf(&b, "\nPoints: %d per dollar; top-up bonus points: %s.", r.Loyalty.PointsPerDollar, strings.Join(bonuses, ", "))
	}
	if t.offersAny("submit_catering_order", "cancel_catering_order") {
		// The packages and their prices are the submit tool's enum and
		// its result's total, not repeated here.
		fmt.Fprintf(&b, "\nCatering: %d hours' notice, %d-%d guests, %s minimum; free cancellation until %d hours before, then a %s%% fee.",
			r.Catering.NoticeHours, r.Catering.MinHeadcount, r.Catering.MaxHeadcount, dollars(r.Catering.MinSpend),
			r.Catering.FreeCancelHours, trimFloat(r.Catering.LateCancelFeePct))
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n" + b.String()
}

func (t *Toolbox) offersAny(names ...string) bool {
	return slices.ContainsFunc(names, t.offered)
}

// promptNote is what varies per request: the time and the customer's
// first name. It goes after the fixed prefix.
func (t *Toolbox) promptNote(firstName string) string {
	s := fmt.Sprintf("[Note from the assistant system, not from the customer] Now: %s (café local time).", t.now().Format("Monday 2 January 2006, 15:04"))
	if firstName != "" {
		s += fmt.Sprintf(" The customer's first name is %s.", firstName)
	}
	return s
}

// promptMessages is the system message, the history, and the note just
// before the customer's last message (Ollama joins the two into one user
// turn), so the conversation so far stays a prefix of the next turn's
// prompt too.
func promptMessages(system string, history []llm.Message, note string) []llm.Message {
	msgs := make([]llm.Message, 0, len(history)+2)
	msgs = append(msgs, llm.Message{Role: "system", Content: system})
	last := -1
	for i, m := range history {
		if m.Role == "user" {
			last = i
		}
	}
	for i, m := range history {
		if i == last {
			msgs = append(msgs, llm.Message{Role: "user", Content: note})
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func lastUserText(history []llm.Message) string {
	for _, m := range slices.Backward(history) {
		if m.Role == "user" {
			return m.Content
		}
	}
	return ""
}

// isTransactional reports whether a message is clearly about the account,
// so an answer without a tool call is suspect.
func isTransactional(text string) bool {
	s := strings.ToLower(text)
	return classify(text).intent != intentNone || hasAny(s, "point", "balance", "refund", "order", "charged", "charge", "top up", "top-up", "topped",
		"catering", "cancel", "receipt", "payment", "paid", "bonus", "reward", "loyalty")
}

func isQuestion(text string) bool {
	return strings.HasSuffix(strings.TrimSpace(text), "?")
}

var actionRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(credited|refunded|cancell?ed|submitted|booked|processed|approved|issued|added \d+)\b`)
})

// claimsAction reports a reply that says something was done, which only
// a tool call can make true.
func claimsAction(text string) bool { return actionRe().MatchString(text) }

// ---- grounding ----

var (
	moneyRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\s?(\d[\d,]*(?:\.\d+)?)`) })
	pointsRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(\d[\d,]*)\s*(?:bonus\s+|loyalty\s+|rewards?\s+|larkspur\s+rewards\s+)?(?:points?|pts)\b`)
	})
	numberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`) })
)

// grounding is the set of figures a reply may state: those in tool
// results, in the conversation and in the system prompt.
type grounding struct {
	known map[int64]bool
}

func newGrounding() *grounding { return &grounding{known: map[int64]bool{0: true}} }

// key is a figure in hundredths, so $12.40 and 12.4 meet.
func key(s string) (int64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

func (g *grounding) addText(s string) {
	for _, m := range numberRe().FindAllString(s, -1) {
		if k, ok := key(strings.TrimRight(m, ",")); ok {
			g.known[k] = true
		}
	}
}

func (g *grounding) addValue(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	g.addText(string(b))
}

// ok reports whether every amount and points figure in s is known.
func (g *grounding) ok(s string) bool {
	for _, re := range []*regexp.Regexp{moneyRe(), pointsRe()} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			k, valid := key(strings.TrimRight(m[1], ",."))
			if valid && !g.known[k] {
				return false
			}
		}
	}
	return true
}

// ---- streaming ----

// streamer forwards the model's reply sentence by sentence once tools
// have answered, holding back any sentence whose figures are ungrounded
// (and everything after it). Before any tool result it holds the whole
// reply, which may yet be replaced.
type streamer struct {
	emit    func(string) error
	ground  *grounding
	live    bool
	pending strings.Builder
	emitted strings.Builder
	failed  bool
	sep     bool
	err     error
}

func (s *streamer) token(tok string) error {
	if !s.live || s.failed {
		return nil
	}
	s.pending.WriteString(tok)
	for {
		text := s.pending.String()
		i := sentenceEnd(text)
		if i < 0 {
			return nil
		}
		s.pending.Reset()
		s.pending.WriteString(text[i:])
		if err := s.offer(text[:i]); err != nil {
			return err
		}
		if s.failed {
			return nil
		}
	}
}

// sentenceEnd returns the index just past the first sentence end in s
// (".", "!", "?" followed by a space, or a newline), or -1.
func sentenceEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			return i + 1
		case '.', '!', '?':
			if i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n') {
				return i + 2
			}
		}
	}
	return -1
}

func (s *streamer) offer(text string) error {
	if s.failed || text == "" {
		return nil
	}
	if !s.ground.ok(text) {
		s.failed = true
		return nil
	}
	if s.sep {
		if s.emitted.Len() > 0 && strings.TrimSpace(text) != "" {
			text = " " + strings.TrimLeft(text, " \n")
		}
		s.sep = false
	}
	if s.emitted.Len() == 0 {
		text = strings.TrimLeft(text, " \n")
		if text == "" {
			return nil
		}
	}
	s.emitted.WriteString(text)
	if err := s.emit(text); err != nil {
		s.err = err
		return err
	}
	return nil
}

// endRound flushes the last partial sentence of a streamed round.
func (s *streamer) endRound() error {
	if !s.live {
		s.pending.Reset()
		return nil
	}
	rest := s.pending.String()
	s.pending.Reset()
	if err := s.offer(strings.TrimRight(rest, " \n")); err != nil {
		return err
	}
	s.sep = true
	return nil
}
