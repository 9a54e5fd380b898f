// Command gendata writes the learned layers' training sets (see package
// internal/trainset): testdata/guard/train.jsonl, which git does not keep
// because it is rebuilt from the hand-written sources in seconds, and,
// with -gate, testdata/gate/train.jsonl.
//
//	go run ./pkg/analysis/internal/gendata -root .
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cafebot/cafebot/internal/trainset"
)

func main() {
	root := flag.String("root", ".", "repository root")
	perTemplate := flag.Int("n", trainset.DefaultPerTemplate, "rows generated per template")
	gate := flag.Bool("gate", false, "also rewrite testdata/gate/train.jsonl (it now carries hand-written rows gendata does not make)")
	out := flag.String("out", "", "where to write the guard's set (default ROOT/testdata/guard/train.jsonl)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*root, "testdata", "guard", "train.jsonl")
	}
	summary, err := trainset.Write(*root, *perTemplate, *out, *gate)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err, "(hint: run it from the repository root, or pass -root)")
		os.Exit(1)
	}
	fmt.Println(summary)
}
