// Command hatecheckgen rebuilds testdata/guard/public/hatecheck.*.jsonl
// from HateCheck's test_suite_cases.csv, read from a file (-csv) or from
// a git copy of github.com/paul-rottger/hatecheck-data (-mirror, or the
// HATECHECK_MIRROR environment variable). With neither it says so and
// writes nothing, so `go generate` passes where no copy is at hand.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cafebot/cafebot/internal/publicdata"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hatecheckgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	csvPath := fs.String("csv", "", "HateCheck's test_suite_cases.csv")
	mirror := fs.String("mirror", os.Getenv("HATECHECK_MIRROR"), "a git directory of paul-rottger/hatecheck-data (default $HATECHECK_MIRROR)")
	out := fs.String("out", "testdata/guard/public", "folder to write the JSON Lines files to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var data []byte
	var err error
	switch {
	case *csvPath != "":
		data, err = os.ReadFile(*csvPath)
	case *mirror != "":
		data, err = publicdata.GitShow(*mirror, "test_suite_cases.csv")
	default:
		fmt.Fprintln(stderr, "hatecheckgen: no HateCheck copy given, nothing written (hint: -csv FILE, -mirror GITDIR or HATECHECK_MIRROR)")
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "hatecheckgen: %v\n", err)
		return 1
	}
	cases, err := publicdata.ReadCases(bytes.NewReader(data))
	if err != nil {
		fmt.Fprintf(stderr, "hatecheckgen: %v (hint: give test_suite_cases.csv, not all_cases.csv or the annotations)\n", err)
		return 1
	}
	train, eval, err := publicdata.Convert(cases)
	if err != nil {
		fmt.Fprintf(stderr, "hatecheckgen: %v\n", err)
		return 1
	}
	if err := publicdata.WriteSplit(*out, publicdata.TrainFile, publicdata.EvalFile, train, eval); err != nil {
		fmt.Fprintf(stderr, "hatecheckgen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "hatecheck: %d cases, %d training rows, %d eval rows\n", len(cases), len(train), len(eval))
	return 0
}
