package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/assistant"
)

func TestRunPlain(t *testing.T) {
	tests := []struct {
		name    string
		in      []string
		want    []string
		wantErr string
	}{
		{
			name: "answer with sources",
			in:   []string{faqQuestion},
			want: []string{
				faqAnswer,
				"  source: hours/elm-street.md › Sunday hours",
				"  source: menu/kitchen.md › Hot food",
				"",
			},
		},
		{
			name: "customer then tool calls",
			in:   []string{"/customer 555-0100", creditAsk},
			want: []string{
				"customer: Dana Reyes · +1 555 0100 · id C1001",
				"Done — I credited **40 points** for order 5521. Dana now has 1,240 points.",
				"  tool failed: get_order: that order is not on this account",
				"  tool: credited 40 points",
				"",
			},
		},
		{
			name: "customer not found goes on",
			in:   []string{"/customer 999", "/customer"},
			want: []string{
				`error: no customer with id or phone "999"`,
				"no customer; usage: /customer PHONE_OR_ID",
			},
		},
		{
			name: "handoff banner from the answer",
			in:   []string{angryAsk},
			want: []string{
				"I'm sorry about your order. A manager will contact you today.",
				"Handed to staff — ticket #1042: repeated complaint, customer asked for a manager",
				"",
			},
		},
		{
			name: "handoff command",
			in:   []string{"/handoff needs a refund over the limit"},
			want: []string{"Handed to staff — ticket #1043: needs a refund over the limit"},
		},
		{
			name: "sources hidden, explain, new",
			in:   []string{"/sources", faqQuestion, "/explain", "/new", "/explain"},
			want: []string{
				"sources hidden",
				faqAnswer,
				"",
				"why: intent faq · route faq · cafebot-small · first token 312 ms · total 1.2 s",
				`  - keywords "open", "sunday" matched the faq intent (0.91)`,
				"  - faq questions go to the small model with retrieval",
				"new conversation",
				"no answer to explain yet",
			},
		},
		{
			name: "blank lines skipped, unknown command, quit stops reading",
			in:   []string{"", "   ", "/nope", "/quit", faqQuestion},
			want: []string{"unknown command /nope; /help lists the commands"},
		},
		{
			name:    "failed answer ends the chat",
			in:      []string{"/customer C1001", "what is this", faqQuestion},
			want:    []string{"customer: Dana Reyes · +1 555 0100 · id C1001"},
			wantErr: `answer "what is this": fake session: no script for "what is this"`,
		},
		{
			name: "escape sequences from the model are dropped",
			in:   []string{"evil"},
			want: []string{"red text and a bell", ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.scripts["evil"] = script{answer: assistant.Answer{Answer: "\x1b[31mred text\x1b[0m and a bell\a"}}
			var out strings.Builder
			err := RunPlain(context.Background(), f, strings.NewReader(strings.Join(tt.in, "\n")+"\n"), &out)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("RunPlain: %v", err)
			}
			if tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("RunPlain error = %v, want %q", err, tt.wantErr)
			}
			got := out.String()
			if strings.ContainsRune(got, '\x1b') {
				t.Errorf("output has escape sequences: %q", got)
			}
			want := strings.Join(tt.want, "\n") + "\n"
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunPlainStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out strings.Builder
	err := RunPlain(ctx, newFake(), strings.NewReader(faqQuestion+"\n"), &out)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if out.Len() != 0 {
		t.Errorf("wrote %q after cancellation", out.String())
	}
}
