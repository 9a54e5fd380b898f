// Package llm is cafebot's one door to Ollama. It is the only package that
// imports github.com/ollama/ollama/api; everything else declares the small
// interface it needs (a chat stream, an embedder) where it is used, so tests
// can swap in fakes.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ollama/ollama/api"
)

// DefaultURL is where a local Ollama listens when OLLAMA_HOST is unset.
const DefaultURL = "http://127.0.0.1:11434"

// ErrUnreachable reports that no Ollama server answered at the configured URL.
var ErrUnreachable = errors.New("ollama is unreachable")

// ErrModelNotFound reports that Ollama answered but does not have the model.
var ErrModelNotFound = errors.New("model not found")

// Message is one turn of a chat: system, user, assistant or tool.
type Message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
}

// ToolCall is one function call requested by a model.
type ToolCall struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments"`
}

// Param describes one argument of a tool.
type Param struct {
	Name        string
	Type        string // "string", "integer", "number", "boolean"
	Description string
	Enum        []string
	Required    bool
}

// Tool describes a function the model may call.
type Tool struct {
	Name        string
	Description string
	Params      []Param
}

// ChatRequest is one chat call. NumCtx must be the same on every request to
// the same model: a changed num_ctx makes Ollama reload the model.
type ChatRequest struct {
	Model       string
	Messages    []Message
	Tools       []Tool
	NumCtx      int
	Temperature *float64
	// KeepAlive is how long Ollama keeps the model loaded afterwards; zero
	// leaves Ollama's default, a negative value keeps it loaded indefinitely.
	KeepAlive time.Duration
}

// ChatResponse is the assembled result of a streamed chat.
type ChatResponse struct {
	Model        string
	Message      Message
	DoneReason   string
	PromptTokens int
	OutputTokens int
	LoadDuration time.Duration
}

// ModelInfo is what /api/show tells about a model.
type ModelInfo struct {
	Name          string
	Family        string
	ParameterSize string
	Quantization  string
	ContextLength int
	// NumCtx is the num_ctx parameter the model was created with (0: none).
	NumCtx       int
	Capabilities []string
}

// LocalModel is one model Ollama has on disk.
type LocalModel struct {
	Name         string
	Size         int64
	Family       string
	Quantization string
}

// RunningModel is one model Ollama has loaded.
type RunningModel struct {
	Name      string
	Size      int64
	SizeVRAM  int64
	ExpiresAt time.Time
}

// Progress is one update of a pull or create.
type Progress struct {
	Status    string
	Digest    string
	Total     int64
	Completed int64
}

// Client talks to one Ollama server.
type Client struct {
	api      *api.Client
	base     *url.URL
	timeouts Timeouts
	// stall is shared by the copies WithTimeouts makes: one server, one
	// memory of it having hung.
	stall *stall
}

// New returns a client for the Ollama server at rawURL. An empty rawURL
// means OLLAMA_HOST as Ollama itself reads it, else DefaultURL. A nil hc
// means http.DefaultClient.
func New(rawURL string, hc *http.Client) (*Client, error) {
	u, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{api: api.NewClient(u, hc), base: u, stall: &stall{}}, nil
}

// ParseURL resolves an Ollama address the way the ollama CLI does:
// "host:port", "http://host:port" and a bare ":port" are all accepted.
// An empty string falls back to OLLAMA_HOST, then DefaultURL.
func ParseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = strings.TrimSpace(os.Getenv("OLLAMA_HOST"))
	}
	if raw == "" {
		raw = DefaultURL
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("ollama url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("ollama url %q: scheme must be http or https", raw)
	}
	host := u.Hostname()
	if host == "" || host == "0.0.0.0" {
		host = "127.0.0.1"
	}
	port := u.Port()
	if port == "" {
		port = "11434"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	u.Host = net.JoinHostPort(host, port)
	// The client adds /api/... itself: a URL copied with it ("…:11434/api",
	// "…/api/tags") would double it, and every model would look missing.
	if i := strings.Index(u.Path+"/", "/api/"); i >= 0 {
		u.Path, u.RawPath = u.Path[:i], ""
	}
	return u, nil
}

// URL returns the server address the client talks to.
func (c *Client) URL() string { return c.base.String() }

// Chat streams a chat completion. onToken is called with every content
// fragment as it arrives (it may be nil); returning an error from it stops
// the stream. The assembled message, including tool calls, is returned.
func (c *Client) Chat(ctx context.Context, req ChatRequest, onToken func(string) error) (ChatResponse, error) {
	areq := &api.ChatRequest{
		Model:    req.Model,
		Messages: toAPIMessages(req.Messages),
		Tools:    WireTools(req.Tools),
		Options:  map[string]any{},
	}
	if req.NumCtx > 0 {
		areq.Options["num_ctx"] = req.NumCtx
	}
	if req.Temperature != nil {
		areq.Options["temperature"] = *req.Temperature
	}
	if req.KeepAlive != 0 {
		areq.KeepAlive = &api.Duration{Duration: req.KeepAlive}
	}
	w := c.bound(ctx, wholeCall)
	ctx = w.ctx
	var out ChatResponse
	var content strings.Builder
	done := false
	err := c.api.Chat(ctx, areq, func(r api.ChatResponse) error {
		w.tick()
		// Chunks already buffered still arrive after a cancel; stop at the
		// next one rather than streaming on to the end.
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.Message.Content != "" {
			content.WriteString(r.Message.Content)
			if onToken != nil {
				if err := onToken(r.Message.Content); err != nil {
					return err
				}
			}
		}
		for _, tc := range r.Message.ToolCalls {
			out.Message.ToolCalls = append(out.Message.ToolCalls, ToolCall{
				Name:      tc.Function.Name,
				Arguments: map[string]any(tc.Function.Arguments),
			})
		}
		if r.Done {
			done = true
			out.Model = r.Model
			out.DoneReason = r.DoneReason
			out.PromptTokens = r.PromptEvalCount
			out.OutputTokens = r.EvalCount
			out.LoadDuration = r.LoadDuration
		}
		return nil
	})
	out.Message.Role = "assistant"
	out.Message.Content = content.String()
	if err == nil && !done {
		err = cutShort(ctx)
	}
	err = w.done(err)
	if err != nil {
		return out, c.wrap("chat "+req.Model, req.Model, err)
	}
	return out, nil
}

// Embed returns one embedding per input, in order.
func (c *Client) Embed(ctx context.Context, model string, inputs []string, keepAlive time.Duration) ([][]float32, error) {
	req := &api.EmbedRequest{Model: model, Input: inputs}
	if keepAlive != 0 {
		req.KeepAlive = &api.Duration{Duration: keepAlive}
	}
	w := c.bound(ctx, wholeCall)
	resp, err := c.api.Embed(w.ctx, req)
	if err = w.done(err); err != nil {
		return nil, c.wrap("embed with "+model, model, err)
	}
	if len(resp.Embeddings) != len(inputs) {
		return nil, fmt.Errorf("embed with %s: got %d embeddings for %d inputs", model, len(resp.Embeddings), len(inputs))
	}
	return resp.Embeddings, nil
}

// Show returns what Ollama knows about a model, including its context length.
func (c *Client) Show(ctx context.Context, model string) (ModelInfo, error) {
	w := c.bound(ctx, quickCall)
	resp, err := c.api.Show(w.ctx, &api.ShowRequest{Model: model})
	if err = w.done(err); err != nil {
		return ModelInfo{}, c.wrap("show "+model, model, err)
	}
	info := ModelInfo{
		Name:          model,
		Family:        resp.Details.Family,
		ParameterSize: resp.Details.ParameterSize,
		Quantization:  resp.Details.QuantizationLevel,
	}
	for k, v := range resp.ModelInfo {
		if strings.HasSuffix(k, ".context_length") {
			if f, ok := v.(float64); ok {
				info.ContextLength = int(f)
			}
		}
	}
	for _, line := range strings.Split(resp.Parameters, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "num_ctx" {
			fmt.Sscan(f[1], &info.NumCtx)
		}
	}
	for _, cpb := range resp.Capabilities {
		info.Capabilities = append(info.Capabilities, string(cpb))
	}
	return info, nil
}

// List returns the models Ollama has on disk.
func (c *Client) List(ctx context.Context) ([]LocalModel, error) {
	w := c.bound(ctx, quickCall)
	resp, err := c.api.List(w.ctx)
	if err = w.done(err); err != nil {
		return nil, c.wrap("list models", "", err)
	}
	out := make([]LocalModel, 0, len(resp.Models))
	for _, m := range resp.Models {
		out = append(out, LocalModel{Name: m.Name, Size: m.Size, Family: m.Details.Family, Quantization: m.Details.QuantizationLevel})
	}
	return out, nil
}

// Running returns the models Ollama has loaded now.
func (c *Client) Running(ctx context.Context) ([]RunningModel, error) {
	w := c.bound(ctx, quickCall)
	resp, err := c.api.ListRunning(w.ctx)
	if err = w.done(err); err != nil {
		return nil, c.wrap("list running models", "", err)
	}
	out := make([]RunningModel, 0, len(resp.Models))
	for _, m := range resp.Models {
		out = append(out, RunningModel{Name: m.Name, Size: m.Size, SizeVRAM: m.SizeVRAM, ExpiresAt: m.ExpiresAt})
	}
	return out, nil
}

// Version returns the server's version string.
func (c *Client) Version(ctx context.Context) (string, error) {
	w := c.bound(ctx, quickCall)
	v, err := c.api.Version(w.ctx)
	if err = w.done(err); err != nil {
		return "", c.wrap("version", "", err)
	}
	return v, nil
}

// Pull downloads a model from the registry, reporting progress.
func (c *Client) Pull(ctx context.Context, model string, progress func(Progress)) error {
	last := ""
	w := c.bound(ctx, progressCall)
	ctx = w.ctx
	err := c.api.Pull(ctx, &api.PullRequest{Model: model}, func(p api.ProgressResponse) error {
		w.tick()
		last = p.Status
		if progress != nil {
			progress(Progress{Status: p.Status, Digest: p.Digest, Total: p.Total, Completed: p.Completed})
		}
		return nil
	})
	if err == nil && last != "success" {
		err = cutShort(ctx)
	}
	if err = w.done(err); err != nil {
		return c.wrap("pull "+model, model, err)
	}
	return nil
}

// Unload asks Ollama to drop a model from memory now.
func (c *Client) Unload(ctx context.Context, model string) error {
	zero := api.Duration{Duration: 0}
	done := false
	w := c.bound(ctx, wholeCall)
	ctx = w.ctx
	err := c.api.Generate(ctx, &api.GenerateRequest{Model: model, KeepAlive: &zero}, func(r api.GenerateResponse) error {
		done = done || r.Done
		return nil
	})
	if err == nil && !done {
		err = cutShort(ctx)
	}
	if err = w.done(err); err != nil {
		return c.wrap("unload "+model, model, err)
	}
	return nil
}

// wrap turns transport and status errors into ErrUnreachable and
// ErrModelNotFound so callers can give the right hint.
func (c *Client) wrap(op, model string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var se api.StatusError
	if errors.As(err, &se) {
		if se.StatusCode == http.StatusNotFound || strings.Contains(se.ErrorMessage, "not found") {
			return fmt.Errorf("%s: %w: %s", op, ErrModelNotFound, se.ErrorMessage)
		}
		return fmt.Errorf("%s: ollama: %s", op, strings.TrimSpace(se.Error()))
	}
	if isModelNotFound(err.Error()) {
		// Streaming endpoints (chat, pull, create, generate) report a
		// missing model as a plain error line, not as a StatusError.
		return fmt.Errorf("%s: %w: %s", op, ErrModelNotFound, err.Error())
	}
	if errors.Is(err, errCutShort) {
		return fmt.Errorf("%s: %w: %v", op, ErrUnreachable, err)
	}
	var ne net.Error
	var oe *net.OpError
	var ue *url.Error
	if errors.As(err, &oe) || errors.As(err, &ne) || errors.As(err, &ue) || strings.Contains(err.Error(), "connection refused") {
		return fmt.Errorf("%s: %w at %s", op, ErrUnreachable, c.base)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// errCutShort reports a stream that ended without its final message.
var errCutShort = errors.New("the stream ended before it was done")

// cutShort explains a stream that ended early without an error: the api
// client stops quietly when the context is cancelled or the connection
// drops mid-stream.
func cutShort(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errCutShort
}

// isModelNotFound matches Ollama's missing-model messages:
// `model "x" not found, try pulling it first` and `model 'x' not found`.
func isModelNotFound(msg string) bool {
	return strings.HasPrefix(msg, "model ") && strings.Contains(msg, " not found")
}

// Hint returns a one-line suggestion for an error from this package, or "".
func Hint(err error, model string) string {
	switch {
	case errors.Is(err, ErrTimeout):
		return "Ollama is not responding: check it with `ollama ps` (a model may still be loading), or raise ollama.request_timeout / ollama.idle_timeout in the config"
	case errors.Is(err, ErrUnreachable):
		return "start Ollama with `ollama serve`, or point cafebot at it with --ollama URL"
	case errors.Is(err, ErrModelNotFound):
		if model == "" {
			return "run `cafebot models setup` to create the role models"
		}
		if strings.HasPrefix(model, "cafebot-") {
			// The role models exist only where `models setup` made them.
			return fmt.Sprintf("%s is created locally from cafebot's Modelfiles: run `cafebot models setup`", model)
		}
		return fmt.Sprintf("run `cafebot models setup` (or `ollama pull %s`)", model)
	}
	return ""
}

func toAPIMessages(ms []Message) []api.Message {
	out := make([]api.Message, 0, len(ms))
	for _, m := range ms {
		am := api.Message{Role: m.Role, Content: m.Content}
		for i, tc := range m.ToolCalls {
			am.ToolCalls = append(am.ToolCalls, api.ToolCall{Function: api.ToolCallFunction{
				Index: i, Name: tc.Name, Arguments: api.ToolCallFunctionArguments(tc.Arguments),
			}})
		}
		out = append(out, am)
	}
	return out
}

// WireTools converts tools to Ollama's wire type, as Chat sends them; tests
// that render a model's prompt template use it to see what Ollama sees.
func WireTools(ts []Tool) api.Tools {
	if len(ts) == 0 {
		return nil
	}
	out := make(api.Tools, 0, len(ts))
	for _, t := range ts {
		var at api.Tool
		at.Type = "function"
		at.Function.Name = t.Name
		at.Function.Description = t.Description
		at.Function.Parameters.Type = "object"
		at.Function.Parameters.Properties = map[string]struct {
			Type        string   `json:"type"`
			Description string   `json:"description"`
			Enum        []string `json:"enum,omitempty"`
		}{}
		at.Function.Parameters.Required = []string{}
		for _, p := range t.Params {
			at.Function.Parameters.Properties[p.Name] = struct {
				Type        string   `json:"type"`
				Description string   `json:"description"`
				Enum        []string `json:"enum,omitempty"`
			}{Type: p.Type, Description: p.Description, Enum: p.Enum}
			if p.Required {
				at.Function.Parameters.Required = append(at.Function.Parameters.Required, p.Name)
			}
		}
		out = append(out, at)
	}
	return out
}
