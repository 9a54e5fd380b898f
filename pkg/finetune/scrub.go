package finetune

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// The kinds of personal data the scrubber replaces, as the placeholders
// name them.
const (
	KindPhone = "PHONE"
	KindEmail = "EMAIL"
	KindCard  = "CARD"
	KindName  = "NAME"
)

// Masks the stores already wrote ("[phone ending 2233]", "[email at
// example.com]", "[card ending 4242]"): the stored text keeps the last
// digits or the domain, which a training set must not.
var (
	maskedPhone = regexp.MustCompile(`\[phone ending (\d{4})\]`)
	maskedEmail = regexp.MustCompile(`\[email(?: at ([^\]\s]+))?\]`)
	maskedCard  = regexp.MustCompile(`\[card ending \d{4}\]`)
	// selfIntro catches a name the customer gives that no account knows.
	selfIntro = regexp.MustCompile(`(?i:\b(?:my name is|my name's|i am|i'm|call me)\s+)(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)`)
)

// Scrubber replaces personal data with typed placeholders that stay
// consistent within one example: the same phone number is <PHONE_1> in
// every message of the example, a second one <PHONE_2>. Cards are always
// <CARD>: a model never needs to tell two apart. One Scrubber serves one
// example; Counts adds up what it replaced.
type Scrubber struct {
	names  []string // known names, longest first
	ids    map[string]map[string]int
	Counts map[string]int
}

// NewScrubber returns a scrubber for one example. names are the people
// the café's records know (customers' full names); each is scrubbed as a
// whole and by its first word.
func NewScrubber(names []string) *Scrubber {
	return &Scrubber{names: names, ids: map[string]map[string]int{}, Counts: map[string]int{}}
}

// PrepareNames turns full names into the match list NewScrubber takes:
// each full name and its first word (of three letters or more), longest
// first, so "Maya Chen" is replaced before "Maya".
func PrepareNames(full []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		n = strings.TrimSpace(n)
		k := strings.ToLower(n)
		if len([]rune(n)) < 3 || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, n)
	}
	for _, n := range full {
		add(n)
		if f := strings.Fields(n); len(f) > 1 {
			add(f[0])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func (s *Scrubber) placeholder(kind, key string) string {
	s.Counts[kind]++
	if kind == KindCard {
		return "<CARD>"
	}
	m := s.ids[kind]
	if m == nil {
		m = map[string]int{}
		s.ids[kind] = m
	}
	switch kind {
	case KindName:
		key = s.nameKey(key)
	case KindPhone, KindEmail:
		key = s.aliasKey(m, kind, key)
	}
	n, ok := m[key]
	if !ok {
		n = len(m) + 1
		m[key] = n
	}
	return fmt.Sprintf("<%s_%d>", kind, n)
}

type span struct {
	start, end int
	kind, key  string
}

// Text returns text with every card number, phone number, email address
// and known or self-introduced name replaced, using the detectors of
// pkg/redact (the same spans the guard scores and the stores mask).
func (s *Scrubber) Text(text string) string {
	// Replacing one span can expose another (digits a longer run hid), so
	// scrub until nothing changes.
	for range 4 {
		out := s.once(text)
		if out == text {
			break
		}
		text = out
	}
	return text
}

func (s *Scrubber) once(text string) string {
	var spans []span
	for _, m := range redact.CardSpans(text) {
		spans = append(spans, span{m[0], m[1], KindCard, ""})
	}
	emails := redact.EmailSpans(text)
	for _, m := range emails {
		spans = append(spans, span{m[0], m[1], KindEmail, strings.ToLower(text[m[0]:m[1]])})
	}
	for _, m := range redact.PhoneSpans(text) {
		spans = append(spans, span{m[0], m[1], KindPhone, textnorm.PhoneDigits(text[m[0]:m[1]])})
	}
	for _, m := range maskedCard.FindAllStringIndex(text, -1) {
		spans = append(spans, span{m[0], m[1], KindCard, ""})
	}
	for _, m := range maskedPhone.FindAllStringSubmatchIndex(text, -1) {
		// Only the last four digits survive a stored mask; they are the key.
		spans = append(spans, span{m[0], m[1], KindPhone, "…" + text[m[2]:m[3]]})
	}
	for _, m := range maskedEmail.FindAllStringSubmatchIndex(text, -1) {
		key := "[email]"
		if m[2] >= 0 {
			key = "@" + strings.ToLower(text[m[2]:m[3]])
		}
		spans = append(spans, span{m[0], m[1], KindEmail, key})
	}
	lower := strings.ToLower(text)
	for _, n := range s.names {
		ln := strings.ToLower(n)
		for off := 0; ; {
			i := strings.Index(lower[off:], ln)
			if i < 0 {
				break
			}
			a, b := off+i, off+i+len(ln)
			if wordBoundary(lower, a, b) {
				spans = append(spans, span{a, b, KindName, strings.ToLower(n)})
			}
			off = b
		}
	}
	for _, m := range selfIntro.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		if !stopName[strings.ToLower(strings.Fields(name)[0])] {
			spans = append(spans, span{m[2], m[3], KindName, strings.ToLower(name)})
		}
	}
	if len(spans) == 0 {
		return text
	}
	// Earliest first; at one start the longest wins (a card over the phone
	// number inside it); overlapping later spans are dropped.
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.start < last {
			continue
		}
		b.WriteString(text[last:sp.start])
		b.WriteString(s.placeholder(sp.kind, sp.key))
		last = sp.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// nameKey makes a first name and its full name share one <NAME_n> in
// an example, whichever of the two comes first.
func (s *Scrubber) nameKey(k string) string {
	m := s.ids[KindName]
	for seen := range m {
		if strings.HasPrefix(seen, k+" ") {
			return seen // "maya" after "maya chen"
		}
	}
	if first, _, ok := strings.Cut(k, " "); ok {
		if n, ok := m[first]; ok {
			// "maya chen" after "maya": the full name takes over its number.
			delete(m, first)
			m[k] = n
		}
	}
	return k
}

// aliasKey makes a stored mask and the raw value it hid share one
// <KIND_n>: "[phone ending 2233]" (key "…2233") is the same number as
// "555-010-2233" (key "5550102233"), "[email at example.com]" (key
// "@example.com") the same address as "maya@example.com", when the
// example holds only one of each. The stores mask what the staff's gold
// reply may spell out.
func (s *Scrubber) aliasKey(m map[string]int, kind, key string) string {
	if _, ok := m[key]; ok {
		return key
	}
	var match func(seen string) bool
	switch {
	case kind == KindPhone && strings.HasPrefix(key, "…"):
		match = func(seen string) bool {
			return !strings.HasPrefix(seen, "…") && strings.HasSuffix(seen, key[len("…"):])
		}
	case kind == KindPhone:
		match = func(seen string) bool { return seen == "…"+key[max(0, len(key)-4):] }
	case kind == KindEmail && strings.HasPrefix(key, "@"):
		match = func(seen string) bool { return !strings.HasPrefix(seen, "@") && strings.HasSuffix(seen, key) }
	case kind == KindEmail:
		at := strings.LastIndexByte(key, '@')
		match = func(seen string) bool { return at >= 0 && seen == key[at:] }
	default:
		return key
	}
	var found []string
	for seen := range m {
		if match(seen) {
			found = append(found, seen)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return key
}

// stopName are words after "I'm"/"this is" that are not names.
var stopName = map[string]bool{
	"sorry": true, "not": true, "looking": true, "trying": true, "just": true, "here": true, "allergic": true,
	"vegan": true, "still": true, "so": true, "very": true, "really": true, "happy": true, "upset": true,
	"the": true, "a": true, "an": true, "your": true, "my": true, "going": true, "coming": true, "at": true,
	"in": true, "on": true, "ok": true, "okay": true, "fine": true, "good": true, "great": true, "disappointed": true,
	"wondering": true, "interested": true, "calling": true, "asking": true, "gluten": true, "lactose": true,
}

func wordBoundary(s string, a, b int) bool {
	isWord := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	return (a == 0 || !isWord(s[a-1])) && (b == len(s) || !isWord(s[b]))
}

// Value scrubs every string inside a decoded JSON value (tool arguments
// and results), returning a copy.
func (s *Scrubber) Value(v any) any {
	switch x := v.(type) {
	case string:
		return s.Text(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // placeholders numbered in a stable order
		for _, k := range keys {
			out[k] = s.Value(x[k])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = s.Value(e)
		}
		return out
	}
	return v
}
