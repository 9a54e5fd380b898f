package textnorm

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestWordsAndTokens(t *testing.T) {
	tests := []struct {
		in           string
		words, stems []string
	}{
		{"Refunds, refunded & REFUND!", []string{"refunds", "refunded", "refund"}, []string{"refund", "refund", "refund"}},
		{"Don't you open on Sundays?", []string{"dont", "you", "open", "on", "sundays"}, []string{"open", "sunday"}},
		{"oat-milk latte", []string{"oat", "milk", "latte"}, []string{"oat", "milk", "latt"}},
		{"", nil, nil},
	}
	for _, tc := range tests {
		if got := Words(tc.in); !slices.Equal(got, tc.words) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.words)
		}
		if got := Tokens(tc.in); !slices.Equal(got, tc.stems) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.stems)
		}
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short  text\nhere", 40, "short text here"},
		{"one two three four five", 12, "one two …"},
		{"abcdefghijklmnop", 8, "abcdefgh …"},
	}
	for _, tc := range tests {
		if got := Snippet(tc.in, tc.n); got != tc.want {
			t.Errorf("Snippet(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestPhoneDigits(t *testing.T) {
	for _, in := range []string{"+1 (555) 010-2233", "555-010-2233", "5550102233", "1 555 010 2233"} {
		if got := PhoneDigits(in); got != "5550102233" {
			t.Errorf("PhoneDigits(%q) = %q", in, got)
		}
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("café crème brûlée is très bon", 10)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 || !utf8.ValidString(s) {
			return
		}
		if got := Snippet(s, n); !utf8.ValidString(got) {
			t.Fatalf("Snippet(%q, %d) = %q is not valid UTF-8", s, n, got)
		}
	})
}
