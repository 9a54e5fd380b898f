package finetune

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Paths are the files Write produces.
type Paths struct {
	Train      string `json:"train"`
	Validation string `json:"validation"`
	Card       string `json:"card"`
}

// PathsFor returns where an export to out goes: out itself for training,
// the validation file beside it ("train.jsonl" → "valid.jsonl", the pair
// mlx-lm's --data directory wants; otherwise NAME.valid.jsonl) and the
// card NAME.card.md.
func PathsFor(out string) Paths {
	dir, base := filepath.Split(out)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	valid := stem + ".valid.jsonl"
	if strings.Contains(stem, "train") {
		valid = strings.Replace(stem, "train", "valid", 1) + ".jsonl"
	}
	return Paths{Train: out, Validation: filepath.Join(dir, valid), Card: filepath.Join(dir, stem+".card.md")}
}

// Write writes the dataset's train and validation JSONL and its card to
// the paths PathsFor(out) names, each through a temporary file renamed
// into place, so a failed export leaves no half-written set.
func Write(out string, ds Dataset) (Paths, error) {
	p := PathsFor(out)
	if err := writeAtomic(p.Train, func(w io.Writer) error { return writeJSONL(w, ds.Train) }); err != nil {
		return p, err
	}
	if err := writeAtomic(p.Validation, func(w io.Writer) error { return writeJSONL(w, ds.Validation) }); err != nil {
		return p, err
	}
	if err := writeAtomic(p.Card, func(w io.Writer) error { return ds.Card.WriteMarkdown(w, p) }); err != nil {
		return p, err
	}
	return p, nil
}

func writeJSONL(w io.Writer, exs []Example) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, ex := range exs {
		if err := enc.Encode(ex); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, ".export-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteMarkdown writes the dataset card: what is in the set, where it
// came from, what was left out and why, and what was scrubbed.
func (c Card) WriteMarkdown(w io.Writer, p Paths) error {
	role := c.Role
	if role == "" {
		role = "faq and tools"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# cafebot fine-tuning set (%s)\n\n", role)
	fmt.Fprintf(&b, "Generated %s by `cafebot train export`", c.Generated.UTC().Format("2006-01-02 15:04 MST"))
	if !c.Since.IsZero() {
		fmt.Fprintf(&b, " from turns since %s", c.Since.Format("2006-01-02"))
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "- train: `%s` (%s)\n- validation: `%s` (%s)\n\n", filepath.Base(p.Train), examples(c.Train), filepath.Base(p.Validation), examples(c.Validation))
	b.WriteString("Format: chat JSONL, one example per line with `messages` (system, user, assistant, tool);\n")
	b.WriteString("tool examples add a top-level `tools` array and assistant `tool_calls` whose arguments are a JSON string.\n")
	b.WriteString("FAQ examples end with the context passages the answer cited and the customer's message, as the FAQ model is prompted.\n")
	b.WriteString("mlx-lm, axolotl (`type: chat_template`) and TRL/Unsloth load it as is.\n\n")
	fmt.Fprintf(&b, "## Counts\n\n%d assistant turns and gold replies considered, %d kept (%d with tool calls).\n\n", c.Considered, c.Kept, c.ToolTurns)
	table(&b, "Source", c.BySource)
	table(&b, "Role", c.ByRole)
	b.WriteString("## Left out\n\nOnly turns worth learning from are kept: answered on the FAQ or account route, not handed off,\n")
	b.WriteString("not followed by a complaint, not flagged by the guard, no failed tool call; or a reply staff gave when\n")
	b.WriteString("resolving a ticket (`cafebot handoff resolve ID --reply TEXT`).\n\n")
	if len(c.Dropped) == 0 {
		b.WriteString("Nothing was left out.\n\n")
	} else {
		table(&b, "Reason", c.Dropped)
	}
	b.WriteString("## Personal data\n\nReplaced with typed placeholders, numbered consistently within each example\n")
	b.WriteString("(`<PHONE_1>`, `<EMAIL_1>`, `<NAME_1>`; every card number is `<CARD>`), using the detectors the guard\n")
	b.WriteString("and the stores share (pkg/redact) and the names of the café's customer records.\n\n")
	if len(c.Scrubbed) == 0 {
		b.WriteString("Nothing needed scrubbing.\n")
	} else {
		table(&b, "Placeholder", c.Scrubbed)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func table(b *strings.Builder, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "| %s | Count |\n|---|---:|\n", title)
	for _, k := range keys {
		fmt.Fprintf(b, "| %s | %d |\n", k, m[k])
	}
	b.WriteString("\n")
}

// WriteJSONL writes examples to path, one per line, through a temporary
// file renamed into place (`cafebot distill` writes its set with it).
func WriteJSONL(path string, exs []Example) error {
	return writeAtomic(path, func(w io.Writer) error { return writeJSONL(w, exs) })
}

func examples(n int) string {
	if n == 1 {
		return "1 example"
	}
	return fmt.Sprintf("%d examples", n)
}
