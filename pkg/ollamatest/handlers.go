package ollamatest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"sort"
	"strings"
	"time"
)

func (f *Fake) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chat", f.handleChat)
	mux.HandleFunc("POST /api/embed", f.handleEmbed)
	mux.HandleFunc("GET /api/tags", f.handleTags)
	mux.HandleFunc("POST /api/show", f.handleShow)
	mux.HandleFunc("GET /api/ps", f.handlePs)
	mux.HandleFunc("GET /api/version", f.handleVersion)
	mux.HandleFunc("POST /api/pull", f.handlePull)
	mux.HandleFunc("POST /api/create", f.handleCreate)
	mux.HandleFunc("HEAD /api/blobs/{digest}", f.handleHeadBlob)
	mux.HandleFunc("POST /api/blobs/{digest}", f.handlePostBlob)
	mux.HandleFunc("POST /api/generate", f.handleGenerate)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		down := f.down
		f.mu.Unlock()
		if down {
			hangUp(w)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// hangUp closes the connection without answering, like a server that died.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "ollamatest: cannot hang up", http.StatusServiceUnavailable)
		return
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, wireError{Error: msg})
}

// decode reads a JSON body, answering 400 like Ollama when it is bad.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	err := json.NewDecoder(r.Body).Decode(v)
	switch {
	case err == io.EOF:
		writeError(w, http.StatusBadRequest, "missing request body")
		return false
	case err != nil:
		writeError(w, http.StatusBadRequest, err.Error())
		return false
	}
	return true
}

// ndjson streams newline-delimited JSON values, flushing each one.
type ndjson struct {
	w       http.ResponseWriter
	started bool
}

func (s *ndjson) send(v any) error {
	if !s.started {
		s.w.Header().Set("Content-Type", "application/x-ndjson")
		s.w.WriteHeader(http.StatusOK)
		s.started = true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := s.w.Write(append(b, '\n')); err != nil {
		return err
	}
	if fl, ok := s.w.(http.Flusher); ok {
		fl.Flush()
	}
	return nil
}

// wait sleeps d unless the client goes away or the fake closes first.
func (f *Fake) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	case <-f.closing:
		return false
	}
}

func (f *Fake) model(name string) (*fakeModel, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.models[fullName(name)]
	return m, ok
}

// touch records a model use for /api/ps: keep_alive 0 unloads it, any
// other value (or none: Ollama's default of 5 minutes) keeps it loaded.
func (f *Fake) touch(name string, keepAlive json.RawMessage) {
	d, set := parseKeepAlive(keepAlive)
	if !set {
		d = 5 * time.Minute
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	name = fullName(name)
	if d == 0 {
		delete(f.loaded, name)
		return
	}
	exp := time.Now().Add(d)
	if exp.Before(time.Now()) { // overflow: forever
		exp = time.Now().AddDate(100, 0, 0)
	}
	f.loaded[name] = exp
}

func toChatRequest(w wireChatRequest) ChatRequest {
	req := ChatRequest{Model: w.Model, Options: w.Options, KeepAlive: w.KeepAlive, Stream: w.Stream}
	for _, m := range w.Messages {
		msg := Message{Role: m.Role, Content: m.Content}
		for _, tc := range m.ToolCalls {
			msg.ToolCalls = append(msg.ToolCalls, ToolCall{Name: tc.Function.Name, Arguments: tc.Function.Arguments})
		}
		req.Messages = append(req.Messages, msg)
	}
	for _, t := range w.Tools {
		req.Tools = append(req.Tools, Tool{Type: t.Type, Name: t.Function.Name, Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	return req
}

func (f *Fake) handleChat(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var wreq wireChatRequest
	if !decode(w, r, &wreq) {
		return
	}
	req := toChatRequest(wreq)
	f.mu.Lock()
	f.chats = append(f.chats, req)
	f.mu.Unlock()

	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return
	}
	m, ok := f.model(req.Model)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model %q not found, try pulling it first", req.Model))
		return
	}
	if m.embedding {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%q does not support chat", req.Model))
		return
	}
	if len(req.Tools) > 0 && m.noTools {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("registry.ollama.ai/library/%s does not support tools", m.name))
		return
	}
	f.touch(req.Model, req.KeepAlive)
	stream := req.Stream == nil || *req.Stream
	if len(req.Messages) == 0 {
		// Ollama answers an empty chat by just loading the model.
		resp := wireChatResponse{Model: req.Model, CreatedAt: time.Now().UTC(), Message: wireMessage{Role: "assistant"}, Done: true, DoneReason: "load"}
		if d, set := req.KeepAliveDuration(); set && d == 0 {
			resp.DoneReason = "unload"
		}
		writeJSON(w, http.StatusOK, resp)
		return
	}

	reply, ok := f.nextReply(req)
	if !ok {
		f.t.Errorf("ollamatest: chat with %s: no reply scripted (use Script, ReplyWith or OnChat)", req.Model)
		writeError(w, http.StatusInternalServerError, "ollamatest: no reply scripted")
		return
	}
	if reply.Status != 0 {
		msg := reply.Error
		if msg == "" {
			msg = http.StatusText(reply.Status)
		}
		writeError(w, reply.Status, msg)
		return
	}

	final := f.finalChunk(req, reply, start)
	if !stream {
		if !f.wait(r.Context(), reply.Delay) {
			f.cut()
			return
		}
		if reply.Error != "" {
			writeError(w, http.StatusInternalServerError, reply.Error)
			return
		}
		final.Message.Content = strings.Join(reply.Chunks, "")
		final.Message.ToolCalls = wireToolCalls(reply.ToolCalls)
		writeJSON(w, http.StatusOK, final)
		return
	}

	out := &ndjson{w: w}
	sent := 0
	send := func(v any) bool {
		if sent > 0 && !f.wait(r.Context(), reply.Delay) {
			f.cut()
			return false
		}
		sent++
		if err := out.send(v); err != nil {
			f.cut()
			return false
		}
		return true
	}
	for _, c := range reply.Chunks {
		if !send(wireChatResponse{Model: req.Model, CreatedAt: time.Now().UTC(), Message: wireMessage{Role: "assistant", Content: c}}) {
			return
		}
	}
	if reply.Error != "" {
		send(wireError{Error: reply.Error})
		return
	}
	if len(reply.ToolCalls) > 0 {
		msg := wireMessage{Role: "assistant", ToolCalls: wireToolCalls(reply.ToolCalls)}
		if !send(wireChatResponse{Model: req.Model, CreatedAt: time.Now().UTC(), Message: msg}) {
			return
		}
	}
	send(final)
}

func (f *Fake) cut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cuts++
}

func (f *Fake) nextReply(req ChatRequest) (Reply, bool) {
	f.mu.Lock()
	if len(f.script) > 0 {
		r := f.script[0]
		f.script = f.script[1:]
		f.mu.Unlock()
		return r, true
	}
	fn := f.onChat
	f.mu.Unlock()
	if fn == nil {
		return Reply{}, false
	}
	return fn(req), true
}

func (f *Fake) finalChunk(req ChatRequest, reply Reply, start time.Time) wireChatResponse {
	prompt := reply.PromptTokens
	if prompt == 0 {
		for _, m := range req.Messages {
			prompt += len(strings.Fields(m.Content))
		}
	}
	output := reply.OutputTokens
	if output == 0 {
		output = len(reply.Chunks)
	}
	reason := reply.DoneReason
	if reason == "" {
		reason = "stop"
	}
	return wireChatResponse{
		Model:              req.Model,
		CreatedAt:          time.Now().UTC(),
		Message:            wireMessage{Role: "assistant"},
		Done:               true,
		DoneReason:         reason,
		TotalDuration:      int64(time.Since(start)) + 1,
		LoadDuration:       1,
		PromptEvalCount:    prompt,
		PromptEvalDuration: 1,
		EvalCount:          output,
		EvalDuration:       1,
	}
}

func wireToolCalls(tcs []ToolCall) []wireToolCall {
	var out []wireToolCall
	for i, tc := range tcs {
		var w wireToolCall
		w.Function.Index = i
		w.Function.Name = tc.Name
		w.Function.Arguments = tc.Arguments
		if w.Function.Arguments == nil {
			w.Function.Arguments = map[string]any{}
		}
		out = append(out, w)
	}
	return out
}

func (f *Fake) handleEmbed(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var wreq wireEmbedRequest
	if !decode(w, r, &wreq) {
		return
	}
	var input []string
	switch in := wreq.Input.(type) {
	case string:
		if in != "" {
			input = append(input, in)
		}
	case []any:
		for _, v := range in {
			s, ok := v.(string)
			if !ok {
				writeError(w, http.StatusBadRequest, "invalid input type")
				return
			}
			input = append(input, s)
		}
	case nil:
	default:
		writeError(w, http.StatusBadRequest, "invalid input type")
		return
	}
	f.mu.Lock()
	f.embeds = append(f.embeds, EmbedRequest{Model: wreq.Model, Input: input, Options: wreq.Options, KeepAlive: wreq.KeepAlive})
	f.mu.Unlock()

	m, ok := f.model(wreq.Model)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model '%s' not found", wreq.Model))
		return
	}
	if !m.embedding {
		// Real Ollama would embed with a chat model; the fake refuses so a
		// test catches code that embeds with the wrong role.
		writeError(w, http.StatusNotFound, fmt.Sprintf("model '%s' not found (ollamatest: it was not added as an embedding model)", wreq.Model))
		return
	}
	f.touch(wreq.Model, wreq.KeepAlive)
	resp := wireEmbedResponse{Model: wreq.Model, Embeddings: [][]float32{}, LoadDuration: 1}
	for _, s := range input {
		resp.Embeddings = append(resp.Embeddings, HashEmbedding(s, m.dim))
		resp.PromptEvalCount += len(strings.Fields(s))
	}
	resp.TotalDuration = int64(time.Since(start)) + 1
	writeJSON(w, http.StatusOK, resp)
}

func (f *Fake) handleTags(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	out := struct {
		Models []wireListModel `json:"models"`
	}{Models: []wireListModel{}}
	for _, m := range f.models {
		out.Models = append(out.Models, wireListModel{
			Name: m.name, Model: m.name, ModifiedAt: m.modifiedAt, Size: 1 << 20, Digest: m.digest(), Details: m.details(),
		})
	}
	f.mu.Unlock()
	sort.Slice(out.Models, func(i, j int) bool { return out.Models[i].Name < out.Models[j].Name })
	writeJSON(w, http.StatusOK, out)
}

func (f *Fake) handleShow(w http.ResponseWriter, r *http.Request) {
	var req wireShowRequest
	if !decode(w, r, &req) {
		return
	}
	if req.Model == "" {
		req.Model = req.Name
	}
	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return
	}
	m, ok := f.model(req.Model)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model '%s' not found", req.Model))
		return
	}
	f.mu.Lock()
	keys := make([]string, 0, len(m.params))
	for k := range m.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var params []string
	for _, k := range keys {
		params = append(params, fmt.Sprintf("%-30s %v", k, m.params[k]))
	}
	resp := wireShowResponse{
		Modelfile:  fmt.Sprintf("# Modelfile generated by ollamatest\nFROM %s\n", m.name),
		Parameters: strings.Join(params, "\n"),
		Template:   m.template,
		System:     m.system,
		Details:    m.details(),
		ModelInfo: map[string]any{
			"general.architecture":                         m.family,
			m.family + ".context_length":                   m.ctxLen,
			m.family + ".embedding_length":                 m.dim,
			"general.parameter_count":                      1_000_000_000,
			m.family + ".attention.head_count":             32,
			m.family + ".block_count":                      16,
			m.family + ".attention.head_count_kv":          8,
			m.family + ".feed_forward_length":              8192,
			m.family + ".rope.freq_base":                   500000,
			m.family + ".attention.key_length":             64,
			m.family + ".attention.value_length":           64,
			m.family + ".vocab_size":                       128256,
			m.family + ".rope.dimension_count":             64,
			m.family + ".attention.layer_norm_rms_epsilon": 1e-5,
		},
		Capabilities: m.capabilities(),
		ModifiedAt:   m.modifiedAt,
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (f *Fake) handlePs(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	out := struct {
		Models []wireRunningModel `json:"models"`
	}{Models: []wireRunningModel{}}
	for _, name := range f.loadedLocked(time.Now()) {
		rm := wireRunningModel{Name: name, Model: name, Size: 2 << 20, ExpiresAt: f.loaded[name]}
		if m, ok := f.models[name]; ok {
			rm.Digest = m.digest()
			rm.Details = m.details()
		}
		out.Models = append(out.Models, rm)
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (f *Fake) handleVersion(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": FakeVersion})
}

// pullError returns the error a pull of name fails with, or "".
func (f *Fake) pullError(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pullErr == nil {
		return ""
	}
	if *f.pullErr != "" {
		return *f.pullErr
	}
	repo, tag, ok := strings.Cut(name, ":")
	if !ok {
		tag = "latest"
	}
	if !strings.Contains(repo, "/") {
		repo = "library/" + repo
	}
	return fmt.Sprintf("pull model manifest: Get \"https://registry.ollama.ai/v2/%s/manifests/%s\": dial tcp: lookup registry.ollama.ai: no such host", repo, tag)
}

func (f *Fake) handlePull(w http.ResponseWriter, r *http.Request) {
	var req wirePullRequest
	if !decode(w, r, &req) {
		return
	}
	if req.Model == "" {
		req.Model = req.Name
	}
	f.mu.Lock()
	f.pulls = append(f.pulls, req.Model)
	f.mu.Unlock()
	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return
	}
	stream := req.Stream == nil || *req.Stream
	failure := f.pullError(req.Model)
	if !stream {
		if failure != "" {
			writeError(w, http.StatusInternalServerError, failure)
			return
		}
		f.addPulled(req.Model)
		writeJSON(w, http.StatusOK, wireProgress{Status: "success"})
		return
	}
	out := &ndjson{w: w}
	if !f.streamPull(r.Context(), out, req.Model, failure) {
		return
	}
	out.send(wireProgress{Status: "success"})
}

// streamPull sends the progress of a pull (or its failure) and reports
// whether it succeeded.
func (f *Fake) streamPull(ctx context.Context, out *ndjson, name, failure string) bool {
	if out.send(wireProgress{Status: "pulling manifest"}) != nil {
		return false
	}
	if failure != "" {
		out.send(wireError{Error: failure})
		return false
	}
	digest := fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(name)))
	const total = 3 << 20
	for done := int64(0); done <= total; done += 1 << 20 {
		if ctx.Err() != nil {
			return false
		}
		p := wireProgress{Status: "pulling " + digest[7:19], Digest: digest, Total: total, Completed: done}
		if out.send(p) != nil {
			return false
		}
	}
	for _, s := range []string{"verifying sha256 digest", "writing manifest"} {
		if out.send(wireProgress{Status: s}) != nil {
			return false
		}
	}
	f.addPulled(name)
	return true
}

func (f *Fake) addPulled(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.models[fullName(name)]; !ok {
		m := newFakeModel(name, nil)
		f.models[m.name] = m
	}
}

func (f *Fake) handleCreate(w http.ResponseWriter, r *http.Request) {
	var wreq wireCreateRequest
	if !decode(w, r, &wreq) {
		return
	}
	if wreq.Model == "" {
		wreq.Model = wreq.Name
	}
	req := CreateRequest{
		Model: wreq.Model, From: wreq.From, Files: wreq.Files, Template: wreq.Template,
		System: wreq.System, Parameters: wreq.Parameters, Quantize: wreq.Quantize,
	}
	f.mu.Lock()
	f.creates = append(f.creates, req)
	f.mu.Unlock()
	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return
	}
	if req.From == "" && len(req.Files) == 0 {
		writeError(w, http.StatusBadRequest, "neither 'from' or 'files' was specified")
		return
	}
	stream := wreq.Stream == nil || *wreq.Stream
	out := &ndjson{w: w}
	fail := func(msg string) {
		if stream {
			out.send(wireError{Error: msg})
		} else {
			writeError(w, http.StatusInternalServerError, msg)
		}
	}
	progress := func(status string) bool {
		return !stream || out.send(wireProgress{Status: status}) == nil
	}

	m := newFakeModel(req.Model, nil)
	if req.From != "" {
		base, ok := f.model(req.From)
		if ok {
			f.mu.Lock()
			m.family, m.ctxLen, m.embedding, m.dim, m.noTools = base.family, base.ctxLen, base.embedding, base.dim, base.noTools
			maps.Copy(m.params, base.params)
			m.template, m.system = base.template, base.system
			f.mu.Unlock()
			if !progress("using existing layer sha256:" + base.digest()) {
				return
			}
		} else {
			// Ollama pulls a base model it does not have.
			if !stream {
				if msg := f.pullError(req.From); msg != "" {
					fail(msg)
					return
				}
				f.addPulled(req.From)
			} else if !f.streamPull(r.Context(), out, req.From, f.pullError(req.From)) {
				return
			}
		}
	}
	for name, digest := range req.Files {
		f.mu.Lock()
		_, ok := f.blobs[digest]
		f.mu.Unlock()
		if !ok {
			fail(fmt.Sprintf("open blobs/%s (for %s): no such file or directory", strings.Replace(digest, ":", "-", 1), name))
			return
		}
		if !progress("parsing GGUF") {
			return
		}
	}
	maps.Copy(m.params, req.Parameters)
	if n := intOption(m.params, "num_ctx"); n > 0 {
		m.numCtx = n
	}
	if req.Template != "" {
		m.template = req.Template
		m.noTools = !strings.Contains(req.Template, ".Tools")
	}
	if req.System != "" {
		m.system = req.System
	}
	for _, s := range []string{"creating new layer sha256:" + m.digest(), "writing manifest"} {
		if !progress(s) {
			return
		}
	}
	f.mu.Lock()
	f.models[m.name] = m
	f.mu.Unlock()
	if stream {
		out.send(wireProgress{Status: "success"})
	} else {
		writeJSON(w, http.StatusOK, wireProgress{Status: "success"})
	}
}

func (f *Fake) handleHeadBlob(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	_, ok := f.blobs[r.PathValue("digest")]
	f.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (f *Fake) handlePostBlob(w http.ResponseWriter, r *http.Request) {
	digest := r.PathValue("digest")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if got := fmt.Sprintf("sha256:%x", sha256.Sum256(body)); got != digest {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("digest mismatch, expected %q, got %q", digest, got))
		return
	}
	f.mu.Lock()
	f.blobs[digest] = body
	f.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

func (f *Fake) handleGenerate(w http.ResponseWriter, r *http.Request) {
	var req wireGenerateRequest
	if !decode(w, r, &req) {
		return
	}
	if req.Model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return
	}
	if _, ok := f.model(req.Model); !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model '%s' not found", req.Model))
		return
	}
	if req.Prompt != "" {
		f.t.Errorf("ollamatest: /api/generate with a prompt is not supported; cafebot chats through /api/chat")
		writeError(w, http.StatusNotImplemented, "ollamatest: generate with a prompt is not supported")
		return
	}
	f.touch(req.Model, req.KeepAlive)
	resp := wireGenerateResponse{Model: req.Model, CreatedAt: time.Now().UTC(), Done: true, DoneReason: "load"}
	if d, set := parseKeepAlive(req.KeepAlive); set && d == 0 {
		resp.DoneReason = "unload"
	}
	if req.Stream == nil || *req.Stream {
		(&ndjson{w: w}).send(resp)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}
