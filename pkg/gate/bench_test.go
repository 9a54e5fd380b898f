package gate

import (
	"path/filepath"
	"testing"
)

// BenchmarkGate classifies a realistic mix of messages (the labelled set,
// short and long, every label) and reports time and allocations per message.
func BenchmarkGate(b *testing.B) {
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "messages.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	g := Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		g.Classify(cases[i%len(cases)].Text)
	}
}
