package ollamatest

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// These tests speak raw HTTP to the fake, so they pin the wire format
// independently of pkg/llm (whose own tests use the fake through the
// ollama api client).

// recordingTB stands in for the test the fake reports to, so a test can
// check that the fake fails it.
type recordingTB struct {
	testing.TB
	mu      sync.Mutex
	errs    []string
	skipped string
	fatal   string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Skip(args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) Fatal(args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) Fatalf(format string, args ...any) { r.Fatal(fmt.Sprintf(format, args...)) }

func (r *recordingTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ndjsonLines decodes every line of a streamed response.
func ndjsonLines(t *testing.T, r io.Reader) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestFakeChatStreamWireFormat(t *testing.T) {
	f := NewFake(t)
	f.AddModel("m")
	f.Script(Reply{Chunks: []string{"Hel", "lo"}, ToolCalls: []ToolCall{{Name: "lookup", Arguments: map[string]any{"q": "x"}}}, PromptTokens: 7})
	resp := post(t, f.URL+"/api/chat", `{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"num_ctx":2048},"keep_alive":"10m"}`)
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("content type = %q, want application/x-ndjson", ct)
	}
	lines := ndjsonLines(t, resp.Body)
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 2 chunks, a tool call line and the done line: %v", len(lines), lines)
	}
	for i, want := range []string{"Hel", "lo"} {
		msg := lines[i]["message"].(map[string]any)
		if msg["content"] != want || msg["role"] != "assistant" || lines[i]["done"] != false || lines[i]["model"] != "m" {
			t.Errorf("line %d = %v, want assistant content %q not done", i, lines[i], want)
		}
	}
	calls := lines[2]["message"].(map[string]any)["tool_calls"].([]any)
	fn := calls[0].(map[string]any)["function"].(map[string]any)
	if fn["name"] != "lookup" || fn["arguments"].(map[string]any)["q"] != "x" {
		t.Errorf("tool call line = %v", lines[2])
	}
	done := lines[3]
	if done["done"] != true || done["done_reason"] != "stop" || done["prompt_eval_count"] != 7.0 || done["eval_count"] != 2.0 {
		t.Errorf("done line = %v, want done, stop, 7 prompt and 2 eval tokens", done)
	}
	got := f.Requests()[0]
	if got.NumCtx() != 2048 || got.Stream != nil || got.LastUser() != "hi" {
		t.Errorf("recorded request = %+v", got)
	}
	if d, ok := got.KeepAliveDuration(); !ok || d != 10*time.Minute {
		t.Errorf("keep_alive = %v, %v; want 10m", d, ok)
	}
}

func TestFakeChatNoStream(t *testing.T) {
	f := NewFake(t)
	f.AddModel("m")
	f.ReplyWith("a", "b", "c")
	resp := post(t, f.URL+"/api/chat", `{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false}`)
	var body wireChatResponse
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Message.Content != "abc" || !body.Done || body.EvalCount != 3 {
		t.Errorf("non-streamed reply = %+v, want content abc, done, 3 tokens", body)
	}
	if s := f.Requests()[0].Stream; s == nil || *s {
		t.Errorf("recorded stream = %v, want false", s)
	}
}

func TestFakeErrors(t *testing.T) {
	f := NewFake(t)
	f.AddModel("chat")
	f.AddModel("emb", Embedding())
	f.Script(Reply{Status: 503, Error: "server busy"})
	tests := []struct {
		name, path, body string
		wantStatus       int
		wantError        string
	}{
		{"chat unknown model", "/api/chat", `{"model":"x","messages":[{"role":"user","content":"hi"}]}`, 404, `model "x" not found, try pulling it first`},
		{"chat without model", "/api/chat", `{"messages":[]}`, 400, "model is required"},
		{"chat bad json", "/api/chat", `{"model":`, 400, "unexpected EOF"},
		{"chat empty body", "/api/chat", ``, 400, "missing request body"},
		{"chat with embedding model", "/api/chat", `{"model":"emb","messages":[{"role":"user","content":"hi"}]}`, 400, `"emb" does not support chat`},
		{"scripted status", "/api/chat", `{"model":"chat","messages":[{"role":"user","content":"hi"}]}`, 503, "server busy"},
		{"embed unknown model", "/api/embed", `{"model":"x","input":"hi"}`, 404, "model 'x' not found"},
		{"embed with chat model", "/api/embed", `{"model":"chat","input":"hi"}`, 404, "model 'chat' not found (ollamatest: it was not added as an embedding model)"},
		{"embed bad input", "/api/embed", `{"model":"emb","input":[1,2]}`, 400, "invalid input type"},
		{"show unknown model", "/api/show", `{"model":"x"}`, 404, "model 'x' not found"},
		{"generate unknown model", "/api/generate", `{"model":"x","keep_alive":0}`, 404, "model 'x' not found"},
		{"create without source", "/api/create", `{"model":"y"}`, 400, "neither 'from' or 'files' was specified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(t, f.URL+tt.path, tt.body)
			var body wireError
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus || body.Error != tt.wantError {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body.Error, tt.wantStatus, tt.wantError)
			}
		})
	}
}

func TestFakeEmbedInputForms(t *testing.T) {
	f := NewFake(t)
	f.AddModel("emb", EmbeddingDim(16))
	tests := []struct {
		body string
		want []string
	}{
		{`{"model":"emb","input":"one text"}`, []string{"one text"}},
		{`{"model":"emb","input":["a","b"]}`, []string{"a", "b"}},
		{`{"model":"emb","input":""}`, nil},
		{`{"model":"emb","input":[]}`, nil},
		{`{"model":"emb"}`, nil},
	}
	for _, tt := range tests {
		resp := post(t, f.URL+"/api/embed", tt.body)
		var body wireEmbedResponse
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		if len(body.Embeddings) != len(tt.want) || body.Embeddings == nil {
			t.Errorf("%s: %d embeddings (nil %v), want %d", tt.body, len(body.Embeddings), body.Embeddings == nil, len(tt.want))
		}
		for i, v := range body.Embeddings {
			if diff := cmp.Diff(HashEmbedding(tt.want[i], 16), v); diff != "" {
				t.Errorf("%s: vector %d (-want +got):\n%s", tt.body, i, diff)
			}
		}
	}
	var inputs [][]string
	for _, c := range f.EmbedCalls() {
		inputs = append(inputs, c.Input)
	}
	if diff := cmp.Diff([][]string{{"one text"}, {"a", "b"}, nil, nil, nil}, inputs); diff != "" {
		t.Errorf("recorded inputs (-want +got):\n%s", diff)
	}
}

func TestFakeShowReportsContextLength(t *testing.T) {
	f := NewFake(t)
	f.AddModel("m", Family("qwen2"), ContextLength(32768), NumCtx(8192))
	resp := post(t, f.URL+"/api/show", `{"name":"m"}`) // the deprecated field still works
	var body wireShowResponse
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.ModelInfo["qwen2.context_length"] != 32768.0 || body.Details.Family != "qwen2" {
		t.Errorf("show = %+v, want qwen2.context_length 32768", body)
	}
	if f := strings.Fields(body.Parameters); len(f) != 2 || f[0] != "num_ctx" || f[1] != "8192" {
		t.Errorf("parameters = %q, want num_ctx 8192", body.Parameters)
	}
}

func TestFakeBlobs(t *testing.T) {
	f := NewFake(t)
	data := []byte("weights")
	digest := fmt.Sprintf("sha256:%x", sha256.Sum256(data))
	head := func() int {
		req, _ := http.NewRequest(http.MethodHead, f.URL+"/api/blobs/"+digest, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := head(); got != 404 {
		t.Errorf("HEAD before upload = %d, want 404", got)
	}
	if resp := post(t, f.URL+"/api/blobs/"+digest, "other bytes"); resp.StatusCode != 400 || !strings.Contains(readAll(t, resp.Body), "digest mismatch") {
		t.Errorf("upload with a wrong digest = %d, want 400 digest mismatch", resp.StatusCode)
	}
	if resp := post(t, f.URL+"/api/blobs/"+digest, string(data)); resp.StatusCode != 201 {
		t.Errorf("upload = %d, want 201", resp.StatusCode)
	}
	if got := head(); got != 200 {
		t.Errorf("HEAD after upload = %d, want 200", got)
	}
	// A create naming a blob nobody uploaded fails inside the stream.
	resp := post(t, f.URL+"/api/create", `{"model":"x","files":{"a.gguf":"sha256:00"}}`)
	lines := ndjsonLines(t, resp.Body)
	if resp.StatusCode != 200 || len(lines) == 0 || !strings.Contains(fmt.Sprint(lines[len(lines)-1]["error"]), "no such file") {
		t.Errorf("create with a missing blob = %d %v, want a 200 stream ending in an error", resp.StatusCode, lines)
	}
}

func TestFakeLoadAndUnload(t *testing.T) {
	f := NewFake(t)
	f.AddModel("m")
	f.AddModel("n")
	f.ReplyWith("ok")
	post(t, f.URL+"/api/generate", `{"model":"m"}`)                                                       // load
	post(t, f.URL+"/api/chat", `{"model":"n","messages":[{"role":"user","content":"x"}],"keep_alive":0}`) // use and unload
	if diff := cmp.Diff([]string{"m:latest"}, f.Loaded()); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
	lines := ndjsonLines(t, post(t, f.URL+"/api/generate", `{"model":"m","keep_alive":0}`).Body)
	if len(lines) != 1 || lines[0]["done_reason"] != "unload" {
		t.Errorf("unload reply = %v", lines)
	}
	if got := f.Loaded(); len(got) != 0 {
		t.Errorf("loaded after unload = %v", got)
	}
}

func TestFakeSetDown(t *testing.T) {
	f := NewFake(t)
	f.SetDown(true)
	if resp, err := http.Get(f.URL + "/api/version"); err == nil {
		resp.Body.Close()
		t.Fatalf("GET while down succeeded with %s", resp.Status)
	}
	f.SetDown(false)
	resp, err := http.Get(f.URL + "/api/version")
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp.Body); !strings.Contains(body, FakeVersion) {
		t.Errorf("version = %s", body)
	}
	resp.Body.Close()
}

func TestFakeScriptOrderAndOnChat(t *testing.T) {
	f := NewFake(t)
	f.AddModel("m")
	f.Script(Reply{Chunks: []string{"first"}}, Reply{Chunks: []string{"second"}})
	f.OnChat(func(req ChatRequest) Reply { return Reply{Chunks: []string{"echo " + req.LastUser()}} })
	var got []string
	for _, q := range []string{"a", "b", "c"} {
		resp := post(t, f.URL+"/api/chat", `{"model":"m","stream":false,"messages":[{"role":"user","content":"`+q+`"}]}`)
		var body wireChatResponse
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		got = append(got, body.Message.Content)
	}
	if diff := cmp.Diff([]string{"first", "second", "echo c"}, got); diff != "" {
		t.Errorf("replies (-want +got):\n%s", diff)
	}
}

func TestFakeFailsTestOnUnusedScript(t *testing.T) {
	rec := &recordingTB{TB: t}
	f := NewFake(rec)
	f.Script(Reply{Chunks: []string{"never asked"}}, Reply{})
	f.AssertScriptUsed(rec)
	if errs := rec.errors(); len(errs) != 1 || !strings.Contains(errs[0], "2 scripted chat replies were never requested") {
		t.Errorf("errors = %q, want one about 2 unused replies", errs)
	}
	// The cleanup check reports to rec as well, so t itself stays green.
}

func TestFakeFailsTestOnUnscriptedChat(t *testing.T) {
	rec := &recordingTB{TB: t}
	f := NewFake(rec)
	f.AddModel("m")
	resp := post(t, f.URL+"/api/chat", `{"model":"m","messages":[{"role":"user","content":"x"}]}`)
	if resp.StatusCode != 500 {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
	if errs := rec.errors(); len(errs) != 1 || !strings.Contains(errs[0], "no reply scripted") {
		t.Errorf("errors = %q, want one about the unscripted chat", errs)
	}
}

func TestFakePullStream(t *testing.T) {
	f := NewFake(t)
	lines := ndjsonLines(t, post(t, f.URL+"/api/pull", `{"model":"llama3.2"}`).Body)
	var statuses []string
	for _, l := range lines {
		statuses = append(statuses, fmt.Sprint(l["status"]))
	}
	if statuses[0] != "pulling manifest" || statuses[len(statuses)-1] != "success" || len(statuses) < 5 {
		t.Errorf("statuses = %q", statuses)
	}
	if diff := cmp.Diff([]string{"llama3.2:latest"}, f.Models()); diff != "" {
		t.Errorf("models (-want +got):\n%s", diff)
	}

	f.FailPull("")
	resp := post(t, f.URL+"/api/pull", `{"model":"llama3.2:1b","stream":false}`)
	var body wireError
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	want := `pull model manifest: Get "https://registry.ollama.ai/v2/library/llama3.2/manifests/1b": dial tcp: lookup registry.ollama.ai: no such host`
	if resp.StatusCode != 500 || body.Error != want {
		t.Errorf("non-streamed failed pull = %d %q, want 500 %q", resp.StatusCode, body.Error, want)
	}
	if diff := cmp.Diff([]string{"llama3.2", "llama3.2:1b"}, f.Pulls()); diff != "" {
		t.Errorf("pulls (-want +got):\n%s", diff)
	}
}

func TestFullName(t *testing.T) {
	for in, want := range map[string]string{
		"cafebot-faq":                    "cafebot-faq:latest",
		"llama3.2:3b":                    "llama3.2:3b",
		"hf.co/user/model":               "hf.co/user/model:latest",
		"localhost:5000/library/model":   "localhost:5000/library/model:latest",
		"localhost:5000/library/model:1": "localhost:5000/library/model:1",
		"":                               "",
	} {
		if got := fullName(in); got != want {
			t.Errorf("fullName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseKeepAlive(t *testing.T) {
	forever := time.Duration(math.MaxInt64)
	tests := []struct {
		raw     string
		want    time.Duration
		wantSet bool
	}{
		{``, 0, false},
		{`null`, 0, false},
		{`0`, 0, true},
		{`300`, 5 * time.Minute, true},
		{`-1`, forever, true},
		{`"10m"`, 10 * time.Minute, true},
		{`"-1s"`, forever, true},
		{`"soon"`, 0, false},
		{`true`, 0, false},
	}
	for _, tt := range tests {
		got, set := parseKeepAlive(json.RawMessage(tt.raw))
		if got != tt.want || set != tt.wantSet {
			t.Errorf("parseKeepAlive(%s) = %v, %v; want %v, %v", tt.raw, got, set, tt.want, tt.wantSet)
		}
	}
}

func FuzzParseKeepAlive(f *testing.F) {
	for _, s := range []string{`0`, `-1`, `"5m"`, `1e300`, `"1h2m"`, `[]`, `{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, set := parseKeepAlive(json.RawMessage(raw))
		if !set && d != 0 {
			t.Fatalf("parseKeepAlive(%q) = %v but not set", raw, d)
		}
	})
}
