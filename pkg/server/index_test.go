package server_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/server"
)

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hits(t *testing.T, s interface {
	Search(context.Context, string, retrieval.SearchOptions, retrieval.Embedder) (retrieval.Results, error)
}, q string) int {
	t.Helper()
	res, err := s.Search(context.Background(), q, retrieval.SearchOptions{K: 3, Mode: retrieval.ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range res.Hits {
		if strings.Contains(h.Text, q) {
			n++
		}
	}
	return n
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An ingest by another process is picked up: the new snapshot is swapped
// in, and a search holding the old one still answers from it.
func TestIndexReloadsWhenAnotherProcessIngests(t *testing.T) {
	dir := t.TempDir()
	indexDir := filepath.Join(dir, "index")
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	writeFile(t, filepath.Join(docs, "a.md"), "# Hours\n\nWe open at seven.\n")
	if _, err := retrieval.New(indexDir).Ingest(context.Background(), []string{docs}, retrieval.IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	live, err := server.OpenIndex(indexDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done, err := live.Watch(ctx, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()
	old := live.Index()

	// "Another process": its own Index over the same directory.
	writeFile(t, filepath.Join(docs, "b.md"), "# Specials\n\nThe zanzibarquux tart is back.\n")
	other, err := retrieval.Open(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Ingest(context.Background(), []string{docs}, retrieval.IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the reload", func() bool { return hits(t, live, "zanzibarquux") == 1 })
	if live.Index() == old || live.Reloads() != 1 {
		t.Errorf("index pointer swapped = %v, reloads = %d, want a swap and 1", live.Index() != old, live.Reloads())
	}
	if hits(t, old, "zanzibarquux") != 0 || hits(t, old, "seven") != 1 {
		t.Error("the old snapshot changed under a search holding it")
	}

	// A broken file keeps the index being served.
	writeFile(t, filepath.Join(indexDir, retrieval.FileName), "not an index")
	if ok, err := live.Reload(); ok || err == nil {
		t.Errorf("reload of a corrupt file = %v, %v; want the old index kept and an error", ok, err)
	}
	if hits(t, live, "zanzibarquux") != 1 {
		t.Error("a corrupt file replaced the served index")
	}
}

// serve --watch: a change in a knowledge folder is ingested once the
// folder is quiet, and a burst of writes costs one or two ingests.
func TestWatchFoldersReingests(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "knowledge")
	os.MkdirAll(filepath.Join(docs, "menus"), 0o755)
	writeFile(t, filepath.Join(docs, "menus", "a.md"), "# Menu\n\nFlat white.\n")
	live, err := server.OpenIndex(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ingests atomic.Int32
	ingest := func(ctx context.Context) error {
		ingests.Add(1)
		return live.Update(func(ix *retrieval.Index) error {
			_, err := ix.Ingest(ctx, []string{docs}, retrieval.IngestOptions{Prune: true}, nil, nil)
			return err
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done, err := server.WatchFolders(ctx, []string{docs}, 150*time.Millisecond, nil, ingest)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()
	idx, err := live.Watch(ctx, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-idx }()

	for i := range 5 {
		writeFile(t, filepath.Join(docs, "menus", "burst"+string(rune('a'+i))+".md"), "# Burst\n\nquokkaberry scone number "+string(rune('a'+i))+".\n")
	}
	eventually(t, "the re-ingest", func() bool { return hits(t, live, "quokkaberry") >= 3 })
	time.Sleep(300 * time.Millisecond)
	if n := ingests.Load(); n < 1 || n > 2 {
		t.Errorf("%d ingests for one burst of writes, want 1 or 2", n)
	}
	if live.Reloads() != 0 {
		t.Errorf("the server's own ingest was read back %d times", live.Reloads())
	}

	// A folder created later is watched too.
	os.MkdirAll(filepath.Join(docs, "new"), 0o755)
	time.Sleep(200 * time.Millisecond)
	writeFile(t, filepath.Join(docs, "new", "c.md"), "# New\n\nwallabyfig jam.\n")
	eventually(t, "the new folder's file", func() bool { return hits(t, live, "wallabyfig") == 1 })

	// A deleted file leaves the index.
	os.Remove(filepath.Join(docs, "new", "c.md"))
	eventually(t, "the prune", func() bool { return hits(t, live, "wallabyfig") == 0 })
}

// Ctrl-C while an answer streams: the server stops within its bound,
// cancels the answer and the session saves the turn.
func TestShutdownCancelsAndSavesRunningAnswers(t *testing.T) {
	f := newFixture(t, func(o *server.Options) { o.ShutdownGrace = 200 * time.Millisecond })
	// Whole sentences, so the draft guard passes each on as it arrives.
	f.fake.Script(ollamatest.Reply{Chunks: []string{"The brownie has wheat. ", "It is not gluten free. ", "Try the cake. ", "It has almonds. ",
		"It has no flour. ", "Ask staff about nuts. ", "We bake daily. ", "Enjoy."}, Delay: 150 * time.Millisecond})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, ln) }()
	c, err := client.New("http://"+ln.Addr().String(), tokenA, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.StartSession(context.Background(), client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan struct{})
	var once atomic.Bool
	sent := make(chan error, 1)
	go func() {
		_, err := s.Send(context.Background(), "Is the killer brownie gluten free?", func(e assistant.Event) {
			if e.Kind == assistant.EventToken && once.CompareAndSwap(false, true) {
				close(first)
			}
		})
		sent <- err
	}()
	<-first
	start := time.Now()
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop within 5 s")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopping took %v, want about the 200ms grace", d)
	}
	if err := <-sent; err == nil {
		t.Error("the cut answer reported success")
	}
	if _, err := c.Health(context.Background()); err == nil {
		t.Error("the server still answers after stopping")
	}
	convs, err := f.convs.List(context.Background(), 10)
	if err != nil || len(convs) != 1 {
		t.Fatalf("saved conversations = %+v, %v", convs, err)
	}
	conv, err := f.convs.Get(context.Background(), convs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(conv.Messages) != 2 || conv.Messages[0].Role != "customer" || conv.Messages[1].Role != "assistant" || conv.Messages[1].Text == "" {
		t.Errorf("saved messages = %+v, want the question and what was answered", conv.Messages)
	}
}

// An answer that finishes within the grace is delivered whole.
func TestShutdownLetsShortAnswersFinish(t *testing.T) {
	f := newFixture(t, func(o *server.Options) { o.ShutdownGrace = 5 * time.Second })
	f.fake.Script(ollamatest.Reply{Chunks: []string{"The brownie ", "has wheat."}, Delay: 300 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, ln) }()
	c, _ := client.New("http://"+ln.Addr().String(), tokenA, nil)
	first := make(chan struct{})
	var once atomic.Bool
	got := make(chan assistant.Answer, 1)
	go func() {
		ans, err := c.Ask(context.Background(), client.AskRequest{Question: "Is the killer brownie gluten free?"}, func(e client.Event) error {
			if e.Kind == client.EventToken && once.CompareAndSwap(false, true) {
				close(first)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		got <- ans
	}()
	<-first
	stop()
	if ans := <-got; !strings.Contains(ans.Answer, "has wheat.") {
		t.Errorf("answer = %q, want it whole", ans.Answer)
	}
	if err := <-served; err != nil {
		t.Error(err)
	}
}

// A session answers one message at a time: a second message while the
// first streams is refused with 409, not interleaved.
func TestBusySessionRefusesASecondMessage(t *testing.T) {
	f := newFixture(t)
	f.fake.Script(ollamatest.Reply{Chunks: []string{"The brownie has wheat. ", "It is not gluten free."}, Delay: 500 * time.Millisecond})
	c := f.client(t, tokenA)
	ctx := context.Background()
	s, err := c.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan struct{})
	var once atomic.Bool
	done := make(chan error, 1)
	go func() {
		_, err := s.Send(ctx, "Is the killer brownie gluten free?", func(e assistant.Event) {
			if e.Kind == assistant.EventToken && once.CompareAndSwap(false, true) {
				close(first)
			}
		})
		done <- err
	}()
	<-first
	if _, _, err := c.SendMessage(ctx, s.Info().ID, "And the cake?", nil); statusOf(err) != 409 {
		t.Errorf("second message while answering: %v, want 409", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	info, err := c.GetSession(ctx, s.Info().ID)
	if err != nil || len(info.History) != 2 {
		t.Errorf("history after one answered message = %+v, %v", info.History, err)
	}
}

// Every answer has a deadline: a stalled model is cut at AnswerTimeout and
// the stream ends with an error line that says so.
func TestAnswerDeadline(t *testing.T) {
	f := newFixture(t, func(o *server.Options) { o.AnswerTimeout = 300 * time.Millisecond })
	f.fake.Script(ollamatest.Reply{Chunks: []string{"The brownie has wheat. ", "It is not gluten free."}, Delay: 2 * time.Second})
	c := f.client(t, tokenA)
	start := time.Now()
	_, err := c.Ask(context.Background(), client.AskRequest{Question: "Is the killer brownie gluten free?"}, nil)
	var se *client.StatusError
	if !errors.As(err, &se) || se.Hint == "" {
		t.Fatalf("stalled answer: %v, want a status error with a hint", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("the stalled answer took %v, want it cut near 300ms", d)
	}
}
