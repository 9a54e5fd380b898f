package config

import (
	"strings"
	"testing"
)

func TestValidateHosts(t *testing.T) {
	tests := []struct {
		name    string
		hosts   map[string][]string
		wantKey string
	}{
		{"none", nil, ""},
		{"escalation on a GPU box", map[string][]string{"escalation": {"http://gpu-box:11434", "http://gpu-2:11434"}}, ""},
		{"guard and embedding on a shared box", map[string][]string{"guard": {"http://gpu-box:11434"}, "embedding": {"http://gpu-box:11434", "http://127.0.0.1:11434"}}, ""},
		{"unknown role", map[string][]string{"dessert": {"http://x:11434"}}, "ollama.hosts"},
		{"empty list", map[string][]string{"faq": {}}, "ollama.hosts.faq"},
		{"not a url", map[string][]string{"tools": {"gpu-box"}}, "ollama.hosts.tools"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Ollama.Hosts = tt.hosts
			errs := c.validateHosts()
			if tt.wantKey == "" {
				if len(errs) > 0 {
					t.Fatalf("errors %v", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantKey) {
				t.Fatalf("errors %v, want one naming %s", errs, tt.wantKey)
			}
		})
	}
}
