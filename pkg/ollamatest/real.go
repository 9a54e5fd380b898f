package ollamatest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
)

// Environment variables StartReal reads.
const (
	// EnvBin names the ollama binary to run, overriding the search.
	EnvBin = "CAFEBOT_OLLAMA_BIN"
	// EnvMode is "require" to fail (not skip) tests when the binary is
	// missing, or "off" to skip real-server tests even when it is there.
	EnvMode = "CAFEBOT_REAL_OLLAMA"
)

// startTimeout bounds how long `ollama serve` may take to answer.
const startTimeout = 60 * time.Second

const missingHint = "build it with `make ollama` (go install github.com/ollama/ollama@v0.6.5) or point " + EnvBin + " at an ollama binary"

// chatTemplate is a plain role-tagged prompt. It mentions .Tools so Ollama
// lets requests offer tools to the tiny model.
const chatTemplate = `{{- if .System }}<|system|>
{{ .System }}
{{ end }}
{{- if .Tools }}<|tools|>
{{- range .Tools }} {{ .Function.Name }}{{ end }}
{{ end }}
{{- range .Messages }}<|{{ .Role }}|>
{{ .Content }}
{{- range .ToolCalls }} {{ .Function.Name }}{{ end }}
{{ end }}<|assistant|>
`

// tinyModelfile is the Modelfile StartReal creates a model of the given
// kind from. num_thread 1 matters: on a busy 2-core machine llama.cpp's
// default of one thread per core makes the threads spin-wait for each
// other, about 350 ms per token instead of well under 1 ms. The tiny
// models never emit </s>, so num_predict bounds every reply; the guard
// answers with its one token.
func tinyModelfile(kind TinyKind) (file, text string) {
	switch kind {
	case TinyEmbed:
		return "tiny-embed.gguf", "FROM ./tiny-embed.gguf\nPARAMETER num_thread 1\n"
	case TinyGuard:
		return "tiny-guard.gguf", "FROM ./tiny-guard.gguf\nPARAMETER num_thread 1\nPARAMETER num_predict 1\n" +
			`TEMPLATE """` + chatTemplate + `"""` + "\n"
	}
	return "tiny-chat.gguf", "FROM ./tiny-chat.gguf\nPARAMETER num_thread 1\nPARAMETER num_predict 24\n" +
		`TEMPLATE """` + chatTemplate + `"""` + "\n"
}

// Real is a real Ollama server started for one test, with the tiny models
// created in it.
type Real struct {
	// URL is the base URL of the server, e.g. http://127.0.0.1:41234.
	URL string
	// Bin is the ollama binary that runs.
	Bin string
	// LogPath is the file the server's output goes to.
	LogPath string
	// Dir holds the server's state (HOME, OLLAMA_MODELS, the GGUF files).
	Dir string

	client   *llm.Client
	cmd      *exec.Cmd
	exited   chan struct{}
	stopOnce sync.Once
}

// StartReal starts `ollama serve` on a free loopback port with throw-away
// state, creates each named model from the tiny random-weight GGUF (with
// llm.Client.Create, as `cafebot models setup` would), and stops the
// server when the test ends. TinyKindFor(name) picks the model: a name
// containing "embed" is an embedding model Ollama will not chat with, one
// containing "guard" always answers "safe", and any other is a chat model
// (template with tools) that streams 24 random words. All of them embed
// to TinyEmbeddingDim dimensions. The test is skipped when no ollama
// binary is found, or fails when CAFEBOT_REAL_OLLAMA=require.
//
// Measured on the 2-core build machine: the server answers in about 35 ms,
// each model is created in about 10 ms, and the first request to a model
// starts its runner in about 0.25 s; a reply of 24 tokens then takes a
// few milliseconds.
func StartReal(t testing.TB, models ...string) *Real {
	t.Helper()
	switch mode := os.Getenv(EnvMode); {
	case mode == "off":
		t.Skip("ollamatest: real Ollama disabled by " + EnvMode + "=off")
	case mode != "require" && testing.Short():
		t.Skip("ollamatest: real Ollama skipped in -short mode")
	}
	bin, tried := findOllama()
	if bin == "" {
		msg := fmt.Sprintf("ollamatest: no ollama binary (looked at %s): %s", strings.Join(tried, ", "), missingHint)
		if os.Getenv(EnvMode) == "require" {
			t.Fatal(msg + " (" + EnvMode + "=require)")
		}
		t.Skip(msg)
	}

	start := time.Now()
	r := &Real{Bin: bin, Dir: t.TempDir()}
	r.LogPath = filepath.Join(r.Dir, "ollama.log")
	if err := r.start(); err != nil {
		t.Fatalf("ollamatest: %v\n%s", err, r.logTail(40))
	}
	t.Cleanup(func() {
		r.Stop()
		if t.Failed() {
			t.Logf("ollamatest: ollama serve log (%s), last lines:\n%s", r.LogPath, r.logTail(60))
		}
	})
	client, err := llm.New(r.URL, nil)
	if err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	r.client = client
	ready := time.Since(start)
	r.CreateModels(t, models...)
	t.Logf("ollamatest: ollama serve ready at %s in %v; %d models created in %v", r.URL, ready.Round(time.Millisecond), len(models), (time.Since(start) - ready).Round(time.Millisecond))
	return r
}

// Client returns a pkg/llm client for the server.
func (r *Real) Client() *llm.Client { return r.client }

// Env returns the environment entries that point a cafebot subprocess (or
// the ollama CLI) at the server; append them to os.Environ() (later
// entries win, and the ollama CLI panics without HOME).
func (r *Real) Env() []string { return []string{"OLLAMA_HOST=" + r.URL} }

// CreateModels creates more tiny models in the running server, named as
// for StartReal.
func (r *Real) CreateModels(t testing.TB, names ...string) {
	t.Helper()
	for _, name := range names {
		file, text := tinyModelfile(TinyKindFor(name))
		if err := WriteTinyGGUF(filepath.Join(r.Dir, file), TinyKindFor(name)); err != nil {
			t.Fatalf("ollamatest: %v", err)
		}
		mf, err := llm.ParseModelfile(strings.NewReader(text))
		if err != nil {
			t.Fatalf("ollamatest: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
		err = r.client.Create(ctx, name, mf, r.Dir, nil)
		cancel()
		if err != nil {
			t.Fatalf("ollamatest: %v\n%s", err, r.logTail(40))
		}
	}
}

// Log returns everything the server has logged so far.
func (r *Real) Log() string {
	b, _ := os.ReadFile(r.LogPath)
	return string(b)
}

// Stop shuts the server down (its runners with it) and waits for it; the
// URL then refuses connections. It is safe to call more than once.
func (r *Real) Stop() {
	r.stopOnce.Do(r.stopProcess)
}

func (r *Real) stopProcess() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	// SIGTERM lets ollama stop its runner subprocesses; a hard kill of the
	// process group is the fallback.
	terminate(r.cmd)
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
		killGroup(r.cmd)
		<-r.exited
	}
}

func (r *Real) start() error {
	home := filepath.Join(r.Dir, "home")
	models := filepath.Join(r.Dir, "models")
	for _, d := range []string{home, models} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("start ollama: %w", err)
		}
	}
	logf, err := os.Create(r.LogPath)
	if err != nil {
		return fmt.Errorf("start ollama: %w", err)
	}
	defer logf.Close()

	// The free port may be taken between closing the probe and the server
	// binding it; try a few.
	var lastErr error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return fmt.Errorf("start ollama: %w", err)
		}
		addr := net.JoinHostPort("127.0.0.1", port)
		cmd := exec.Command(r.Bin, "serve")
		cmd.Env = append(cleanEnv(), "HOME="+home, "OLLAMA_MODELS="+models, "OLLAMA_HOST="+addr)
		cmd.Stdout, cmd.Stderr = logf, logf
		cmd.Dir = r.Dir
		setProcessGroup(cmd)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start %s serve: %w", r.Bin, err)
		}
		exited := make(chan struct{})
		go func() {
			cmd.Wait()
			close(exited)
		}()
		r.cmd, r.exited, r.URL = cmd, exited, "http://"+addr
		lastErr = r.waitReady()
		if lastErr == nil {
			return nil
		}
		r.stopProcess()
		if !errors.Is(lastErr, errExited) {
			break
		}
	}
	return lastErr
}

var errExited = errors.New("ollama serve exited")

func (r *Real) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-r.exited:
			return fmt.Errorf("start ollama at %s: %w (%v)", r.URL, errExited, r.cmd.ProcessState)
		default:
		}
		resp, err := http.Get(r.URL + "/api/version")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("start ollama at %s: no answer on /api/version within %v", r.URL, startTimeout)
}

func (r *Real) logTail(n int) string {
	lines := strings.Split(strings.TrimRight(r.Log(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// cleanEnv is the test's environment without the user's Ollama settings
// (OLLAMA_DEBUG is kept, to debug a failing test) and without HOME.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || (strings.HasPrefix(k, "OLLAMA_") && k != "OLLAMA_DEBUG") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

// findOllama looks for the binary in $CAFEBOT_OLLAMA_BIN, then in
// $(go env GOPATH)/bin where `make ollama` installs it, then on PATH. It
// returns "" and the places it looked when there is none.
func findOllama() (string, []string) {
	if bin := os.Getenv(EnvBin); bin != "" {
		if isExecutable(bin) {
			return bin, nil
		}
		return "", []string{EnvBin + "=" + bin}
	}
	var tried []string
	if gopath := goPath(); gopath != "" {
		bin := filepath.Join(gopath, "bin", "ollama")
		if isExecutable(bin) {
			return bin, nil
		}
		tried = append(tried, bin)
	}
	if bin, err := exec.LookPath("ollama"); err == nil {
		return bin, nil
	}
	return "", append(tried, "PATH")
}

func goPath() string {
	if gp := os.Getenv("GOPATH"); gp != "" {
		return filepath.SplitList(gp)[0]
	}
	if goBin, err := exec.LookPath("go"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, goBin, "env", "GOPATH").Output()
		if gp := strings.TrimSpace(string(out)); err == nil && gp != "" {
			return filepath.SplitList(gp)[0]
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go")
	}
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// The tiny GGUFs are generated once per test binary.
var (
	tinyOnce  sync.Once
	tinyFiles [3][]byte // by TinyKind
	tinyErr   error
)

func tinyGGUF(kind TinyKind) ([]byte, error) {
	tinyOnce.Do(func() {
		for k := range tinyFiles {
			var m memFile
			if tinyErr = writeTinyGGUF(&m, TinyKind(k)); tinyErr != nil {
				return
			}
			tinyFiles[k] = m.buf
		}
	})
	if tinyErr != nil {
		return nil, tinyErr
	}
	if kind < 0 || int(kind) >= len(tinyFiles) {
		return nil, fmt.Errorf("unknown tiny model kind %d", kind)
	}
	return tinyFiles[kind], nil
}

// memFile is an in-memory io.WriteSeeker; WriteGGUF seeks to pad tensors.
type memFile struct {
	buf []byte
	pos int64
}

func (m *memFile) Write(p []byte) (int, error) {
	if end := m.pos + int64(len(p)); end > int64(len(m.buf)) {
		m.buf = append(m.buf, make([]byte, end-int64(len(m.buf)))...)
	}
	n := copy(m.buf[m.pos:], p)
	m.pos += int64(n)
	return n, nil
}

func (m *memFile) Seek(offset int64, whence int) (int64, error) {
	var pos int64
	switch whence {
	case io.SeekStart:
		pos = offset
	case io.SeekCurrent:
		pos = m.pos + offset
	case io.SeekEnd:
		pos = int64(len(m.buf)) + offset
	default:
		return 0, fmt.Errorf("seek: bad whence %d", whence)
	}
	if pos < 0 {
		return 0, errors.New("seek: negative position")
	}
	m.pos = pos
	return pos, nil
}
