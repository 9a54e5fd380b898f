package tools

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
)

// args are validated tool arguments: every value is a string, int,
// float64 or bool matching its parameter's declared type. typed copies
// them into the tool's parameter struct; handlers never read them by name.
type args map[string]any

// paramRule adds what llm.Param cannot say to one parameter.
type paramRule struct {
	// id: a string parameter that may arrive as a whole JSON number, since
	// models often write order ids unquoted; digits are unambiguous.
	id       bool
	min, max float64 // inclusive bounds for integer and number; both 0 = none
	maxLen   int     // for strings; 0 = defaultMaxLen
}

const defaultMaxLen = 500

// validateArgs checks raw model arguments against a tool's parameters:
// unknown names, wrong types, values outside an enum or range and missing
// required arguments are all reported, in a stable order, in one error.
func validateArgs(def llm.Tool, rules map[string]paramRule, raw map[string]any) (args, error) {
	out := args{}
	var problems []string
	params := map[string]llm.Param{}
	for _, p := range def.Params {
		params[p.Name] = p
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p, ok := params[k]
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown argument %q", k))
			continue
		}
		v := raw[k]
		if v == nil {
			continue // JSON null: treated as absent
		}
		val, err := coerce(p, rules[k], v)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if s, ok := val.(string); ok && s == "" {
			continue // an empty string is as good as absent
		}
		out[k] = val
	}
	for _, p := range def.Params {
		if _, ok := out[p.Name]; p.Required && !ok && !slices.ContainsFunc(problems, func(s string) bool { return strings.Contains(s, strconv.Quote(p.Name)) }) {
			problems = append(problems, fmt.Sprintf("missing required argument %q", p.Name))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid arguments for %s: %s", def.Name, strings.Join(problems, "; "))
	}
	return out, nil
}

func coerce(p llm.Param, r paramRule, v any) (any, error) {
	switch p.Type {
	case "string":
		var s string
		switch x := v.(type) {
		case string:
			s = strings.TrimSpace(x)
		case float64, json.Number, int, int64:
			f, ok := toFloat(x)
			if !r.id || !ok || f != math.Trunc(f) || f < 0 || f > 1e15 {
				return nil, fmt.Errorf("%q must be a string", p.Name)
			}
			s = strconv.FormatInt(int64(f), 10)
		default:
			return nil, fmt.Errorf("%q must be a string", p.Name)
		}
		limit := r.maxLen
		if limit == 0 {
			limit = defaultMaxLen
		}
		if len(s) > limit {
			return nil, fmt.Errorf("%q is longer than %d characters", p.Name, limit)
		}
		if len(p.Enum) > 0 && s != "" {
			i := slices.IndexFunc(p.Enum, func(e string) bool { return strings.EqualFold(e, s) })
			if i < 0 {
				return nil, fmt.Errorf("%q must be one of %s", p.Name, strings.Join(p.Enum, ", "))
			}
			s = p.Enum[i]
		}
		return s, nil
	case "integer":
		f, ok := toFloat(v)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1e9 {
			return nil, fmt.Errorf("%q must be a whole number", p.Name)
		}
		if err := inRange(p.Name, r, f); err != nil {
			return nil, err
		}
		return int(f), nil
	case "number":
		f, ok := toFloat(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q must be a number", p.Name)
		}
		if err := inRange(p.Name, r, f); err != nil {
			return nil, err
		}
		return f, nil
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("%q must be true or false", p.Name)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%q has an unsupported type %q", p.Name, p.Type)
}

// toFloat accepts the numeric types a decoded JSON object can hold; strings
// are not numbers here.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil && !math.IsInf(f, 0)
	}
	return 0, false
}

func inRange(name string, r paramRule, f float64) error {
	if r.min == 0 && r.max == 0 {
		return nil
	}
	if f < r.min || f > r.max {
		return fmt.Errorf("%q must be between %s and %s", name, trimFloat(r.min), trimFloat(r.max))
	}
	return nil
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
