// Package knowledge bundles the sample knowledge base of Larkspur Café, a
// small three-location café chain, so cafebot works out of the box: menu,
// per-location hours, policies (refunds, loyalty, catering, privacy) and
// customer information, in Markdown, CSV, HTML, JSON and plain text.
package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// Only the document folders are embedded, so the package's own Go files
// never show up as documents.
//
//go:embed menu locations policies info
var docs embed.FS

// FS returns the knowledge base as a read-only filesystem whose paths are
// relative to its root, such as "policies/refunds.md".
func FS() fs.FS { return docs }

// Files returns the paths of every document in the knowledge base, sorted.
func Files() ([]string, error) {
	var out []string
	err := fs.WalkDir(docs, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list knowledge base: %w", err)
	}
	sort.Strings(out)
	return out, nil
}
