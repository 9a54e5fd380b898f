package ollamatest

import (
	"crypto/sha256"
	"fmt"
	"net"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// FakeVersion is the version the fake reports on /api/version.
const FakeVersion = "0.6.5"

// Reply is what the fake answers one chat request with.
type Reply struct {
	// Chunks are the content fragments, streamed one per NDJSON line in
	// order (joined into one message when the client asked for no stream).
	Chunks []string
	// ToolCalls are sent in one chunk after the content, as Ollama does.
	ToolCalls []ToolCall
	// Status, when not zero, answers with that HTTP status and Error as the
	// {"error": ...} body instead of a chat.
	Status int
	// Error with Status zero is sent as an {"error": ...} line after the
	// chunks, the way Ollama reports a runner that fails mid-stream.
	Error string
	// Delay is slept before every chunk after the first (and before the
	// final done chunk). A client that cancels meanwhile cuts the stream,
	// which the fake counts (see Cuts).
	Delay time.Duration
	// PromptTokens and OutputTokens are reported in the done chunk; zero
	// means the number of words in the messages and of chunks.
	PromptTokens int
	OutputTokens int
	// DoneReason is reported in the done chunk; "" means "stop".
	DoneReason string
}

// Fake is a scripted Ollama server. Its zero value is not usable; call
// NewFake.
type Fake struct {
	// URL is the base URL of the server, e.g. http://127.0.0.1:34567.
	URL string

	t         testing.TB
	srv       *httptest.Server
	closing   chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	models  map[string]*fakeModel
	onChat  func(ChatRequest) Reply
	script  []Reply
	chats   []ChatRequest
	embeds  []EmbedRequest
	creates []CreateRequest
	pulls   []string
	blobs   map[string][]byte
	loaded  map[string]time.Time // model → expiry
	cuts    int
	down    bool
	pullErr *string
}

type fakeModel struct {
	name       string
	family     string
	ctxLen     int
	numCtx     int
	embedding  bool
	dim        int
	noTools    bool
	params     map[string]any
	template   string
	system     string
	modifiedAt time.Time
}

// ModelOption configures a model added with AddModel.
type ModelOption func(*fakeModel)

// ContextLength sets the model's trained context length (what /api/show
// reports as "<family>.context_length").
func ContextLength(n int) ModelOption { return func(m *fakeModel) { m.ctxLen = n } }

// Family sets the model family (the "llama" in llama.context_length).
func Family(name string) ModelOption { return func(m *fakeModel) { m.family = name } }

// NumCtx sets the num_ctx parameter the model was created with.
func NumCtx(n int) ModelOption { return func(m *fakeModel) { m.numCtx = n } }

// Embedding makes the model an embedding model: /api/embed accepts it and
// /api/chat refuses it, as Ollama does for embedding-only models.
func Embedding() ModelOption { return func(m *fakeModel) { m.embedding = true } }

// EmbeddingDim makes the model an embedding model returning vectors of
// length n.
func EmbeddingDim(n int) ModelOption {
	return func(m *fakeModel) {
		m.embedding = true
		m.dim = n
	}
}

// NoTools makes a chat model whose template has no tools, so a chat
// offering tools fails with Ollama's "does not support tools".
func NoTools() ModelOption { return func(m *fakeModel) { m.noTools = true } }

func newFakeModel(name string, opts []ModelOption) *fakeModel {
	m := &fakeModel{
		name:       fullName(name),
		dim:        DefaultEmbeddingDim,
		params:     map[string]any{},
		modifiedAt: time.Now().UTC(),
	}
	for _, o := range opts {
		o(m)
	}
	// Defaults like llama3.2 for chat models and nomic-embed-text for
	// embedding models.
	switch {
	case m.family == "" && m.embedding:
		m.family = "nomic-bert"
	case m.family == "":
		m.family = "llama"
	}
	switch {
	case m.ctxLen == 0 && m.embedding:
		m.ctxLen = 2048
	case m.ctxLen == 0:
		m.ctxLen = 131072
	}
	if m.numCtx > 0 {
		m.params["num_ctx"] = m.numCtx
	}
	return m
}

func (m *fakeModel) capabilities() []string {
	if m.embedding {
		return []string{"embedding"}
	}
	if m.noTools {
		return []string{"completion"}
	}
	return []string{"completion", "tools"}
}

func (m *fakeModel) digest() string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(m.name)))
}

func (m *fakeModel) details() wireDetails {
	q := "Q4_K_M"
	if m.embedding {
		q = "F16"
	}
	return wireDetails{Format: "gguf", Family: m.family, Families: []string{m.family}, ParameterSize: "1B", QuantizationLevel: q}
}

// NewFake starts a fake Ollama server that is closed when the test ends.
// It fails the test when a chat arrives with no reply scripted for it, and
// at the end when scripted replies were left unused.
func NewFake(t testing.TB) *Fake {
	t.Helper()
	f := &Fake{
		t:       t,
		closing: make(chan struct{}),
		models:  map[string]*fakeModel{},
		blobs:   map[string][]byte{},
		loaded:  map[string]time.Time{},
	}
	f.srv = httptest.NewServer(f.routes())
	f.URL = f.srv.URL
	t.Cleanup(func() {
		f.Close()
		f.AssertScriptUsed(t)
	})
	return f
}

// Close shuts the server down; afterwards its URL refuses connections,
// which simulates Ollama going away. Streams in flight are cut.
func (f *Fake) Close() {
	f.closeOnce.Do(func() {
		close(f.closing)
		f.srv.CloseClientConnections()
		f.srv.Close()
	})
}

// SetDown makes every request fail at the transport level (the connection
// is closed without a response) while down is true, simulating an outage
// without changing the URL.
func (f *Fake) SetDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

// AddModel makes a model available locally under name (":latest" is added
// when the name has no tag, as Ollama does). By default it is a chat model
// of the llama family with tools support and a 131072 context length; with
// Embedding it defaults to the nomic-bert family and a 2048 context length.
// Unlike real Ollama, only embedding models answer /api/embed (others get
// a 404), so a test catches code that embeds with a chat role.
func (f *Fake) AddModel(name string, opts ...ModelOption) {
	m := newFakeModel(name, opts)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.models[m.name] = m
}

// RemoveModel deletes a model, as `ollama rm` would.
func (f *Fake) RemoveModel(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.models, fullName(name))
	delete(f.loaded, fullName(name))
}

// OnChat sets the function that answers chat requests once the Script
// queue is empty. It is called from the server's goroutine.
func (f *Fake) OnChat(fn func(req ChatRequest) Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onChat = fn
}

// ReplyWith answers every chat (once the Script queue is empty) by
// streaming chunks.
func (f *Fake) ReplyWith(chunks ...string) {
	f.OnChat(func(ChatRequest) Reply { return Reply{Chunks: chunks} })
}

// Script queues replies that answer the next chat requests in order,
// before OnChat is consulted. Replies still queued when the test ends fail
// it.
func (f *Fake) Script(replies ...Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, replies...)
}

// AssertScriptUsed fails t if scripted replies are still queued.
func (f *Fake) AssertScriptUsed(t testing.TB) {
	t.Helper()
	f.mu.Lock()
	left := len(f.script)
	f.mu.Unlock()
	if left > 0 {
		t.Errorf("ollamatest: %d scripted chat replies were never requested", left)
	}
}

// FailPull makes every later pull (and every create from a model that is
// not local) fail with msg, sent the way Ollama reports registry errors: a
// 200 stream whose second line is {"error": msg}. An empty msg means the
// error Ollama gives when the registry cannot be reached (no network).
func (f *Fake) FailPull(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pullErr = &msg
}

// Requests returns every chat request the fake decoded, in arrival order,
// including those it answered with an error.
func (f *Fake) Requests() []ChatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.chats)
}

// EmbedCalls returns every embed request the fake decoded, in order.
func (f *Fake) EmbedCalls() []EmbedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.embeds)
}

// EmbeddedInputs returns how many texts were embedded in all.
func (f *Fake) EmbeddedInputs() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, e := range f.embeds {
		n += len(e.Input)
	}
	return n
}

// Creates returns every create request the fake decoded, in order.
func (f *Fake) Creates() []CreateRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.creates)
}

// Pulls returns the names of the models pull was asked for, in order.
func (f *Fake) Pulls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.pulls)
}

// Blob returns the bytes uploaded under digest ("sha256:<hex>").
func (f *Fake) Blob(digest string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.blobs[digest]
	return b, ok
}

// Models returns the names of the local models, sorted.
func (f *Fake) Models() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for name := range f.models {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Loaded returns the models /api/ps would show now, sorted: those used by a
// chat, embed or load with a keep_alive other than zero that has not
// expired.
func (f *Fake) Loaded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loadedLocked(time.Now())
}

func (f *Fake) loadedLocked(now time.Time) []string {
	var out []string
	for name, exp := range f.loaded {
		if exp.After(now) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Cuts returns how many chat streams stopped early because the client
// went away (cancelled its context or closed the connection).
func (f *Fake) Cuts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cuts
}

// DeadURL returns an http URL on the loopback interface where nothing
// listens, for testing an unreachable Ollama.
func DeadURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ollamatest: find a free port: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("ollamatest: free port: %v", err)
	}
	return "http://" + addr
}
