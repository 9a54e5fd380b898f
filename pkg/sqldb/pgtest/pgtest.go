// Package pgtest starts a real PostgreSQL server for a test: a fresh data
// directory, trust authentication, a free loopback port and nothing else,
// stopped when the test ends. PostgreSQL refuses to run as root, so when
// the tests run as root the server runs as the postgres system user the
// Debian package creates.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Environment variables Start reads.
const (
	// EnvMode is "require" to fail (not skip) tests when PostgreSQL is
	// not installed, or "off" to skip them even when it is.
	EnvMode = "CAFEBOT_REAL_POSTGRES"
	// EnvBinDir names the directory holding initdb and pg_ctl.
	EnvBinDir = "CAFEBOT_POSTGRES_BIN"
)

// defaultBinDir is where Debian's postgresql-15 package puts the server.
const defaultBinDir = "/usr/lib/postgresql/15/bin"

const missingHint = "install it with `make postgres` (apt-get install -y postgresql-15) or point " + EnvBinDir + " at the directory holding pg_ctl"

// PasswordRole is the one role the server checks passwords for; every
// other role is trusted on loopback. Its password is Password.
const (
	PasswordRole = "cafebot_pw"
	Password     = "right-password"
)

// Server is a PostgreSQL server started for one test.
type Server struct {
	// Port is the loopback port it listens on.
	Port int
	// Dir holds the data directory, the socket and the log.
	Dir string

	bin     string
	asUser  string
	schemas atomic.Int64
	admin   *sql.DB
}

// binDir returns the directory with pg_ctl, or "".
func binDir() string {
	if d := os.Getenv(EnvBinDir); d != "" {
		return d
	}
	if _, err := os.Stat(filepath.Join(defaultBinDir, "pg_ctl")); err == nil {
		return defaultBinDir
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Start starts a server for t, or skips t when PostgreSQL is not
// installed (fails it when CAFEBOT_REAL_POSTGRES=require). The server is
// stopped and its directory removed when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	mode := os.Getenv(EnvMode)
	if mode == "off" {
		t.Skip(EnvMode + "=off")
	}
	bin := binDir()
	if bin == "" {
		if mode == "require" {
			t.Fatalf("PostgreSQL is not installed and %s=require: %s", EnvMode, missingHint)
		}
		t.Skip("PostgreSQL is not installed: " + missingHint)
	}
	s := &Server{bin: bin}
	if os.Geteuid() == 0 {
		s.asUser = "postgres"
		if _, err := user.Lookup("postgres"); err != nil {
			t.Fatalf("running as root needs the postgres system user to start PostgreSQL: %v (%s)", err, missingHint)
		}
	}
	dir, err := os.MkdirTemp("", "cafebot-pg-")
	if err != nil {
		t.Fatal(err)
	}
	s.Dir = dir
	t.Cleanup(func() { os.RemoveAll(dir) })
	if s.asUser != "" {
		if out, err := exec.Command("chown", "-R", s.asUser, dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s: %v: %s", dir, err, out)
		}
	}
	if out, err := s.run("initdb", "-D", s.dataDir(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	// One role checks its password, so a test can see a refused login;
	// pg_hba.conf takes the first line that matches.
	hba := filepath.Join(s.dataDir(), "pg_hba.conf")
	old, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hba, append([]byte("host all "+PasswordRole+" 127.0.0.1/32 scram-sha-256\n"), old...), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another test binary may take the free port before the server binds
	// it: try a few.
	for try := 1; ; try++ {
		s.Port = freePort(t)
		err := s.startServer()
		if err == nil {
			break
		}
		if try == 3 {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { s.Stop() })
	s.admin, err = sql.Open("pgx", s.url("postgres", ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, `CREATE ROLE `+PasswordRole+` LOGIN PASSWORD '`+Password+`'`); err != nil {
		t.Fatalf("create role: %v", err)
	}
	return s
}

// PasswordURL returns a URL that logs in as PasswordRole with password.
func (s *Server) PasswordURL(password string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable", PasswordRole, password, s.Port)
}

func (s *Server) dataDir() string { return filepath.Join(s.Dir, "data") }

// run runs one of the server's programs as the server's user.
func (s *Server) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, prog)
	var cmd *exec.Cmd
	if s.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.Dir
	return cmd.CombinedOutput()
}

func (s *Server) startServer() error {
	opts := strings.Join([]string{
		"-c listen_addresses=127.0.0.1",
		"-c port=" + strconv.Itoa(s.Port),
		"-c unix_socket_directories=" + s.Dir,
		// A test server: fast, and a clean stop loses nothing.
		"-c fsync=off",
		"-c max_connections=100",
	}, " ")
	out, err := s.run("pg_ctl", "start", "-w", "-t", "30", "-D", s.dataDir(), "-l", filepath.Join(s.Dir, "server.log"), "-o", opts)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "server.log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return nil
}

// Stop stops the server (a fast shutdown: sessions are cut, committed
// work is kept). Stopping a stopped server does nothing.
func (s *Server) Stop() error {
	if _, err := os.Stat(filepath.Join(s.dataDir(), "postmaster.pid")); err != nil {
		return nil
	}
	if out, err := s.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", s.dataDir()); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Restart starts a stopped server again on the same port.
func (s *Server) Restart() error { return s.startServer() }

func (s *Server) url(db, schema string) string {
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
	if schema != "" {
		u += "&search_path=" + schema
	}
	return u
}

// URL returns the URL of the server's postgres database.
func (s *Server) URL() string { return s.url("postgres", "") }

// NewSchema creates an empty schema and returns a URL whose connections
// use it, so each test gets fresh tables on the one server without the
// cost of a new database.
func (s *Server) NewSchema(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), s.schemas.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	return s.url("postgres", name)
}

// freePort returns a loopback port nothing listens on.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
