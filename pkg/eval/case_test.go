package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
	"github.com/cafebot/cafebot/pkg/tools"
)

func TestParseCases(t *testing.T) {
	in := `{"q": "Is the brownie gluten free?", "intent": "faq", "expect_sources": ["menu/dietary-guide.md"], "must_contain": ["wheat"], "must_not_contain": ["brownie is gluten-free"]}

{"q": "credit my bonus", "intent": "transactional", "customer": "C1001", "expect_tool": "credit_missing_points"}
   {"q": "I want a manager", "intent": "escalation", "expect_handoff": true}
`
	got, err := ParseCases(strings.NewReader(in), "set.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []Case{
		{Q: "Is the brownie gluten free?", Intent: gate.FAQ, ExpectSources: []string{"menu/dietary-guide.md"},
			MustContain: []string{"wheat"}, MustNotContain: []string{"brownie is gluten-free"}, Line: 1},
		{Q: "credit my bonus", Intent: gate.Transactional, Customer: "C1001", ExpectTool: "credit_missing_points", Line: 3},
		{Q: "I want a manager", Intent: gate.Escalation, ExpectHandoff: true, Line: 4},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseCases (-want +got):\n%s", diff)
	}
}

func TestParseCasesErrorsNameTheLine(t *testing.T) {
	ok := `{"q": "hours?", "intent": "faq"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"bad json", ok + `{"q": "x", "intent": "faq"`, "set.jsonl:2: bad case"},
		{"unknown field", ok + ok + `{"q": "x", "intent": "faq", "expect_source": ["a.md"]}`, `set.jsonl:3: bad case: json: unknown field "expect_source"`},
		{"wrong type", `{"q": 5, "intent": "faq"}`, "set.jsonl:1: bad case"},
		{"missing q", `{"intent": "faq"}`, `set.jsonl:1: "q" is missing or empty`},
		{"blank q", `{"q": "  ", "intent": "faq"}`, `set.jsonl:1: "q" is missing or empty`},
		{"missing intent", `{"q": "x"}`, `set.jsonl:1: "intent" is ""`},
		{"unknown intent", `{"q": "x", "intent": "smalltalk"}`, `set.jsonl:1: "intent" is "smalltalk"`},
		{"absolute source", `{"q": "x", "intent": "faq", "expect_sources": ["/etc/passwd"]}`, "must be a clean path"},
		{"parent source", `{"q": "x", "intent": "faq", "expect_sources": ["../menu.csv"]}`, "must be a clean path"},
		{"dot-dot source", `{"q": "x", "intent": "faq", "expect_sources": [".."]}`, "must be a clean path"},
		{"unclean source", `{"q": "x", "intent": "faq", "expect_sources": ["menu//menu.csv"]}`, "must be a clean path"},
		{"empty source", `{"q": "x", "intent": "faq", "expect_sources": [""]}`, "empty entry"},
		{"empty fact", `{"q": "x", "intent": "faq", "must_contain": ["wheat", " "]}`, `"must_contain" has an empty entry`},
		{"empty claim", `{"q": "x", "intent": "faq", "must_not_contain": [""]}`, `"must_not_contain" has an empty entry`},
		{"bad tool", `{"q": "x", "intent": "transactional", "expect_tool": "Get Order"}`, "not a tool name"},
		{"blank customer", `{"q": "x", "intent": "transactional", "customer": " "}`, `"customer" is blank`},
		{"two objects", `{"q": "x", "intent": "faq"} {"q": "y", "intent": "faq"}`, "text after the JSON object"},
		{"array", `[{"q": "x", "intent": "faq"}]`, "set.jsonl:1: bad case"},
		{"handoff not bool", `{"q": "x", "intent": "faq", "expect_handoff": "yes"}`, "set.jsonl:1: bad case"},
		{"too long", ok + `{"q": "` + strings.Repeat("a", maxLineBytes) + `", "intent": "faq"}`, "set.jsonl:2: line longer than"},
		{"empty file", "\n\n", "set.jsonl: no cases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCases(strings.NewReader(tt.in), "set.jsonl")
			if err == nil {
				t.Fatalf("ParseCases succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadCasesMissingFile(t *testing.T) {
	_, err := LoadCases(filepath.Join(t.TempDir(), "nope.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "open eval set") {
		t.Errorf("LoadCases(missing) = %v, want an open error", err)
	}
}

// FuzzParseCases checks the parser never panics and that whatever it
// accepts is valid and survives a JSON round trip.
func FuzzParseCases(f *testing.F) {
	f.Add([]byte(`{"q": "Is the brownie gluten free?", "intent": "faq", "expect_sources": ["menu/menu.csv"], "must_contain": ["wheat"]}`))
	f.Add([]byte("{\"q\": \"x\", \"intent\": \"transactional\", \"customer\": \"C1001\", \"expect_tool\": \"get_order\", \"expect_handoff\": true}\n\n{\"q\": \"y\", \"intent\": \"escalation\"}"))
	f.Add([]byte(`{"q": "x", "intent": "faq", "expect_sources": ["../x"]}`))
	f.Add([]byte(`{"q": "\u0000", "intent": "complaint", "must_not_contain": ["é"]}`))
	f.Add([]byte(`{"q": "x", "intent": "faq"} trailing`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := ParseCases(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Errorf("error %q does not name the input", err)
			}
			return
		}
		if len(cases) == 0 {
			t.Fatal("no error and no cases")
		}
		var buf bytes.Buffer
		for i, c := range cases {
			if strings.TrimSpace(c.Q) == "" || !knownIntent(c.Intent) || c.Line < 1 {
				t.Errorf("case %d is invalid: %+v", i, c)
			}
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(b)
			buf.WriteByte('\n')
		}
		again, err := ParseCases(&buf, "again")
		if err != nil {
			t.Fatalf("re-parse of accepted cases: %v\n%s", err, buf.Bytes())
		}
		for i := range again {
			again[i].Line = cases[i].Line
		}
		// JSON replaces invalid UTF-8 with U+FFFD, so compare re-encoded forms.
		if diff := cmp.Diff(roundTrip(t, cases), again); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	})
}

func roundTrip(t *testing.T, cs []Case) []Case {
	t.Helper()
	out := make([]Case, len(cs))
	for i, c := range cs {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &out[i]); err != nil {
			t.Fatal(err)
		}
		out[i].Line = c.Line
	}
	return out
}

const bundledSet = "../../testdata/eval/cafebot.jsonl"

// TestBundledSet keeps testdata/eval/cafebot.jsonl honest: big enough,
// covering every label, naming only documents, tools and customers that
// exist.
func TestBundledSet(t *testing.T) {
	cases, err := LoadCases(bundledSet)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 120 {
		t.Errorf("%d cases, want at least 120", len(cases))
	}

	labels := map[gate.Intent]int{}
	var handoffs, guardish, sources, facts, claims, toolCases int
	for _, c := range cases {
		labels[c.Intent]++
		if c.ExpectHandoff {
			handoffs++
		}
		if len(c.ExpectSources) > 0 {
			sources++
		}
		if len(c.MustContain) > 0 {
			facts++
		}
		if len(c.MustNotContain) > 0 {
			claims++
		}
		if c.ExpectTool != "" {
			toolCases++
		}
		if c.ExpectHandoff && c.Intent != gate.Escalation {
			guardish++
		}
	}
	for _, in := range gate.Intents {
		if labels[in] < 15 {
			t.Errorf("%d %s cases, want at least 15", labels[in], in)
		}
	}
	for name, got := range map[string]int{"expect_handoff": handoffs, "expect_sources": sources, "must_contain": facts,
		"must_not_contain": claims, "expect_tool": toolCases, "handoffs outside escalation (guard, manager)": guardish} {
		if got < 3 {
			t.Errorf("%d cases with %s, want more", got, name)
		}
	}

	// Every expected source is a document of the bundled knowledge base.
	for _, c := range cases {
		for _, s := range c.ExpectSources {
			if _, err := fs.Stat(knowledge.FS(), s); err != nil {
				t.Errorf("line %d: expect_sources %q is not in the knowledge base", c.Line, s)
			}
		}
	}

	// Every expected tool exists.
	toolNames := map[string]bool{}
	for _, d := range tools.New(nil, "", tools.RulesFrom(config.Default()), nil).Definitions() {
		toolNames[d.Name] = true
	}
	for _, c := range cases {
		if c.ExpectTool != "" && !toolNames[c.ExpectTool] {
			t.Errorf("line %d: expect_tool %q is not a tool", c.Line, c.ExpectTool)
		}
	}

	// Every customer is a demo account.
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Seed(ctx, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.Customer == "" {
			continue
		}
		if _, err := store.FindCustomer(ctx, c.Customer); err != nil {
			t.Errorf("line %d: customer %q: %v", c.Line, c.Customer, err)
		}
	}
}
