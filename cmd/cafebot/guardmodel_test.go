package main

import (
	"context"
	"errors"
	"testing"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

type fakeLister struct {
	models []llm.LocalModel
	err    error
	calls  int
}

func (f *fakeLister) List(context.Context) ([]llm.LocalModel, error) {
	f.calls++
	return f.models, f.err
}

func TestGuardModelWanted(t *testing.T) {
	have := []llm.LocalModel{{Name: "cafebot-guard:latest"}}
	tests := []struct {
		name    string
		mode    string
		enabled bool
		url     string
		lister  *fakeLister
		want    bool
	}{
		{"auto and installed", "auto", false, "http://a", &fakeLister{models: have}, true},
		{"auto and missing", "auto", false, "http://b", &fakeLister{models: []llm.LocalModel{{Name: "llama3.2:1b"}}}, false},
		{"auto and unreachable", "auto", false, "http://c", &fakeLister{err: errors.New("connection refused")}, false},
		{"off wins over installed", "off", false, "http://d", &fakeLister{models: have}, false},
		{"on without looking", "on", false, "http://e", &fakeLister{err: errors.New("down")}, true},
		{"model_enabled means on", "auto", true, "http://f", &fakeLister{err: errors.New("down")}, true},
	}
	for _, tt := range tests {
		cfg := config.Default()
		cfg.Guard.Model, cfg.Guard.ModelEnabled, cfg.Ollama.URL = tt.mode, tt.enabled, tt.url
		if got := guardModelWanted(cfg, tt.lister); got != tt.want {
			t.Errorf("%s: guardModelWanted = %v, want %v", tt.name, got, tt.want)
		}
	}
	// One look-up per server and model.
	f := &fakeLister{models: have}
	cfg := config.Default()
	cfg.Ollama.URL = "http://once"
	guardModelWanted(cfg, f)
	guardModelWanted(cfg, f)
	if f.calls != 1 {
		t.Errorf("%d look-ups for one server, want 1", f.calls)
	}
}
