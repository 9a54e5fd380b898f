package guard

import (
	"strings"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Identity is contact data a draft may mention without leaking it: the
// current customer's own phone numbers and emails (or, in Options.Public,
// the café's published ones).
type Identity struct {
	// Phones are compared by their digits, so "(555) 010-2233",
	// "555.010.2233" and "+1 555 010 2233" are the same number.
	Phones []string `json:"phones,omitempty"`
	// Emails are compared case-insensitively. An entry of the form
	// "@example.com" allows every address at that domain.
	Emails []string `json:"emails,omitempty"`
}

// Luhn reports whether digits (separators ignored) pass the Luhn checksum
// that payment card numbers carry. Fewer than two digits never pass.
func Luhn(number string) bool { return redact.Luhn(number) }

// PhoneDigits returns the digits of a phone number with a North American
// country code ("+1") dropped, the form phones are compared in.
func PhoneDigits(phone string) string { return textnorm.PhoneDigits(phone) }

// The detectors live in pkg/redact, so what the guard flags in a draft and
// what every persistence boundary masks are the same spans.

// contacts is an Identity prepared for comparison.
type contacts struct {
	phones  map[string]bool
	emails  map[string]bool
	domains map[string]bool
}

func (c *contacts) add(id Identity) {
	if c.phones == nil {
		c.phones, c.emails, c.domains = map[string]bool{}, map[string]bool{}, map[string]bool{}
	}
	for _, p := range id.Phones {
		if d := PhoneDigits(p); d != "" {
			c.phones[d] = true
		}
	}
	for _, e := range id.Emails {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case strings.HasPrefix(e, "@") && len(e) > 1:
			c.domains[e[1:]] = true
		case e != "":
			c.emails[e] = true
		}
	}
}

func (c *contacts) knowsPhone(digits string) bool { return c.phones[digits] }

func (c *contacts) knowsEmail(email string) bool {
	email = strings.ToLower(email)
	if c.emails[email] {
		return true
	}
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		return c.domains[email[at+1:]]
	}
	return false
}

// ContactsIn returns the phone numbers and emails written in text, such
// as the café's published contact data in its knowledge base, ready for
// Options.Public. Card numbers are never taken for phone numbers.
func ContactsIn(text string) Identity {
	var id Identity
	seen := map[string]bool{}
	for _, m := range redact.PhoneSpans(text) {
		d := PhoneDigits(text[m[0]:m[1]])
		if seen[d] {
			continue
		}
		seen[d] = true
		id.Phones = append(id.Phones, text[m[0]:m[1]])
	}
	for _, m := range redact.EmailSpans(text) {
		e := strings.ToLower(text[m[0]:m[1]])
		if !seen[e] {
			seen[e] = true
			id.Emails = append(id.Emails, e)
		}
	}
	return id
}

// scanPII adds the personal data in text that belongs to nobody in known:
// Luhn-valid card numbers (always, whoever they belong to), phone numbers
// and emails. Cues show only the last digits or the domain, so the verdict
// does not repeat the leak.
func scanPII(text string, known *contacts, s *scoreSheet) {
	if strings.IndexFunc(text, isDigit) >= 0 {
		for _, m := range redact.CardSpans(text) {
			d := PhoneDigits(text[m[0]:m[1]])
			s.add(PII, 0.95, "card number: \"****"+d[len(d)-4:]+"\"")
		}
		for _, m := range redact.PhoneSpans(text) {
			d := PhoneDigits(text[m[0]:m[1]])
			if known.knowsPhone(d) {
				continue
			}
			s.add(PII, 0.85, "phone number: \"***"+d[len(d)-4:]+"\"")
		}
	}
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range redact.EmailSpans(text) {
			e := text[m[0]:m[1]]
			if known.knowsEmail(e) {
				continue
			}
			s.add(PII, 0.9, "email: \"***"+e[strings.LastIndexByte(e, '@'):]+"\"")
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
