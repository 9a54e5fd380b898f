package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSetRoleModel(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name     string
		old      string // "" means no file
		role     string
		wantErr  error
		wantKeep []string
	}{
		{
			name:     "keeps comments and other settings",
			old:      "# the café's config\nmodels:\n  faq: cafebot-faq # resident\n  tools: my-tools\nretrieval:\n  top_k: 7\n",
			role:     "faq",
			wantKeep: []string{"# the café's config", "tools: my-tools", "top_k: 7"},
		},
		{name: "adds a missing models section", old: "retrieval:\n  top_k: 3\n", role: "tools", wantKeep: []string{"top_k: 3"}},
		{name: "creates a missing file", role: "escalation"},
		{name: "unknown role", old: "models:\n  faq: x\n", role: "barista", wantErr: ErrUnknownRole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			backup, err := SetRoleModel(path, tt.role, "cafebot-"+tt.role+"-q4", now)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if b, _ := os.ReadFile(path); string(b) != tt.old {
					t.Errorf("a refused edit changed the file:\n%s", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want the old file's 0644", fi.Mode().Perm())
			}
			for _, keep := range tt.wantKeep {
				if !strings.Contains(string(got), keep) {
					t.Errorf("lost %q:\n%s", keep, got)
				}
			}
			cfg, err := Load(t.TempDir(), path, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range cfg.Models.Roles() {
				if r.Name == tt.role && r.Model != "cafebot-"+tt.role+"-q4" {
					t.Errorf("models.%s = %q after promote", r.Name, r.Model)
				}
			}
			if tt.old == "" {
				if backup != "" {
					t.Errorf("backup %q of a file that did not exist", backup)
				}
				return
			}
			b, err := os.ReadFile(backup)
			if err != nil || string(b) != tt.old {
				t.Errorf("backup %s = %q, %v; want the old file", backup, b, err)
			}
		})
	}
}

func TestSetRoleModelBrokenFileUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	old := "models: [faq\n"
	os.WriteFile(path, []byte(old), 0o644)
	if _, err := SetRoleModel(path, "faq", "x", time.Now()); err == nil {
		t.Fatal("want an error for a file that does not parse")
	}
	if b, _ := os.ReadFile(path); string(b) != old {
		t.Errorf("file changed to %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}
