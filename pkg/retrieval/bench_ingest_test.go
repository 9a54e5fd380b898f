package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkIngestOneChange re-ingests a folder of 310 documents (about
// 10,000 chunks, lexical only) after one of them changed: the cost of an
// everyday ingest, where every chunk's derived data is written again and
// (since segments are copied, derived.go) only the changed file's
// segments are cut from its text.
func BenchmarkIngestOneChange(b *testing.B) {
	dir := b.TempDir()
	r := rand.New(rand.NewPCG(7, 7))
	words := strings.Fields("coffee latte oat milk soy almond refund receipt card points loyalty hours open close " +
		"monday friday weekend vegan gluten free pastry croissant muffin scone table booking event music wifi " +
		"parking dog water cup size small large price barista manager staff order delivery app gift voucher")
	sentence := func() string {
		n := 6 + r.IntN(10)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[r.IntN(len(words))]
		}
		return strings.Join(ws, " ") + "."
	}
	files := map[string]string{}
	for i := range 310 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "# Document %d\n\n", i)
		for s := range 10 {
			fmt.Fprintf(&sb, "## Part %d\n\n", s)
			for range 4 {
				fmt.Fprintf(&sb, "%s %s %s\n", sentence(), sentence(), sentence())
			}
			fmt.Fprintf(&sb, "\n| Item | Price |\n|---|---|\n| %s | %d.50 |\n\n", words[r.IntN(len(words))], 2+r.IntN(5))
		}
		files[fmt.Sprintf("section%02d/doc%04d.md", i%20, i)] = sb.String()
	}
	writeFiles(b, dir, files)
	home := b.TempDir()
	ctx := context.Background()
	opt := IngestOptions{Prune: true, ChunkChars: 400}
	if _, err := New(home).Ingest(ctx, []string{dir}, opt, nil, nil); err != nil {
		b.Fatal(err)
	}
	changed := filepath.Join(dir, "section07", "doc0007.md")
	orig, err := os.ReadFile(changed)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(home)
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		n++
		if err := os.WriteFile(changed, fmt.Appendf(orig, "\nChanged %d.\n", n), 0o644); err != nil {
			b.Fatal(err)
		}
		rep, err := ix.Ingest(ctx, []string{dir}, opt, nil, nil)
		if err != nil || rep.Updated != 1 {
			b.Fatalf("ingest: %+v %v", rep, err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(ix.Stats().Chunks), "chunks")
}
