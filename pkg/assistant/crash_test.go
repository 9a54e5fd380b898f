package assistant

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// The crash child is this test binary re-executed with these variables.
const (
	crashDBEnv    = "CAFEBOT_ASSISTANT_CRASH_DB"
	crashStartEnv = "CAFEBOT_ASSISTANT_CRASH_START"
)

var (
	turnRe   = regexp.MustCompile(`turn (\d+)`)
	ticketRe = regexp.MustCompile(`ticket number is #(\d+)`)
)

// crashChild chats until it is killed: even turns book a catering order
// through the tool model (an account write), odd turns ask for a person
// (a ticket, then the model's briefing, which streams slowly so kills land
// inside it). It prints "sent K" before each message, "ticket N" as soon
// as the customer is shown a ticket number and "answered K" when the turn
// returns.
func crashChild(t *testing.T, path string) {
	ctx := context.Background()
	start, _ := strconv.Atoi(os.Getenv(crashStartEnv))
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if start == 0 {
		if err := store.Seed(ctx, testNow); err != nil {
			t.Fatal(err)
		}
	}
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	convs, err := conversation.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := ollamatest.NewFake(t)
	for _, m := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation"} {
		f.AddModel(m, ollamatest.NumCtx(4096))
	}
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		last := req.Messages[len(req.Messages)-1]
		switch {
		case strings.HasPrefix(req.Model, "cafebot-tools") && last.Role != "tool":
			k, _ := strconv.Atoi(turnRe.FindStringSubmatch(last.Content)[1])
			event := testNow.Add(72*time.Hour + time.Duration(k%500)*time.Hour).Format("2006-01-02T15:04")
			return ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{{Name: "submit_catering_order", Arguments: map[string]any{
				"event_time": event, "headcount": 20, "package": "working_lunch", "location": "Riverside Campus", "notes": fmt.Sprintf("turn %d", k)}}}}
		case strings.HasPrefix(req.Model, "cafebot-tools"):
			return ollamatest.Reply{Chunks: []string{"I've sent your catering order ", "to the team."}}
		default: // the staff briefing
			return ollamatest.Reply{Chunks: strings.SplitAfter("The customer asked for a manager about their order; nothing else is known.", " "), Delay: time.Millisecond}
		}
	})
	client, err := llm.New(f.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	p := New(Deps{Config: cfg, Index: &fakeSearcher{hits: brownieHits}, Model: client, Backend: store, Handoffs: q, Now: func() time.Time { return testNow }})
	sessions := map[string]*Session{}
	for k := start; k < start+100_000; k++ {
		cust := "C1003"
		text := fmt.Sprintf("I'd like to order catering: working lunch for 20 guests at Riverside Campus, turn %d", k)
		if k%2 == 1 {
			cust = fmt.Sprintf("C10%02d", 10+k%10)
			text = fmt.Sprintf("I want to speak to a manager right now about my order, turn %d", k)
		}
		s := sessions[cust]
		if s == nil {
			s = NewSession(p, SessionOptions{Store: convs})
			if _, err := s.BindCustomer(ctx, cust); err != nil {
				t.Fatal(err)
			}
			sessions[cust] = s
		}
		fmt.Printf("sent %d\n", k)
		_, err := s.Send(ctx, text, func(ev Event) {
			if m := ticketRe.FindStringSubmatch(ev.Text); ev.Kind == EventToken && m != nil {
				fmt.Printf("ticket %s\n", m[1])
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("answered %d\n", k)
	}
}

// TestCrashLosesNoTurnOrTicket kills a chatting process with SIGKILL at
// random points, several times over one database, and checks that every
// ticket number a customer was shown is stored, every answered turn is in
// the transcript, every account write has its customer turn saved, and
// integrity_check passes.
func TestCrashLosesNoTurnOrTicket(t *testing.T) {
	if path := os.Getenv(crashDBEnv); path != "" {
		crashChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("crash test re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(1, 2))
	var r crashReport
	const rounds = 8
	for round := range rounds {
		r.merge(runChatChild(t, path, round*10_000, 6+rng.IntN(30), time.Duration(rng.IntN(8000))*time.Microsecond))
		checkChatCrash(t, path, r)
	}
	t.Logf("%d kills: %d turns answered, %d tickets shown, all present", rounds, len(r.answered), len(r.tickets))
}

type crashReport struct {
	answered map[int]bool
	tickets  map[int64]bool
}

func (r *crashReport) merge(o crashReport) {
	if r.answered == nil {
		r.answered, r.tickets = map[int]bool{}, map[int64]bool{}
	}
	for k := range o.answered {
		r.answered[k] = true
	}
	for id := range o.tickets {
		r.tickets[id] = true
	}
}

// runChatChild runs one chatting child, kills it after lines lines of
// output and a pause, and returns what it reported.
func runChatChild(t *testing.T, path string, start, lines int, pause time.Duration) crashReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashLosesNoTurnOrTicket$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path, crashStartEnv+"="+strconv.Itoa(start))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := crashReport{answered: map[int]bool{}, tickets: map[int64]bool{}}
	n, killed := 0, false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var k int
		var id int64
		switch {
		case fmtScan(sc.Text(), "answered %d", &k):
			r.answered[k] = true
		case fmtScan(sc.Text(), "ticket %d", &id):
			r.tickets[id] = true
		}
		// Kill after a message went out, while its turn runs.
		if n++; !killed && n >= lines && strings.HasPrefix(sc.Text(), "sent") {
			time.Sleep(pause)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !killed || !errors.As(err, &exitErr) {
		t.Fatalf("child ended without the kill (%v):\n%s", err, stderr.String())
	}
	return r
}

func fmtScan(line, format string, v any) bool {
	n, err := fmt.Sscanf(line, format, v)
	return err == nil && n == 1
}

func checkChatCrash(t *testing.T, path string, r crashReport) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for id := range r.tickets {
		if _, err := q.Get(ctx, id); err != nil {
			t.Errorf("ticket #%d was shown to the customer but is missing: %v", id, err)
		}
	}
	// Every answered request for a person is in a ticket.
	ts, err := q.List(ctx, handoff.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	inTicket := map[int]bool{}
	for _, tk := range ts {
		for _, turn := range tk.Transcript {
			if m := turnRe.FindStringSubmatch(turn.Text); m != nil {
				k, _ := strconv.Atoi(m[1])
				inTicket[k] = true
			}
		}
	}
	for k := range r.answered {
		if k%2 == 1 && !inTicket[k] {
			t.Errorf("turn %d asked for a person and was answered, but no ticket holds it", k)
		}
	}
	// Every turn's messages, by turn number.
	customer, assistant := map[int]bool{}, map[int]bool{}
	rows, err := db.QueryContext(ctx, `SELECT role, text FROM conversation_messages ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	lastTurn := -1
	for rows.Next() {
		var role, text string
		if err := rows.Scan(&role, &text); err != nil {
			t.Fatal(err)
		}
		switch m := turnRe.FindStringSubmatch(text); {
		case role == "customer" && m != nil:
			lastTurn, _ = strconv.Atoi(m[1])
			customer[lastTurn] = true
		case role == "assistant" && lastTurn >= 0:
			assistant[lastTurn] = true
		}
	}
	rows.Close()
	for k := range r.answered {
		if !customer[k] || !assistant[k] {
			t.Errorf("turn %d was answered but the transcript lacks it (customer %v, assistant %v)", k, customer[k], assistant[k])
		}
	}
	// Every account write belongs to a customer turn that was saved first.
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := store.CateringOrders(ctx, "C1003")
	if err != nil {
		t.Fatal(err)
	}
	writes := 0
	for _, c := range cs {
		if m := turnRe.FindStringSubmatch(c.Notes); m != nil {
			writes++
			k, _ := strconv.Atoi(m[1])
			if !customer[k] {
				t.Errorf("catering order %s was written for turn %d, whose customer turn is missing", c.ID, k)
			}
		}
	}
	if writes == 0 {
		t.Error("no account write happened: the crash test tests nothing")
	}
}
