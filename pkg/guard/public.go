package guard

import (
	"slices"
	"sync/atomic"
)

// Contacts holds the café's published phones and emails for the guards
// that read them (New's Options.Contacts, or WithContacts): Set replaces
// them for every such guard at once, so a long-running server follows its
// index when a contact page changes. It is safe for concurrent use.
type Contacts struct{ p atomic.Pointer[publicSet] }

// publicSet is one version of the published contacts, as given and as the
// checks look them up.
type publicSet struct {
	id  Identity
	set contacts
}

// NewContacts returns a holder of id.
func NewContacts(id Identity) *Contacts {
	c := &Contacts{}
	c.Set(id)
	return c
}

// Set replaces the published contacts; checks that already started finish
// with the ones they read.
func (c *Contacts) Set(id Identity) {
	ps := &publicSet{id: Identity{Phones: slices.Clone(id.Phones), Emails: slices.Clone(id.Emails)}}
	ps.set.add(id)
	c.p.Store(ps)
}

// Identity returns the published contacts.
func (c *Contacts) Identity() Identity {
	id := c.load().id
	return Identity{Phones: slices.Clone(id.Phones), Emails: slices.Clone(id.Emails)}
}

func (c *Contacts) load() *publicSet { return c.p.Load() }

// WithContacts returns a guard sharing g's settings whose published
// contacts are read from c at every check.
func (g *Guard) WithContacts(c *Contacts) *Guard {
	cp := *g
	cp.pub = c
	return &cp
}
