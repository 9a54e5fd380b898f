// Package redact masks payment card numbers and contact data in text and
// in JSON-like values before they are persisted or printed.
//
// There is one detector for each kind of data in the tree: pkg/guard
// scores drafts with the spans found here, and every persistence boundary
// (conversations, tickets, refund reasons, audit arguments, eval reports)
// masks with the functions here.
package redact

import (
	"regexp"
	"strings"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Card numbers are 13 to 19 digits long.
const (
	minCardDigits = 13
	maxCardDigits = 19
)

// Luhn reports whether the digits of number (single spaces and dashes
// ignored) pass the Luhn checksum that payment card numbers carry. Any
// other character, or fewer than two digits, fails.
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

// luhnDigits is Luhn over a slice of digit values.
func luhnDigits(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return len(d) >= 2 && sum%10 == 0
}

// chain is a run of ASCII digits in which neighbouring digits may be
// separated by one space or dash: how people write card numbers
// ("4242 4242 4242 4242", "4242-4242-4242-4242", "4242424242424242").
// Its groups are the separator-free runs inside it.
type chain struct {
	digits []byte // the digits, separators dropped
	pos    []int  // byte offset of each digit in the text
	groups []int  // index in digits where each group starts
}

// chains returns every digit chain in s with at least min digits.
func chains(s string, min int) []chain {
	var out []chain
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		c := chain{groups: []int{0}}
		j := i
		for j < len(s) {
			if isDigit(s[j]) {
				c.digits = append(c.digits, s[j])
				c.pos = append(c.pos, j)
				j++
				continue
			}
			if (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) {
				c.groups = append(c.groups, len(c.digits))
				j++
				continue
			}
			break
		}
		if len(c.digits) >= min {
			out = append(out, c)
		}
		i = j
	}
	return out
}

// groupEnd returns the digit index where group g of c ends.
func (c chain) groupEnd(g int) int {
	if g+1 < len(c.groups) {
		return c.groups[g+1]
	}
	return len(c.digits)
}

// CardSpans returns the byte spans [start, end) of the card numbers in s.
// A card number is a digit chain (digits, optionally grouped by single
// spaces or dashes) of 13 to 19 digits that passes the Luhn check, or such
// a run of whole groups inside a longer chain, so a card written next to
// other numbers ("4242 4242 4242 4242 123") is still found. At each group
// the longest valid run wins. Digit runs that fail the check (order
// numbers, phone numbers, a mistyped card) are not cards, and neither is a
// part of an unbroken run of digits: "4242424242424242123" is one
// 19-digit number that fails the check.
func CardSpans(s string) [][]int {
	var spans [][]int
	for _, c := range chains(s, minCardDigits) {
		for g := 0; g < len(c.groups); {
			start, found := c.groups[g], -1
			for h := len(c.groups) - 1; h >= g; h-- {
				n := c.groupEnd(h) - start
				if n >= minCardDigits && n <= maxCardDigits && luhnDigits(c.digits[start:c.groupEnd(h)]) {
					found = h
					break
				}
			}
			if found < 0 {
				g++
				continue
			}
			spans = append(spans, []int{c.pos[start], c.pos[c.groupEnd(found)-1] + 1})
			g = found + 1
		}
	}
	return spans
}

// longRunSpans returns the spans of digit chains too long to be phone
// numbers (13 digits or more), so that a phone is never found inside a
// card or order number.
func longRunSpans(s string) [][]int {
	var spans [][]int
	for _, c := range chains(s, minCardDigits) {
		spans = append(spans, []int{c.pos[0], c.pos[len(c.pos)-1] + 1})
	}
	return spans
}

var (
	// A North American number, with or without separators and country
	// code, or an international one written with "+".
	phoneRE = regexp.MustCompile(`(?:\+?\b1[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{4}\b|\+\d{1,3}(?:[ .-]?\d{2,4}){2,5}\b`)
	emailRE = regexp.MustCompile(`(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b`)
)

// PhoneSpans returns the byte spans of the phone numbers in s: at least ten
// digits in a common written form, never inside a longer digit run such as
// a card number.
func PhoneSpans(s string) [][]int {
	if strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return nil
	}
	long := longRunSpans(s)
	var spans [][]int
	for _, m := range phoneRE.FindAllStringIndex(s, -1) {
		if overlaps(m, long) || len(textnorm.PhoneDigits(s[m[0]:m[1]])) < 10 {
			continue
		}
		spans = append(spans, m)
	}
	return spans
}

// EmailSpans returns the byte spans of the email addresses in s.
func EmailSpans(s string) [][]int {
	if strings.IndexByte(s, '@') < 0 {
		return nil
	}
	return emailRE.FindAllStringIndex(s, -1)
}

// CardMask is how a card number ending in last4 is written after masking.
func CardMask(last4 string) string { return "[card ending " + last4 + "]" }

// Cards masks every Luhn-valid card number in s (see CardSpans), keeping
// its last four digits: "4242 4242 4242 4242" becomes "[card ending 4242]".
// Other digit runs are left alone. Cards is idempotent.
func Cards(s string) string {
	spans := CardSpans(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range spans {
		d := textnorm.PhoneDigits(s[m[0]:m[1]])
		// PhoneDigits drops a leading 1 only from 11-digit runs; cards
		// are longer, so d holds every digit.
		b.WriteString(s[last:m[0]])
		b.WriteString(CardMask(d[len(d)-4:]))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// Keep is a prepared set of contact data that masking leaves alone: the
// current customer's own phone numbers and emails, or the café's published
// ones. The zero value keeps nothing.
type Keep struct {
	phones  map[string]bool
	emails  map[string]bool
	domains map[string]bool
	all     bool
}

// CardsOnly returns a Keep that leaves every phone number and email alone,
// so its Text, Value and JSON mask card numbers only: for cleaning data
// written before masking existed, where whose contacts are whose is not
// known.
func CardsOnly() Keep { return Keep{all: true} }

// NewKeep prepares contacts for Contacts and Text. Entries holding "@" are
// emails, compared case-insensitively; an entry "@example.com" keeps every
// address at that domain. Other entries are phone numbers, compared by
// their digits, so "(555) 010-2233" keeps "+1 555 010 2233".
func NewKeep(contacts ...string) Keep {
	k := Keep{phones: map[string]bool{}, emails: map[string]bool{}, domains: map[string]bool{}}
	for _, c := range contacts {
		c = strings.ToLower(strings.TrimSpace(c))
		switch {
		case strings.HasPrefix(c, "@") && len(c) > 1:
			k.domains[c[1:]] = true
		case strings.Contains(c, "@"):
			k.emails[c] = true
		default:
			if d := textnorm.PhoneDigits(c); d != "" {
				k.phones[d] = true
			}
		}
	}
	return k
}

// Phone reports whether k keeps the phone number p.
func (k Keep) Phone(p string) bool { return k.all || k.phones[textnorm.PhoneDigits(p)] }

// Email reports whether k keeps the email address e.
func (k Keep) Email(e string) bool {
	if k.all {
		return true
	}
	e = strings.ToLower(e)
	if k.emails[e] {
		return true
	}
	if at := strings.LastIndexByte(e, '@'); at >= 0 {
		return k.domains[e[at+1:]]
	}
	return false
}

// PhoneMask is how a phone number ending in last4 is written after masking.
func PhoneMask(last4 string) string { return "[phone ending " + last4 + "]" }

// EmailMask is how an email address at domain is written after masking.
// A domain holding digits is left out, so the mask never holds what
// reads as a phone number.
func EmailMask(domain string) string {
	if strings.ContainsAny(domain, "0123456789") {
		return "[email]"
	}
	return "[email at " + domain + "]"
}

// Contacts masks the phone numbers and email addresses in s except those
// in keep (see NewKeep for how entries compare). A phone keeps its last
// four digits ("[phone ending 2233]"), an email its domain ("[email at
// example.com]"). Contacts is idempotent.
func Contacts(s string, keep ...string) string { return NewKeep(keep...).Contacts(s) }

// Contacts is the package-level Contacts with a prepared keep set.
func (k Keep) Contacts(s string) string {
	type repl struct {
		span []int
		text string
	}
	var rs []repl
	emails := EmailSpans(s)
	for _, m := range PhoneSpans(s) {
		p := s[m[0]:m[1]]
		// Digits inside an address belong to the address.
		if overlaps(m, emails) || k.Phone(p) {
			continue
		}
		d := textnorm.PhoneDigits(p)
		rs = append(rs, repl{m, PhoneMask(d[len(d)-4:])})
	}
	for _, m := range emails {
		e := s[m[0]:m[1]]
		if k.Email(e) {
			continue
		}
		rs = append(rs, repl{m, EmailMask(strings.ToLower(e[strings.LastIndexByte(e, '@')+1:]))})
	}
	if len(rs) == 0 {
		return s
	}
	// Apply in order of start; emails were found second.
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].span[0] < rs[j-1].span[0]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	var b strings.Builder
	last := 0
	for _, r := range rs {
		b.WriteString(s[last:r.span[0]])
		b.WriteString(r.text)
		last = r.span[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// Text masks card numbers (Cards) and then contact data not in keep
// (Contacts). It is what every persistence boundary applies to free text.
func Text(s string, keep ...string) string { return NewKeep(keep...).Text(s) }

// Text is the package-level Text with a prepared keep set.
func (k Keep) Text(s string) string { return k.Contacts(Cards(s)) }

// overlaps reports whether span m overlaps one of spans.
func overlaps(m []int, spans [][]int) bool {
	for _, s := range spans {
		if m[0] < s[1] && s[0] < m[1] {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
