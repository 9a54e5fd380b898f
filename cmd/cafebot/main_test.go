package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
)

// cli runs cafebot in-process against one home directory and Ollama URL.
type cli struct {
	t    *testing.T
	home string
	url  string
}

func newCLI(t *testing.T, ollamaURL string) *cli {
	t.Helper()
	t.Setenv("OLLAMA_HOST", "")
	t.Setenv("CAFEBOT_CONFIG", "")
	t.Setenv("NO_COLOR", "1")
	return &cli{t: t, home: t.TempDir(), url: ollamaURL}
}

type result struct {
	out, err string
	code     int
}

func (c *cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{"--home", c.home, "--ollama", c.url}, args...)
	code := Main(all, strings.NewReader(stdin), &out, &errOut)
	return result{out: out.String(), err: errOut.String(), code: code}
}

// ok runs and fails the test on a non-zero exit.
func (c *cli) ok(args ...string) result {
	c.t.Helper()
	r := c.run("", args...)
	if r.code != 0 {
		c.t.Fatalf("cafebot %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r
}

// knowledgeDir is the bundled knowledge base in the repo.
func knowledgeDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../knowledge")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// assertGolden compares got with testdata/cli/NAME.golden at the repo root.
func assertGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("..", "..", "testdata", "cli", name+".golden"), []byte(got))
}
