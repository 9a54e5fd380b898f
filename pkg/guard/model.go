package guard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cafebot/cafebot/pkg/llm"
)

// HazardCodes names Llama Guard 3's hazard categories (MLCommons
// taxonomy). The 1B model answers S1..S13; S14 comes from the 8B model
// only and is kept so a café that swaps in the larger model is understood.
var HazardCodes = map[string]string{
	"S1":  "violent crimes",
	"S2":  "non-violent crimes",
	"S3":  "sex-related crimes",
	"S4":  "child sexual exploitation",
	"S5":  "defamation",
	"S6":  "specialized advice",
	"S7":  "privacy",
	"S8":  "intellectual property",
	"S9":  "indiscriminate weapons",
	"S10": "hate",
	"S11": "suicide & self-harm",
	"S12": "sexual content",
	"S13": "elections",
	"S14": "code interpreter abuse",
}

// codeCategory maps a hazard code to the guard category it raises. S6
// (specialized advice), S8 (intellectual property) and S13 (elections) are
// not a café's safety concern and raise nothing: a draft quoting the
// allergen policy is "specialized advice" to a model that does not know
// the café wrote the policy.
var codeCategory = map[string]Category{
	"S1":  Threat,
	"S2":  Threat,
	"S3":  Sexual,
	"S4":  Sexual,
	"S5":  Harassment,
	"S7":  PII,
	"S9":  Threat,
	"S10": Hate,
	"S11": SelfHarm,
	"S12": Sexual,
	"S14": Injection,
}

// modelScore is the category score an "unsafe" answer gives: the model
// answers yes or no, and yes must flag whatever the threshold.
const modelScore = 1.0

// ParseLlamaGuard reads a Llama Guard 3 answer: "safe", or "unsafe"
// followed by comma-separated hazard codes ("unsafe\nS1,S10"). Case,
// surrounding whitespace, blank lines and spaces after commas are
// tolerated; codes may also follow "unsafe" on the same line. Codes come
// back upper-case, deduplicated, in the order given. Anything else (an
// empty answer, prose, an unknown code, codes after "safe") is an error,
// so a confused model never passes for a verdict.
func ParseLlamaGuard(output string) (unsafe bool, codes []string, err error) {
	fields := strings.FieldsFunc(output, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(fields) == 0 {
		return false, nil, errors.New("guard model output is empty")
	}
	switch strings.ToLower(strings.TrimSuffix(fields[0], ".")) {
	case "safe":
		if len(fields) > 1 {
			return false, nil, errors.New("guard model output: \"safe\" followed by more text")
		}
		return false, nil, nil
	case "unsafe":
	default:
		return false, nil, fmt.Errorf("guard model output starts with neither \"safe\" nor \"unsafe\" (%d bytes)", len(output))
	}
	for _, f := range fields[1:] {
		code := strings.ToUpper(f)
		if _, ok := HazardCodes[code]; !ok {
			return false, nil, fmt.Errorf("guard model output: unknown hazard code %s", shortQuote(f))
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	return true, codes, nil
}

// shortQuote quotes s, cut to a few characters: enough to debug a bad
// code, too little to carry message text into an error.
func shortQuote(s string) string {
	if r := []rune(s); len(r) > 8 {
		s = string(r[:8]) + "…"
	}
	return strconv.Quote(s)
}

// withModel asks the guard model about msgs and merges its answer into
// the built-in verdict v. Any failure leaves v standing, with ModelError
// saying why.
func (g *Guard) withModel(ctx context.Context, v Verdict, msgs []llm.Message, draft bool) Verdict {
	v.Model = g.model
	zero := 0.0
	req := llm.ChatRequest{Model: g.model, Messages: msgs, Temperature: &zero, KeepAlive: g.keepAlive}

	timeout := g.timeout
	if draft {
		timeout = g.draftTime
	}
	mctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		resp llm.ChatResponse
		err  error
	}
	done := make(chan result, 1)
	start := time.Now()
	// The call runs aside so a client that ignores its context cannot hold
	// the customer past the timeout; the buffered channel lets it finish
	// and be collected whenever it returns.
	go func() {
		resp, err := g.chat.Chat(mctx, req, nil)
		done <- result{resp, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-mctx.Done():
		res.err = mctx.Err()
	}
	v.ModelLatency = time.Since(start)

	if res.err != nil {
		switch {
		case ctx.Err() != nil:
			v.ModelError = "guard model call cancelled: " + ctx.Err().Error()
		case errors.Is(res.err, context.DeadlineExceeded) || mctx.Err() != nil:
			v.ModelError = fmt.Sprintf("guard model timed out after %s", timeout)
		default:
			v.ModelError = "guard model: " + res.err.Error()
		}
		return v
	}
	unsafe, codes, err := ParseLlamaGuard(res.resp.Message.Content)
	if err != nil {
		v.ModelError = err.Error()
		return v
	}
	v.Layer = LayerModel
	v.ModelCodes = codes
	if !unsafe {
		return v
	}
	if len(codes) == 0 {
		// "unsafe" without a category cannot be explained or routed; the
		// built-in verdict stands and the answer is recorded.
		v.ModelError = "guard model answered unsafe without a hazard code"
		return v
	}
	for _, code := range codes {
		cat, ok := codeCategory[code]
		if !ok {
			continue
		}
		// The built-in layer knows whose contact data a draft holds; the
		// model does not, and would flag the customer's own email.
		if draft && cat == PII {
			continue
		}
		if v.Categories == nil {
			v.Categories = map[Category]float64{}
		}
		if v.Cues == nil {
			v.Cues = map[Category][]string{}
		}
		v.Categories[cat] = modelScore
		v.Cues[cat] = append(v.Cues[cat], "model: "+code+" "+HazardCodes[code])
		if modelScore > v.Score {
			v.Score = modelScore
		}
	}
	v.Flagged = v.Score >= g.threshold
	return v
}
