package llm

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
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
	// Tensors is the number of tensors the file says it holds.
	Tensors int
}

// GGUF value types.
const (
	ggufUint8 = iota
	ggufInt8
	ggufUint16
	ggufInt16
	ggufUint32
	ggufInt32
	ggufFloat32
	ggufBool
	ggufString
	ggufArray
	ggufUint64
	ggufInt64
	ggufFloat64
)

// ggufFixed is the size of each fixed-width value type.
var ggufFixed = map[uint32]int64{
	ggufUint8: 1, ggufInt8: 1, ggufBool: 1, ggufUint16: 2, ggufInt16: 2,
	ggufUint32: 4, ggufInt32: 4, ggufFloat32: 4, ggufUint64: 8, ggufInt64: 8, ggufFloat64: 8,
}

// maxGGUFKeys bounds the metadata a header may claim; real files hold a
// few dozen keys.
const maxGGUFKeys = 1 << 16

// ReadGGUF reads the metadata of a GGUF file (not the tensor list or the
// weights), so a bad input is caught before it is uploaded. It is its own
// small parser rather than ggml.Decode because every length in the header
// is checked against the file's size first: a corrupt or hostile file
// claiming a terabyte-long string must give an error, not exhaust memory.
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
	info := GGUFInfo{Path: path, Size: fi.Size(), Type: "model"}
	r := &ggufReader{r: bufio.NewReaderSize(f, 64<<10), left: fi.Size()}
	if err := r.header(&info); err != nil {
		return GGUFInfo{}, fmt.Errorf("read gguf %s: %w: %v", path, ErrNotGGUF, err)
	}
	return info, nil
}

type ggufReader struct {
	r    *bufio.Reader
	left int64 // bytes of the file not yet read
}

var errShort = errors.New("the header claims more data than the file holds")

func (g *ggufReader) take(n int64) ([]byte, error) {
	if n < 0 || n > g.left {
		return nil, errShort
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(g.r, b); err != nil {
		return nil, errShort
	}
	g.left -= n
	return b, nil
}

func (g *ggufReader) skip(n int64) error {
	if n < 0 || n > g.left {
		return errShort
	}
	if _, err := g.r.Discard(int(n)); err != nil {
		return errShort
	}
	g.left -= n
	return nil
}

func (g *ggufReader) u32() (uint32, error) {
	b, err := g.take(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (g *ggufReader) u64() (uint64, error) {
	b, err := g.take(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

func (g *ggufReader) str() (string, error) {
	n, err := g.u64()
	if err != nil {
		return "", err
	}
	if n > uint64(g.left) {
		return "", errShort
	}
	b, err := g.take(int64(n))
	return string(b), err
}

func (g *ggufReader) header(info *GGUFInfo) error {
	magic, err := g.take(4)
	if err != nil || string(magic) != "GGUF" {
		return errors.New("no GGUF magic")
	}
	version, err := g.u32()
	if err != nil {
		return err
	}
	if version < 2 || version > 3 {
		return fmt.Errorf("GGUF version %d (want 2 or 3, little-endian)", version)
	}
	tensors, err := g.u64()
	if err != nil {
		return err
	}
	keys, err := g.u64()
	if err != nil {
		return err
	}
	// Every tensor info takes at least 24 bytes; every key at least 12.
	if tensors > uint64(g.left)/24 || keys > maxGGUFKeys || keys > uint64(g.left)/12 {
		return errShort
	}
	info.Tensors = int(tensors)
	for range keys {
		key, err := g.str()
		if err != nil {
			return err
		}
		typ, err := g.u32()
		if err != nil {
			return err
		}
		if err := g.value(key, typ, info); err != nil {
			return fmt.Errorf("key %q: %w", key, err)
		}
	}
	return nil
}

// value reads one metadata value, keeping the few cafebot looks at.
func (g *ggufReader) value(key string, typ uint32, info *GGUFInfo) error {
	switch typ {
	case ggufString:
		s, err := g.str()
		if err != nil {
			return err
		}
		switch key {
		case "general.type":
			info.Type = s
		case "general.architecture":
			info.Architecture = s
		case "adapter.type":
			info.AdapterType = s
		}
		return nil
	case ggufArray:
		elem, err := g.u32()
		if err != nil {
			return err
		}
		n, err := g.u64()
		if err != nil {
			return err
		}
		if size, ok := ggufFixed[elem]; ok {
			if n > uint64(g.left)/uint64(size) {
				return errShort
			}
			return g.skip(int64(n) * size)
		}
		if elem != ggufString || n > uint64(g.left)/8 {
			return fmt.Errorf("array of type %d", elem)
		}
		for range n {
			l, err := g.u64()
			if err != nil {
				return err
			}
			if l > uint64(g.left) {
				return errShort
			}
			if err := g.skip(int64(l)); err != nil {
				return err
			}
		}
		return nil
	}
	size, ok := ggufFixed[typ]
	if !ok {
		return fmt.Errorf("value type %d", typ)
	}
	b, err := g.take(size)
	if err != nil {
		return err
	}
	switch key {
	case "general.file_type":
		var ft uint64
		switch size {
		case 4:
			ft = uint64(binary.LittleEndian.Uint32(b))
		case 8:
			ft = binary.LittleEndian.Uint64(b)
		default:
			return fmt.Errorf("general.file_type of %d bytes", size)
		}
		info.FileTypeSet = true
		info.FileType = "F32"
		if ft != 0 {
			info.FileType = ggml.KV{"general.file_type": uint32(ft)}.FileType().String()
		}
	case "adapter.lora.alpha":
		if typ == ggufFloat32 {
			info.LoRAAlpha = math.Float32frombits(binary.LittleEndian.Uint32(b))
		}
	}
	return nil
}
