package llm

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ollama/ollama/api"
	"github.com/ollama/ollama/parser"
)

// Modelfile is a parsed Ollama Modelfile.
type Modelfile struct {
	// From is the base model tag or local weights file named by FROM.
	From       string
	System     string
	Parameters map[string]string
	mf         *parser.Modelfile
}

// ParseModelfile parses the text of a Modelfile.
func ParseModelfile(r io.Reader) (*Modelfile, error) {
	mf, err := parser.ParseFile(r)
	if err != nil {
		return nil, fmt.Errorf("parse modelfile: %w", err)
	}
	out := &Modelfile{Parameters: map[string]string{}, mf: mf}
	for _, c := range mf.Commands {
		switch c.Name {
		case "model":
			out.From = c.Args
		case "system":
			out.System = c.Args
		case "template", "license", "message", "adapter":
		default:
			out.Parameters[c.Name] = c.Args
		}
	}
	return out, nil
}

// Create creates (or replaces) model name on the server from a Modelfile.
// Local files the Modelfile names (FROM ./weights.gguf, ADAPTER
// ./lora.gguf) are resolved against dir and uploaded as blobs first, as
// `ollama create` does.
func (c *Client) Create(ctx context.Context, name string, mf *Modelfile, dir string, progress func(Progress)) error {
	req, err := mf.mf.CreateRequest(dir)
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	req.Model = name
	return c.create(ctx, req, progress)
}

// create uploads the request's local files and sends it. The gaps between
// progress lines are bounded by the idle timeout, except while Ollama
// quantizes: it reports nothing for the minutes that takes, so only the
// caller's context bounds a quantizing create.
func (c *Client) create(ctx context.Context, req *api.CreateRequest, progress func(Progress)) error {
	name := req.Model
	var err error
	if req.Files, err = c.uploadAll(ctx, req.Files); err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	if req.Adapters, err = c.uploadAll(ctx, req.Adapters); err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	bounded := c
	if req.Quantize != "" {
		bounded = c.WithTimeouts(Timeouts{})
	}
	w := bounded.bound(ctx, progressCall)
	ctx = w.ctx
	last := ""
	err = c.api.Create(ctx, req, func(p api.ProgressResponse) error {
		w.tick()
		last = p.Status
		if progress != nil {
			progress(Progress{Status: p.Status, Digest: p.Digest, Total: p.Total, Completed: p.Completed})
		}
		return nil
	})
	if err == nil && last != "success" {
		err = cutShort(ctx)
	}
	if err = w.done(err); err != nil {
		return c.wrap("create "+name, req.From, err)
	}
	return nil
}

// uploadAll uploads local files (path → digest) and returns them keyed by
// base name, as /api/create wants them.
func (c *Client) uploadAll(ctx context.Context, local map[string]string) (map[string]string, error) {
	if len(local) == 0 {
		return local, nil
	}
	files := map[string]string{}
	for path, digest := range local {
		if err := c.uploadBlob(ctx, path, digest); err != nil {
			return nil, err
		}
		files[filepath.Base(path)] = digest
	}
	return files, nil
}

func (c *Client) uploadBlob(ctx context.Context, path, digest string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("upload %s: %w", path, err)
	}
	defer f.Close()
	if err := c.api.CreateBlob(ctx, digest, f); err != nil {
		return c.wrap("upload "+filepath.Base(path), "", err)
	}
	return nil
}
