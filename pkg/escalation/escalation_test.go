package escalation_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/escalation"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/guard"
)

// TestTableCoversConfigAndGate checks that the config's escalation names
// and the gate's cue categories are exactly the table's, so neither can
// drift into a category staff have no label, priority or next step for.
func TestTableCoversConfigAndGate(t *testing.T) {
	if got, want := config.Categories, escalation.ConfigurableNames(); !slices.Equal(got, want) {
		t.Errorf("config.Categories = %v, want the table's %v", got, want)
	}
	for _, c := range gate.Categories {
		if !escalation.Category(c).Known() {
			t.Errorf("gate category %q is not in the escalation table", c)
		}
	}
	def := config.Default()
	for _, c := range append(slices.Clone(def.Escalation.ToHuman), def.Escalation.ToModel...) {
		if !slices.Contains(config.Categories, c) {
			t.Errorf("default escalation names %q, not a configurable category", c)
		}
	}
	for _, c := range escalation.AlwaysHumanNames() {
		if !slices.Contains(def.Escalation.ToHuman, c) {
			t.Errorf("default to_human lacks always-human category %q", c)
		}
	}
}

// TestTableEntriesComplete checks every entry has a label and that the
// always-human categories are sensitive and urgent.
func TestTableEntriesComplete(t *testing.T) {
	for _, c := range escalation.Categories() {
		info, ok := c.Info()
		if !ok || info.Label == "" {
			t.Errorf("%q: no label", c)
		}
		if info.AlwaysHuman && (!info.Sensitive || info.Priority != escalation.PriorityUrgent) {
			t.Errorf("%q goes to a person always but is not sensitive and urgent: %+v", c, info)
		}
	}
	if escalation.Category("made_up").Known() {
		t.Error("an unknown category reads as known")
	}
}

// TestEveryCategoryInSourceIsInTable reads the non-test Go source of pkg/
// and cmd/ and checks every string literal compared with, assigned to,
// switched on or listed as a category (and every escalation policy name)
// is in the table. A new bare category string anywhere fails here.
func TestEveryCategoryInSourceIsInTable(t *testing.T) {
	root := filepath.Join("..", "..")
	found := map[string]string{}
	for _, dir := range []string{"pkg", "cmd", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				// The guard scores its own, different categories.
				if d.Name() == "guard" || d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			for _, lit := range categoryLiterals(f) {
				s, _ := strconv.Unquote(lit.Value)
				// The data generator also reads the guard's labelled
				// messages, whose categories are the guard's own.
				if strings.Contains(path, "trainset") && slices.Contains(guard.Categories, guard.Category(s)) {
					continue
				}
				if _, seen := found[s]; !seen {
					found[s] = fset.Position(lit.Pos()).String()
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) < 5 {
		t.Fatalf("found only %d category literals (%v): the scan is broken", len(found), found)
	}
	for s, at := range found {
		if s != "" && !escalation.Category(s).Known() {
			t.Errorf("%s: category %q is not in the escalation table", at, s)
		}
	}
}

// categoryLiterals returns the string literals f uses as categories.
func categoryLiterals(f *ast.File) []*ast.BasicLit {
	var out []*ast.BasicLit
	isCat := func(e ast.Expr) bool {
		var name string
		switch x := e.(type) {
		case *ast.Ident:
			name = x.Name
		case *ast.SelectorExpr:
			name = x.Sel.Name
		case *ast.CallExpr: // Category(x)
			if id, ok := x.Fun.(*ast.Ident); ok {
				name = id.Name
			}
		}
		n := strings.ToLower(name)
		return strings.Contains(n, "category") || n == "tohuman" || n == "tomodel"
	}
	str := func(e ast.Expr) {
		if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
			out = append(out, l)
		}
		if c, ok := e.(*ast.CompositeLit); ok {
			for _, el := range c.Elts {
				if l, ok := el.(*ast.BasicLit); ok && l.Kind == token.STRING {
					out = append(out, l)
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			if x.Op == token.EQL || x.Op == token.NEQ {
				if isCat(x.X) {
					str(x.Y)
				}
				if isCat(x.Y) {
					str(x.X)
				}
			}
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if i < len(x.Rhs) && isCat(l) {
					str(x.Rhs[i])
				}
			}
		case *ast.KeyValueExpr:
			if isCat(x.Key) {
				str(x.Value)
			}
		case *ast.SwitchStmt:
			if x.Tag != nil && isCat(x.Tag) {
				for _, s := range x.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						str(e)
					}
				}
			}
		case *ast.CallExpr:
			// ticketFor(story, "human_request", ...) and friends.
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "Category" {
				for _, a := range x.Args {
					str(a)
				}
			}
		}
		return true
	})
	return out
}
