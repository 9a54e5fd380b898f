package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"http://127.0.0.1:11435", "http://127.0.0.1:11435", true},
		{"127.0.0.1:11435", "http://127.0.0.1:11435", true},
		{"https://counter.local/cafebot/", "https://counter.local/cafebot", true},
		{"  http://[::1]:11435  ", "http://[::1]:11435", true},
		{"", "", false},
		{"ftp://x", "", false},
		{"http://", "", false},
	}
	for _, tc := range tests {
		u, err := ParseURL(tc.in)
		if (err == nil) != tc.ok || (err == nil && u.String() != tc.want) {
			t.Errorf("ParseURL(%q) = %v, %v; want %q ok %v", tc.in, u, err, tc.want, tc.ok)
		}
	}
}

func serve(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, "tok-0123456789abcdef", nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestErrorsAndStreams(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
		hint    string
		status  int
	}{
		{"json error", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			w.Write([]byte(`{"error":"this session belongs to another terminal","hint":"use the staff token"}`))
		}, "this session belongs to another terminal", "use the staff token", 403},
		{"proxy error page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			w.Write([]byte("<html>bad gateway\nmore</html>"))
		}, "cafebot server: 502 Bad Gateway: <html>bad gateway", "", 502},
		{"error line", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"kind":"token","text":"The "}` + "\n" + `{"kind":"error","error":"the model failed","hint":"see the log"}` + "\n"))
		}, "the model failed", "see the log", 500},
		{"cut stream", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"kind":"token","text":"The "}` + "\n"))
		}, "ended the answer early", "", 0},
		{"garbage line", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("not json\n"))
		}, "read the server's answer", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := serve(t, tc.handler)
			var tokens []string
			_, err := c.Ask(context.Background(), AskRequest{Question: "q"}, func(e Event) error {
				if e.Kind == EventToken {
					tokens = append(tokens, e.Text)
				}
				return nil
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			var se *StatusError
			if tc.status != 0 && (!errors.As(err, &se) || se.StatusCode != tc.status || se.Hint != tc.hint) {
				t.Errorf("err = %#v, want status %d hint %q", err, tc.status, tc.hint)
			}
			if strings.HasPrefix(tc.name, "error line") && len(tokens) != 1 {
				t.Errorf("tokens before the error = %v", tokens)
			}
		})
	}
}

func TestSendsTokenAndVersionedPath(t *testing.T) {
	var got *http.Request
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Write([]byte(`{"tickets":[]}`))
	})
	if _, err := c.Tickets(context.Background(), "open", 5); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/v1/tickets" || got.URL.RawQuery != "limit=5&status=open" || got.Header.Get("Authorization") != "Bearer tok-0123456789abcdef" {
		t.Errorf("request = %s %s?%s auth %q", got.Method, got.URL.Path, got.URL.RawQuery, got.Header.Get("Authorization"))
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, _ := New(url, "", nil)
	if _, err := c.Health(context.Background()); !errors.Is(err, ErrUnreachable) {
		t.Errorf("closed server: %v, want ErrUnreachable", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Health(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v, want context.Canceled", err)
	}
}
