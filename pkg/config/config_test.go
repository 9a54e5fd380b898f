package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
}

// TestLoadRejectsSettingsThatDisableSafety: each of these configs was once
// accepted and quietly switched a guarantee off.
func TestLoadRejectsSettingsThatDisableSafety(t *testing.T) {
	cases := []struct {
		name, yaml, key string
	}{
		{"guard off by threshold", "guard:\n  threshold: 2\n", "guard.threshold"},
		{"guard flags everything", "guard:\n  threshold: 0\n", "guard.threshold"},
		{"every question refused", "retrieval:\n  min_score: 7\n", "retrieval.min_score"},
		{"no deadline on Ollama", "ollama:\n  request_timeout: 0\n", "ollama.request_timeout"},
		{"a deadline of forever", "ollama:\n  request_timeout: -1\n", "ollama.request_timeout"},
		{"idle longer than the call", "ollama:\n  request_timeout: 30s\n  idle_timeout: 5m\n", "ollama.idle_timeout"},
		{"self-harm to a model", "escalation:\n  to_human: [safety, threat]\n  to_model: [self_harm]\n", "escalation.to_human"},
		{"unknown category", "escalation:\n  to_model: [multi_issue, tool_failur]\n", "escalation"},
		{"negative refund threshold", "refunds:\n  manager_threshold: -5\n", "refunds.manager_threshold"},
		{"headcount upside down", "catering:\n  min_headcount: 50\n  max_headcount: 10\n", "catering.max_headcount"},
		{"fee over 100%", "catering:\n  late_cancel_fee_pct: 150\n", "catering.late_cancel_fee_pct"},
		{"zero top_k", "retrieval:\n  top_k: 0\n", "retrieval.top_k"},
		{"huge overlap", "retrieval:\n  chunk_chars: 400\n  chunk_overlap: 399\n", "retrieval.chunk_overlap"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			path := filepath.Join(home, "config.yaml")
			if err := os.WriteFile(path, []byte(c.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(home, path, true)
			if err == nil {
				t.Fatalf("accepted:\n%s", c.yaml)
			}
			var re *RangeError
			if !errors.As(err, &re) {
				t.Fatalf("err %v is not a *RangeError", err)
			}
			if !strings.Contains(err.Error(), c.key) {
				t.Fatalf("err %q does not name %s", err, c.key)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.Guard.Threshold = 3
	c.Retrieval.TopK = 0
	err := c.Validate()
	for _, key := range []string{"guard.threshold", "retrieval.top_k"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("err %v does not name %s", err, key)
		}
	}
}

func TestLoad(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, "config.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("missing file is fine unless named", func(t *testing.T) {
		cfg, err := Load(home, "", false)
		if err != nil || cfg.File != "" || cfg.Home != home {
			t.Fatalf("cfg %+v, err %v", cfg, err)
		}
		if _, err := Load(home, filepath.Join(home, "nope.yaml"), true); err == nil {
			t.Fatal("a named missing file was accepted")
		}
	})

	t.Run("unknown key names its line", func(t *testing.T) {
		write("guard:\n  threshhold: 0.5\n")
		_, err := Load(home, path, true)
		if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "threshhold") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("file then environment", func(t *testing.T) {
		write("models:\n  faq: file-faq\n  tools: file-tools\nollama:\n  request_timeout: 90\n  idle_timeout: 45s\n")
		t.Setenv("CAFEBOT_MODEL_TOOLS", "env-tools")
		t.Setenv("OLLAMA_HOST", "10.0.0.9:11434")
		t.Setenv("CAFEBOT_OLLAMA_URL", "127.0.0.1:9999")
		t.Setenv("CAFEBOT_GUARD_MODEL", "true")
		cfg, err := Load(home, path, true)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Models.FAQ != "file-faq" || cfg.Models.Tools != "env-tools" {
			t.Errorf("models %+v", cfg.Models)
		}
		if cfg.Ollama.URL != "127.0.0.1:9999" {
			t.Errorf("CAFEBOT_OLLAMA_URL should win over OLLAMA_HOST: %q", cfg.Ollama.URL)
		}
		if cfg.Ollama.RequestTimeout.D() != 90*time.Second || cfg.Ollama.IdleTimeout.D() != 45*time.Second {
			t.Errorf("timeouts %v %v", cfg.Ollama.RequestTimeout.D(), cfg.Ollama.IdleTimeout.D())
		}
		if !cfg.Guard.ModelEnabled || cfg.File != path {
			t.Errorf("guard model %v, file %q", cfg.Guard.ModelEnabled, cfg.File)
		}
	})

	t.Run("bad environment value", func(t *testing.T) {
		write("")
		t.Setenv("CAFEBOT_GUARD_MODEL", "sometimes")
		if _, err := Load(home, path, true); err == nil || !strings.Contains(err.Error(), "CAFEBOT_GUARD_MODEL") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("relative paths resolve against the config file", func(t *testing.T) {
		dir := filepath.Join(home, "conf")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "cafebot.yaml")
		if err := os.WriteFile(p, []byte("gate:\n  rules_file: rules/gate.yaml\nretrieval:\n  synonyms_file: synonyms.txt\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Chdir(t.TempDir())
		cfg, err := Load(home, p, true)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, "rules", "gate.yaml"); cfg.Gate.RulesFile != want {
			t.Fatalf("rules_file = %q, want %q", cfg.Gate.RulesFile, want)
		}
		if want := filepath.Join(dir, "synonyms.txt"); cfg.Retrieval.SynonymsFile != want {
			t.Fatalf("synonyms_file = %q, want %q", cfg.Retrieval.SynonymsFile, want)
		}
		if err := os.WriteFile(p, []byte("gate:\n  rules_file: /etc/cafebot/gate.yaml\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if cfg, _ := Load(home, p, true); cfg.Gate.RulesFile != "/etc/cafebot/gate.yaml" {
			t.Fatalf("an absolute path was changed: %q", cfg.Gate.RulesFile)
		}
	})
}

func TestDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30m", 30 * time.Minute, true},
		{"45", 45 * time.Second, true},
		{"-1", -1, true},
		{"0", 0, true},
		{"1h30m", 90 * time.Minute, true},
		{"soon", 0, false},
		{"5 minutes", 0, false},
	}
	for _, c := range cases {
		got, err := parseDuration(c.in)
		if (err == nil) != c.ok || (c.ok && got.D() != c.want) {
			t.Errorf("parseDuration(%q) = %v, %v; want %v ok=%v", c.in, got.D(), err, c.want, c.ok)
		}
	}
	var cfg Config
	err := Decode(strings.NewReader("ollama:\n  keep_alive: soon\n"), &cfg)
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a bad duration should name its line: %v", err)
	}
	b, err := Duration(90 * time.Second).MarshalJSON()
	if err != nil || string(b) != `"1m30s"` {
		t.Fatalf("MarshalJSON = %s, %v", b, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("guard:\n  threshold: 0.5\n")
	f.Add("models:\n  faq: x\nretrieval:\n  top_k: 3\n")
	f.Add("loyalty:\n  top_up_bonus:\n    20: 40\n")
	f.Fuzz(func(t *testing.T, s string) {
		cfg := Default()
		if err := Decode(strings.NewReader(s), &cfg); err != nil {
			return
		}
		// Whatever decodes must validate or say why, never panic.
		_ = cfg.Validate()
	})
}
