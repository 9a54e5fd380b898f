package server_test

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// cafebotBinary builds cmd/cafebot once per benchmark run.
func cafebotBinary(b *testing.B) string {
	b.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cafebot-bench-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "cafebot")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/cafebot/cafebot/cmd/cafebot").CombinedOutput()
		if err != nil {
			binErr = err
			b.Logf("%s", out)
		}
	})
	if binErr != nil {
		b.Skipf("build cafebot: %v", binErr)
	}
	return binPath
}

// benchHome is a cafebot home holding the bench index of size n.
func benchHome(b *testing.B, n int) string {
	b.Helper()
	src := filepath.Join(benchIndex(b, n), "index")
	home := b.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "index"), 0o755); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(src, "index.cbx"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "index", "index.cbx"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	return home
}

var listenRe = regexp.MustCompile(`listening on (http://\S+)`)

// startServeProcess runs `cafebot serve` on a free loopback port and
// returns its URL; it is stopped with SIGTERM when the benchmark ends.
func startServeProcess(b *testing.B, bin, home, ollama string) string {
	b.Helper()
	cmd := exec.Command(bin, "--home", home, "--ollama", ollama, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = benchEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case url := <-found:
		return url
	case <-time.After(60 * time.Second):
		b.Fatal("cafebot serve did not start within 60 s")
	}
	return ""
}

func benchEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CAFEBOT_") && !strings.HasPrefix(kv, "OLLAMA_HOST=") {
			env = append(env, kv)
		}
	}
	return env
}

// BenchmarkAskProcess measures `cafebot ask` as a person at the counter
// runs it: a whole process, start-up included, in-process (opening the
// index of each size) and with --server against a running `cafebot serve`
// process that holds it. The fake Ollama answers at once. 100k is skipped
// with -short.
func BenchmarkAskProcess(b *testing.B) {
	bin := cafebotBinary(b)
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.n >= 100_000 && testing.Short() {
				b.Skip("100k chunks: skipped with -short")
			}
			fake, _ := benchFake(b)
			home := benchHome(b, size.n)
			ask := func(b *testing.B, args ...string) {
				cmd := exec.CommandContext(context.Background(), bin, append([]string{"--home", home, "--ollama", fake.URL, "ask", "--json"}, args...)...)
				cmd.Env = benchEnv()
				out, err := cmd.Output()
				if err != nil || !strings.Contains(string(out), `"route": "faq"`) || strings.Contains(string(out), `"fallback": true`) {
					b.Fatalf("cafebot ask: %v\n%s", err, out)
				}
			}
			b.Run("in-process", func(b *testing.B) {
				for b.Loop() {
					ask(b, benchQuestion)
				}
			})
			b.Run("server", func(b *testing.B) {
				url := startServeProcess(b, bin, home, fake.URL)
				for b.Loop() {
					ask(b, "--server", url, benchQuestion)
				}
			})
		})
	}
}
