package config

import (
	"errors"
	"testing"
)

func TestValidateServer(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Server)
		key  string
	}{
		{"defaults", func(*Server) {}, ""},
		{"url host:port", func(s *Server) { s.URL = "127.0.0.1:11435" }, ""},
		{"url scheme", func(s *Server) { s.URL = "ftp://x" }, "server.url"},
		{"addr without port", func(s *Server) { s.Addr = "127.0.0.1" }, "server.addr"},
		{"addr port range", func(s *Server) { s.Addr = "127.0.0.1:70000" }, "server.addr"},
		{"any address", func(s *Server) { s.Addr = ":11435" }, ""},
		{"short token", func(s *Server) { s.Token = "abc" }, "server.token"},
		{"short terminal token", func(s *Server) { s.Tokens = []Secret{"0123456789abcdef", "x"} }, "server.tokens[1]"},
		{"short staff token", func(s *Server) { s.StaffToken = "abc" }, "server.staff_token"},
		{"staff same as terminal", func(s *Server) { s.Token, s.StaffToken = "0123456789abcdef", "0123456789abcdef" }, "server.staff_token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.edit(&c.Server)
			errs := c.validateServer()
			if tc.key == "" {
				if len(errs) != 0 {
					t.Errorf("errors %v, want none", errs)
				}
				return
			}
			var re *RangeError
			if len(errs) != 1 || !errors.As(errs[0], &re) || re.Key != tc.key {
				t.Errorf("errors %v, want one for %s", errs, tc.key)
			}
		})
	}
}

func TestSecretNeverPrints(t *testing.T) {
	b, err := Secret("hunter2-hunter2-hunter2").MarshalJSON()
	if err != nil || string(b) != `"(set)"` {
		t.Errorf("json = %s, %v", b, err)
	}
	if v, _ := Secret("").MarshalYAML(); v != "" {
		t.Errorf("empty secret prints %v", v)
	}
}
