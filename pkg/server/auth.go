package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// MinTokenLen is the shortest token the server accepts: shorter ones are
// guessable over a café's Wi-Fi.
const MinTokenLen = 16

// ErrTokenRequired reports a listen address other than loopback with no
// token configured: anyone on the network could use the assistant.
var ErrTokenRequired = errors.New("listening on a non-loopback address requires a token")

// ErrWeakToken reports a token shorter than MinTokenLen.
var ErrWeakToken = fmt.Errorf("a server token must be at least %d characters", MinTokenLen)

// CheckListen refuses to listen on addr (HOST:PORT) beyond the loopback
// interface unless tokens protect the server.
func CheckListen(addr string, haveToken bool) error {
	if haveToken || IsLoopback(addr) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrTokenRequired, addr)
}

// IsLoopback reports whether addr (HOST:PORT) listens on loopback only. An
// empty host, 0.0.0.0 and :: listen everywhere; a host name other than
// localhost may resolve anywhere.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckTokens reports ErrWeakToken when a non-empty token is too short.
func CheckTokens(tokens []string, staff string) error {
	_, err := newAuth(tokens, staff)
	return err
}

// identity is who a request speaks for.
type identity struct {
	// owner keys the sessions and tickets the caller created.
	owner string
	// staff reaches every session and ticket.
	staff bool
}

// ownerLocal is the owner of everything when no token is configured: a
// loopback-only server trusts its machine, as Ollama does.
const ownerLocal = "local"

// auth checks bearer tokens in constant time. Only hashes are kept, so
// every comparison has the same length whatever the caller sent.
type auth struct {
	terminals [][32]byte
	staff     *[32]byte
}

func newAuth(tokens []string, staff string) (*auth, error) {
	a := &auth{}
	for _, t := range tokens {
		if t == "" {
			continue
		}
		if len(t) < MinTokenLen {
			return nil, ErrWeakToken
		}
		a.terminals = append(a.terminals, sha256.Sum256([]byte(t)))
	}
	if staff != "" {
		if len(staff) < MinTokenLen {
			return nil, ErrWeakToken
		}
		h := sha256.Sum256([]byte(staff))
		a.staff = &h
	}
	return a, nil
}

// enabled reports whether requests need a token.
func (a *auth) enabled() bool { return len(a.terminals) > 0 || a.staff != nil }

// check returns the caller's identity, or false when the token is missing
// or wrong.
func (a *auth) check(r *http.Request) (identity, bool) {
	if !a.enabled() {
		return identity{owner: ownerLocal, staff: true}, true
	}
	tok, ok := bearer(r)
	if !ok {
		return identity{}, false
	}
	h := sha256.Sum256([]byte(tok))
	// Compare against every token, without an early exit, so the time
	// taken says nothing about which (if any) matched.
	match := -1
	for i := range a.terminals {
		if subtle.ConstantTimeCompare(h[:], a.terminals[i][:]) == 1 {
			match = i
		}
	}
	isStaff := a.staff != nil && subtle.ConstantTimeCompare(h[:], a.staff[:]) == 1
	switch {
	case isStaff:
		return identity{owner: "staff", staff: true}, true
	case match >= 0:
		return identity{owner: "t:" + hex.EncodeToString(h[:8])}, true
	}
	return identity{}, false
}

func bearer(r *http.Request) (string, bool) {
	v := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// may reports whether id may reach something owned by owners.
func (id identity) may(owners ...string) bool {
	if id.staff {
		return true
	}
	for _, o := range owners {
		if o == id.owner {
			return true
		}
	}
	return false
}
