package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

// ErrUnknownRole reports a role name that has no models.<role> setting.
var ErrUnknownRole = errors.New("unknown role")

// SetRoleModel points models.<role> at model in the config file at path,
// keeping every other setting and comment. An existing file is first
// copied to path.bak-<UTC time> (returned as backup); a missing file is
// created with just that setting. The new file is decoded as a Config
// before it replaces the old one, and written atomically.
func SetRoleModel(path, role, model string, now time.Time) (backup string, err error) {
	if !isRole(role) {
		return "", fmt.Errorf("%w %q: use faq, tools, escalation, guard or embedding", ErrUnknownRole, role)
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("set models.%s: %w", role, err)
	}
	var doc yaml.Node
	if len(bytes.TrimSpace(old)) > 0 {
		if err := yaml.Unmarshal(old, &doc); err != nil {
			return "", fmt.Errorf("set models.%s: config %s: %w", role, path, err)
		}
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return "", fmt.Errorf("set models.%s: config %s is not a mapping", role, path)
	}
	models := mapValue(root, "models")
	if models.Kind != yaml.MappingNode {
		return "", fmt.Errorf("set models.%s: models in %s is not a mapping", role, path)
	}
	v := mapValue(models, role)
	v.Kind, v.Tag, v.Value, v.Style = yaml.ScalarNode, "!!str", model, 0

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return "", fmt.Errorf("set models.%s: %w", role, err)
	}
	enc.Close()
	check := Default()
	if err := Decode(bytes.NewReader(buf.Bytes()), &check); err != nil {
		return "", fmt.Errorf("set models.%s: the edited file does not decode: %w", role, err)
	}
	if old != nil {
		backup = fmt.Sprintf("%s.bak-%s", path, now.UTC().Format("20060102T150405Z"))
		if err := os.WriteFile(backup, old, 0o600); err != nil {
			return "", fmt.Errorf("set models.%s: back up %s: %w", role, path, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	if err := tmp.Close(); err != nil {
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	// The edited file keeps the old one's permissions (CreateTemp makes
	// 0600), and a new one gets the usual 0644.
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return backup, fmt.Errorf("set models.%s: %w", role, err)
	}
	return backup, nil
}

func isRole(role string) bool {
	for _, r := range Default().Models.Roles() {
		if r.Name == role {
			return true
		}
	}
	return false
}

// mapValue returns the value node of key in mapping m, adding an empty
// mapping (for a missing section) when the key is absent.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	v := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	m.Content = append(m.Content, k, v)
	return v
}
