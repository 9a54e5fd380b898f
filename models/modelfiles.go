// Package modelfiles embeds the Ollama Modelfile of every cafebot role, so
// `cafebot models setup` can create the role models and the pipeline can use
// the same system prompts without reading files at run time.
package modelfiles

import (
	"bytes"
	"embed"
	"fmt"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
)

//go:embed *.Modelfile *.prompt *.template
var files embed.FS

// Roles lists the roles that have a Modelfile, in setup order.
var Roles = []string{"embed", "faq", "tools", "guard", "escalation"}

// Text returns the raw Modelfile of a role.
func Text(role string) ([]byte, error) {
	b, err := files.ReadFile(role + ".Modelfile")
	if err != nil {
		return nil, fmt.Errorf("modelfile for role %q: %w", role, err)
	}
	return b, nil
}

// Get returns the parsed Modelfile of a role.
func Get(role string) (*llm.Modelfile, error) {
	b, err := Text(role)
	if err != nil {
		return nil, err
	}
	mf, err := llm.ParseModelfile(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("modelfile for role %q: %w", role, err)
	}
	return mf, nil
}

// Prompt returns a named prompt that is not a model of its own (the
// complaint route runs on the FAQ model with the "complaint" prompt). Lines
// starting with # are comments.
func Prompt(name string) (string, error) {
	b, err := files.ReadFile(name + ".prompt")
	if err != nil {
		return "", fmt.Errorf("prompt %q: %w", name, err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n")), nil
}

// System returns the system prompt of a role ("" when it has none).
func System(role string) string {
	mf, err := Get(role)
	if err != nil {
		return ""
	}
	return mf.System
}

// Template returns the chat template bundled for a role's imported
// weights, or "" when the role has none. A GGUF imported with `cafebot
// models create` carries no Ollama template of its own; the tools role
// needs one that renders .Tools and .ToolCalls (Qwen 2.5's ChatML tool
// format, the family its base model is), or Ollama will not offer tools.
func Template(role string) string {
	b, err := files.ReadFile(role + ".template")
	if err != nil {
		return ""
	}
	return string(b)
}
