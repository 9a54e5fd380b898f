package assistant

import (
	"context"
	"errors"
	"fmt"
	"github.com/cafebot/cafebot/pkg/tools"
	"math"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// retrieve searches the index and records sources, mode and timing. best is
// the highest relevance among the passages (0 when none).
func (r *run) retrieve(ctx context.Context, query string) (srcs []Source, best float64, err error) {
	d := r.p.d
	if d.Index == nil {
		r.explain("retrieval: no index (run `cafebot ingest`)")
		return nil, 0, nil
	}
	r.status("searching the café's documents")
	t := d.Now()
	syn, synErr := retrieval.CachedSynonyms(d.Config.Retrieval.SynonymsFile)
	if synErr != nil {
		r.explain("retrieval: the synonyms file is not used (%v); the bundled synonyms apply", synErr)
	}
	res, err := d.Index.Search(ctx, query, retrieval.SearchOptions{
		K: d.Config.Retrieval.TopK, Location: r.req.Location, Fusion: d.Config.Retrieval.Fusion,
		Store: d.Config.Store.Location, Aliases: d.Config.Locations.Aliases, Synonyms: syn,
	}, d.Embedder)
	r.ans.Timings.Retrieve += ms(d.Now().Sub(t))
	if err != nil {
		return nil, 0, fmt.Errorf("search the knowledge base: %w", err)
	}
	if sc := res.Scope.Ptr(); sc != nil && r.ans.Scope == nil {
		r.ans.Scope = sc
		r.explain("retrieval: scoped to %s (%s): its passages first, other locations' left out", strings.Join(sc.Locations, ", "), sc.From)
	}
	if res.Notice != "" && r.ans.Notice == "" {
		r.ans.Notice = res.Notice
	}
	for _, h := range res.Hits {
		// Fusion may rank a vector neighbour first; whether the documents
		// cover the question is the best relevance among the hits.
		best = max(best, h.Relevance)
		srcs = append(srcs, Source{Source: h.Source, Section: h.Section, Score: math.Round(h.Relevance*1000) / 1000, Text: h.Text})
	}
	r.explain("retrieval: %s search found %d passages, best relevance %.2f (threshold %.2f)", res.Mode, len(srcs), best, d.Config.Retrieval.MinScore)
	return srcs, best, nil
}

// searchQuery widens a follow-up ("and is it vegan?") with the previous
// customer message so retrieval finds what "it" is; any other message is
// searched alone (retrieval.FollowUpQuery decides). The query searched is
// in the answer and its explanation.
func (r *run) searchQuery() string {
	if r.ans.SearchQuery != "" {
		return r.ans.SearchQuery
	}
	prev := ""
	for i := len(r.req.History) - 1; i >= 0; i-- {
		if r.req.History[i].Role == "customer" {
			prev = r.req.History[i].Text
			break
		}
	}
	q, rewritten := retrieval.FollowUpQuery(prev, r.req.Text)
	r.ans.SearchQuery = q
	if rewritten {
		r.explain("retrieval: a follow-up, searched with the previous message: %q", q)
	} else {
		r.explain("retrieval: searched %q", q)
	}
	return q
}

// answerFromDocs is the FAQ route (and the single-model strategies):
// retrieve, then either answer from the passages, ask a clarifying
// question, or say honestly that the documents do not cover it.
func (r *run) answerFromDocs(ctx context.Context, route Route, model, system string, unsure bool) (draft, error) {
	d := r.p.d
	srcs, best, err := r.retrieve(ctx, r.searchQuery())
	if err != nil {
		return draft{Route: route}, err
	}
	if len(srcs) == 0 || best < d.Config.Retrieval.MinScore {
		if unsure {
			r.explain("no passage is relevant enough and the gate was unsure: asking a clarifying question instead of guessing")
			return r.decided(fixed(route, clarifyingQuestion)), nil
		}
		r.explain("no passage is relevant enough: the model is not asked to improvise")
		return r.decided(fixed(route, notCovered)), nil
	}
	srcs, saved := trimPassages(r.searchQuery(), srcs)
	if saved > 0 {
		r.explain("passages trimmed to their relevant sentences: %d bytes (~%d tokens) fewer to prefill", saved, saved/4)
	}
	return r.generate(ctx, route, model, system, srcs, "")
}

const clarifyingQuestion = "Sorry, I'm not sure I understood. Is this about our menu, opening hours, your loyalty account or an order, or something else? A few more words will help me find the right answer."

const notCovered = "I couldn't find that in the café's documents, so I don't want to guess. I can connect you with a member of staff who can help."

// complaint answers with the empathetic prompt and the policy passages
// that say what the café can offer.
func (r *run) complaint(ctx context.Context) (draft, error) {
	d := r.p.d
	srcs, _, err := r.retrieve(ctx, r.req.Text)
	if err != nil {
		return draft{Route: RouteComplaint}, err
	}
	policy, _, err := r.retrieve(ctx, "refund remake policy wrong order complaint feedback")
	if err != nil {
		return draft{Route: RouteComplaint}, err
	}
	// The policy comes first: it is what a retrieval-only reply must show.
	srcs = mergeSources(policy, srcs, d.Config.Retrieval.TopK+2)
	return r.generate(ctx, RouteComplaint, d.Config.Models.FAQ, r.p.prompts.complaint, srcs, "")
}

func mergeSources(a, b []Source, max int) []Source {
	seen := map[string]bool{}
	var out []Source
	for _, s := range append(append([]Source{}, a...), b...) {
		k := s.Source + "\x00" + s.Section
		if seen[k] || len(out) == max {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// escalationModel gives the large model the whole conversation, the
// retrieved policy and any tool results. When it cannot answer, a person
// takes over, with one coherent message and no retrieval-only text.
func (r *run) escalationModel(ctx context.Context, category HandoffCategory, calls []tools.Result) (draft, error) {
	d := r.p.d
	srcs, _, err := r.retrieve(ctx, r.req.Text)
	if err != nil {
		return draft{Route: RouteEscalation}, err
	}
	var notes []string
	for _, c := range calls {
		notes = append(notes, toolNote(report(c)))
	}
	extra := ""
	if len(notes) > 0 {
		extra = "Account tool results so far:\n" + strings.Join(notes, "\n")
	}
	// A reply that speaks about tool results is held for the reply check;
	// otherwise it streams (a missing model streams nothing either way).
	dr, err := r.generateWith(ctx, RouteEscalation, d.Config.Models.Escalation, r.p.prompts.escalation, srcs, extra, len(calls) == 0)
	dr.Escalated, dr.Calls = true, calls
	if err == nil && dr.Fallback {
		// The large model is not there: a retrieval-only reply would leave
		// a hard case unattended, so a person takes it.
		r.explain("the escalation model is unavailable: handing to a person")
		h := toHuman(category, "escalation model unavailable: "+string(category))
		h.Calls = calls
		h.Notice = strings.Replace(dr.Notice, "retrieval-only answer: ", "the escalation model is unavailable, so a person takes over: ", 1)
		return h, nil
	}
	return dr, err
}

// errDraftWithheld stops a generation whose draft the guard flagged.
var errDraftWithheld = errors.New("draft withheld by the guard")

// generate builds a prompt that fits the model's window, streams the reply
// through the draft guard, and falls back to a retrieval-only answer when
// Ollama or the model is missing.
func (r *run) generate(ctx context.Context, route Route, model, system string, srcs []Source, extra string) (draft, error) {
	return r.generateWith(ctx, route, model, system, srcs, extra, true)
}

// generateWith is generate; stream false holds the whole reply back for
// finish to check, as a reply about tool results must be.
func (r *run) generateWith(ctx context.Context, route Route, model, system string, srcs []Source, extra string, stream bool) (draft, error) {
	d := r.p.d
	numCtx := r.p.windows.numCtx(ctx, model)
	budget := numCtx - replyReserve - estimateTokens(system) - estimateTokens(r.req.Text) - estimateTokens(extra) - 4*perMessageTokens
	history := fitHistory(r.req.History, budget/4)
	for _, h := range history {
		budget -= estimateTokens(h.Text) + perMessageTokens
	}
	kept, dropped := fitPassages(srcs, budget)
	if dropped > 0 {
		r.explain("context budget: num_ctx %d fits %d of %d passages; dropped the %d lowest-ranked", numCtx, len(kept), len(srcs), dropped)
	}
	out := draft{Route: route, Model: model, Sources: sourcesWithoutText(kept)}

	msgs := []llm.Message{{Role: "system", Content: system}}
	for _, h := range history {
		role := "user"
		if h.Role == "assistant" {
			role = "assistant"
		}
		msgs = append(msgs, llm.Message{Role: role, Content: h.Text})
	}
	msgs = append(msgs, llm.Message{Role: "user", Content: userPrompt(kept, extra, r.req.Text)})

	r.emitDecision(route, model)
	r.status("asking " + model)
	ds := r.newDraftStream()
	ds.hold = ds.hold || !stream
	resp, err := d.Model.Chat(ctx, llm.ChatRequest{
		Model: model, Messages: msgs, NumCtx: numCtx, KeepAlive: r.keepAlive(model),
	}, ds.token)
	r.ans.Tokens.In += resp.PromptTokens
	r.ans.Tokens.Out += resp.OutputTokens
	out.Text = resp.Message.Content
	switch {
	case errors.Is(err, errDraftWithheld):
		out.Withheld = true
	case ctx.Err() != nil:
		return out, ctx.Err()
	case err != nil && ds.emitted == 0:
		r.explain("model %s failed (%v): answering from the documents only", model, err)
		return r.retrievalOnly(route, kept, err, model), nil
	case err != nil:
		out.Notice = "the model stopped early: " + err.Error()
	}
	return out, nil
}

// keepAlive keeps the small models resident; the escalation model gets
// Ollama's default so it leaves memory again after a hard case.
func (r *run) keepAlive(model string) time.Duration {
	if model == r.p.d.Config.Models.Escalation {
		return 0
	}
	return r.p.d.Config.Ollama.KeepAlive.D()
}

func userPrompt(srcs []Source, extra, question string) string {
	var b strings.Builder
	b.WriteString("Context passages:\n")
	for i, s := range srcs {
		fmt.Fprintf(&b, "\n[%d] %s", i+1, s.Source)
		if s.Section != "" {
			fmt.Fprintf(&b, " › %s", s.Section)
		}
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(s.Text))
	}
	if extra != "" {
		fmt.Fprintf(&b, "\n%s\n", extra)
	}
	fmt.Fprintf(&b, "\nCustomer's message: %s", question)
	return b.String()
}

func sourcesWithoutText(srcs []Source) []Source {
	out := make([]Source, len(srcs))
	for i, s := range srcs {
		s.Text = ""
		out[i] = s
	}
	return out
}

// retrievalOnly answers with the best passages when no model can: the
// customer still gets the café's own words, clearly labelled.
func (r *run) retrievalOnly(route Route, srcs []Source, cause error, model string) draft {
	notice := "retrieval-only answer: " + firstLine(cause.Error())
	if h := llm.Hint(cause, model); h != "" {
		notice += " (" + h + ")"
	}
	var b strings.Builder
	b.WriteString("The assistant model isn't available right now, so here is what the café's documents say:\n\n")
	// The matching sentences and table rows of each passage, whole CSV
	// rows (an allergen list is never cut), tables aligned.
	q := r.ans.SearchQuery
	if q == "" {
		q = r.req.Text
	}
	ps := make([]retrieval.Passage, 0, len(srcs))
	for _, s := range srcs {
		ps = append(ps, retrieval.Passage{Source: s.Source, Section: s.Section, Text: s.Text})
	}
	b.WriteString(retrieval.FormatExtract(retrieval.Extract(q, ps)))
	return draft{Route: route, Text: strings.TrimSpace(b.String()), Fixed: true, Fallback: true, Notice: notice, Sources: sourcesWithoutText(srcs)}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// draftStream releases streamed text a sentence at a time after the
// built-in guard has passed the draft so far, so a flagged draft is cut off
// before the flagged sentence is shown. With the guard model on, nothing is
// released until the whole draft has been checked.
type draftStream struct {
	r       *run
	buf     strings.Builder
	emitted int
	hold    bool
}

func (r *run) newDraftStream() *draftStream {
	return &draftStream{r: r, hold: r.p.d.Config.Guard.ModelEnabled}
}

func (s *draftStream) token(t string) error {
	s.buf.WriteString(t)
	if s.hold {
		return nil
	}
	text := s.buf.String()
	cut := lastBoundary(text)
	if cut <= s.emitted {
		return nil
	}
	if v := s.r.p.d.Guard.CheckDraft(context.Background(), text[:cut], s.r.identity); v.Flagged {
		gv := verdictOf(v)
		s.r.ans.Guard.Draft = &gv
		return errDraftWithheld
	}
	s.r.emitText(text[s.emitted:cut])
	s.emitted = cut
	return nil
}

// lastBoundary returns the index just after the last sentence end or line
// break in s, or 0.
func lastBoundary(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '\n':
			return i + 1
		case '.', '!', '?':
			if i == len(s)-1 || s[i+1] == ' ' || s[i+1] == '\n' {
				return i + 1
			}
		}
	}
	return 0
}
