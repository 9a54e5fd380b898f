package llm_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/llm"
)

// TestParseURLDropsAPIPath: the client adds /api/... itself, so a URL
// copied with it must not make every model look missing.
func TestParseURLDropsAPIPath(t *testing.T) {
	for raw, want := range map[string]string{
		"http://localhost:11434/api":           "http://localhost:11434",
		"http://localhost:11434/api/":          "http://localhost:11434",
		"localhost:11434/api/tags":             "http://localhost:11434",
		"https://proxy.example.com/ollama/api": "https://proxy.example.com:443/ollama",
		"http://proxy:8080/apiary":             "http://proxy:8080/apiary",
	} {
		t.Setenv("OLLAMA_HOST", "")
		u, err := llm.ParseURL(raw)
		if err != nil || u.String() != want {
			t.Errorf("ParseURL(%q) = %v, %v; want %s", raw, u, err, want)
		}
	}
}

func TestHintForRoleModels(t *testing.T) {
	err := llm.ErrModelNotFound
	if h := llm.Hint(err, "cafebot-faq"); strings.Contains(h, "ollama pull") || !strings.Contains(h, "cafebot models setup") {
		t.Errorf("hint for a missing role model = %q: cafebot-faq cannot be pulled", h)
	}
	if h := llm.Hint(errors.Join(err), "llama3.2:3b"); !strings.Contains(h, "ollama pull llama3.2:3b") {
		t.Errorf("hint for a missing base model = %q, want the pull", h)
	}
}
