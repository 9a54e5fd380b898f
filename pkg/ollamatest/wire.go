package ollamatest

import (
	"encoding/json"
	"math"
	"strings"
	"time"
)

// The structs in this file are written from Ollama's documented wire
// format (docs/api.md), not copied from its api package.

// Message is one chat turn as the fake decoded it.
type Message struct {
	Role      string
	Content   string
	ToolCalls []ToolCall
}

// ToolCall is a function call, either scripted into a Reply or sent back
// by the client in an assistant message.
type ToolCall struct {
	Name      string
	Arguments map[string]any
}

// Tool is one function the client offered the model.
type Tool struct {
	Type        string
	Name        string
	Description string
	Parameters  ToolParams
}

// ToolParams is the JSON schema of a tool's arguments.
type ToolParams struct {
	Type       string                  `json:"type"`
	Required   []string                `json:"required"`
	Properties map[string]ToolProperty `json:"properties"`
}

// ToolProperty is one argument in a tool's schema.
type ToolProperty struct {
	Type        string   `json:"type"`
	Description string   `json:"description"`
	Enum        []string `json:"enum,omitempty"`
}

// ChatRequest is a POST /api/chat body as the fake decoded it.
type ChatRequest struct {
	Model    string
	Messages []Message
	Tools    []Tool
	// Options holds the request's options; JSON numbers are float64.
	Options map[string]any
	// KeepAlive is the raw keep_alive value, nil when the client sent none.
	KeepAlive json.RawMessage
	// Stream is nil when the client left streaming at Ollama's default (on).
	Stream *bool
}

// NumCtx returns the num_ctx option of the request, or 0 when unset.
func (r ChatRequest) NumCtx() int { return intOption(r.Options, "num_ctx") }

// KeepAliveDuration returns the keep_alive the client sent, decoded the way
// Ollama does (a number is seconds, a string is a Go duration, negative
// means forever), and whether it sent one at all.
func (r ChatRequest) KeepAliveDuration() (time.Duration, bool) {
	return parseKeepAlive(r.KeepAlive)
}

// ToolNames returns the names of the offered tools, in order.
func (r ChatRequest) ToolNames() []string {
	var out []string
	for _, t := range r.Tools {
		out = append(out, t.Name)
	}
	return out
}

// System returns the content of the first system message, or "".
func (r ChatRequest) System() string {
	for _, m := range r.Messages {
		if m.Role == "system" {
			return m.Content
		}
	}
	return ""
}

// LastUser returns the content of the last user message, or "".
func (r ChatRequest) LastUser() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// EmbedRequest is a POST /api/embed body as the fake decoded it.
type EmbedRequest struct {
	Model string
	// Input is the input normalised to a list (a bare string becomes one
	// element, an empty string none, as Ollama does).
	Input     []string
	Options   map[string]any
	KeepAlive json.RawMessage
}

// CreateRequest is a POST /api/create body as the fake decoded it.
type CreateRequest struct {
	Model      string
	From       string
	Files      map[string]string
	Template   string
	System     string
	Parameters map[string]any
	Quantize   string
}

func intOption(opts map[string]any, key string) int {
	switch v := opts[key].(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return 0
}

// parseKeepAlive follows Ollama's api.Duration: absent means the server
// default, a number is seconds, a string is a duration, negative is forever.
func parseKeepAlive(raw json.RawMessage) (time.Duration, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, false
	}
	switch t := v.(type) {
	case float64:
		if t < 0 {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(t) * time.Second, true
	case string:
		d, err := time.ParseDuration(t)
		if err != nil {
			return 0, false
		}
		if d < 0 {
			return time.Duration(math.MaxInt64), true
		}
		return d, true
	}
	return 0, false
}

// fullName turns "llama3.2" into "llama3.2:latest", as Ollama names models.
func fullName(name string) string {
	base := name
	if i := strings.LastIndex(name, "/"); i >= 0 {
		base = name[i+1:]
	}
	if name == "" || strings.Contains(base, ":") {
		return name
	}
	return name + ":latest"
}

// Wire structs: what travels over HTTP.

type wireToolCall struct {
	Function struct {
		Index     int            `json:"index,omitempty"`
		Name      string         `json:"name"`
		Arguments map[string]any `json:"arguments"`
	} `json:"function"`
}

type wireMessage struct {
	Role      string         `json:"role"`
	Content   string         `json:"content"`
	Images    []string       `json:"images,omitempty"`
	ToolCalls []wireToolCall `json:"tool_calls,omitempty"`
}

type wireTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string     `json:"name"`
		Description string     `json:"description"`
		Parameters  ToolParams `json:"parameters"`
	} `json:"function"`
}

type wireChatRequest struct {
	Model     string          `json:"model"`
	Messages  []wireMessage   `json:"messages"`
	Tools     []wireTool      `json:"tools"`
	Options   map[string]any  `json:"options"`
	KeepAlive json.RawMessage `json:"keep_alive"`
	Stream    *bool           `json:"stream"`
	Format    json.RawMessage `json:"format"`
}

type wireChatResponse struct {
	Model              string      `json:"model"`
	CreatedAt          time.Time   `json:"created_at"`
	Message            wireMessage `json:"message"`
	Done               bool        `json:"done"`
	DoneReason         string      `json:"done_reason,omitempty"`
	TotalDuration      int64       `json:"total_duration,omitempty"`
	LoadDuration       int64       `json:"load_duration,omitempty"`
	PromptEvalCount    int         `json:"prompt_eval_count,omitempty"`
	PromptEvalDuration int64       `json:"prompt_eval_duration,omitempty"`
	EvalCount          int         `json:"eval_count,omitempty"`
	EvalDuration       int64       `json:"eval_duration,omitempty"`
}

type wireEmbedRequest struct {
	Model     string          `json:"model"`
	Input     any             `json:"input"`
	Truncate  *bool           `json:"truncate"`
	Options   map[string]any  `json:"options"`
	KeepAlive json.RawMessage `json:"keep_alive"`
}

type wireEmbedResponse struct {
	Model           string      `json:"model"`
	Embeddings      [][]float32 `json:"embeddings"`
	TotalDuration   int64       `json:"total_duration,omitempty"`
	LoadDuration    int64       `json:"load_duration,omitempty"`
	PromptEvalCount int         `json:"prompt_eval_count,omitempty"`
}

type wireDetails struct {
	ParentModel       string   `json:"parent_model"`
	Format            string   `json:"format"`
	Family            string   `json:"family"`
	Families          []string `json:"families"`
	ParameterSize     string   `json:"parameter_size"`
	QuantizationLevel string   `json:"quantization_level"`
}

type wireListModel struct {
	Name       string      `json:"name"`
	Model      string      `json:"model"`
	ModifiedAt time.Time   `json:"modified_at"`
	Size       int64       `json:"size"`
	Digest     string      `json:"digest"`
	Details    wireDetails `json:"details"`
}

type wireRunningModel struct {
	Name      string      `json:"name"`
	Model     string      `json:"model"`
	Size      int64       `json:"size"`
	Digest    string      `json:"digest"`
	Details   wireDetails `json:"details"`
	ExpiresAt time.Time   `json:"expires_at"`
	SizeVRAM  int64       `json:"size_vram"`
}

type wireShowRequest struct {
	Model string `json:"model"`
	Name  string `json:"name"`
}

type wireShowResponse struct {
	Modelfile    string         `json:"modelfile,omitempty"`
	Parameters   string         `json:"parameters,omitempty"`
	Template     string         `json:"template,omitempty"`
	System       string         `json:"system,omitempty"`
	Details      wireDetails    `json:"details"`
	ModelInfo    map[string]any `json:"model_info,omitempty"`
	Capabilities []string       `json:"capabilities,omitempty"`
	ModifiedAt   time.Time      `json:"modified_at"`
}

type wireProgress struct {
	Status    string `json:"status"`
	Digest    string `json:"digest,omitempty"`
	Total     int64  `json:"total,omitempty"`
	Completed int64  `json:"completed,omitempty"`
}

type wirePullRequest struct {
	Model  string `json:"model"`
	Name   string `json:"name"`
	Stream *bool  `json:"stream"`
}

type wireCreateRequest struct {
	Model      string            `json:"model"`
	Name       string            `json:"name"`
	Stream     *bool             `json:"stream"`
	Quantize   string            `json:"quantize"`
	From       string            `json:"from"`
	Files      map[string]string `json:"files"`
	Template   string            `json:"template"`
	System     string            `json:"system"`
	Parameters map[string]any    `json:"parameters"`
}

type wireGenerateRequest struct {
	Model     string          `json:"model"`
	Prompt    string          `json:"prompt"`
	KeepAlive json.RawMessage `json:"keep_alive"`
	Stream    *bool           `json:"stream"`
}

type wireGenerateResponse struct {
	Model      string    `json:"model"`
	CreatedAt  time.Time `json:"created_at"`
	Response   string    `json:"response"`
	Done       bool      `json:"done"`
	DoneReason string    `json:"done_reason,omitempty"`
}

type wireError struct {
	Error string `json:"error"`
}
