package tui

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestMarkdownRender(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     string
	}{
		{"paragraph keeps markers without colour", "Opens at **8am**, closes *late*; ask for `oat`.", 80,
			"  Opens at **8am**, closes *late*; ask for `oat`."},
		{"soft breaks join, wrap at width", "one two three\nfour five six seven eight", 20,
			"  one two three\n  four five six\n  seven eight"},
		{"heading keeps its level", "## Hours\n\nDaily.", 40, "  ## Hours\n\n  Daily."},
		{"bullets hang", "- first item that wraps around\n- second", 24,
			"  • first item that\n    wraps around\n  • second"},
		{"numbered from start", "3. three\n4. four", 40, "  3. three\n  4. four"},
		{"code block plain and unwrapped", "```go\nfunc main() { println(\"a very long line of code\") }\n```", 20,
			"    func main() { println(\"a very long line of code\") }"},
		{"link shows its address", "See [our menu](https://larkspur.example/menu).", 80,
			"  See our menu (https://larkspur.example/menu)."},
		{"quote", "> Best scones in town", 40, "  │ Best scones in town"},
		{"empty", "", 40, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newMarkdown("notty", termenv.Ascii).render(tt.in, tt.width)
			if got != tt.want {
				t.Errorf("render(%q, %d):\n%s\nwant:\n%s", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestMarkdownRenderStyled(t *testing.T) {
	md := newMarkdown("dark", termenv.TrueColor)
	got := md.render("Opens at **8am**.\n\n```\nx := 1\n```", 40)
	if !strings.Contains(got, "\x1b[") {
		t.Fatalf("styled render has no escapes: %q", got)
	}
	plain := ansi.Strip(got)
	if strings.Contains(plain, "**") {
		t.Errorf("styled render kept the markers: %q", plain)
	}
	if !strings.Contains(plain, "Opens at 8am.") || !strings.Contains(plain, "    x := 1") {
		t.Errorf("styled render lost text: %q", plain)
	}
	for _, l := range strings.Split(got, "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %q is %d columns wide, want at most 40", l, w)
		}
	}
}

// TestNoHighlighterLinked is the start-up guarantee: chroma registers its
// lexers and styles at init (about 8 ms), so the TUI package, which every
// command links, must not import it, directly or through glamour.
func TestNoHighlighterLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v: %s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "alecthomas/chroma") || strings.Contains(dep, "charmbracelet/glamour") || strings.Contains(dep, "goldmark/extension") {
			t.Errorf("pkg/tui links %s", dep)
		}
	}
}

func FuzzMarkdownRender(f *testing.F) {
	for _, s := range []string{"**a**", "- x\n  - y", "```\ncode", "> q\n>> r", "[a](b) <http://c>", "# h\n***\n<div>x</div>"} {
		f.Add(s, 30)
	}
	md := newMarkdown("dark", termenv.ANSI256)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 0 || width > 400 {
			return
		}
		_ = md.render(s, width)
	})
}
