package publicdata

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// GitShow reads path at HEAD of a bare or working git directory, the way
// the generators read a fetched mirror of a public set.
func GitShow(dir, path string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "show", "HEAD:"+path)
	cmd.Stderr = &errb
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("read %s from %s: %v: %s", path, dir, err, bytes.TrimSpace(errb.Bytes()))
	}
	return b, nil
}

// WriteSplit writes a set's training and eval rows as JSON Lines files
// trainName and evalName in dir.
func WriteSplit(dir, trainName, evalName string, train, eval []Row) error {
	for _, f := range []struct {
		name string
		rows []Row
	}{{trainName, train}, {evalName, eval}} {
		b, err := Encode(f.rows)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, f.name), b, 0o644)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", f.name, err)
		}
	}
	return nil
}
