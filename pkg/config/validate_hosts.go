package config

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
)

// HostRoles are the roles ollama.hosts may send to their own servers.
var HostRoles = []string{"faq", "tools", "escalation", "guard", "embedding"}

// validateHosts checks ollama.hosts: known roles, at least one host each,
// every host an http(s) URL.
func (c Config) validateHosts() []error {
	var errs []error
	roles := make([]string, 0, len(c.Ollama.Hosts))
	for r := range c.Ollama.Hosts {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	for _, r := range roles {
		key := "ollama.hosts." + r
		if !slices.Contains(HostRoles, r) {
			errs = append(errs, &RangeError{Key: "ollama.hosts", Want: "roles faq, tools, escalation, guard or embedding", Got: fmt.Sprintf("%q", r)})
			continue
		}
		hosts := c.Ollama.Hosts[r]
		if len(hosts) == 0 {
			errs = append(errs, &RangeError{Key: key, Want: "one or more http://HOST:11434 URLs (or remove the role to use ollama.url)", Got: "[]"})
		}
		for _, h := range hosts {
			u, err := url.Parse(h)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				errs = append(errs, &RangeError{Key: key, Want: "http://HOST:PORT URLs", Got: fmt.Sprintf("%q", h)})
			}
		}
	}
	return errs
}
