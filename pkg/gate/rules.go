package gate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/escalation"
)

// Limits a rules file must respect.
const (
	maxWeight     = 5.0
	maxPhraseLen  = 12
	maxNegWindow  = 10
	rulesVersion  = 1
	maxComboParts = 4
	maxRewriteLen = 6
)

// Categories are the escalation categories a cue may name; the config's
// escalation policy (to_human, to_model) refers to them by these names.
// Their order is the learned model's category index, so it is fixed here;
// the names come from handoff's category table.
var Categories = []string{
	string(escalation.Safety), string(escalation.Legal), string(escalation.Threat),
	string(escalation.Abuse), string(escalation.Harassment), string(escalation.Discrimination),
	string(escalation.HumanRequest), string(escalation.SelfHarm), string(escalation.MultiIssue),
}

const numCategories = 9

// multiIssue is the index of the category of a message with several
// problems, safetyCategory that of an emergency, threatCategory that of a
// threat and selfHarmCategory that of self-harm: looked up once, not by a
// scan of Categories per message.
var (
	multiIssue       = categoryIndex(string(escalation.MultiIssue))
	safetyCategory   = categoryIndex(string(escalation.Safety))
	threatCategory   = categoryIndex(string(escalation.Threat))
	selfHarmCategory = categoryIndex(string(escalation.SelfHarm))
)

// LineError is a problem at one line of a rules file.
type LineError struct {
	File   string
	Line   int
	Reason string
}

// Error returns "file:line: reason", or "file: reason" when the line is unknown.
func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// ruleSet is a rules file as written, before compilation.
type ruleSet struct {
	trigger        float64
	smoothing      float64
	negationWindow int
	multiAspects   int
	multiWeight    float64
	bias           [numIntents]float64
	negators       []lineText
	breakers       []lineText
	rewrite        []rewriteRule
	stems          []rewriteRule
	fuzzy          []lineText
	cues           []cueGroup
	combos         []comboRule
}

// comboRule scores when all of its phrases occur anywhere in a message.
type comboRule struct {
	line     int
	intent   Intent
	weight   float64
	category string
	all      []lineText
}

type lineText struct {
	text string
	line int
}

type rewriteRule struct {
	from, to string
	line     int
}

type negatedRule struct {
	intent Intent
	weight float64
}

type cueGroup struct {
	line     int
	intent   Intent
	weight   float64
	category string
	aspect   string
	keepNeg  bool
	negated  *negatedRule
	match    []lineText
}

// parser walks a yaml.Node tree, reporting the first problem with its line.
type parser struct {
	name string
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &LineError{File: p.name, Line: line, Reason: fmt.Sprintf(format, args...)}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into a LineError when it names a line.
func (p *parser) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &LineError{File: p.name, Line: line, Reason: "YAML syntax: " + m[2]}
	}
	return &LineError{File: p.name, Reason: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")}
}

// parseRules reads a rules file.
func parseRules(data []byte, name string) (*ruleSet, error) {
	p := &parser{name: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.syntaxError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &LineError{File: name, Reason: "empty rules file"}
	}
	root := doc.Content[0]
	rs := &ruleSet{
		trigger: 3, smoothing: 1, negationWindow: 3, multiAspects: 3, multiWeight: 4,
	}
	seenVersion := false
	err := p.mapping(root, "the rules file", func(key string, k, v *yaml.Node) error {
		switch key {
		case "version":
			n, err := p.integer(v, "version")
			if err != nil {
				return err
			}
			if n != rulesVersion {
				return p.errf(v, "unsupported rules version %d (want %d)", n, rulesVersion)
			}
			seenVersion = true
		case "settings":
			return p.settings(v, rs)
		case "bias":
			return p.mapping(v, "bias", func(key string, k, v *yaml.Node) error {
				in, ok := parseIntent(key)
				if !ok {
					return p.errf(k, "unknown label %q (want faq, transactional, complaint or escalation)", key)
				}
				w, err := p.weight(v, "bias")
				rs.bias[in.index()] = w
				return err
			})
		case "negators":
			l, err := p.words(v, "negators")
			rs.negators = l
			return err
		case "scope_breakers":
			l, err := p.words(v, "scope_breakers")
			rs.breakers = l
			return err
		case "rewrite":
			l, err := p.rewrites(v, "rewrite")
			rs.rewrite = l
			return err
		case "stems":
			l, err := p.rewrites(v, "stems")
			rs.stems = l
			return err
		case "fuzzy":
			l, err := p.words(v, "fuzzy")
			rs.fuzzy = l
			return err
		case "combos":
			if v.Kind != yaml.SequenceNode {
				return p.errf(v, "combos must be a list")
			}
			for _, c := range v.Content {
				cr, err := p.combo(c)
				if err != nil {
					return err
				}
				rs.combos = append(rs.combos, cr)
			}
		case "cues":
			if v.Kind != yaml.SequenceNode {
				return p.errf(v, "cues must be a list of cue groups")
			}
			for _, g := range v.Content {
				cg, err := p.cueGroup(g)
				if err != nil {
					return err
				}
				rs.cues = append(rs.cues, cg)
			}
		default:
			return p.errf(k, "unknown key %q", key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !seenVersion {
		return nil, p.errf(root, "missing version (want version: %d)", rulesVersion)
	}
	if len(rs.cues) == 0 {
		return nil, p.errf(root, "no cues")
	}
	return rs, nil
}

func (p *parser) settings(n *yaml.Node, rs *ruleSet) error {
	return p.mapping(n, "settings", func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "trigger":
			rs.trigger, err = p.number(v, "trigger", 0.1, 50)
		case "smoothing":
			rs.smoothing, err = p.number(v, "smoothing", 0.01, 50)
		case "negation_window":
			rs.negationWindow, err = p.integer(v, "negation_window")
			if err == nil && (rs.negationWindow < 0 || rs.negationWindow > maxNegWindow) {
				err = p.errf(v, "negation_window must be between 0 and %d", maxNegWindow)
			}
		case "multi_issue":
			err = p.mapping(v, "multi_issue", func(key string, k, v *yaml.Node) error {
				var err error
				switch key {
				case "aspects":
					rs.multiAspects, err = p.integer(v, "multi_issue.aspects")
					if err == nil && (rs.multiAspects < 2 || rs.multiAspects > 20) {
						err = p.errf(v, "multi_issue.aspects must be between 2 and 20")
					}
				case "weight":
					rs.multiWeight, err = p.weight(v, "multi_issue.weight")
				default:
					err = p.errf(k, "unknown key %q in multi_issue (want aspects, weight)", key)
				}
				return err
			})
		default:
			err = p.errf(k, "unknown setting %q (want trigger, smoothing, negation_window, multi_issue)", key)
		}
		return err
	})
}

func (p *parser) cueGroup(n *yaml.Node) (cueGroup, error) {
	cg := cueGroup{line: n.Line, weight: math.NaN()}
	var intentNode *yaml.Node
	err := p.mapping(n, "a cue group", func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "intent":
			intentNode = v
			cg.intent, err = p.intent(v)
		case "weight":
			cg.weight, err = p.weight(v, "cue weight")
		case "category":
			cg.category, err = p.scalar(v, "category")
			if err == nil && !validCategory(cg.category) {
				err = p.errf(v, "unknown category %q (want one of %s)", cg.category, strings.Join(Categories, ", "))
			}
		case "aspect":
			cg.aspect, err = p.scalar(v, "aspect")
			if err == nil && cg.aspect == "" {
				err = p.errf(v, "aspect must not be empty")
			}
		case "negation":
			var s string
			s, err = p.scalar(v, "negation")
			if err == nil && s != "keep" && s != "drop" {
				err = p.errf(v, "negation must be keep or drop, not %q", s)
			}
			cg.keepNeg = s == "keep"
		case "negated":
			cg.negated = &negatedRule{weight: math.NaN()}
			err = p.mapping(v, "negated", func(key string, k, v *yaml.Node) error {
				var err error
				switch key {
				case "intent":
					cg.negated.intent, err = p.intent(v)
				case "weight":
					cg.negated.weight, err = p.weight(v, "negated weight")
				default:
					err = p.errf(k, "unknown key %q in negated (want intent, weight)", key)
				}
				return err
			})
			if err == nil && (cg.negated.intent == "" || math.IsNaN(cg.negated.weight)) {
				err = p.errf(v, "negated needs an intent and a weight")
			}
		case "match":
			cg.match, err = p.phrases(v)
		default:
			err = p.errf(k, "unknown key %q in cue group (want intent, weight, match, category, aspect, negation, negated)", key)
		}
		return err
	})
	if err != nil {
		return cg, err
	}
	switch {
	case cg.intent == "":
		return cg, p.errf(n, "cue group without an intent")
	case math.IsNaN(cg.weight):
		return cg, p.errf(n, "cue group without a weight")
	case len(cg.match) == 0:
		return cg, p.errf(n, "cue group without match phrases")
	case cg.intent == Escalation && cg.category == "":
		return cg, p.errf(intentNode, "escalation cues need a category (one of %s)", strings.Join(Categories, ", "))
	case cg.intent != Escalation && cg.category != "":
		return cg, p.errf(intentNode, "only escalation cues take a category")
	case cg.keepNeg && cg.negated != nil:
		return cg, p.errf(n, "negation: keep and negated cannot be combined")
	}
	return cg, nil
}

func (p *parser) combo(n *yaml.Node) (comboRule, error) {
	cr := comboRule{line: n.Line, weight: math.NaN()}
	var intentNode *yaml.Node
	err := p.mapping(n, "a combo", func(key string, k, v *yaml.Node) error {
		var err error
		switch key {
		case "intent":
			intentNode = v
			cr.intent, err = p.intent(v)
		case "weight":
			cr.weight, err = p.weight(v, "combo weight")
		case "category":
			cr.category, err = p.scalar(v, "category")
			if err == nil && !validCategory(cr.category) {
				err = p.errf(v, "unknown category %q (want one of %s)", cr.category, strings.Join(Categories, ", "))
			}
		case "all":
			cr.all, err = p.phrases(v)
			if err == nil && (len(cr.all) < 2 || len(cr.all) > maxComboParts) {
				err = p.errf(v, "all must list 2 to %d phrases", maxComboParts)
			}
		default:
			err = p.errf(k, "unknown key %q in combo (want intent, weight, all, category)", key)
		}
		return err
	})
	if err != nil {
		return cr, err
	}
	switch {
	case cr.intent == "":
		return cr, p.errf(n, "combo without an intent")
	case math.IsNaN(cr.weight):
		return cr, p.errf(n, "combo without a weight")
	case len(cr.all) == 0:
		return cr, p.errf(n, "combo without all")
	case cr.intent == Escalation && cr.category == "":
		return cr, p.errf(intentNode, "escalation combos need a category (one of %s)", strings.Join(Categories, ", "))
	case cr.intent != Escalation && cr.category != "":
		return cr, p.errf(intentNode, "only escalation combos take a category")
	}
	return cr, nil
}

// mapping calls f for each key of a mapping node, rejecting duplicates.
func (p *parser) mapping(n *yaml.Node, what string, f func(key string, k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping", what)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return p.errf(k, "keys in %s must be plain strings", what)
		}
		if seen[k.Value] {
			return p.errf(k, "duplicate key %q in %s", k.Value, what)
		}
		seen[k.Value] = true
		if err := f(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a string", what)
	}
	return strings.TrimSpace(n.Value), nil
}

func (p *parser) text(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!int" && n.Tag != "!!float") {
		return "", p.errf(n, "%s must be a string", what)
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		return "", p.errf(n, "%s must not be empty", what)
	}
	return s, nil
}

func (p *parser) number(n *yaml.Node, what string, lo, hi float64) (float64, error) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f >= lo && f <= hi {
			return f, nil
		}
	}
	return 0, p.errf(n, "%s must be a number between %g and %g", what, lo, hi)
}

func (p *parser) weight(n *yaml.Node, what string) (float64, error) {
	return p.number(n, what, -maxWeight, maxWeight)
}

func (p *parser) integer(n *yaml.Node, what string) (int, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if i, err := strconv.Atoi(n.Value); err == nil {
			return i, nil
		}
	}
	return 0, p.errf(n, "%s must be a whole number", what)
}

func (p *parser) intent(n *yaml.Node) (Intent, error) {
	s, err := p.scalar(n, "intent")
	if err != nil {
		return "", err
	}
	in, ok := parseIntent(s)
	if !ok {
		return "", p.errf(n, "unknown label %q (want faq, transactional, complaint or escalation)", s)
	}
	return in, nil
}

func (p *parser) words(n *yaml.Node, what string) ([]lineText, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s must be a list of words", what)
	}
	out := make([]lineText, 0, len(n.Content))
	for _, c := range n.Content {
		s, err := p.text(c, what+" entries")
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(s, " \t") {
			return nil, p.errf(c, "%s entries must be single words, not %q", what, s)
		}
		out = append(out, lineText{strings.ToLower(s), c.Line})
	}
	return out, nil
}

func (p *parser) phrases(n *yaml.Node) ([]lineText, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, p.errf(n, "match must be a non-empty list of words and phrases")
	}
	out := make([]lineText, 0, len(n.Content))
	for _, c := range n.Content {
		s, err := p.text(c, "match entries")
		if err != nil {
			return nil, err
		}
		out = append(out, lineText{strings.ToLower(s), c.Line})
	}
	return out, nil
}

func (p *parser) rewrites(n *yaml.Node, what string) ([]rewriteRule, error) {
	var out []rewriteRule
	err := p.mapping(n, what, func(key string, k, v *yaml.Node) error {
		from := strings.ToLower(strings.TrimSpace(key))
		if from == "" || strings.ContainsAny(from, " \t") {
			return p.errf(k, "%s keys must be single words, not %q", what, key)
		}
		to, err := p.text(v, what+" values")
		if err != nil {
			return err
		}
		if len(strings.Fields(to)) > maxRewriteLen {
			return p.errf(v, "%s values must be at most %d words", what, maxRewriteLen)
		}
		if what == "stems" && strings.ContainsAny(to, " \t") {
			return p.errf(v, "stems values must be single words, not %q", to)
		}
		out = append(out, rewriteRule{from: from, to: strings.ToLower(to), line: v.Line})
		return nil
	})
	return out, err
}

func validCategory(c string) bool {
	for _, x := range Categories {
		if x == c {
			return true
		}
	}
	return false
}

func categoryIndex(c string) int {
	for i, x := range Categories {
		if x == c {
			return i
		}
	}
	return -1
}
