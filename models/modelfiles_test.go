package modelfiles

import (
	"strings"
	"testing"
)

func TestEveryRoleParses(t *testing.T) {
	for _, role := range Roles {
		t.Run(role, func(t *testing.T) {
			mf, err := Get(role)
			if err != nil {
				t.Fatal(err)
			}
			if mf.From == "" {
				t.Fatal("no FROM")
			}
			if mf.Parameters["num_ctx"] == "" {
				t.Error("num_ctx must be set explicitly: a changed num_ctx reloads the model")
			}
			// Generation roles must be 4-bit quantized; the embedding model is
			// the documented exception.
			if role != "embed" && !strings.Contains(mf.From, "q4_") {
				t.Errorf("FROM %s is not a 4-bit tag", mf.From)
			}
			if role != "guard" && role != "embed" && mf.System == "" {
				t.Error("no SYSTEM prompt")
			}
		})
	}
}

func TestUnknownRole(t *testing.T) {
	if _, err := Get("barista"); err == nil {
		t.Fatal("want an error for an unknown role")
	}
}

func TestComplaintPrompt(t *testing.T) {
	p, err := Prompt("complaint")
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(p, "#") || !strings.Contains(p, "Never promise") {
		t.Fatalf("complaint prompt = %q", p)
	}
}
