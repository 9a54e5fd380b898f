// Package guard is cafebot's always-on safety check. It runs on every
// customer message before anything else sees it and on every draft reply
// before the customer does.
//
// Layer 1 is built in: lexicons and phrase patterns scored per category,
// with context so café talk ("killer brownie", "a double shot", "this
// coffee is to die for") passes while threats, abuse, hate, sexual
// harassment, self-harm, prompt injection and leaked personal data do not.
// Every score comes with the cues that produced it.
//
// Layer 2 is optional: a Llama Guard 3 style model through Ollama, asked
// about the bare message or draft only (never the system prompt or the
// retrieved passages, which make such models flag harmless text). The
// model can add flags but not clear the built-in layer's; when it fails,
// times out or answers garbage, the built-in verdict stands.
//
// Nothing in this package logs text: Verdict.LogAttrs carries scores and
// categories only.
package guard

import (
	"context"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/llm"
)

// Category is one kind of harm the guard scores.
type Category string

// The categories, in the order they are reported.
const (
	Threat     Category = "threat"     // threats and violence
	Harassment Category = "harassment" // abuse and insults aimed at people
	Hate       Category = "hate"       // degrading or excluding people for who they are
	Sexual     Category = "sexual"     // sexual content and sexual harassment of staff
	SelfHarm   Category = "self_harm"  // suicide and self-injury
	PII        Category = "pii"        // someone else's personal data in a draft
	Injection  Category = "injection"  // prompt injection and jailbreaks
)

// Categories lists every category in report order.
var Categories = []Category{Threat, Harassment, Hate, Sexual, SelfHarm, PII, Injection}

// inputCategories are scored on customer messages: personal data there is
// the customer's own business (they identify themselves by phone number).
var inputCategories = []Category{Threat, Harassment, Hate, Sexual, SelfHarm, Injection}

// draftCategories are scored on drafts: a draft that repeats an injection
// phrase ("I can't share my system prompt") is not an attack.
var draftCategories = []Category{Threat, Harassment, Hate, Sexual, SelfHarm, PII}

// Layer names for Verdict.Layer.
const (
	LayerBuiltin = "builtin"
	LayerModel   = "builtin+model"
)

// DefaultThreshold is the score at or above which a category flags a text
// when Options.Threshold is zero (config guard.threshold).
const DefaultThreshold = 0.5

// DefaultTimeout bounds one guard model call when Options.Timeout is zero
// (config guard.timeout).
const DefaultTimeout = 10 * time.Second

// Verdict is the guard's decision on one text.
type Verdict struct {
	Flagged bool `json:"flagged"`
	// Categories holds a score in [0,1] for every category checked.
	Categories map[Category]float64 `json:"categories"`
	// Cues explains each non-zero score: the rule and the words it matched
	// (personal data is shown masked), or the model's category code.
	Cues map[Category][]string `json:"cues,omitempty"`
	// Context lists the café idioms recognised and set aside ("to die
	// for"), so a pass can be explained too.
	Context []string `json:"context,omitempty"`
	// Score is the highest category score.
	Score float64 `json:"score"`
	// Layer is "builtin" or "builtin+model" when the model answered.
	Layer string `json:"layer"`
	// Model is the guard model asked, if any.
	Model string `json:"model,omitempty"`
	// ModelCodes are the hazard codes (S1..S14) the model returned.
	ModelCodes []string `json:"model_codes,omitempty"`
	// ModelLatency is how long the model call took, reported apart from
	// the built-in layer's microseconds.
	ModelLatency time.Duration `json:"model_latency_ns,omitempty"`
	// ModelError says why the model's opinion is missing (timeout,
	// unreachable, unparseable output); the built-in verdict then stands.
	ModelError string `json:"model_error,omitempty"`
}

// Top returns the highest-scoring category and its score; ties go to the
// category listed first in Categories. It returns "" when nothing scored.
func (v Verdict) Top() (Category, float64) {
	var best Category
	bs := 0.0
	for _, c := range Categories {
		if s := v.Categories[c]; s > bs {
			best, bs = c, s
		}
	}
	return best, bs
}

// Has reports whether the verdict flags category c: its score reaches
// threshold. The pipeline checks self-harm this way, whatever else
// scored higher.
func (v Verdict) Has(c Category, threshold float64) bool {
	return v.Categories[c] >= threshold && v.Categories[c] > 0
}

// LogAttrs returns the verdict as log attributes: flag, scores, layer and
// model facts, never the text or the cues (which quote it).
func (v Verdict) LogAttrs() []slog.Attr {
	attrs := []slog.Attr{
		slog.Bool("flagged", v.Flagged),
		slog.Float64("score", v.Score),
		slog.String("layer", v.Layer),
	}
	var cats []slog.Attr
	for _, c := range Categories {
		if s := v.Categories[c]; s > 0 {
			cats = append(cats, slog.Float64(string(c), s))
		}
	}
	if len(cats) > 0 {
		attrs = append(attrs, slog.Attr{Key: "categories", Value: slog.GroupValue(cats...)})
	}
	if v.Model != "" {
		attrs = append(attrs, slog.String("model", v.Model), slog.Int64("model_ms", v.ModelLatency.Milliseconds()))
	}
	if len(v.ModelCodes) > 0 {
		attrs = append(attrs, slog.String("model_codes", strings.Join(v.ModelCodes, ",")))
	}
	if v.ModelError != "" {
		attrs = append(attrs, slog.String("model_error", v.ModelError))
	}
	return attrs
}

// Chatter is what the guard needs from Ollama: one chat call.
type Chatter interface {
	Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error)
}

// Options configure a Guard.
type Options struct {
	// Threshold is the category score at or above which a text is
	// flagged; zero means DefaultThreshold.
	Threshold float64
	// Model is the guard model's Ollama name (config models.guard).
	Model string
	// Chat reaches the guard model; nil keeps the guard built-in only
	// (config guard.model_enabled false).
	Chat Chatter
	// Timeout bounds one model call; zero means DefaultTimeout.
	Timeout time.Duration
	// DraftTimeout bounds the model's check of a draft, which the
	// customer waits for; zero means Timeout.
	DraftTimeout time.Duration
	// KeepAlive is passed to Ollama so the guard model stays resident
	// (config ollama.keep_alive); zero leaves Ollama's default.
	KeepAlive time.Duration
	// Public is contact data the café publishes (location phones, support
	// addresses), which any draft may quote.
	Public Identity
	// Contacts, when set, holds the published contact data instead of
	// Public, so it can change while the guard is in use (see Contacts).
	Contacts *Contacts
	// Learned is the learned layer's model; nil means the bundled one
	// (guard.model) unless NoLearned is set.
	Learned *analysis.Model
	// NoLearned turns the learned layer off, leaving the rules alone.
	NoLearned bool
}

// Guard checks customer messages and draft replies. It is safe for
// concurrent use.
type Guard struct {
	threshold float64
	model     string
	chat      Chatter
	timeout   time.Duration
	draftTime time.Duration
	keepAlive time.Duration
	pub       *Contacts
	learned   *analysis.Model
}

// New returns a guard with opt's settings.
func New(opt Options) *Guard {
	g := &Guard{
		threshold: opt.Threshold,
		model:     opt.Model,
		chat:      opt.Chat,
		timeout:   opt.Timeout,
		keepAlive: opt.KeepAlive,
	}
	if g.threshold <= 0 || math.IsNaN(g.threshold) {
		g.threshold = DefaultThreshold
	}
	if g.timeout <= 0 {
		g.timeout = DefaultTimeout
	}
	g.draftTime = opt.DraftTimeout
	if g.draftTime <= 0 || g.draftTime > g.timeout {
		g.draftTime = g.timeout
	}
	g.pub = opt.Contacts
	if g.pub == nil {
		g.pub = NewContacts(opt.Public)
	}
	switch {
	case opt.NoLearned:
	case opt.Learned != nil:
		g.learned = opt.Learned
	default:
		g.learned = DefaultModel()
	}
	return g
}

// Threshold returns the score at or above which the guard flags a text.
func (g *Guard) Threshold() float64 { return g.threshold }

// PublicContacts returns the café's published phones and emails, which
// any text may keep verbatim.
func (g *Guard) PublicContacts() []string {
	id := g.pub.load().id
	return append(append([]string(nil), id.Phones...), id.Emails...)
}

// ModelEnabled reports whether the guard asks a model after its built-in
// layer.
func (g *Guard) ModelEnabled() bool { return g.chat != nil }

// Builtin returns the built-in layer's verdict on a customer message, with
// no I/O. Personal data is not scored on messages (see BuiltinDraft). It
// analyses text first (see BuiltinAnalysis).
func (g *Guard) Builtin(text string) Verdict {
	return g.BuiltinAnalysis(analysis.Of(text))
}

// BuiltinAnalysis returns the built-in layer's verdict on an analysed
// customer message: the rules read its cleaned text, so spaced, dotted,
// leet, look-alike, invisible-character and reversed spellings count as
// the words they hide.
func (g *Guard) BuiltinAnalysis(a *analysis.Analysis) Verdict {
	return g.builtin(a, inputCategories, nil)
}

// BuiltinDraft returns the built-in layer's verdict on a draft reply, with
// no I/O: the message categories except injection, plus personal data that
// is neither own's nor the café's published contact data.
func (g *Guard) BuiltinDraft(draft string, own Identity) Verdict {
	known := contacts{}
	known.add(own)
	public := &g.pub.load().set
	for p := range public.phones {
		known.phones[p] = true
	}
	for e := range public.emails {
		known.emails[e] = true
	}
	for d := range public.domains {
		known.domains[d] = true
	}
	return g.builtin(analysis.Of(draft), draftCategories, &known)
}

// CheckInput returns the verdict on a customer message: the built-in
// layer, then the model when one is configured and the built-in layer did
// not already flag the message (the model can only add flags, so asking it
// then would cost seconds and change nothing).
func (g *Guard) CheckInput(ctx context.Context, text string) Verdict {
	return g.CheckInputAnalysis(ctx, analysis.Of(text))
}

// CheckInputAnalysis is CheckInput over an analysed message, so the
// pipeline analyses each message once for the guard, the gate and
// sentiment. The model, when asked, sees the cleaned text.
func (g *Guard) CheckInputAnalysis(ctx context.Context, a *analysis.Analysis) Verdict {
	v := g.BuiltinAnalysis(a)
	if g.chat == nil || v.Flagged || strings.TrimSpace(a.Text) == "" {
		return v
	}
	return g.withModel(ctx, v, []llm.Message{{Role: "user", Content: a.Text}}, false)
}

// CheckDraft returns the verdict on a draft reply; own is the current
// customer's contact data, which the draft may mention.
func (g *Guard) CheckDraft(ctx context.Context, draft string, own Identity) Verdict {
	return g.CheckReply(ctx, "", draft, own)
}

// CheckReply is CheckDraft with the customer message the draft answers,
// which the model sees as the preceding user turn (Llama Guard judges a
// response in its conversation). An empty customerText sends the draft
// alone.
func (g *Guard) CheckReply(ctx context.Context, customerText, draft string, own Identity) Verdict {
	v := g.BuiltinDraft(draft, own)
	if g.chat == nil || v.Flagged || strings.TrimSpace(draft) == "" {
		return v
	}
	var msgs []llm.Message
	if strings.TrimSpace(customerText) != "" {
		msgs = append(msgs, llm.Message{Role: "user", Content: customerText})
	}
	msgs = append(msgs, llm.Message{Role: "assistant", Content: draft})
	return g.withModel(ctx, v, msgs, true)
}

// builtin runs the lexicon over a's cleaned text for cats; known is
// non-nil for drafts and enables the personal-data scan.
func (g *Guard) builtin(a *analysis.Analysis, cats []Category, known *contacts) Verdict {
	return g.builtinWith(a, cats, known, scanFast)
}

// builtinWith is builtin with the shortcuts of mode (fast.go); only the
// tests ask for another than scanFast.
func (g *Guard) builtinWith(a *analysis.Analysis, cats []Category, known *contacts, mode scanMode) Verdict {
	norm := normalize(a.Text)
	sheet, idioms := scanText(a.Text, norm, a.Raw, cats, known, mode)
	if known == nil {
		// The learned layer was trained on customer messages, not on the
		// assistant's drafts, so it reads messages only.
		learned := g.learnedSheet(a, cats, &sheet)
		setAsideUnderCounterSpeech(&learned, &sheet, a.Text, norm)
		raise(&sheet, learned)
	}
	return g.verdict(cats, &sheet, idioms)
}

// rulesOnly is the built-in verdict without the learned layer.
func (g *Guard) rulesOnly(a *analysis.Analysis) Verdict {
	sheet, idioms := scan(a.Text, a.Raw, inputCategories, nil, true)
	return g.verdict(inputCategories, &sheet, idioms)
}

// learnedOnly is the learned layer's verdict alone.
func (g *Guard) learnedOnly(a *analysis.Analysis) Verdict {
	sheet := g.learnedSheet(a, inputCategories, nil)
	return g.verdict(inputCategories, &sheet, nil)
}

// scan scores text, the cleaned form of raw: the rules read text, while
// encoded blobs and personal data are looked for in raw, as written.
// prefilter skips rules whose needed words are absent; it only saves
// time, and a test checks it never changes a result.
func scan(text, raw string, cats []Category, known *contacts, prefilter bool) (scoreSheet, []string) {
	mode := scanFull
	if prefilter {
		mode = scanFast
	}
	return scanText(text, normalize(text), raw, cats, known, mode)
}

// scanText is scan with norm, normalize(text), made by a caller that
// reads it again.
func scanText(text, norm, raw string, cats []Category, known *contacts, mode scanMode) (scoreSheet, []string) {
	loadLexicon()
	cs := defaultCompose()
	// Harm quoted after a reporting word is read as blanked, and so, for
	// hate, harassment and sexual remarks, is a clause after a condemning
	// frame (a threat is not excused by "stop saying"). Self-harm never is
	// (self-harm always wins), nor is an injection (a quoted instruction
	// still reaches the model). Each category reads its own form of the
	// text; they are the same, and read once, for nearly every message.
	quoted := norm
	if q := cs.maskQuotes(text); q != text {
		quoted = normalize(q)
	}
	quoted = cs.maskReported(quoted)
	condemned := cs.maskCondemned(quoted)
	if quoted == norm && condemned == norm {
		return scanNorm(norm, text, raw, cats, known, mode)
	}
	form := func(c Category) string {
		switch c {
		case SelfHarm, Injection:
			return norm
		case Threat:
			return quoted
		}
		return condemned
	}
	var sheet scoreSheet
	var idioms []string
	done := map[string]bool{}
	for _, c := range cats {
		f := form(c)
		if done[f] {
			continue
		}
		done[f] = true
		var these []Category
		for _, d := range cats {
			if form(d) == f {
				these = append(these, d)
			}
		}
		part, ids := scanNorm(f, text, raw, these, known, mode)
		if f == norm {
			idioms = ids
		}
		for cat, m := range part.miss {
			if sheet.miss == nil {
				sheet.miss = map[Category]float64{}
				sheet.cues = map[Category][]string{}
			}
			sheet.miss[cat] = m
			sheet.cues[cat] = part.cues[cat]
		}
	}
	return sheet, idioms
}

// scanNorm is scan over the normalised text norm, with the shortcuts of
// mode.
func scanNorm(norm, text, raw string, cats []Category, known *contacts, mode scanMode) (scoreSheet, []string) {
	prefilter := mode != scanFull
	var sheet scoreSheet
	var idioms []string
	var idiomBuf [4]uint64
	var idiomCand []uint64
	// has marks the literals of the fast requirements in norm as it
	// stands (fastReqs).
	var fast *fastReqTable
	var hasBuf [128]uint64
	var has []uint64
	if mode == scanFast {
		// Replacing an idiom by "_" never makes a needed " prefix"
		// appear, so the idioms marked on norm before any replacement
		// are all that the later norms can let through.
		idiomCand = bitset(idiomBuf[:], len(idiomList))
		idiomNeeds().mark(norm, idiomCand)
		fast = fastReqs()
		has = bitset(hasBuf[:], len(fast.lits.lits))
		fast.lits.mark(norm, has)
	}
	for k, id := range idiomList {
		switch mode {
		case scanClassic:
			if !hasAny(norm, id.need) || !id.req().holds(norm) {
				continue
			}
		case scanFast:
			if idiomCand[k/64]&(1<<(k%64)) == 0 || !fast.idioms[k].holds(has) {
				continue
			}
		}
		var matched bool
		if ws := fast.idiomStart(k); ws != nil {
			matched = ws.matchString(norm)
		} else {
			matched = id.re().MatchString(norm)
		}
		if matched && !id.voided(norm) {
			norm = id.re().ReplaceAllString(norm, "_")
			idioms = append(idioms, id.label)
			if mode == scanFast {
				clear(has)
				fast.lits.mark(norm, has)
			}
		}
	}
	var lower string
	var candBuf [8]uint64
	var cand []uint64
	switch mode {
	case scanClassic:
		cand = candidates(norm)
	case scanFast:
		cand = bitset(candBuf[:], len(lexicon))
		lexiconNeeds().mark(norm, cand)
	}
	want, ruleCats := catMask(cats), lexiconCats()
	var raws []uint64
	if mode == scanFast {
		raws = lexiconRaw()
	}
	group := -1 // unknown until a group rule asks
	for i := 0; i < len(lexicon); i++ {
		if mode == scanFast {
			// The fast path reads a word rule only when cand marks it,
			// so it steps from one marked or raw rule to the next
			// instead of testing each of the lexicon's rules in turn;
			// the rules passed over are the ones it would skip.
			if i = nextRule(cand, raws, i); i >= len(lexicon) {
				break
			}
		}
		r := &lexicon[i]
		if mode == scanFast && ruleCats[i]&want == 0 || mode != scanFast && !slices.Contains(cats, r.cat) {
			continue
		}
		if r.group && prefilter {
			if group < 0 {
				group = 0
				if groups.named(norm) {
					group = 1
				}
			}
			if group == 0 {
				continue
			}
		}
		subject := norm
		if r.raw {
			if lower == "" {
				lower = strings.ToLower(text)
			}
			subject = lower
		}
		// Raw rules need plain substrings (the original text is not
		// space-delimited words); the others need word prefixes.
		switch {
		case mode == scanFast && !r.raw:
			if cand[i/64]&(1<<(i%64)) == 0 || !fast.rules[i].holds(has) {
				continue
			}
		case prefilter:
			if r.raw && !hasAny(lower, r.need) || !r.raw && cand[i/64]&(1<<(i%64)) == 0 || !r.req().holds(subject) {
				continue
			}
		}
		var loc []int
		if ws := fast.ruleStart(i); ws != nil {
			loc = ws.findIndex(subject)
		} else {
			loc = r.re().FindStringIndex(subject)
		}
		if loc != nil {
			// A denied threat or slur ("I'm not going to hurt anyone",
			// "not all immigrants are ...") is not one.
			if !r.raw && (r.cat == Threat || r.cat == Hate) && (deniedAt(subject, loc[0]) || defaultCompose().topicAt(subject, loc[0])) {
				continue
			}
			sheet.add(r.cat, r.weight, quoteCue(r.label, subject[loc[0]:loc[1]]))
		}
	}
	defaultCompose().scan(norm, cats, &sheet, prefilter)
	if slices.Contains(cats, Injection) {
		if blob := encodedBlob(raw); blob != "" {
			sheet.add(Injection, 0.45, quoteCue("encoded blob", blob))
		}
	}
	if known != nil {
		scanPII(raw, known, &sheet)
	}
	return sheet, idioms
}

// verdict turns a score sheet into a Verdict.
func (g *Guard) verdict(cats []Category, sheet *scoreSheet, idioms []string) Verdict {
	v := Verdict{Categories: make(map[Category]float64, len(cats)), Layer: LayerBuiltin, Context: idioms}
	for _, c := range cats {
		s := sheet.score(c)
		v.Categories[c] = s
		if s > 0 {
			if v.Cues == nil {
				v.Cues = map[Category][]string{}
			}
			v.Cues[c] = sheet.cues[c]
		}
		if s > v.Score {
			v.Score = s
		}
	}
	v.Flagged = v.Score >= g.threshold
	return v
}

// encodedBlob returns the first run of 24 or more base64 characters that
// mixes upper case, lower case and digits, the shape of a smuggled
// encoded instruction, or "".
func encodedBlob(text string) string {
	start := -1
	var up, low, dig bool
	check := func(end int) string {
		if start >= 0 && end-start >= 24 && up && low && dig {
			return text[start:end]
		}
		return ""
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		isB64 := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
		if !isB64 {
			if s := check(i); s != "" {
				return s
			}
			start, up, low, dig = -1, false, false, false
			continue
		}
		if start < 0 {
			start = i
		}
		switch {
		case c >= 'A' && c <= 'Z':
			up = true
		case c >= 'a' && c <= 'z':
			low = true
		case c >= '0' && c <= '9':
			dig = true
		}
	}
	return check(len(text))
}

// denyBridge are the words that may stand between a negator and what it
// denies: "not going to", "never even", "dont want to".
var denyBridge = map[string]bool{"going": true, "to": true, "gonna": true, "gon": true, "na": true, "ever": true,
	"even": true, "want": true, "wanna": true, "be": true, "trying": true, "try": true, "planning": true,
	"plan": true, "about": true, "really": true, "actually": true, "would": true, "will": true, "intend": true,
	"intending": true, "all": true, "every": true, "most": true, "ok": true, "okay": true, "saying": true}

// denyWords negate a verb; "no" and "nobody" are left out, as they
// quantify rather than deny ("no immigrants should ...").
var denyWords = map[string]bool{"not": true, "never": true, "dont": true, "wont": true, "wouldnt": true,
	"couldnt": true, "cant": true, "cannot": true, "shouldnt": true, "didnt": true, "isnt": true, "arent": true, "aint": true}

// deniedAt reports whether the words just before byte offset at of norm
// are a negator, perhaps followed by bridge words.
func deniedAt(norm string, at int) bool {
	words := strings.Fields(norm[:at])
	return deniedBefore(words, len(words))
}

// deniedBefore is deniedAt for the word at index at of words.
func deniedBefore(words []string, at int) bool {
	for i := at - 1; i >= 0 && i >= at-5; i-- {
		w := words[i]
		if denyWords[w] {
			return true
		}
		if !denyBridge[w] {
			return false
		}
	}
	return false
}
