package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// MinServerTokenLen is the shortest server token that is accepted; it
// matches pkg/server's MinTokenLen.
const MinServerTokenLen = 16

// validateServer reports the server settings that cannot work, each as a
// *RangeError; the lead's Validate calls it.
func (c Config) validateServer() []error {
	var errs []error
	s := c.Server
	if s.URL != "" {
		u, err := url.Parse(strings.TrimSpace(s.URL))
		if !strings.Contains(s.URL, "://") {
			u, err = url.Parse("http://" + strings.TrimSpace(s.URL))
		}
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			errs = append(errs, &RangeError{Key: "server.url", Want: "http://HOST:PORT or empty to run in-process", Got: s.URL})
		}
	}
	if host, port, err := net.SplitHostPort(s.Addr); err != nil || !validPort(port) {
		errs = append(errs, &RangeError{Key: "server.addr", Want: "HOST:PORT, e.g. 127.0.0.1:11435", Got: s.Addr})
	} else if strings.ContainsAny(host, " /") {
		errs = append(errs, &RangeError{Key: "server.addr", Want: "HOST:PORT, e.g. 127.0.0.1:11435", Got: s.Addr})
	}
	short := func(key string, v Secret) {
		if v != "" && len(v) < MinServerTokenLen {
			errs = append(errs, &RangeError{Key: key, Want: fmt.Sprintf("at least %d characters (e.g. `openssl rand -hex 16`)", MinServerTokenLen), Got: fmt.Sprintf("%d characters", len(v))})
		}
	}
	short("server.token", s.Token)
	for i, t := range s.Tokens {
		short(fmt.Sprintf("server.tokens[%d]", i), t)
	}
	short("server.staff_token", s.StaffToken)
	if s.StaffToken != "" && s.StaffToken == s.Token {
		errs = append(errs, &RangeError{Key: "server.staff_token", Want: "a token different from server.token (staff reaches every terminal's sessions)"})
	}
	return errs
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
}
