package guard

import (
	"regexp"
	"strings"

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
func Luhn(number string) bool {
	sum, n := 0, 0
	for i := len(number) - 1; i >= 0; i-- {
		c := number[i]
		if c == ' ' || c == '-' {
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 2 && sum%10 == 0
}

// PhoneDigits returns the digits of a phone number with a North American
// country code ("+1") dropped, the form phones are compared in.
func PhoneDigits(phone string) string { return textnorm.PhoneDigits(phone) }

var (
	// A card number: 13 to 19 digits, optionally grouped by single spaces
	// or dashes.
	cardRE = regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`)
	// A North American number, with or without separators and country
	// code, or an international one written with "+".
	phoneRE = regexp.MustCompile(`(?:\+?\b1[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{4}\b|\+\d{1,3}(?:[ .-]?\d{2,4}){2,5}\b`)
	emailRE = regexp.MustCompile(`(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b`)
)

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
	cards := cardRE.FindAllStringIndex(text, -1)
	seen := map[string]bool{}
	for _, m := range phoneRE.FindAllStringIndex(text, -1) {
		d := PhoneDigits(text[m[0]:m[1]])
		if len(d) < 10 || inside(m, cards) || seen[d] {
			continue
		}
		seen[d] = true
		id.Phones = append(id.Phones, text[m[0]:m[1]])
	}
	for _, e := range emailRE.FindAllString(text, -1) {
		e = strings.ToLower(e)
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
	var cardSpans [][]int
	if strings.IndexFunc(text, isDigit) >= 0 {
		for _, m := range cardRE.FindAllStringIndex(text, -1) {
			raw := text[m[0]:m[1]]
			if Luhn(raw) {
				cardSpans = append(cardSpans, m)
				d := PhoneDigits(raw)
				s.add(PII, 0.95, "card number: \"****"+d[len(d)-4:]+"\"")
			}
		}
		for _, m := range phoneRE.FindAllStringIndex(text, -1) {
			if inside(m, cardSpans) {
				continue
			}
			d := PhoneDigits(text[m[0]:m[1]])
			if len(d) < 10 || known.knowsPhone(d) {
				continue
			}
			s.add(PII, 0.85, "phone number: \"***"+d[len(d)-4:]+"\"")
		}
	}
	if strings.IndexByte(text, '@') >= 0 {
		for _, e := range emailRE.FindAllString(text, -1) {
			if known.knowsEmail(e) {
				continue
			}
			s.add(PII, 0.9, "email: \"***"+e[strings.LastIndexByte(e, '@'):]+"\"")
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// inside reports whether span m overlaps one of spans.
func inside(m []int, spans [][]int) bool {
	for _, s := range spans {
		if m[0] < s[1] && s[0] < m[1] {
			return true
		}
	}
	return false
}
