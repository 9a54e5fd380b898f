package analysis

import (
	"bytes"
	"strings"
	"testing"
)

// TestEmbeddedModel: a bundled model reads once and is the same model on
// every call; garbage or the wrong labels panic naming the bundle.
func TestEmbeddedModel(t *testing.T) {
	var buf bytes.Buffer
	if _, err := toyModel(t).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	load := EmbeddedModel("toy.model", buf.Bytes(), "threat")
	if m := load(); m != load() || m.Labels[0] != "threat" {
		t.Errorf("two calls gave %p and %p, labels %v", m, load(), m.Labels)
	}
	for name, tt := range map[string]struct {
		data []byte
		want []string
		msg  string
	}{
		"garbage":      {[]byte("not a model"), nil, "toy.model: "},
		"wrong labels": {buf.Bytes(), []string{"safety"}, "toy.model: labels [threat], want [safety]"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r, _ := recover().(string)
				if !strings.HasPrefix(r, tt.msg) {
					t.Errorf("panic %q, want one starting %q", r, tt.msg)
				}
			}()
			EmbeddedModel("toy.model", tt.data, tt.want...)()
		})
	}
}
