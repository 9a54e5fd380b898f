package main

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/llmhosts"
)

// modelLister is what the guard-model check needs from Ollama.
type modelLister interface {
	List(ctx context.Context) ([]llm.LocalModel, error)
}

// roleLister lists the models where model's calls go: the hosts of its
// ollama.hosts role, or ollama.url.
type roleLister struct {
	r     *llmhosts.Router
	model string
}

// List lists the models on the first answering host of the role.
func (l roleLister) List(ctx context.Context) ([]llm.LocalModel, error) {
	return l.r.ListFor(ctx, l.model)
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
	key := cfg.Ollama.URL + "\x00" + strings.Join(cfg.Ollama.Hosts["guard"], ",") + "\x00" + cfg.Models.Guard
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
