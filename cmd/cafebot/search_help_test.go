package main

import (
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/retrieval"
)

// TestSearchHelpNamesIncludeDefaults: search --help says a café's
// synonyms file may extend the bundled list, not only replace it, by the
// line the parser reads (retrieval.IncludeDefaults); before 8e02ec7 it
// said the file replaces the bundled list.
func TestSearchHelpNamesIncludeDefaults(t *testing.T) {
	long := strings.Join(strings.Fields(newSearchCmd(&App{}).Long), " ")
	for _, want := range []string{"retrieval.synonyms_file, or extended", `a line "` + retrieval.IncludeDefaults + `" in that file keeps the bundled rules`} {
		if !strings.Contains(long, want) {
			t.Errorf("search --help does not say %q:\n%s", want, long)
		}
	}
}
