package config

import (
	"strings"
	"testing"
	"time"
)

func TestValidateNotify(t *testing.T) {
	tests := []struct {
		name    string
		set     func(*Notify)
		wantKey string
	}{
		{"defaults", func(*Notify) {}, ""},
		{"webhook and command", func(n *Notify) { n.Webhook, n.Command = "https://hooks.example.com/x", "notify-send cafebot" }, ""},
		{"webhook without scheme", func(n *Notify) { n.Webhook = "hooks.example.com/x" }, "notify.webhook"},
		{"webhook ftp", func(n *Notify) { n.Webhook = "ftp://example.com" }, "notify.webhook"},
		{"blank command", func(n *Notify) { n.Command = "   " }, "notify.command"},
		{"negative retries", func(n *Notify) { n.Retries = -1 }, "notify.retries"},
		{"too many retries", func(n *Notify) { n.Retries = 11 }, "notify.retries"},
		{"zero timeout", func(n *Notify) { n.Timeout = 0 }, "notify.timeout"},
		{"hour timeout", func(n *Notify) { n.Timeout = Duration(time.Hour) }, "notify.timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.set(&c.Notify)
			errs := c.validateNotify()
			if tt.wantKey == "" {
				if len(errs) > 0 {
					t.Fatalf("errors %v, want none", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.wantKey) {
				t.Fatalf("errors %v, want one about %s", errs, tt.wantKey)
			}
		})
	}
}
