package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCards(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "my card is 4242424242424242 ok", "my card is [card ending 4242] ok"},
		{"spaces", "4242 4242 4242 4242", "[card ending 4242]"},
		{"dashes", "card 5555-5555-5555-4444.", "card [card ending 4444]."},
		{"amex 15", "amex 3782 822463 10005", "amex [card ending 0005]"},
		{"13 digits", "old visa 4222222222222", "old visa [card ending 2222]"},
		{"19 digits hold a 16", "6011 0009 9013 9424 000", "[card ending 9424] 000"},
		{"19 digits", "6011 0009 9013 9424 009", "[card ending 4009]"},
		{"glued to letters", "card4111111111111111please", "card[card ending 1111]please"},
		{"cvv after", "4242 4242 4242 4242 123", "[card ending 4242] 123"},
		{"digits before", "12 4242 4242 4242 4242", "12 [card ending 4242]"},
		{"unbroken 19 digits failing luhn", "4242424242424242123", "4242424242424242123"},
		{"card then phone", "4242 4242 4242 4242 555 010 2233", "[card ending 4242] 555 010 2233"},
		{"two cards", "4242424242424242, 4111 1111 1111 1111", "[card ending 4242], [card ending 1111]"},
		{"not luhn", "4242 4242 4242 4241", "4242 4242 4242 4241"},
		{"order number", "refund order 10482 please", "refund order 10482 please"},
		{"phone", "call 555-010-2233", "call 555-010-2233"},
		{"phone with country code", "+1 (555) 010-2233", "+1 (555) 010-2233"},
		{"12 digits", "424242424242", "424242424242"},
		{"double space breaks", "4242  4242  4242  4242", "4242  4242  4242  4242"},
		{"already masked", "[card ending 4242]", "[card ending 4242]"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cards(tt.in); got != tt.want {
				t.Errorf("Cards(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLuhn(t *testing.T) {
	for in, want := range map[string]bool{
		"4242424242424242":    true,
		"4242-4242-4242-4242": true,
		"4242424242424241":    false,
		"79927398713":         true,
		"0":                   false,
		"":                    false,
		"42a2":                false,
	} {
		if got := Luhn(in); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestContacts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		keep []string
		want string
	}{
		{"phone", "call 555-010-2233 today", nil, "call [phone ending 2233] today"},
		{"phone formats", "(555) 010-2233 or 555.010.2234 or +1 555 010 2235", nil,
			"[phone ending 2233] or [phone ending 2234] or [phone ending 2235]"},
		{"international", "ring +44 20 7946 0958", nil, "ring [phone ending 0958]"},
		{"email", "write to Maya.R@Example.com.", nil, "write to [email at example.com]."},
		{"keep own phone by digits", "mine is 555 010 2233, hers 555-010-9999",
			[]string{"+1 (555) 010-2233"}, "mine is 555 010 2233, hers [phone ending 9999]"},
		{"keep own email case-insensitive", "maya@example.com and dan@example.com",
			[]string{"MAYA@example.com"}, "maya@example.com and [email at example.com]"},
		{"keep domain", "hello@cafe.test and x@other.test", []string{"@cafe.test"},
			"hello@cafe.test and [email at other.test]"},
		{"order number untouched", "order 10482", nil, "order 10482"},
		{"seven digits untouched", "555-0102", nil, "555-0102"},
		{"card is not a phone", "4242 4242 4242 4241", nil, "4242 4242 4242 4241"},
		{"already masked", "[phone ending 2233] [email at example.com]", nil,
			"[phone ending 2233] [email at example.com]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contacts(tt.in, tt.keep...); got != tt.want {
				t.Errorf("Contacts(%q, %q) = %q, want %q", tt.in, tt.keep, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	in := "I'm 555-010-2233, card 4242 4242 4242 4242, email me at maya@example.com, order 10482"
	want := "I'm 555-010-2233, card [card ending 4242], email me at [email at example.com], order 10482"
	if got := Text(in, "5550102233"); got != want {
		t.Errorf("Text = %q\nwant %q", got, want)
	}
}

func TestCardsOnly(t *testing.T) {
	k := CardsOnly()
	in := "card 4242424242424242, phone 555-010-2233, mail a@b.example"
	if got := k.Text(in); got != "card [card ending 4242], phone 555-010-2233, mail a@b.example" {
		t.Errorf("Text = %q", got)
	}
	if got := string(k.JSON([]byte(`{"c":4242424242424242,"p":"555-010-2233"}`))); got != `{"c":"[card ending 4242]","p":"555-010-2233"}` {
		t.Errorf("JSON = %s", got)
	}
}

func TestValue(t *testing.T) {
	in := map[string]any{
		"reason": "charged twice on 4111 1111 1111 1111",
		"nested": []any{"555-010-9999", map[string]any{"card": json.Number("4242424242424242")}},
		"amount": 12.5,
		"count":  3,
		"ok":     true,
		"list":   []string{"4242424242424242"},
		"tags":   map[string]string{"to": "a@b.example"},
		"float":  4242424242424242.0,
	}
	got := Value(in).(map[string]any)
	b, _ := json.Marshal(got)
	s := string(b)
	for _, leak := range []string{"4111 1111", "4242424242424242", "555-010-9999", "a@b.example"} {
		if strings.Contains(s, leak) {
			t.Errorf("Value leaked %q: %s", leak, s)
		}
	}
	for _, kept := range []string{"[card ending 1111]", `"amount":12.5`, `"count":3`, `"ok":true`} {
		if !strings.Contains(s, kept) {
			t.Errorf("Value lost %q: %s", kept, s)
		}
	}
	// The input is not modified.
	if in["reason"] != "charged twice on 4111 1111 1111 1111" {
		t.Errorf("Value modified its input")
	}
	type named []string
	if got := Value(named{"4242424242424242"}).([]any); got[0] != "[card ending 4242]" {
		t.Errorf("named slice: %v", got)
	}
}

func TestJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"string field", `{"order_id":"10482","reason":"card 4242424242424242"}`,
			`{"order_id":"10482","reason":"card [card ending 4242]"}`},
		{"number field", `{"card":4242424242424242}`, `{"card":"[card ending 4242]"}`},
		{"escaped digits", `{"r":"\u0034242424242424242"}`, `{"r":"[card ending 4242]"}`},
		{"unchanged keeps bytes", `{ "order_id": "10482" }`, `{ "order_id": "10482" }`},
		{"broken json masked as text", `{"reason": "4242 4242 4242 4242`, `{"reason": "[card ending 4242]`},
		{"trailing garbage masked as text", `{} 4242424242424242`, `{} [card ending 4242]`},
		{"trailing brace masked as text", `0}0000000000000`, `0}[card ending 0000]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(JSON([]byte(tt.in))); got != tt.want {
				t.Errorf("JSON(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSpansForGuard(t *testing.T) {
	s := "card 4242424242424242, phone 555-010-2233, mail a@b.example"
	if got := CardSpans(s); len(got) != 1 || s[got[0][0]:got[0][1]] != "4242424242424242" {
		t.Errorf("CardSpans = %v", got)
	}
	if got := PhoneSpans(s); len(got) != 1 || s[got[0][0]:got[0][1]] != "555-010-2233" {
		t.Errorf("PhoneSpans = %v", got)
	}
	if got := EmailSpans(s); len(got) != 1 || s[got[0][0]:got[0][1]] != "a@b.example" {
		t.Errorf("EmailSpans = %v", got)
	}
}

// luhnRunIn returns a card number left in s: a run of whole groups of a
// digit chain, 13 to 19 digits long, that passes Luhn. It checks every
// pair of groups by brute force, independently of CardSpans' scan.
func luhnRunIn(s string) string {
	for _, c := range chains(s, minCardDigits) {
		for g := range c.groups {
			for h := g; h < len(c.groups); h++ {
				run := c.digits[c.groups[g]:c.groupEnd(h)]
				if len(run) >= minCardDigits && len(run) <= maxCardDigits && Luhn(string(run)) {
					return string(run)
				}
			}
		}
	}
	return ""
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"4242 4242 4242 4242", "4242 4242 4242 4242123", "12 4111-1111-1111-1111 99",
		"555-010-2233 maya@example.com", "order 10482", "3782 822463 10005",
		"1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0", "[card ending 4242]",
		"5550102233@example.com 4242424242424242",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Text(s)
		if twice := Text(once); twice != once {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", s, once, twice)
		}
		if w := luhnRunIn(once); w != "" {
			t.Fatalf("Text(%q) = %q still holds card number %s", s, once, w)
		}
		if c := Cards(s); Cards(c) != c {
			t.Fatalf("Cards not idempotent on %q", s)
		}
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"reason":"4242 4242 4242 4242"}`, `{"card":4242424242424242}`, `["\u0034242424242424242"]`, `{"a":{"b":["555-010-2233"]}}`, `{"x": "4242`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := JSON([]byte(s))
		if twice := JSON(once); string(twice) != string(once) {
			t.Fatalf("not idempotent:\n in    %s\n once  %s\n twice %s", s, once, twice)
		}
		// Decoded, no string or number in the result holds a card number.
		var v any
		if json.Unmarshal(once, &v) == nil {
			var walk func(any)
			walk = func(x any) {
				switch y := x.(type) {
				case string:
					if w := luhnRunIn(y); w != "" {
						t.Fatalf("JSON(%s) = %s still holds %s", s, once, w)
					}
				case []any:
					for _, e := range y {
						walk(e)
					}
				case map[string]any:
					for k, e := range y {
						walk(k)
						walk(e)
					}
				}
			}
			walk(v)
		} else if w := luhnRunIn(string(once)); w != "" {
			t.Fatalf("JSON(%s) = %s still holds %s", s, once, w)
		}
	})
}
