package tui

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/assistant"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want command
		ok   bool
	}{
		{"/customer 555-0100", command{"customer", "555-0100"}, true},
		{"/customer\t 555 0100  ", command{"customer", "555 0100"}, true},
		{"/Handoff  angry, wants a manager", command{"handoff", "angry, wants a manager"}, true},
		{"/new", command{"new", ""}, true},
		{"/", command{"", ""}, true},
		{"/ sources", command{"sources", ""}, true},
		{"/handoff line one\nline two", command{"handoff", "line one\nline two"}, true},
		{" /help", command{}, false},
		{"hello /help", command{}, false},
		{"", command{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseCommand(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(command{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/customer 555-0100", "/handoff\treason", "/", "hello", "/x\ny", "/\u00a0a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, ok := parseCommand(line)
		if ok != strings.HasPrefix(line, "/") {
			t.Fatalf("ok = %v for %q", ok, line)
		}
		if !ok {
			return
		}
		if strings.IndexFunc(c.Name, unicode.IsSpace) >= 0 {
			t.Errorf("name %q has spaces", c.Name)
		}
		if c.Arg != strings.TrimSpace(c.Arg) {
			t.Errorf("arg %q not trimmed", c.Arg)
		}
		if c.Name != strings.ToLower(c.Name) {
			t.Errorf("name %q not lower case", c.Name)
		}
	})
}

func TestAnswerStats(t *testing.T) {
	a := assistant.Answer{Intent: "faq", Route: assistant.RouteFAQ, Model: "cafebot-small", Timings: assistant.Timings{FirstToken: 312.4, Total: 1240}}
	tests := []struct {
		a     assistant.Answer
		level int
		want  string
	}{
		{a, statsFull, "intent faq · route faq · cafebot-small · first token 312 ms · total 1.2 s"},
		{a, statsMedium, "faq → faq · cafebot-small · first token 312 ms · total 1.2 s"},
		{a, statsTight, "faq→faq · cafebot-small · 312 ms / 1.2 s"},
		{assistant.Answer{Route: assistant.RouteHandoff, Timings: assistant.Timings{Total: 35}}, statsTight, "handoff · total 35 ms"},
		{assistant.Answer{}, statsFull, ""},
	}
	for _, tt := range tests {
		if got := answerStats(tt.a, tt.level); got != tt.want {
			t.Errorf("answerStats(%d) = %q, want %q", tt.level, got, tt.want)
		}
	}
}

func TestAnswerBanner(t *testing.T) {
	tests := []struct {
		name string
		a    assistant.Answer
		want string
	}{
		{"handoff with notice", assistant.Answer{HandoffID: 1042, Notice: "asked for a manager"}, "Handed to staff — ticket #1042: asked for a manager"},
		{"flagged handoff", assistant.Answer{HandoffID: 7, Flagged: true}, "Handed to staff — ticket #7: flagged by the guard"},
		{"escalated handoff", assistant.Answer{HandoffID: 8, Escalated: true}, "Handed to staff — ticket #8: escalated"},
		{"flagged only", assistant.Answer{Flagged: true, Notice: "threat"}, "Flagged by the guard: threat"},
		{"plain answer", assistant.Answer{Notice: "the small model was busy"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := answerBanner(tt.a); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSourceLabelsDedup(t *testing.T) {
	got := sourceLabels([]assistant.Source{
		{Source: "policies/refunds.md", Section: "Refunds"},
		{Source: "policies/refunds.md", Section: "Refunds"},
		{Source: "menu.md"},
		{},
	})
	want := []string{"policies/refunds.md › Refunds", "menu.md"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\nnext", "plain\ttext\nnext"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b]0;title\a after", " after"},
		{"bell\a and \u009b csi", "bell and  csi"},
		{"café ☕", "café ☕"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatMS(t *testing.T) {
	for in, want := range map[float64]string{0.4: "0 ms", 312.5: "313 ms", 999.4: "999 ms", 1000: "1.0 s", 12345: "12.3 s"} {
		if got := formatMS(in); got != want {
			t.Errorf("formatMS(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestAnswerStatsShowsFrustration(t *testing.T) {
	calm := assistant.Answer{Intent: "faq", Route: "faq", Model: "m", Frustration: 0.1}
	upset := calm
	upset.Frustration = 0.74
	if got := answerStats(calm, statsFull); strings.Contains(got, "frustration") {
		t.Errorf("calm answer shows frustration: %q", got)
	}
	if got := answerStats(upset, statsMedium); !strings.Contains(got, "frustration 0.74") {
		t.Errorf("upset answer hides frustration: %q", got)
	}
}
