package llm

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ollama/ollama/parser"
)

// Quantizations are the types Import asks Ollama to quantize to: the two
// that Ollama v0.6.5 produces without an importance matrix and that later
// versions still accept.
var Quantizations = []string{"q4_K_M", "q8_0"}

// ErrQuantization reports a quantization type cafebot does not request.
var ErrQuantization = errors.New("unsupported quantization")

// ErrNotQuantizable reports weights Ollama cannot quantize: anything but
// F16 in practice (v0.6.5 reads an F32 file, file type 0, as unknown).
var ErrNotQuantizable = errors.New("weights cannot be quantized")

// ErrNotAdapter reports an adapter file that is not a GGUF LoRA adapter.
var ErrNotAdapter = errors.New("not a GGUF LoRA adapter")

// ErrNotModel reports a weights file that is a GGUF adapter, not a model.
var ErrNotModel = errors.New("not a GGUF model")

// ImportRequest describes a model built from local GGUF files with a
// role's settings.
type ImportRequest struct {
	// Name is the model to create (or replace).
	Name string
	// Settings is the Modelfile whose SYSTEM, PARAMETER, TEMPLATE, LICENSE
	// and MESSAGE lines the model gets; its FROM and ADAPTER are replaced.
	// It may be nil.
	Settings *Modelfile
	// Template, when set, replaces the Settings' TEMPLATE.
	Template string
	// Weights is a local GGUF model file; when empty the model is built
	// FROM Base.
	Weights string
	// Base is the existing model to build on when Weights is empty.
	Base string
	// Adapter is a local GGUF LoRA adapter applied on top, or "".
	Adapter string
	// Quantize is one of Quantizations, or "" to keep the weights as they
	// are.
	Quantize string
}

// CheckQuantization returns the quantization type as Ollama spells it
// ("Q4_K_M"), or ErrQuantization for a type cafebot does not request.
func CheckQuantization(q string) (string, error) {
	for _, ok := range Quantizations {
		if strings.EqualFold(q, ok) {
			return strings.ToUpper(ok), nil
		}
	}
	return "", fmt.Errorf("%w %q: use %s", ErrQuantization, q, strings.Join(Quantizations, " or "))
}

// CheckImport reads the headers of the request's local files and returns
// what they are, or a typed error for input Ollama would refuse, before
// anything is uploaded.
func CheckImport(req ImportRequest) (weights, adapter GGUFInfo, err error) {
	if req.Weights == "" && req.Base == "" {
		return weights, adapter, errors.New("import: no weights file and no base model")
	}
	if req.Quantize != "" {
		if _, err := CheckQuantization(req.Quantize); err != nil {
			return weights, adapter, err
		}
		if req.Weights == "" {
			return weights, adapter, fmt.Errorf("%w: only a local F16 GGUF can be quantized, not the existing model %s", ErrNotQuantizable, req.Base)
		}
	}
	if req.Weights != "" {
		if weights, err = ReadGGUF(req.Weights); err != nil {
			return weights, adapter, err
		}
		if weights.Type != "model" {
			return weights, adapter, fmt.Errorf("%s: %w (general.type is %q)", req.Weights, ErrNotModel, weights.Type)
		}
		if req.Quantize != "" && weights.FileType != "F16" {
			ft := weights.FileType
			if ft == "" {
				ft = "unset"
			}
			return weights, adapter, fmt.Errorf("%s: %w: its file type is %s, and Ollama quantizes only F16 weights", req.Weights, ErrNotQuantizable, ft)
		}
	}
	if req.Adapter != "" {
		if adapter, err = ReadGGUF(req.Adapter); err != nil {
			return weights, adapter, err
		}
		if adapter.Type != "adapter" || adapter.AdapterType != "lora" {
			return weights, adapter, fmt.Errorf("%s: %w (general.type %q, adapter.type %q)", req.Adapter, ErrNotAdapter, adapter.Type, adapter.AdapterType)
		}
	}
	return weights, adapter, nil
}

// Import checks the request's files (CheckImport), uploads them as blobs
// and creates the model, quantized by Ollama when asked.
func (c *Client) Import(ctx context.Context, req ImportRequest, progress func(Progress)) error {
	if _, _, err := CheckImport(req); err != nil {
		return fmt.Errorf("create %s: %w", req.Name, err)
	}
	var cmds []parser.Command
	from := req.Base
	if req.Weights != "" {
		abs, err := filepath.Abs(req.Weights)
		if err != nil {
			return fmt.Errorf("create %s: %w", req.Name, err)
		}
		from = abs
	}
	cmds = append(cmds, parser.Command{Name: "model", Args: from})
	if req.Adapter != "" {
		abs, err := filepath.Abs(req.Adapter)
		if err != nil {
			return fmt.Errorf("create %s: %w", req.Name, err)
		}
		cmds = append(cmds, parser.Command{Name: "adapter", Args: abs})
	}
	if req.Settings != nil && req.Settings.mf != nil {
		for _, cmd := range req.Settings.mf.Commands {
			if cmd.Name == "model" || cmd.Name == "adapter" || (cmd.Name == "template" && req.Template != "") {
				continue
			}
			cmds = append(cmds, cmd)
		}
	}
	if req.Template != "" {
		cmds = append(cmds, parser.Command{Name: "template", Args: req.Template})
	}
	areq, err := (parser.Modelfile{Commands: cmds}).CreateRequest("/")
	if err != nil {
		return fmt.Errorf("create %s: %w", req.Name, err)
	}
	if req.Weights != "" && len(areq.Files) == 0 {
		return fmt.Errorf("create %s: weights %s: file not found", req.Name, req.Weights)
	}
	areq.Model = req.Name
	if req.Quantize != "" {
		areq.Quantize, _ = CheckQuantization(req.Quantize)
	}
	return c.create(ctx, areq, progress)
}

// HasCapability reports whether /api/show listed the capability.
func (m ModelInfo) HasCapability(name string) bool { return slices.Contains(m.Capabilities, name) }
