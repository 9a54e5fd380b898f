package knowledge

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/config"
	"gopkg.in/yaml.v3"
)

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(FS(), name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b)
}

func TestFilesListsDocumentsSorted(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 15 {
		t.Errorf("got %d documents, want at least 15", len(files))
	}
	if !sort.StringsAreSorted(files) {
		t.Errorf("Files() not sorted: %v", files)
	}
	exts := map[string]int{}
	for _, f := range files {
		if path.Ext(f) == ".go" {
			t.Errorf("Go source %s is embedded as a document", f)
		}
		if strings.HasPrefix(f, "/") || strings.HasPrefix(f, "knowledge/") {
			t.Errorf("path %q is not relative to the knowledge base root", f)
		}
		exts[path.Ext(f)]++
	}
	for _, ext := range []string{".md", ".csv", ".html", ".json", ".txt"} {
		if exts[ext] == 0 {
			t.Errorf("no %s document", ext)
		}
	}
	if _, err := fs.Stat(FS(), "policies/refunds.md"); err != nil {
		t.Errorf("policies/refunds.md not reachable through FS(): %v", err)
	}
}

func TestMarkdownHasHeadings(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^#{1,6} \S`)
	for _, f := range files {
		if path.Ext(f) != ".md" {
			continue
		}
		t.Run(f, func(t *testing.T) {
			if !heading.MatchString(readDoc(t, f)) {
				t.Errorf("%s has no Markdown heading", f)
			}
		})
	}
}

func TestMenuCSV(t *testing.T) {
	r := csv.NewReader(strings.NewReader(readDoc(t, "menu/menu.csv")))
	r.FieldsPerRecord = -1 // checked below, with a better message
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse menu.csv: %v", err)
	}
	if len(rows) < 46 {
		t.Fatalf("menu.csv has %d items, want at least 45", len(rows)-1)
	}
	header := rows[0]
	wantHeader := []string{"item", "category", "size", "price", "description", "ingredients",
		"allergens", "vegan", "vegetarian", "gluten_free", "calories"}
	if strings.Join(header, ",") != strings.Join(wantHeader, ",") {
		t.Fatalf("header = %v, want %v", header, wantHeader)
	}
	for i, row := range rows[1:] {
		line := i + 2
		if len(row) != len(header) {
			t.Errorf("line %d: %d fields, want %d", line, len(row), len(header))
			continue
		}
		if p, err := strconv.ParseFloat(row[3], 64); err != nil || p <= 0 {
			t.Errorf("line %d (%s): price %q is not a positive number", line, row[0], row[3])
		}
		for _, col := range []int{7, 8, 9} {
			if row[col] != "yes" && row[col] != "no" {
				t.Errorf("line %d (%s): %s = %q, want yes or no", line, row[0], header[col], row[col])
			}
		}
		if _, err := strconv.Atoi(row[10]); err != nil {
			t.Errorf("line %d (%s): calories %q is not a whole number", line, row[0], row[10])
		}
		if strings.TrimSpace(row[6]) == "" {
			t.Errorf("line %d (%s): allergens empty; write none", line, row[0])
		}
	}
}

func TestLocationFrontMatter(t *testing.T) {
	tests := []struct{ file, location string }{
		{"locations/elm-road.md", "Elm Road"},
		{"locations/harbour-street.md", "Harbour Street"},
		{"locations/riverside-campus.md", "Riverside Campus"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readDoc(t, tt.file)
			rest, ok := strings.CutPrefix(doc, "---\n")
			if !ok {
				t.Fatalf("%s does not start with front matter", tt.file)
			}
			front, _, ok := strings.Cut(rest, "\n---\n")
			if !ok {
				t.Fatalf("%s: front matter not closed", tt.file)
			}
			var meta struct {
				Location string `yaml:"location"`
			}
			if err := yaml.Unmarshal([]byte(front), &meta); err != nil {
				t.Fatalf("%s: front matter: %v", tt.file, err)
			}
			if meta.Location != tt.location {
				t.Errorf("%s: location = %q, want %q", tt.file, meta.Location, tt.location)
			}
		})
	}
}

func TestFAQJSON(t *testing.T) {
	var faq []struct {
		Question string `json:"question"`
		Answer   string `json:"answer"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(readDoc(t, "info/faq.json"))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&faq); err != nil {
		t.Fatalf("decode faq.json: %v", err)
	}
	if len(faq) == 0 {
		t.Fatal("faq.json has no records")
	}
	for i, f := range faq {
		if strings.TrimSpace(f.Question) == "" || strings.TrimSpace(f.Answer) == "" {
			t.Errorf("record %d: empty question or answer", i)
		}
	}
}

// TestBusinessRulesMatchConfig keeps the documents and the rules the tools
// enforce saying the same thing: if a default changes, a document must too.
func TestBusinessRulesMatchConfig(t *testing.T) {
	cfg := config.Default()
	money := func(v float64) string { return "$" + strconv.FormatFloat(v, 'f', -1, 64) }
	tests := []struct {
		file string
		want []string
	}{
		{"policies/refunds.md", []string{
			"within " + strconv.Itoa(cfg.Refunds.WindowDays) + " days of purchase",
			"more than " + money(cfg.Refunds.ManagerThreshold) + "** need a manager",
		}},
		{"policies/loyalty.md", func() []string {
			out := []string{strconv.Itoa(cfg.Loyalty.PointsPerDollar) + " points for every $1"}
			for amount, bonus := range cfg.Loyalty.TopUpBonus {
				out = append(out, "| $"+strconv.Itoa(amount)+" | "+strconv.Itoa(bonus)+" bonus points |")
			}
			return out
		}()},
		{"policies/catering.md", []string{
			"at least " + strconv.Itoa(cfg.Catering.NoticeHours) + " hours before",
			strconv.Itoa(cfg.Catering.MinHeadcount) + " to " + strconv.Itoa(cfg.Catering.MaxHeadcount) + " guests",
			"minimum spend is " + money(cfg.Catering.MinSpend),
			"up to " + strconv.Itoa(cfg.Catering.FreeCancelHours) + " hours before the event",
			strconv.FormatFloat(cfg.Catering.LateCancelFeePct, 'f', -1, 64) + "% of the order total",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readDoc(t, tt.file)
			for _, w := range tt.want {
				if !strings.Contains(doc, w) {
					t.Errorf("%s does not say %q", tt.file, w)
				}
			}
		})
	}
}
