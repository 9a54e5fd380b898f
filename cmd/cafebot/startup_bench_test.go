package main

import (
	"bytes"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// startupBinaries are the binaries the start-up benchmarks run: this tree's
// build (or CAFEBOT_AFTER_BIN, a kept build a profiler can symbolise), and
// CAFEBOT_BEFORE_BIN when set (an older build, so before and after are
// measured in one run on one machine).
func startupBinaries(b *testing.B) map[string]string {
	b.Helper()
	bin := os.Getenv("CAFEBOT_AFTER_BIN")
	if bin == "" {
		bin = filepath.Join(b.TempDir(), "cafebot")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
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
// byte, model time excluded), total-ms to the process's exit, cpu-ms the
// process's user and system time (which load from other work on the
// machine inflates less than wall time); p50 is the median of the b.N
// runs, the other figures their mean. With
// CAFEBOT_BEFORE_BIN set, the "paired" sub-benchmark alternates the two
// builds run by run, so load from other work on the machine falls on both
// alike, and reports each build's median and their ratio.
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
	homes := map[string]string{}
	for name, bin := range bins {
		home := b.TempDir()
		if out, err := exec.Command(bin, "--home", home, "--ollama", f.URL, "ingest", kb).CombinedOutput(); err != nil {
			b.Fatalf("ingest: %v\n%s", err, out)
		}
		homes[name] = home
	}
	// askOnce runs one ask and returns its time to the model, in all, and
	// its CPU time.
	askOnce := func(b *testing.B, name string) (toModel, total, cpu time.Duration) {
		cmd := exec.Command(bins[name], "--home", homes[name], "--ollama", f.URL, "ask", "Is the killer brownie gluten free?")
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s ask: %v\n%s", name, err, out.String())
		}
		total = time.Since(start)
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		select {
		case at := <-arrived:
			toModel = at.Sub(start)
		default:
			b.Fatalf("%s: the FAQ model was not asked:\n%s", name, out.String())
		}
		if !strings.Contains(out.String(), "wheat") {
			b.Fatalf("%s answer: %s", name, out.String())
		}
		return toModel, total, cpu
	}
	for _, name := range slices.Sorted(maps.Keys(bins)) {
		b.Run(name, func(b *testing.B) {
			var toModel, total, cpu []time.Duration
			for range b.N {
				m, t, c := askOnce(b, name)
				toModel, total, cpu = append(toModel, m), append(total, t), append(cpu, c)
			}
			b.ReportMetric(msMean(toModel), "to-model-ms")
			b.ReportMetric(msMedian(toModel), "to-model-p50-ms")
			b.ReportMetric(msMean(total), "total-ms")
			b.ReportMetric(msMedian(cpu), "cpu-p50-ms")
		})
	}
	if len(bins) < 2 {
		return
	}
	b.Run("paired", func(b *testing.B) {
		runs, cpu := map[string][]time.Duration{}, map[string][]time.Duration{}
		for i := range b.N {
			order := []string{"before", "after"}
			if i%2 == 1 {
				order[0], order[1] = order[1], order[0]
			}
			for _, name := range order {
				m, _, c := askOnce(b, name)
				runs[name], cpu[name] = append(runs[name], m), append(cpu[name], c)
			}
		}
		before, after := msMedian(runs["before"]), msMedian(runs["after"])
		b.ReportMetric(before, "before-p50-ms")
		b.ReportMetric(after, "after-p50-ms")
		b.ReportMetric(after/before, "after/before")
		b.ReportMetric(msMedian(cpu["before"]), "before-cpu-p50-ms")
		b.ReportMetric(msMedian(cpu["after"]), "after-cpu-p50-ms")
	})
}

// msMean returns the mean of ds in milliseconds.
func msMean(ds []time.Duration) float64 {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return float64(sum.Microseconds()) / 1000 / float64(len(ds))
}

// msMedian returns the median of ds in milliseconds.
func msMedian(ds []time.Duration) float64 {
	s := slices.Sorted(slices.Values(ds))
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return float64(m.Microseconds()) / 1000
}
