package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// validateNotify reports the notify settings that cannot work, each as a
// *RangeError; the lead's Validate calls it.
func (c Config) validateNotify() []error {
	var errs []error
	n := c.Notify
	if n.Webhook != "" {
		u, err := url.Parse(n.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, &RangeError{Key: "notify.webhook", Want: "an http:// or https:// URL", Got: n.Webhook})
		}
	}
	if n.Command != "" && strings.TrimSpace(n.Command) == "" {
		errs = append(errs, &RangeError{Key: "notify.command", Want: "a shell command, or nothing"})
	}
	if n.Retries < 0 || n.Retries > 10 {
		errs = append(errs, &RangeError{Key: "notify.retries", Want: "a whole number from 0 to 10", Got: fmt.Sprint(n.Retries)})
	}
	if d := n.Timeout.D(); d < time.Second || d > 5*time.Minute {
		errs = append(errs, &RangeError{Key: "notify.timeout", Want: "a duration from 1s to 5m0s", Got: d.String()})
	}
	return errs
}
