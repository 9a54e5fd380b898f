package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
	"github.com/cafebot/cafebot/pkg/tui"
)

func TestModelsStatusWithOllamaDown(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	r := c.run("", "models", "status")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "Ollama unreachable at") || !strings.Contains(r.err, "ollama serve") {
		t.Errorf("status does not say Ollama is unreachable and how to start it:\n%s\n%s", r.out, r.err)
	}
	for _, m := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation", "cafebot-guard", "cafebot-embed"} {
		if !regexp.MustCompile(m + `\s+-\s+\?\s+\?`).MatchString(r.out) {
			t.Errorf("table lacks a row for %s with an unknown state:\n%s", m, r.out)
		}
	}
	if strings.Contains(r.out+r.err, "ollama pull cafebot-") {
		t.Errorf("status suggests pulling a locally created model:\n%s%s", r.out, r.err)
	}
	r = c.run("", "models", "status", "--json")
	var st modelsStatus
	if err := json.Unmarshal([]byte(r.out), &st); err != nil {
		t.Fatalf("--json with Ollama down is not JSON: %v\n%s", err, r.out)
	}
	if st.Reachable || st.Error == "" || len(st.Roles) != 5 || st.Roles[0].Status != "unknown" || st.Roles[0].Model != "cafebot-faq" {
		t.Errorf("--json = %+v", st)
	}
}

func TestOllamaURLWithAPIPath(t *testing.T) {
	f := ollamatest.NewFake(t)
	c := newCLI(t, f.URL+"/api")
	r := c.ok("models", "status", "--json")
	var st modelsStatus
	if err := json.Unmarshal([]byte(r.out), &st); err != nil {
		t.Fatal(err)
	}
	if !st.Reachable || strings.HasSuffix(st.URL, "/api") {
		t.Errorf("status through %s/api: reachable %v at %s", f.URL, st.Reachable, st.URL)
	}
}

func TestVersion(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	// A broken config must not matter: --version reads nothing.
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("modles: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := c.run("", "--version")
	if r.code != 0 || !strings.HasPrefix(r.out, "cafebot ") || strings.Count(r.out, "\n") != 1 {
		t.Fatalf("--version: exit %d, %q %q", r.code, r.out, r.err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("--version took %v", took)
	}
	bi := &debug.BuildInfo{GoVersion: "go1.24.1", Main: debug.Module{Version: "v0.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "1a2b3c4d5e6f7a8b"}, {Key: "vcs.time", Value: "2026-12-01T09:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	for _, tt := range []struct {
		linked string
		bi     *debug.BuildInfo
		want   string
	}{
		{"", bi, "v0.4.0 (commit 1a2b3c4d5e6f, 2026-12-01T09:00:00Z, modified; go1.24.1)"},
		{"v1.0.0", bi, "v1.0.0 (commit 1a2b3c4d5e6f, 2026-12-01T09:00:00Z, modified; go1.24.1)"},
		{"", &debug.BuildInfo{GoVersion: "go1.24.1", Main: debug.Module{Version: "(devel)"}}, "dev (go1.24.1)"},
	} {
		if got := formatVersion(tt.linked, tt.bi); got != tt.want {
			t.Errorf("formatVersion(%q) = %q, want %q", tt.linked, got, tt.want)
		}
	}
}

func TestConfigInitAndPath(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	path := filepath.Join(c.home, "config.yaml")
	r := c.ok("config", "path")
	if strings.TrimSpace(r.out) != path || !strings.Contains(r.err, "config init") {
		t.Errorf("config path = %q (stderr %q), want %s and a note it does not exist", r.out, r.err, path)
	}
	defaults := c.ok("config", "show", "--json").out

	r = c.ok("config", "init")
	if !strings.Contains(r.out, path) {
		t.Errorf("init output %q", r.out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "# notify:") || !strings.Contains(string(data), "cafebot models setup") {
		t.Errorf("written config lacks the notify section or the models note:\n%s", data)
	}
	// As written, everything is a comment: the defaults apply.
	shown := c.ok("config", "show", "--json").out
	if withoutFile(shown) != withoutFile(defaults) {
		t.Errorf("the commented file changed the configuration")
	}
	// Every setting line uncommented must load (no stale key) and give the
	// same defaults (no stale value).
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "# "))
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	shown = c.ok("config", "show", "--json").out
	if withoutFile(shown) != withoutFile(defaults) {
		t.Errorf("uncommented, the template's values differ from the defaults:\n%s\nvs\n%s", shown, defaults)
	}

	r = c.run("", "config", "init")
	if r.code != 1 || !strings.Contains(r.err, "already exists") || !strings.Contains(r.err, "--force") {
		t.Errorf("init over an existing file: exit %d, %s", r.code, r.err)
	}
	// --force works even when the existing file is broken.
	os.WriteFile(path, []byte("modles: x\n"), 0o644)
	c.ok("config", "init", "--force")
	c.ok("config", "show")

	// --config names another file, for path and init alike.
	other := filepath.Join(t.TempDir(), "sub", "cafe.yaml")
	if r := c.ok("--config", other, "config", "path"); strings.TrimSpace(r.out) != other {
		t.Errorf("config path with --config = %q", r.out)
	}
	c.ok("--config", other, "config", "init")
	if _, err := os.Stat(other); err != nil {
		t.Error(err)
	}
}

func withoutFile(js string) string {
	var m map[string]any
	json.Unmarshal([]byte(js), &m)
	delete(m, "file")
	b, _ := json.Marshal(m)
	return string(b)
}

// openQueue opens the CLI home's handoff queue directly.
func openQueue(t *testing.T, home string) *handoff.Queue {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(home, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestHandoffClaimAndReopen(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	q := openQueue(t, c.home)
	tk, err := q.Create(context.Background(), handoff.Case{Category: "human_request", CustomerID: "C1001",
		Transcript: []handoff.Turn{{Role: "customer", Text: "can I talk to someone"}}}.Ticket())
	if err != nil {
		t.Fatal(err)
	}
	id := tk.Number()

	if r := c.ok("handoff", "claim", id, "--by", "Sam"); !strings.Contains(r.out, id+" claimed by Sam") {
		t.Errorf("claim: %q", r.out)
	}
	if r := c.run("", "handoff", "claim", id, "--by", "Alex"); r.code != 1 || !strings.Contains(r.err, "already claimed by Sam") || !strings.Contains(r.err, "hint:") {
		t.Errorf("claim of Sam's ticket: exit %d %s", r.code, r.err)
	}
	if r := c.ok("handoff", "list"); !regexp.MustCompile(`#1001\s+normal\s+open\s+human_request\s+C1001\s+Sam`).MatchString(r.out) {
		t.Errorf("list does not show the claim:\n%s", r.out)
	}
	if r := c.run("", "handoff", "reopen", id); r.code != 1 || !strings.Contains(r.err, "still open") {
		t.Errorf("reopen of an open ticket: exit %d %s", r.code, r.err)
	}
	c.ok("handoff", "resolve", id, "--note", "called back")
	if r := c.ok("handoff", "reopen", id, "--note", "customer rang again"); !strings.Contains(r.out, "reopened "+id) {
		t.Errorf("reopen: %q", r.out)
	}
	r := c.ok("handoff", "show", id)
	for _, want := range []string{"open", "Reopened. It was resolved", "called back", "customer rang again"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("show after reopen lacks %q:\n%s", want, r.out)
		}
	}
	if r := c.run("", "handoff", "claim", "#4242", "--by", "Sam"); r.code != 1 || !strings.Contains(r.err, "not found") {
		t.Errorf("claim of a missing ticket: exit %d %s", r.code, r.err)
	}
	if r := c.run("", "handoff", "claim", "abc"); r.code != 2 {
		t.Errorf("claim abc: exit %d, want a usage error", r.code)
	}
	if r := c.ok("handoff", "list", "--customer", "C9999"); !strings.Contains(r.out, "no tickets") {
		t.Errorf("list --customer C9999: %q", r.out)
	}
}

func TestBackendImportExport(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,phone,email\nAda Park,555-010-9001,ada@example.com\nBo,12,\n"), 0o644)
	r := c.run("", "backend", "import", bad)
	if r.code != 1 || !strings.Contains(r.err, "line 3: phone") || !strings.Contains(r.err, "nothing imported") || !strings.Contains(r.err, "hint:") {
		t.Errorf("bad file: exit %d\n%s", r.code, r.err)
	}
	if r := c.ok("backend", "list"); !strings.Contains(r.out, "no customers") {
		t.Errorf("a bad file imported something:\n%s", r.out)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("name,phone,email\nAda Park,555-010-9001,ada@example.com\nBo Li,555-010-9002,\n"), 0o644)
	if r := c.ok("backend", "import", "--dry-run", good); !strings.Contains(r.out, "dry run, nothing written") || !strings.Contains(r.out, "2 added") {
		t.Errorf("dry run: %q", r.out)
	}
	if r := c.ok("backend", "list"); !strings.Contains(r.out, "no customers") {
		t.Errorf("the dry run wrote:\n%s", r.out)
	}
	c.ok("backend", "import", good)
	if r := c.run("Ada Park,555-010-9001\n", "backend", "import", "-"); r.code != 1 || !strings.Contains(r.err, "unknown column") {
		t.Errorf("stdin without a header: exit %d %s", r.code, r.err)
	}
	if r := c.ok("backend", "import", good); !strings.Contains(r.out, "0 added, 0 updated, 2 unchanged") {
		t.Errorf("second import is not a no-op: %q", r.out)
	}
	csvOut := c.ok("backend", "export").out
	if !strings.HasPrefix(csvOut, "id,name,phone,email,note,card_last4\n") || !strings.Contains(csvOut, "Ada Park,555-010-9001,ada@example.com") {
		t.Errorf("export csv:\n%s", csvOut)
	}
	var recs []map[string]string
	if err := json.Unmarshal([]byte(c.ok("backend", "export", "--format", "json").out), &recs); err != nil || len(recs) != 2 {
		t.Errorf("export json: %v, %d records", err, len(recs))
	}
	if r := c.run("", "backend", "export", "--format", "xml"); r.code != 2 {
		t.Errorf("--format xml: exit %d", r.code)
	}
	// The export imports back unchanged, from stdin.
	if r := c.run(csvOut, "backend", "import", "-"); r.code != 0 || !strings.Contains(r.out, "2 unchanged") {
		t.Errorf("re-import of the export: exit %d %q %q", r.code, r.out, r.err)
	}
	// The demo seed still works next to imported customers.
	if r := c.ok("backend", "seed"); !strings.Contains(r.out, "26 customers") {
		t.Errorf("seed after import: %q", r.out)
	}
}

func TestCompletion(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("backend", "seed")
	q := openQueue(t, c.home)
	if _, err := q.Create(context.Background(), handoff.Case{Category: "safety", CustomerID: "C1001",
		Transcript: []handoff.Turn{{Role: "customer", Text: "I burned my hand"}}}.Ticket()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"handoff", "show", ""}, "1001\turgent safety"},
		{[]string{"handoff", "claim", ""}, "1001\t"},
		{[]string{"handoff", "list", "--status", ""}, "resolved"},
		{[]string{"handoff", "list", "--customer", ""}, "C1001\tMaya Thompson"},
		{[]string{"backend", "show", ""}, "C1001\tMaya Thompson"},
		{[]string{"backend", "export", "--format", ""}, "json"},
		{[]string{"models", "setup", "--role", ""}, "escalation"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := c.run("", append([]string{"__complete"}, tt.args...)...)
			if r.code != 0 || !strings.Contains(r.out, tt.want) {
				t.Errorf("completion of %v: exit %d\n%s\n%s", tt.args, r.code, r.out, r.err)
			}
		})
	}
	// Saved conversations complete --resume.
	db, err := sqlitedb.Open(context.Background(), filepath.Join(c.home, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store, err := conversation.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := store.Start(context.Background(), "C1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Append(context.Background(), conv.ID, conversation.Message{Role: "customer", Text: "where are my points"}); err != nil {
		t.Fatal(err)
	}
	if r := c.run("", "__complete", "chat", "--resume", ""); !strings.Contains(r.out, strconv.FormatInt(conv.ID, 10)+"\t") {
		t.Errorf("--resume completion lacks conversation %d:\n%s", conv.ID, r.out)
	}
	// No ticket is offered for reopening while all are open.
	if r := c.run("", "__complete", "handoff", "reopen", ""); strings.Contains(r.out, "1001") {
		t.Errorf("reopen offers an open ticket:\n%s", r.out)
	}
}

// TestNotifyWebhookFromConfig files an urgent ticket through the CLI with
// notify.webhook set: the webhook hears about it before the command ends.
func TestNotifyWebhookFromConfig(t *testing.T) {
	got := make(chan handoff.Notification, 4)
	fails := 1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fails > 0 {
			fails--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var n handoff.Notification
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &n)
		got <- n
	}))
	defer srv.Close()
	f := ollamatest.NewFake(t)
	c := newCLI(t, f.URL)
	cfg := "notify:\n  webhook: " + srv.URL + "\n  retries: 2\n  timeout: 10s\n"
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.run("", "ask", "I burned my hand on the lid and my lawyer will hear about this")
	if r.code != 0 {
		t.Fatalf("ask: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	select {
	case n := <-got:
		if n.Priority != handoff.PriorityUrgent || !strings.Contains(n.Text, "URGENT") {
			t.Errorf("notification = %+v", n)
		}
	default:
		t.Fatalf("no notification arrived before the command ended\n%s", r.out)
	}
	if strings.Contains(r.out, "allergic") {
		t.Errorf("a burn got allergy advice:\n%s", r.out)
	}
}

func TestChatHealthAndWelcome(t *testing.T) {
	f := ollamatest.NewFake(t)
	f.AddModel("cafebot-faq")
	f.AddModel("cafebot-embed")
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	app := NewApp(strings.NewReader(""), io.Discard, io.Discard)
	defer app.Close()
	app.Home, app.OllamaURL = c.home, f.URL
	ctx := context.Background()
	if err := app.Init(ctx); err != nil {
		t.Fatal(err)
	}
	h, ok := app.chatHealth().(interface {
		Roles(context.Context) ([]tui.RoleState, error)
	})
	if !ok {
		t.Fatal("the chat's health check cannot report roles")
	}
	roles, err := h.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range roles {
		got[r.Role] = r.Ready
	}
	want := map[string]bool{"faq": true, "tools": false, "escalation": false, "embedding": true}
	if len(got) != len(want) {
		t.Errorf("roles = %v, want %v (guard only when enabled)", got, want)
	}
	for r, ready := range want {
		if got[r] != ready {
			t.Errorf("role %s ready = %v, want %v", r, got[r], ready)
		}
	}
	f.SetDown(true)
	if _, err := h.Roles(ctx); err == nil {
		t.Error("Roles with Ollama down returned no error")
	}

	q := openQueue(t, c.home)
	if _, err := q.Create(ctx, handoff.Case{Category: "safety", CustomerID: "C1001",
		Transcript: []handoff.Turn{{Role: "customer", Text: "I burned my hand"}}}.Ticket()); err != nil {
		t.Fatal(err)
	}
	w := app.welcomeFacts(ctx)
	if w.Customers != 24 || w.OpenTickets != 1 || w.KnowledgeChunks != 0 || w.CustomersErr != "" {
		t.Errorf("welcome facts = %+v", w)
	}
	ts, err := app.openTickets(ctx, "C1001")
	if err != nil || len(ts) != 1 || ts[0].Number != "#1001" || ts[0].Priority != "urgent" {
		t.Errorf("open tickets of C1001 = %+v, %v", ts, err)
	}
	if ts, _ := app.openTickets(ctx, "C1002"); len(ts) != 0 {
		t.Errorf("C1002 has tickets: %+v", ts)
	}
	if opt := app.chatUIOptions(ctx); opt.Mouse || opt.Tickets == nil || opt.Welcome == nil {
		t.Errorf("chat options: mouse %v, tickets %v, welcome %v; want mouse off by default", opt.Mouse, opt.Tickets != nil, opt.Welcome != nil)
	}
	app.ChatMouse = true
	if !app.chatUIOptions(ctx).Mouse {
		t.Error("--mouse does not turn mouse capture on")
	}
	if r := c.run("", "chat", "--help"); !strings.Contains(r.out, "--mouse") {
		t.Errorf("chat --help lacks --mouse:\n%s", r.out)
	}
}
