package handoff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// The crash child is this test binary re-executed with these variables set.
const (
	crashDBEnv    = "CAFEBOT_HANDOFF_CRASH_DB"
	crashStartEnv = "CAFEBOT_HANDOFF_CRASH_START"
)

var crashCategories = []string{"safety", "legal", "threat", "abuse", "human_request", "self_harm",
	"multi_issue", "guard", "tool_failure", "manager_approval", "staff_request"}

// crashTicket returns the k-th ticket the crash child writes. It is a pure
// function of k, so the parent can rebuild what every stored ticket should
// hold; transcripts of a few KB make each write span several pages.
func crashTicket(k int) Ticket {
	base := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Second)
	var turns []Turn
	for i := range 4 + k%12 {
		role := "customer"
		if i%2 == 1 {
			role = "assistant"
		}
		text := fmt.Sprintf("ticket %d turn %d: %s", k, i, strings.Repeat("the oat latte was cold again ", 10+i%7))
		turns = append(turns, Turn{Role: role, Text: text, At: base.Add(time.Duration(i) * time.Second)})
	}
	category := crashCategories[k%len(crashCategories)]
	frustration := float64(k%10) / 10
	c := Case{
		Transcript: turns, Intent: "complaint", Confidence: float64(k%7) / 7,
		Category: category, Reason: fmt.Sprintf("crash ticket %d", k), Route: "handoff",
		CustomerID: fmt.Sprintf("C-%d", 1000+k),
		Guard: []GuardResult{{Stage: "input", Flagged: k%2 == 0, Score: 0.5,
			Categories: map[string]float64{"abuse": float64(k%5) / 5}, Layer: "builtin"}},
		ToolCalls: []ToolCall{{Name: "lookup_points", Arguments: map[string]any{"customer": fmt.Sprintf("C-%d", 1000+k)},
			Result: map[string]any{"balance": float64(k * 10)}, Summary: fmt.Sprintf("balance %d points", k*10)}},
		Draft:       fmt.Sprintf("draft %d", k),
		Frustration: frustration,
	}
	return c.Ticket()
}

// crashChild writes tickets until it is killed, printing "committed ID K"
// after each Create returns.
func crashChild(path string) {
	ctx := context.Background()
	start, _ := strconv.Atoi(os.Getenv(crashStartEnv))
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	q, err := Open(ctx, db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	// Bounded so a child whose parent vanished cannot fill the disk.
	for k := start; k < start+100_000; k++ {
		tk, err := q.Create(ctx, crashTicket(k))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Printf("committed %d %d\n", tk.ID, k)
	}
	os.Exit(0)
}

// TestCrashLosesNoTicket kills a process that is writing tickets with
// SIGKILL, several times over the same file, and checks that every ticket
// the writer saw committed is there and that every ticket present is whole.
func TestCrashLosesNoTicket(t *testing.T) {
	if path := os.Getenv(crashDBEnv); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	committed := map[int64]int{} // ticket ID → k
	const rounds = 5
	for round := range rounds {
		for id, k := range runCrashChild(t, path, round*1_000_000) {
			committed[id] = k
		}
		checkCrashFile(t, path, committed, round+1)
	}
}

// runCrashChild runs one writer on path, kills it once it has reported 20
// commits, and returns every commit it reported.
func runCrashChild(t *testing.T, path string, start int) map[int64]int {
	t.Helper()
	// The deadline only stops a hung child; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashLosesNoTicket$", "-test.count=1")
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
	reported := map[int64]int{}
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var id int64
		var k int
		if n, _ := fmt.Sscanf(sc.Text(), "committed %d %d", &id, &k); n != 2 {
			continue
		}
		reported[id] = k
		if !killed && len(reported) >= 20 {
			// Kill straight away: the child is already inside its next Create.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	// Lines written before the kill are still read above, up to EOF.
	err = cmd.Wait()
	if !killed {
		t.Fatalf("writer stopped after %d tickets without being killed: %v\n%s", len(reported), err, stderr.String())
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("writer exit: %v, want death by SIGKILL\n%s", err, stderr.String())
	}
	if ws, ok := exitErr.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("writer exit: %v, want death by SIGKILL\n%s", err, stderr.String())
	}
	return reported
}

// checkCrashFile opens path after a crash and checks the tickets in it
// against those the writers reported committed.
func checkCrashFile(t *testing.T, path string, committed map[int64]int, crashes int) {
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
	q, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := q.List(ctx, Filter{})
	if err != nil {
		t.Fatalf("a stored ticket does not read back: %v", err)
	}
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM handoff_tickets`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(ts) {
		t.Fatalf("table has %d rows but List read %d", rows, len(ts))
	}

	present := map[int64]bool{}
	for _, got := range ts {
		present[got.ID] = true
		var k int
		if _, err := fmt.Sscanf(got.Reason, "crash ticket %d", &k); err != nil {
			t.Errorf("ticket %s has an unexpected reason %q", got.Number(), got.Reason)
			continue
		}
		if rk, ok := committed[got.ID]; ok && rk != k {
			t.Errorf("ticket %s holds ticket k=%d, but the writer committed k=%d under that ID", got.Number(), k, rk)
		}
		if got.CreatedAt.IsZero() || got.Status != StatusOpen {
			t.Errorf("ticket %s: created %v, status %q", got.Number(), got.CreatedAt, got.Status)
		}
		want := crashTicket(k)
		want.ID, want.CreatedAt = got.ID, got.CreatedAt
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ticket %s is not the ticket written (-want +got):\n%s", got.Number(), diff)
		}
	}
	for id, k := range committed {
		if !present[id] {
			t.Errorf("ticket #%d (k=%d) was reported committed but is missing", id, k)
		}
	}
	// At most one Create per crash can have committed without its line
	// reaching the parent: the one in flight when the kill came.
	if extra := len(ts) - len(committed); extra < 0 || extra > crashes {
		t.Errorf("%d tickets stored, %d reported committed over %d crashes", len(ts), len(committed), crashes)
	}
	t.Logf("%d tickets reported committed, %d stored", len(committed), len(ts))
}
