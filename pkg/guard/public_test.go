package guard

import (
	"sync"
	"testing"
)

// TestContactsFollowSet: a guard over a Contacts holder lets a draft quote
// a number once Set publishes it, and still withholds a number nobody
// published; guards over other holders are unaffected.
func TestContactsFollowSet(t *testing.T) {
	old := Identity{Phones: []string{"(555) 014-2200"}}
	c := NewContacts(old)
	g := New(Options{NoLearned: true}).WithContacts(c)
	other := New(Options{NoLearned: true, Public: old})
	const newCafe = "Call our new kiosk on (555) 014-2500."
	const stranger = "Call Jo on (555) 867-5309."
	if v := g.BuiltinDraft(newCafe, Identity{}); !v.Flagged {
		t.Fatalf("an unpublished number passed before Set: %+v", v)
	}
	c.Set(Identity{Phones: []string{"(555) 014-2200", "(555) 014-2500"}, Emails: []string{"kiosk@larkspurcafe.com"}})
	if v := g.BuiltinDraft(newCafe, Identity{}); v.Flagged {
		t.Fatalf("a published number was flagged after Set: %+v", v)
	}
	if v := g.BuiltinDraft(stranger, Identity{}); !v.Flagged {
		t.Fatalf("another person's number passed after Set: %+v", v)
	}
	if v := other.BuiltinDraft(newCafe, Identity{}); !v.Flagged {
		t.Fatalf("a guard over its own Public saw another holder's Set: %+v", v)
	}
	got := g.PublicContacts()
	if len(got) != 3 || got[1] != "(555) 014-2500" || got[2] != "kiosk@larkspurcafe.com" {
		t.Fatalf("PublicContacts = %q", got)
	}
	// The holder keeps its own copy: changing the caller's slice changes nothing.
	id := Identity{Phones: []string{"(555) 014-2600"}}
	c.Set(id)
	id.Phones[0] = "(555) 867-5309"
	if v := g.BuiltinDraft(stranger, Identity{}); !v.Flagged {
		t.Fatal("Set kept the caller's slice")
	}
}

// TestContactsConcurrentSet: checks and Sets at once (run with -race).
func TestContactsConcurrentSet(t *testing.T) {
	c := NewContacts(Identity{})
	g := New(Options{NoLearned: true, Contacts: c})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 50 {
				c.Set(Identity{Phones: []string{"(555) 014-2500"}})
				c.Set(Identity{})
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				g.BuiltinDraft("Call (555) 014-2500.", Identity{})
				_ = g.PublicContacts()
			}
		}()
	}
	wg.Wait()
}
