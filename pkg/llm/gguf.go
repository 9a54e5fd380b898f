package llm

import (
	"errors"
	"fmt"
	"os"

	"github.com/ollama/ollama/fs/ggml"
)

// ErrNotGGUF reports a file that is not a GGUF model or adapter.
var ErrNotGGUF = errors.New("not a GGUF file")

// GGUFInfo is what the header of a GGUF file says about it.
type GGUFInfo struct {
	// Path is the file that was read.
	Path string
	// Size is the file's size in bytes.
	Size int64
	// Type is general.type: "model" (also when unset) or "adapter".
	Type string
	// Architecture is general.architecture, e.g. "llama".
	Architecture string
	// FileType is general.file_type spelled as Ollama spells it ("F16",
	// "Q4_K_M"); "F32" for type 0, "" when the key is missing.
	FileType string
	// FileTypeSet reports whether general.file_type is present at all.
	FileTypeSet bool
	// AdapterType is adapter.type ("lora") for an adapter.
	AdapterType string
	// LoRAAlpha is adapter.lora.alpha for a LoRA adapter.
	LoRAAlpha float32
	// Tensors is the number of tensors the file holds.
	Tensors int
}

// ReadGGUF reads the header of a GGUF file (metadata and tensor list, not
// the weights), so a bad input is caught before it is uploaded.
func ReadGGUF(path string) (GGUFInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return GGUFInfo{}, fmt.Errorf("read gguf: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return GGUFInfo{}, fmt.Errorf("read gguf: %w", err)
	}
	g, _, err := ggml.Decode(f, 0)
	if err != nil {
		return GGUFInfo{}, fmt.Errorf("read gguf %s: %w: %v", path, ErrNotGGUF, err)
	}
	if g.Name() != "gguf" {
		return GGUFInfo{}, fmt.Errorf("read gguf %s: %w (container %s)", path, ErrNotGGUF, g.Name())
	}
	// The KV accessors of ggml prefix keys with the architecture and panic
	// on an unexpected value type, so the map is read directly.
	kv := g.KV()
	str := func(key, def string) string {
		if s, ok := kv[key].(string); ok {
			return s
		}
		return def
	}
	info := GGUFInfo{
		Path:         path,
		Size:         fi.Size(),
		Type:         str("general.type", "model"),
		Architecture: str("general.architecture", ""),
		AdapterType:  str("adapter.type", ""),
		Tensors:      len(g.Tensors().Items()),
	}
	if a, ok := kv["adapter.lora.alpha"].(float32); ok {
		info.LoRAAlpha = a
	}
	if v, ok := kv["general.file_type"]; ok {
		info.FileTypeSet = true
		var ft uint32
		switch n := v.(type) {
		case uint32:
			ft = n
		case int32:
			ft = uint32(n)
		case uint64:
			ft = uint32(n)
		}
		info.FileType = "F32"
		if ft != 0 {
			info.FileType = ggml.KV{"general.file_type": ft}.FileType().String()
		}
	}
	return info, nil
}
