package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/cafebot/cafebot/pkg/gate"
)

// Case is one labelled message of an evaluation set: what the gate should
// call it and what a good answer does.
type Case struct {
	// Q is the customer's message.
	Q string `json:"q"`
	// Intent is the label the gate should give: faq, transactional,
	// complaint or escalation.
	Intent gate.Intent `json:"intent"`
	// Customer binds the session to this customer (id or phone) first.
	Customer string `json:"customer,omitempty"`
	// ExpectSources are knowledge-relative paths ("policies/refunds.md");
	// retrieval hits when any of them is among the top results.
	ExpectSources []string `json:"expect_sources,omitempty"`
	// MustContain are facts the answer must state (case-insensitive).
	MustContain []string `json:"must_contain,omitempty"`
	// MustNotContain are claims the answer must not make (case-insensitive),
	// such as an allergen status the documents do not support.
	MustNotContain []string `json:"must_not_contain,omitempty"`
	// ExpectTool is a tool the answer must have called.
	ExpectTool string `json:"expect_tool,omitempty"`
	// ExpectHandoff says a person must take over (a ticket or the handoff
	// route); absent means no handoff is expected.
	ExpectHandoff bool `json:"expect_handoff,omitempty"`

	// Line is where the case is in its file, for reports.
	Line int `json:"-"`
}

// HasChecks reports whether the case checks the answer's text.
func (c Case) HasChecks() bool { return len(c.MustContain) > 0 || len(c.MustNotContain) > 0 }

// maxLineBytes bounds one case line; a longer one is an error, not a hang.
const maxLineBytes = 1 << 20

// LoadCases reads a JSON Lines evaluation set. Blank lines are skipped; a
// bad line, an unknown field or an invalid value fails with "path:line:".
func LoadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open eval set: %w", err)
	}
	defer f.Close()
	return ParseCases(f, path)
}

// ParseCases reads cases from r the way LoadCases does; name prefixes the
// error messages.
func ParseCases(r io.Reader, name string) ([]Case, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLineBytes)
	var out []Case
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		c, err := parseCase(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		c.Line = line
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes", name, line+1, maxLineBytes)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no cases", name)
	}
	return out, nil
}

var toolName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// parseCase decodes and validates one line.
func parseCase(b []byte) (Case, error) {
	var c Case
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Case{}, fmt.Errorf("bad case: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Case{}, errors.New("bad case: text after the JSON object")
	}
	if strings.TrimSpace(c.Q) == "" {
		return Case{}, errors.New(`"q" is missing or empty`)
	}
	if !knownIntent(c.Intent) {
		return Case{}, fmt.Errorf(`"intent" is %q, want faq, transactional, complaint or escalation`, c.Intent)
	}
	if c.Customer != "" && strings.TrimSpace(c.Customer) == "" {
		return Case{}, errors.New(`"customer" is blank`)
	}
	for _, s := range c.ExpectSources {
		if err := checkSource(s); err != nil {
			return Case{}, err
		}
	}
	for _, list := range []struct {
		name string
		xs   []string
	}{{"must_contain", c.MustContain}, {"must_not_contain", c.MustNotContain}} {
		for _, x := range list.xs {
			if strings.TrimSpace(x) == "" {
				return Case{}, fmt.Errorf("%q has an empty entry", list.name)
			}
		}
	}
	if c.ExpectTool != "" && !toolName.MatchString(c.ExpectTool) {
		return Case{}, fmt.Errorf(`"expect_tool" %q is not a tool name`, c.ExpectTool)
	}
	return c, nil
}

func knownIntent(in gate.Intent) bool {
	for _, x := range gate.Intents {
		if in == x {
			return true
		}
	}
	return false
}

// checkSource accepts a clean relative slash path such as "menu/menu.csv".
func checkSource(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New(`"expect_sources" has an empty entry`)
	case strings.HasPrefix(s, "/") || strings.Contains(s, `\`) || path.Clean(s) != s || s == "." || s == ".." || strings.HasPrefix(s, "../"):
		return fmt.Errorf(`"expect_sources" entry %q must be a clean path relative to the knowledge base`, s)
	}
	return nil
}
