package retrieval

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// A document is the file it came from, not the path ingest was given:
// "knowledge/menu/menu.csv" reached through `ingest knowledge` (source
// "menu/menu.csv") and through `ingest knowledge/menu` (source "menu.csv")
// is one document, kept under the name it first had. Two different files
// that would get the same source ("elm/hours.md" and "harbour/hours.md",
// both "hours.md" under their own folders) are two documents: the second
// is kept as "harbour/hours.md", named after its folder.

// identities maps the files of an index to their source names.
type identities struct {
	byFile map[string]string // file identity → source
}

// newIdentities learns where the current documents' files are.
func newIdentities(entries map[string]*entry) *identities {
	ids := &identities{byFile: make(map[string]string, len(entries))}
	for src, e := range entries {
		ids.byFile[recordFile(e.rec)] = src
	}
	return ids
}

// rootFile is the identity of the file rel found under root r: its
// absolute path on disk, or the file system's name and rel.
func rootFile(r *root, rel string) string {
	switch {
	case r.file != "":
		return r.id
	case r.dir != "":
		return filepath.Join(r.id, filepath.FromSlash(rel))
	}
	return r.id + "\x00" + rel
}

// recordFile is the identity of an indexed file: the first of its root
// joined with its source, the root's parent joined with it (a source
// named after its folder), or the root itself (a single-file root) that
// exists on disk; a record of an embedded file system is its name and
// source.
func recordFile(f fileRec) string {
	if !filepath.IsAbs(f.root) {
		return f.root + "\x00" + f.source
	}
	src := filepath.FromSlash(f.source)
	candidates := []string{filepath.Join(f.root, src)}
	for dir, i := filepath.Dir(f.root), 0; i < 4 && dir != filepath.Dir(dir); dir, i = filepath.Dir(dir), i+1 {
		candidates = append(candidates, filepath.Join(dir, src))
	}
	if filepath.Base(f.root) == path.Base(f.source) {
		candidates = append(candidates, f.root)
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && !info.IsDir() {
			return c
		}
	}
	return candidates[0]
}

func fileExists(identity string) bool {
	if !filepath.IsAbs(identity) {
		return false
	}
	info, err := os.Stat(identity)
	return err == nil && !info.IsDir()
}

// source returns the source name the file rel found under root r is kept
// under: the name its document already has, else rel, else (when another
// file that still exists has rel, or gave it earlier in this run) rel
// under the name of r's folder.
func (ids *identities) source(entries map[string]*entry, seen map[string]bool, r *root, rel string) string {
	file := rootFile(r, rel)
	if src, ok := ids.byFile[file]; ok {
		return src
	}
	taken := func(name string) bool {
		if seen[name] {
			return true
		}
		e := entries[name]
		if e == nil {
			return false
		}
		// A file that is gone from where it was (a folder that moved) lets
		// its document be taken over by the file now found at that name.
		other := recordFile(e.rec)
		return other != file && fileExists(other)
	}
	src := rel
	if taken(src) {
		folder := filepath.Base(r.id)
		if r.file != "" {
			folder = filepath.Base(filepath.Dir(r.id))
		}
		folder = strings.ReplaceAll(folder, " ", "-")
		src = folder + "/" + rel
		for i := 2; taken(src); i++ {
			src = folder + "-" + strconv.Itoa(i) + "/" + rel
		}
	}
	ids.byFile[file] = src
	return src
}
