package redact

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

type turn struct {
	Role, Text string
}

type record struct {
	ID         int64
	Reason     string
	Transcript []turn
	Tags       map[string]string
	Args       map[string]any
	Meta       json.RawMessage
	Note       *string
	At         time.Time
	Any        any
	Fixed      [2]string
	secret     string
}

func TestDeep(t *testing.T) {
	note := "note 4242424242424242"
	in := record{
		ID: 7, Reason: "card 4242 4242 4242 4242",
		Transcript: []turn{{"customer", "call 555-019-8765"}, {"assistant", "ok"}},
		Tags:       map[string]string{"4111111111111111": "x@y.example"},
		Args:       map[string]any{"card": 4242424242424242.0, "list": []any{"4111-1111-1111-1111"}},
		Meta:       json.RawMessage(`{"r":"4242424242424242"}`),
		Note:       &note, At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Any: "4242424242424242", Fixed: [2]string{"4242424242424242", "ok"},
		secret: "kept 4242424242424242",
	}
	out := Deep(in, "555-019-8765")
	b, _ := json.Marshal(out)
	s := string(b) + *out.Note + out.Fixed[0]
	for _, leak := range []string{"4242424242424242", "4242 4242", "4111", "x@y.example"} {
		if strings.Contains(s, leak) {
			t.Errorf("Deep leaked %q: %s", leak, s)
		}
	}
	if out.Transcript[0].Text != "call 555-019-8765" {
		t.Errorf("kept contact masked: %q", out.Transcript[0].Text)
	}
	if out.ID != in.ID || !out.At.Equal(in.At) || out.secret != in.secret {
		t.Errorf("non-string fields changed: %+v", out)
	}
	// The input is untouched, shared slices and maps included.
	if in.Transcript[0].Text != "call 555-019-8765" || in.Reason != "card 4242 4242 4242 4242" || *in.Note != note ||
		in.Tags["4111111111111111"] != "x@y.example" || in.Args["list"].([]any)[0] != "4111-1111-1111-1111" {
		t.Errorf("Deep modified its input: %+v", in)
	}
	// Nil and zero values survive.
	var z record
	if got := Deep(z); got.Transcript != nil || got.Tags != nil || got.Note != nil {
		t.Errorf("zero value: %+v", got)
	}
}
