package main

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

// modelLister is what the guard-model check needs from Ollama.
type modelLister interface {
	List(ctx context.Context) ([]llm.LocalModel, error)
}

// presenceWait bounds the one look-up of the installed models.
const presenceWait = 2 * time.Second

var (
	presenceMu   sync.Mutex
	presenceSeen = map[string]bool{}
)

// guardModelWanted decides whether the guard asks its model: never for
// guard.model "off", always for "on" or model_enabled, and for "auto"
// when Ollama has the model installed (looked up once per process and
// server; an unreachable server means no).
func guardModelWanted(cfg config.Config, c modelLister) bool {
	switch {
	case cfg.Guard.Model == "off":
		return false
	case cfg.Guard.ModelEnabled || cfg.Guard.Model == "on":
		return true
	}
	key := cfg.Ollama.URL + "\x00" + cfg.Models.Guard
	presenceMu.Lock()
	defer presenceMu.Unlock()
	if v, ok := presenceSeen[key]; ok {
		return v
	}
	ctx, cancel := context.WithTimeout(context.Background(), presenceWait)
	defer cancel()
	models, err := c.List(ctx)
	found := false
	if err == nil {
		want := strings.TrimSuffix(cfg.Models.Guard, ":latest")
		for _, m := range models {
			if strings.TrimSuffix(m.Name, ":latest") == want {
				found = true
				break
			}
		}
	}
	presenceSeen[key] = found
	return found
}
