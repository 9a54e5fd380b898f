package main

import (
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// BenchmarkStartFirstMessage is a cold `cafebot classify hi` and a cold
// `cafebot moderate hi` as processes: everything a process builds before
// it can judge its first message (the gate's rules and composed rules,
// the sub-intents, the guard's lexicon, composed rules and learned layer).
// The builds of startupBinaries run alternately, run by run, so load from
// other work on the machine falls on both alike; each reports its median
// wall and CPU time, and with CAFEBOT_BEFORE_BIN set the after/before
// ratios of both. Each build has its own home with the bundled knowledge
// base ingested, as a café has (so the guard reads the café's contacts
// from the index's sidecar instead of scanning the documents), and talks
// to a fake Ollama that serves no guard model.
func BenchmarkStartFirstMessage(b *testing.B) {
	bins := startupBinaries(b)
	names := slices.Sorted(maps.Keys(bins))
	f := ollamatest.NewFake(b)
	f.AddModel("cafebot-embed", ollamatest.Embedding(), ollamatest.EmbeddingDim(384))
	kb, err := filepath.Abs("../../knowledge")
	if err != nil {
		b.Fatal(err)
	}
	homes := map[string]string{}
	for name, bin := range bins {
		homes[name] = b.TempDir()
		if out, err := exec.Command(bin, "--home", homes[name], "--ollama", f.URL, "ingest", kb).CombinedOutput(); err != nil {
			b.Fatalf("ingest: %v\n%s", err, out)
		}
	}
	for _, args := range [][]string{{"classify", "hi"}, {"moderate", "hi"}} {
		b.Run(args[0], func(b *testing.B) {
			wall, cpu := map[string][]time.Duration{}, map[string][]time.Duration{}
			for i := range b.N {
				order := slices.Clone(names)
				if i%2 == 1 {
					slices.Reverse(order)
				}
				for _, name := range order {
					cmd := exec.Command(bins[name], append([]string{"--home", homes[name], "--ollama", f.URL}, args...)...)
					start := time.Now()
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("%s %s: %v\n%s", name, args[0], err, out)
					}
					wall[name] = append(wall[name], time.Since(start))
					cpu[name] = append(cpu[name], cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
				}
			}
			for _, name := range names {
				b.ReportMetric(msMedian(wall[name]), name+"-p50-ms")
				b.ReportMetric(msMedian(cpu[name]), name+"-cpu-p50-ms")
			}
			if len(bins) == 2 {
				b.ReportMetric(msMedian(wall["after"])/msMedian(wall["before"]), "after/before")
				b.ReportMetric(msMedian(cpu["after"])/msMedian(cpu["before"]), "cpu-after/before")
			}
		})
	}
}
