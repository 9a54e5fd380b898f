package handoff

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Offline references. A chain store that cannot reach head office files a
// ticket in its outbox, whose numbers are its own: #1002 there may be
// another store's #1002 at head office. So a ticket filed offline is given
// a reference instead, the store's prefix and the local number
// ("ELM-ROAD-L1002"), which is what the customer is told. It is kept on
// the ticket when the outbox delivers it (and on the delivery's receipt,
// should the ticket be merged into an open one of the same matter), so
// staff find it with `handoff show ELM-ROAD-L1002`. A reference always has
// letters and "-L"; head office's numbers are digits only, so the two
// never collide, and two stores' references differ by their prefix.

// ErrBadNumber reports text that is neither a ticket number nor an offline
// reference.
var ErrBadNumber = errors.New("not a ticket number or reference")

// ErrAmbiguousRef reports an offline reference that more than one ticket
// carries: two stores share a store.id.
var ErrAmbiguousRef = errors.New("reference names more than one ticket")

// refPattern is PREFIX-L<digits>, the prefix one or more dash-separated
// runs of capital letters and digits.
var refPattern = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*-L[0-9]+$`)

// IsRef reports whether s (already upper case) is an offline reference.
// The prefix must hold a letter, so no reference reads as a number.
func IsRef(s string) bool {
	return refPattern.MatchString(s) && strings.ContainsFunc(s[:strings.LastIndex(s, "-L")], isLetter)
}

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' }

// RefPrefix returns the reference prefix of a store: its id in capitals,
// every run of other characters one dash ("elm-road" → "ELM-ROAD"), or
// fallback (made the same way) when that leaves nothing.
func RefPrefix(store, fallback string) string {
	for _, s := range []string{store, fallback} {
		var b strings.Builder
		dash := false
		for _, r := range strings.ToUpper(s) {
			if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				b.WriteRune(r)
				dash = false
			} else {
				dash = true
			}
		}
		if b.Len() > 0 && strings.ContainsFunc(b.String(), isLetter) {
			return b.String()
		}
	}
	return "STORE"
}

// LocalRef returns the offline reference of local ticket id at the store
// with prefix ("ELM-ROAD", 1002 → "ELM-ROAD-L1002").
func LocalRef(prefix string, id int64) string { return prefix + "-L" + strconv.FormatInt(id, 10) }

// WithLocalRefs has q give every ticket it files as new the offline
// reference LocalRef(prefix, id): for the queue in a chain store's outbox.
// It returns q.
func (q *Queue) WithLocalRefs(prefix string) *Queue {
	q.refPrefix = prefix
	return q
}

// Lookup returns the ticket number names: "#1042" or "1042" by number, or
// an offline reference ("elm-road-l1002" in any case) by the ticket that
// carries it or the receipt of its delivery. It is an error wrapping
// ErrBadNumber for other text, ErrNotFound when no ticket has it, and
// ErrAmbiguousRef when more than one does.
func (q *Queue) Lookup(ctx context.Context, number string) (Ticket, error) {
	if id, err := ParseNumber(number); err == nil {
		return q.Get(ctx, id)
	}
	ref := strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(number), "#"))
	if !IsRef(ref) {
		return Ticket{}, fmt.Errorf("ticket %q: want a number like #1042 or a reference like ELM-ROAD-L1002: %w", number, ErrBadNumber)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT id FROM handoff_tickets WHERE ref = ?
		UNION SELECT ticket_id FROM handoff_receipts WHERE ref = ?`, ref, ref)
	if err != nil {
		return Ticket{}, fmt.Errorf("ticket %s: %w", ref, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return Ticket{}, fmt.Errorf("ticket %s: %w", ref, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Ticket{}, fmt.Errorf("ticket %s: %w", ref, err)
	}
	switch len(ids) {
	case 0:
		return Ticket{}, fmt.Errorf("ticket %s: %w", ref, ErrNotFound)
	case 1:
		return q.Get(ctx, ids[0])
	}
	nums := make([]string, len(ids))
	for i, id := range ids {
		nums[i] = "#" + strconv.FormatInt(id, 10)
	}
	return Ticket{}, fmt.Errorf("ticket %s: %w: %s", ref, ErrAmbiguousRef, strings.Join(nums, ", "))
}
