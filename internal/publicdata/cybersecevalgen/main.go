// Command cybersecevalgen rebuilds testdata/guard/public/cyberseceval.*.jsonl
// from CyberSecEval's two prompt-injection files (English and
// machine-translated), read from files (-english, -multilingual) or from a
// git copy of github.com/meta-llama/PurpleLlama (-mirror, or the
// CYBERSECEVAL_MIRROR environment variable). With neither it says so and
// writes nothing, so `go generate` passes where no copy is at hand.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cafebot/cafebot/internal/publicdata"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cybersecevalgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	english := fs.String("english", "", "CyberSecEval's prompt_injection.json")
	multi := fs.String("multilingual", "", "CyberSecEval's prompt_injection_multilingual_machine_translated.json")
	mirror := fs.String("mirror", os.Getenv("CYBERSECEVAL_MIRROR"), "a git directory of meta-llama/PurpleLlama (default $CYBERSECEVAL_MIRROR)")
	out := fs.String("out", "testdata/guard/public", "folder to write the JSON Lines files to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var en, ml []byte
	var err error
	switch {
	case *english != "" && *multi != "":
		if en, err = os.ReadFile(*english); err == nil {
			ml, err = os.ReadFile(*multi)
		}
	case *english != "" || *multi != "":
		fmt.Fprintln(stderr, "cybersecevalgen: give both -english and -multilingual (hint: the two files of CybersecurityBenchmarks/datasets/prompt_injection)")
		return 2
	case *mirror != "":
		if en, err = publicdata.GitShow(*mirror, publicdata.CSEEnglishPath); err == nil {
			ml, err = publicdata.GitShow(*mirror, publicdata.CSEMultilingualPath)
		}
	default:
		fmt.Fprintln(stderr, "cybersecevalgen: no CyberSecEval copy given, nothing written (hint: -english FILE -multilingual FILE, -mirror GITDIR or CYBERSECEVAL_MIRROR)")
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "cybersecevalgen: %v\n", err)
		return 1
	}
	enP, err := publicdata.ReadPrompts(en, "english")
	if err == nil {
		var mlP []publicdata.Prompt
		if mlP, err = publicdata.ReadPrompts(ml, "multilingual"); err == nil {
			var train, eval []publicdata.Row
			if train, eval, err = publicdata.ConvertCSE(enP, mlP); err == nil {
				if err = publicdata.WriteSplit(*out, publicdata.CSETrainFile, publicdata.CSEEvalFile, train, eval); err == nil {
					fmt.Fprintf(stdout, "cyberseceval: %d English and %d translated cases, %d English prompts left out, %d training rows, %d eval rows\n",
						len(enP), len(mlP), publicdata.CSEDropCount(), len(train), len(eval))
					return 0
				}
			}
		}
	}
	fmt.Fprintf(stderr, "cybersecevalgen: %v\n", err)
	return 1
}
