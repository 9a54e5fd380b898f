package retrieval

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

//go:embed synonyms.txt
var defaultSynonyms []byte

// SynonymError is a bad line of a synonyms file.
type SynonymError struct {
	File   string
	Line   int
	Reason string
}

func (e *SynonymError) Error() string {
	return fmt.Sprintf("%s:%d: %s (want `document words = customer words, more words`)", e.File, e.Line, e.Reason)
}

// Synonyms rewrites customers' phrases into the documents' words before a
// query is searched. The zero value rewrites nothing.
type Synonyms struct {
	rules []synRule // longest phrase first
	// first lists, by the stem a phrase starts with, its rules' indexes
	// (longest phrase first), so a query looks at only the rules that can
	// match where it stands.
	first map[string][]int
}

type synRule struct {
	from []string   // stems
	to   [][]string // words: the documents' ways of saying it
	// toStems are to's topical stems, as a query searches them.
	toStems [][]string
}

// stemAll returns the stems of ws; a stop word stays as it is (phrases
// such as "left my" keep theirs).
func stemAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if textnorm.IsStopWord(w) {
			out[i] = w
		} else {
			out[i] = stem(w)
		}
	}
	return out
}

// IncludeDefaults is the line by which a café's synonyms file keeps the
// bundled rules and adds its own: a café whose customers write in its
// other language lists those words without copying the whole file. A
// customer phrase the café's file gives replaces the bundled rule for it.
const IncludeDefaults = "include defaults"

// ParseSynonyms reads a synonyms file (see synonyms.txt for the format);
// name is used in errors.
func ParseSynonyms(name string, data []byte) (*Synonyms, error) {
	return parseSynonyms(name, data, DefaultSynonyms)
}

// parseSynonyms is ParseSynonyms with defaults giving the rules an
// `include defaults` line keeps. The bundled file is parsed with nil: it
// is the defaults, and the line there is an error, not a call back into
// DefaultSynonyms from inside its own sync.Once (which would never
// return).
func parseSynonyms(name string, data []byte, defaults func() *Synonyms) (*Synonyms, error) {
	s := &Synonyms{}
	seen := map[string]int{}
	include := false
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) error {
			return &SynonymError{File: name, Line: i + 1, Reason: fmt.Sprintf(format, args...)}
		}
		if strings.EqualFold(line, IncludeDefaults) {
			if defaults == nil {
				return nil, bad("the bundled synonyms are the defaults: %q has nothing to include", line)
			}
			include = true
			continue
		}
		lhs, rhs, ok := strings.Cut(line, "=")
		if !ok {
			return nil, bad("no `=`")
		}
		var to [][]string
		var toStems []string
		for _, alt := range strings.Split(lhs, "|") {
			if ws := words(alt); len(ws) > 0 {
				to = append(to, ws)
				toStems = append(toStems, strings.Join(stemAll(ws), " "))
			}
		}
		if len(to) == 0 {
			return nil, bad("no document words before `=`")
		}
		n := 0
		for _, alt := range strings.Split(rhs, ",") {
			from := stemAll(words(alt))
			if len(from) == 0 {
				continue
			}
			n++
			// Phrases match by stem, so "toilet" also finds "toilets";
			// both on one line are one rule.
			key := strings.Join(from, " ")
			if prev, dup := seen[key]; dup {
				if prev == i+1 {
					continue
				}
				return nil, bad("%q is already a synonym on line %d", strings.TrimSpace(alt), prev)
			}
			seen[key] = i + 1
			if len(to) > 1 || key != toStems[0] {
				r := synRule{from: from, to: to}
				for _, ws := range to {
					r.toStems = append(r.toStems, queryStems(ws))
				}
				s.rules = append(s.rules, r)
			}
		}
		if n == 0 {
			return nil, bad("no customer words after `=`")
		}
	}
	if include {
		for _, r := range defaults().rules {
			if _, own := seen[strings.Join(r.from, " ")]; !own {
				s.rules = append(s.rules, r)
			}
		}
	}
	slices.SortStableFunc(s.rules, func(a, b synRule) int { return len(b.from) - len(a.from) })
	s.first = map[string][]int{}
	for i, r := range s.rules {
		s.first[r.from[0]] = append(s.first[r.from[0]], i)
	}
	return s, nil
}

var (
	defaultSynOnce sync.Once
	defaultSyn     *Synonyms
)

// DefaultSynonyms returns the bundled café synonyms.
func DefaultSynonyms() *Synonyms {
	defaultSynOnce.Do(func() {
		s, err := parseSynonyms("synonyms.txt", defaultSynonyms, nil)
		if err != nil {
			panic(err) // the bundled file is checked by TestDefaultSynonyms
		}
		defaultSyn = s
	})
	return defaultSyn
}

// LoadSynonyms reads the synonyms file at path, or returns the bundled
// defaults when path is "".
func LoadSynonyms(path string) (*Synonyms, error) {
	if path == "" {
		return DefaultSynonyms(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("synonyms file %s does not exist (set retrieval.synonyms_file to a file, or to \"\" for the bundled synonyms)", path)
		}
		return nil, fmt.Errorf("synonyms file: %w", err)
	}
	return ParseSynonyms(path, data)
}

// rewrite replaces every customer phrase in ws by its document words,
// longest phrase first, left to right.
func (s *Synonyms) rewrite(ws []string) []string {
	if s == nil || len(s.rules) == 0 {
		return ws
	}
	return joinSpans(ws, s.spans(ws))
}

// joinSpans returns ws with each matched phrase replaced by its document
// words.
func joinSpans(ws []string, spans []synSpan) []string {
	var out []string
	for _, sp := range spans {
		if sp.rule != nil {
			for _, alt := range sp.rule.to {
				out = append(out, alt...)
			}
		} else {
			out = append(out, ws[sp.start:sp.end]...)
		}
	}
	return out
}

// synSpan is a run of query words: one word no rule matched (rule is
// nil), or the customer's phrase a rule matched.
type synSpan struct {
	start, end int // ws[start:end]
	rule       *synRule
}

// spans splits ws into single words and the phrases rules match (by
// stem: "toilets" matches a rule for "toilet"), longest phrase first,
// left to right.
func (s *Synonyms) spans(ws []string) []synSpan { return s.spansOf(ws, stemAll(ws)) }

// spansOf is spans for words ws whose stems are st.
func (s *Synonyms) spansOf(ws, st []string) []synSpan {
	out := make([]synSpan, 0, len(ws))
	for i := 0; i < len(ws); {
		sp := synSpan{start: i, end: i + 1}
		if s != nil {
			for _, k := range s.first[st[i]] {
				r := &s.rules[k]
				if len(r.from) <= len(st)-i && slices.Equal(st[i:i+len(r.from)], r.from) {
					sp = synSpan{start: i, end: i + len(r.from), rule: r}
					break
				}
			}
		}
		out = append(out, sp)
		i = sp.end
	}
	return out
}

// synCache remembers the synonyms read from each file, by modification
// time and size, so a long-running process picks up an edited file
// without reading it for every question.
var synCache struct {
	sync.Mutex
	m map[string]synEntry
}

type synEntry struct {
	mod  int64
	size int64
	syn  *Synonyms
}

// CachedSynonyms is LoadSynonyms for a process that searches often: the
// file is read again only when it changed.
func CachedSynonyms(path string) (*Synonyms, error) {
	if path == "" {
		return DefaultSynonyms(), nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return LoadSynonyms(path)
	}
	synCache.Lock()
	defer synCache.Unlock()
	if e, ok := synCache.m[path]; ok && e.mod == fi.ModTime().UnixNano() && e.size == fi.Size() {
		return e.syn, nil
	}
	s, err := LoadSynonyms(path)
	if err != nil {
		return nil, err
	}
	if synCache.m == nil {
		synCache.m = map[string]synEntry{}
	}
	synCache.m[path] = synEntry{mod: fi.ModTime().UnixNano(), size: fi.Size(), syn: s}
	return s, nil
}
