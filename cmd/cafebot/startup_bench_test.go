package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// startupBinaries are the binaries the start-up benchmarks run: this tree's
// build, and CAFEBOT_BEFORE_BIN when set (an older build, so before and
// after are measured in one run on one machine).
func startupBinaries(b *testing.B) map[string]string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "cafebot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	bins := map[string]string{"after": bin}
	if before := os.Getenv("CAFEBOT_BEFORE_BIN"); before != "" {
		bins["before"] = before
	}
	return bins
}

// BenchmarkStartVersion is `cafebot --version` as a process: package init
// and the command tree, nothing else.
func BenchmarkStartVersion(b *testing.B) {
	for name, bin := range startupBinaries(b) {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if out, err := exec.Command(bin, "--version").CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}

// BenchmarkStartAsk is `cafebot ask` as a process at the bundled knowledge
// base (ingested with the fake's embeddings) against a fake Ollama that
// answers instantly: to-model-ms is from the exec to the FAQ model's chat
// request arriving (what a customer waits for before the first model
// byte, model time excluded), total-ms to the process's exit.
func BenchmarkStartAsk(b *testing.B) {
	bins := startupBinaries(b)
	f := ollamatest.NewFake(b)
	for _, m := range []string{"cafebot-faq", "cafebot-tools"} {
		f.AddModel(m, ollamatest.NumCtx(4096))
	}
	f.AddModel("cafebot-embed", ollamatest.Embedding(), ollamatest.EmbeddingDim(384))
	arrived := make(chan time.Time, 16)
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		select {
		case arrived <- time.Now():
		default:
		}
		return ollamatest.Reply{Chunks: []string{"The brownie contains wheat."}}
	})
	kb, err := filepath.Abs("../../knowledge")
	if err != nil {
		b.Fatal(err)
	}
	for name, bin := range bins {
		b.Run(name, func(b *testing.B) {
			home := b.TempDir()
			if out, err := exec.Command(bin, "--home", home, "--ollama", f.URL, "ingest", kb).CombinedOutput(); err != nil {
				b.Fatalf("ingest: %v\n%s", err, out)
			}
			var toModel, total time.Duration
			b.ResetTimer()
			for range b.N {
				cmd := exec.Command(bin, "--home", home, "--ollama", f.URL, "ask", "Is the killer brownie gluten free?")
				cmd.Env = append(os.Environ(), "NO_COLOR=1")
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, io.Discard
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("ask: %v\n%s", err, out.String())
				}
				total += time.Since(start)
				select {
				case at := <-arrived:
					toModel += at.Sub(start)
				default:
					b.Fatalf("the FAQ model was not asked:\n%s", out.String())
				}
				if !strings.Contains(out.String(), "wheat") {
					b.Fatalf("answer: %s", out.String())
				}
			}
			b.ReportMetric(float64(toModel.Microseconds())/1000/float64(b.N), "to-model-ms")
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "total-ms")
		})
	}
}
