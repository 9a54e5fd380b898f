package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// The crash child is this test binary re-executed with these variables set.
const (
	crashHomeEnv   = "CAFEBOT_RETRIEVAL_CRASH_HOME"
	crashDirEnv    = "CAFEBOT_RETRIEVAL_CRASH_DIR"
	crashOllamaEnv = "CAFEBOT_RETRIEVAL_CRASH_OLLAMA"
)

const (
	crashModel = "crash-embed"
	crashDim   = 24
)

// slowEmbedder delays every batch, as a small model on a CPU does, so a
// kill can land in the middle of embedding.
type slowEmbedder struct {
	Embedder
	delay time.Duration
}

func (s slowEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	time.Sleep(s.delay)
	return s.Embedder.Embed(ctx, texts)
}

// crashChild ingests one folder through the fake Ollama, checkpointing
// after every batch, and prints "start" before the ingest, "embedded N"
// as vectors arrive, "saved N" after each checkpoint and "done" at the end.
func crashChild() {
	var mu sync.Mutex // the saver and the workers both report
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, format+"\n", args...)
	}
	checkpointEvery = 0
	checkpointed = func(n int) { say("saved %d", n) }
	client, err := llm.New(os.Getenv(crashOllamaEnv), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	emb := slowEmbedder{Embedder: NewOllamaEmbedder(client, crashModel, 0), delay: 5 * time.Millisecond}
	ix, err := Open(os.Getenv(crashHomeEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	say("start")
	opt := IngestOptions{ChunkChars: 300, Batch: 3, Concurrency: 2, Prune: true, Wait: true}
	_, err = ix.Ingest(context.Background(), []string{os.Getenv(crashDirEnv)}, opt, emb, func(done, _ int) { say("embedded %d", done) })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	say("done")
	os.Exit(0)
}

// crashDoc is the text of corpus file k at version v.
func crashDoc(k, v int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Document %d\n\n", k)
	for s := range 3 {
		fmt.Fprintf(&b, "## Part %d\n\nVersion %d of part %d of document %d: %s\n\n", s, v, s, k,
			strings.Repeat(fmt.Sprintf("the oat latte costs %d cents ", 400+k*7+s), 3))
	}
	return b.String()
}

// killPoint says when a round's child is killed.
type killPoint struct {
	after string // "start" (a delay after it), "embedded" or "saved"
	n     int    // lines of that kind to wait for (or microseconds after start)
}

func (k killPoint) String() string { return fmt.Sprintf("%s+%d", k.after, k.n) }

// crashRun runs one child on home and dir, killing it at kp; it returns
// the last checkpoint the child reported, whether it finished by itself
// and whether it was killed.
func crashRun(t *testing.T, home, dir, url string, kp *killPoint) (saved int, done, killed bool) {
	t.Helper()
	// The deadline only stops a hung child; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashIngestConverges$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashHomeEnv+"="+home, crashDirEnv+"="+dir, crashOllamaEnv+"="+url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Bool
	kill := func() {
		if sent.CompareAndSwap(false, true) {
			cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	counts := map[string]int{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		word, num, _ := strings.Cut(sc.Text(), " ")
		counts[word]++
		switch word {
		case "saved":
			saved, _ = strconv.Atoi(num)
		case "done":
			done = true
		}
		if kp == nil || sent.Load() {
			continue
		}
		switch {
		case kp.after == "start" && word == "start":
			time.AfterFunc(time.Duration(kp.n)*time.Microsecond, kill)
		case kp.after == word && counts[word] >= kp.n:
			kill()
		}
	}
	io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	killed = sent.Load()
	if !killed && err != nil {
		t.Fatalf("child failed: %v\n%s", err, stderr.String())
	}
	return saved, done && !killed, killed
}

// TestCrashIngestConverges kills ingests with SIGKILL at random points of
// parsing, embedding and saving, over a corpus that changes between runs,
// and checks after every kill that the index opens, that no checkpoint
// the child reported was lost and that every stored vector belongs to its
// chunk; at the end one run without a kill must give the same documents
// as a clean ingest, all embedded.
func TestCrashIngestConverges(t *testing.T) {
	if os.Getenv(crashHomeEnv) != "" {
		crashChild()
		return
	}
	if testing.Short() {
		t.Skip("crash test re-executes the test binary")
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 17))
	t.Logf("seed %d", seed)
	fake := ollamatest.NewFake(t)
	fake.AddModel(crashModel, ollamatest.EmbeddingDim(crashDim))
	home, dir := t.TempDir(), t.TempDir()
	const files = 30
	version := make([]int, files)
	present := make([]bool, files)
	for k := range files {
		present[k] = k < files-3
	}
	write := func() {
		for k := range files {
			p := filepath.Join(dir, fmt.Sprintf("doc%02d.md", k))
			if !present[k] {
				os.Remove(p)
				continue
			}
			if err := os.WriteFile(p, []byte(crashDoc(k, version[k])), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write()

	const rounds = 9
	var faults, tried, lost, maxSaved, keptAtKill int
	for round := range rounds {
		if round > 0 {
			// Change a few documents, add or remove one: the next run has
			// parsing, pruning and embedding to do.
			for range 3 {
				version[rng.IntN(files)]++
			}
			k := rng.IntN(files)
			present[k] = !present[k]
			write()
		}
		kp := []killPoint{
			{"start", rng.IntN(20_000)},
			{"embedded", 1 + rng.IntN(12)},
			{"saved", 1 + rng.IntN(2)},
		}[round%3]
		for _, p := range present {
			if p {
				tried++
			}
		}
		saved, _, killed := crashRun(t, home, dir, fake.URL, &kp)
		if killed {
			faults++
			keptAtKill = max(keptAtKill, saved)
		} else {
			t.Logf("round %d: the child finished before its kill point %v", round, kp)
		}
		maxSaved = max(maxSaved, saved)
		// The kernel dropped the dead child's lock: no stale lock blocks.
		l, err := lockDir(context.Background(), home, false, nil)
		if err != nil {
			t.Fatalf("round %d (kill at %v): the lock outlived its holder: %v", round, kp, err)
		}
		l.unlock()
		ix, err := Open(home)
		if err != nil {
			t.Fatalf("round %d (kill at %v): the index does not open: %v", round, kp, err)
		}
		st := ix.Stats()
		if st.Embedded < saved {
			lost += saved - st.Embedded
			t.Errorf("round %d (kill at %v): %d vectors on disk, the child had saved %d", round, kp, st.Embedded, saved)
		}
		checkVectors(t, ix)
		// A checkpoint holds no derived data; a killed final save leaves
		// the previous file: either opens as a fresh derivation would.
		checkDerived(t, ix.st.Load())
		t.Logf("round %d: kill at %v (killed %v): child saved %d, on disk %d of %d chunks embedded", round, kp, killed, saved, st.Embedded, st.Chunks)
	}

	if keptAtKill == 0 {
		t.Error("no killed run had saved a checkpoint: embedding progress is not being kept")
	}

	// One run to the end converges on what a clean ingest gives.
	if _, done, _ := crashRun(t, home, dir, fake.URL, nil); !done {
		t.Fatal("the final run did not finish")
	}
	got, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	clean := New(t.TempDir())
	if _, err := clean.Ingest(context.Background(), []string{dir}, IngestOptions{ChunkChars: 300, Prune: true}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sources(clean), sources(got)); diff != "" {
		t.Errorf("sources after the crashes (-clean +crashed):\n%s", diff)
	}
	if diff := cmp.Diff(texts(clean), texts(got)); diff != "" {
		t.Errorf("chunks after the crashes (-clean +crashed):\n%s", diff)
	}
	if st := got.Stats(); st.Embedded != st.Chunks || st.Model != crashModel {
		t.Errorf("after the final run: %+v, want every chunk embedded with %s", st, crashModel)
	}
	checkVectors(t, got)
	if got.st.Load().rederived {
		t.Error("the final run's index holds no derived data of this version")
	}
	checkDerived(t, got.st.Load())
	if temps, _ := filepath.Glob(filepath.Join(home, FileName+".*.tmp")); len(temps) > 0 {
		t.Errorf("temp files left after the final run: %v", temps)
	}
	t.Logf("faults injected %d (SIGKILL), runs %d, file ingests tried %d, largest checkpoint %d vectors (%d in a killed run), vectors lost %d",
		faults, rounds+1, tried, maxSaved, keptAtKill, lost)
}

// checkVectors asserts that every stored vector is the embedding of its
// own chunk's input: a torn or misplaced write would pair them wrongly.
func checkVectors(t *testing.T, ix *Index) {
	t.Helper()
	for i, c := range ix.st.Load().chunks {
		if c.vec == nil {
			continue
		}
		want := ollamatest.HashEmbedding(embedInput(&c), crashDim)
		normalise(want)
		var dot float64
		for k := range want {
			dot += float64(want[k]) * float64(c.vec[k])
		}
		if math.Abs(dot-1) > 1e-4 {
			t.Fatalf("chunk %d (%s) holds a vector that is not its own (cosine %.4f)", i, c.source, dot)
		}
	}
}

// TestCrashTwoProcessesKeepBoth runs two ingest processes on one home at
// once, each with its own folder: both exit 0 and both folders are there.
func TestCrashTwoProcessesKeepBoth(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	fake := ollamatest.NewFake(t)
	fake.AddModel(crashModel, ollamatest.EmbeddingDim(crashDim))
	home := t.TempDir()
	dirs := []string{t.TempDir(), t.TempDir()}
	var want []string
	for i, d := range dirs {
		for k := range 8 {
			name := fmt.Sprintf("p%d-doc%d.md", i, k)
			writeFiles(t, d, map[string]string{name: crashDoc(k+10*i, 0)})
			want = append(want, name)
		}
	}
	slices.Sort(want)
	errs := make(chan error, len(dirs))
	for _, d := range dirs {
		go func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashIngestConverges$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashHomeEnv+"="+home, crashDirEnv+"="+d, crashOllamaEnv+"="+fake.URL)
			out, err := cmd.CombinedOutput()
			if err != nil {
				err = fmt.Errorf("%v: %s", err, out)
			}
			errs <- err
		}()
	}
	for range dirs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(home)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, sources(ix)); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if st := ix.Stats(); st.Embedded != st.Chunks {
		t.Errorf("%d of %d chunks embedded", st.Embedded, st.Chunks)
	}
}
