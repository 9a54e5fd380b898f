package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/server"
)

// smallEmbedder embeds as the fake Ollama does, in 16 dimensions, so an
// index big enough for the quantised scan is built in moments.
type smallEmbedder struct{}

func (smallEmbedder) Model() string { return "scan-test" }

func (smallEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = ollamatest.HashEmbedding(t, 16)
	}
	return out, nil
}

// writeRows writes a CSV of n rows (one chunk each) named name into dir.
func writeRows(t *testing.T, dir, name string, n int) {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("item,description\n")
	for i := range n {
		fmt.Fprintf(&sb, "%s %d,pastry number %d with w%d and w%d\n", name, i, i, i%97, i%89)
	}
	writeFile(t, filepath.Join(dir, name+".csv"), sb.String())
}

// The server starts every snapshot's fast vector scan itself: on open,
// after a reload of another process's ingest and after its own update,
// the scan becomes ready without a single search. An index opened
// outright (as `cafebot ask` opens it) is the control: it stays pending,
// so the test fails if the server stops preparing the scan.
func TestServedIndexPreparesVectorScan(t *testing.T) {
	dir := t.TempDir()
	indexDir := filepath.Join(dir, "index")
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeRows(t, docs, "stock", 4200) // above the scan's 4,096-vector threshold
	ctx := context.Background()
	opt := retrieval.IngestOptions{Batch: 512}
	if _, err := retrieval.New(indexDir).Ingest(ctx, []string{docs}, opt, smallEmbedder{}, nil); err != nil {
		t.Fatal(err)
	}

	plain, err := retrieval.Open(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	live, err := server.OpenIndex(indexDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the opened index's scan", func() bool { return live.Index().VectorScan() == retrieval.VectorScanReady })
	if got := plain.VectorScan(); got != retrieval.VectorScanPending {
		t.Fatalf("an index nobody prepared or searched: scan %v, want pending", got)
	}

	// Another process ingests: the reloaded snapshot is prepared too.
	writeRows(t, docs, "bakes", 50)
	if _, err := retrieval.New(indexDir).Ingest(ctx, []string{docs}, opt, smallEmbedder{}, nil); err != nil {
		t.Fatal(err)
	}
	before := live.Index().Stats().Chunks
	ok, err := live.Reload()
	if err != nil || !ok {
		t.Fatalf("reload: %v %v", ok, err)
	}
	if after := live.Index().Stats().Chunks; after <= before {
		t.Fatalf("reload kept the old snapshot: %d chunks, was %d", after, before)
	}
	eventually(t, "the reloaded index's scan", func() bool { return live.Index().VectorScan() == retrieval.VectorScanReady })

	// The server's own ingest swaps a new snapshot: prepared as well.
	writeRows(t, docs, "cakes", 50)
	before = live.Index().Stats().Chunks
	if err := live.Update(func(ix *retrieval.Index) error {
		_, err := ix.Ingest(ctx, []string{docs}, opt, smallEmbedder{}, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if after := live.Index().Stats().Chunks; after <= before {
		t.Fatalf("update kept the old snapshot: %d chunks, was %d", after, before)
	}
	eventually(t, "the updated index's scan", func() bool { return live.Index().VectorScan() == retrieval.VectorScanReady })
}

// A small index (the bundled knowledge base's size) has no scan to
// prepare: serving it reports none, and never a pending build.
func TestServedSmallIndexHasNoVectorScan(t *testing.T) {
	dir := t.TempDir()
	indexDir := filepath.Join(dir, "index")
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeRows(t, docs, "stock", 20)
	if _, err := retrieval.New(indexDir).Ingest(context.Background(), []string{docs}, retrieval.IngestOptions{}, smallEmbedder{}, nil); err != nil {
		t.Fatal(err)
	}
	live, err := server.OpenIndex(indexDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := live.Index().VectorScan(); got != retrieval.VectorScanNone {
		t.Fatalf("20 chunks: scan %v, want none", got)
	}
}
