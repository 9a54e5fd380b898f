package llm_test

import (
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/llm"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		ollamaHost string
		want       string
		wantErr    string
	}{
		{name: "bare port", raw: ":11434", want: "http://127.0.0.1:11434"},
		{name: "host and port", raw: "localhost:1234", want: "http://localhost:1234"},
		{name: "full url", raw: "http://x:1", want: "http://x:1"},
		{name: "all interfaces means loopback", raw: "0.0.0.0", want: "http://127.0.0.1:11434"},
		{name: "all interfaces with port", raw: "0.0.0.0:8080", want: "http://127.0.0.1:8080"},
		{name: "https default port", raw: "https://ollama.example.com", want: "https://ollama.example.com:443"},
		{name: "ipv6", raw: "[::1]:9000", want: "http://[::1]:9000"},
		{name: "spaces trimmed", raw: "  localhost:1234 \n", want: "http://localhost:1234"},
		{name: "path kept", raw: "http://proxy:8080/ollama", want: "http://proxy:8080/ollama"},
		{name: "empty falls back to default", raw: "", want: "http://127.0.0.1:11434"},
		{name: "empty uses OLLAMA_HOST", raw: "", ollamaHost: "0.0.0.0:7777", want: "http://127.0.0.1:7777"},
		{name: "OLLAMA_HOST with scheme", raw: "", ollamaHost: "http://gpu-box:11434", want: "http://gpu-box:11434"},
		{name: "explicit beats OLLAMA_HOST", raw: "localhost:1", ollamaHost: "gpu-box:2", want: "http://localhost:1"},
		{name: "bad scheme", raw: "ftp://x:21", wantErr: "scheme must be http or https"},
		{name: "bad OLLAMA_HOST scheme", raw: "", ollamaHost: "unix:///run/ollama.sock", wantErr: "scheme must be http or https"},
		{name: "unparsable", raw: "http://[::1", wantErr: `ollama url "http://[::1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", tt.ollamaHost)
			u, err := llm.ParseURL(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseURL(%q) = %v, %v; want error containing %q", tt.raw, u, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if u.String() != tt.want {
				t.Errorf("ParseURL(%q) = %q, want %q", tt.raw, u, tt.want)
			}
		})
	}
}

func TestNewUsesParseURL(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "")
	c, err := llm.New(":4321", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.URL() != "http://127.0.0.1:4321" {
		t.Errorf("URL() = %q, want http://127.0.0.1:4321", c.URL())
	}
	if _, err := llm.New("ftp://x", nil); err == nil {
		t.Error("New with an ftp URL succeeded")
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{":11434", "localhost:1234", "http://x:1", "0.0.0.0", "", "https://h", "[::1]:1", "ftp://x", "http://[::1", "a:b:c", "http://u:p@h:1/p?q#f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		t.Setenv("OLLAMA_HOST", "")
		u, err := llm.ParseURL(raw)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("ParseURL(%q) scheme = %q", raw, u.Scheme)
		}
		if u.Port() == "" || u.Hostname() == "" {
			t.Fatalf("ParseURL(%q) = %q lacks a host or port", raw, u)
		}
		// A resolved URL must resolve to itself.
		again, err := llm.ParseURL(u.String())
		if err != nil {
			t.Fatalf("ParseURL(%q) = %q, which does not parse again: %v", raw, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("ParseURL(%q) = %q, but ParseURL of that = %q", raw, u, again)
		}
	})
}
