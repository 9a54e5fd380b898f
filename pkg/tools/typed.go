package tools

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/llm"
)

// typed builds a tool from its parameter struct P, so the schema the model
// sees, the argument checks and the handler's inputs live in one place.
// Each exported field of P is one parameter; its tags say:
//
//	json:"order_id"        the parameter's name
//	description:"..."      what the model reads
//	required:"true"        the call fails without it
//	min:"1" max:"50"       inclusive bounds of an integer or number
//	maxLen:"40"            the longest string accepted (default 500)
//	id:"true"              a string that may arrive as a whole JSON number
//	enum:"packages"        one of a named list (see enums)
//
// The Go type gives the JSON type: string, int (integer), float64 or
// *float64 (number; a pointer tells absent from 0) and bool (boolean). An
// absent argument leaves its field zero. typed panics on a malformed
// struct, at start-up, since the specs are built when the package loads.
func typed[P any](name, description string, run func(t *Toolbox, ctx context.Context, p P) (outcome, error)) *spec {
	rt := reflect.TypeFor[P]()
	def := llm.Tool{Name: name, Description: description}
	rules := map[string]paramRule{}
	fields := map[string]int{}
	for i := range rt.NumField() {
		f := rt.Field(i)
		pname, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if pname == "" || !f.IsExported() {
			panic(fmt.Sprintf("tool %s: field %s has no json name", name, f.Name))
		}
		p := llm.Param{Name: pname, Description: f.Tag.Get("description"), Required: f.Tag.Get("required") == "true"}
		switch f.Type {
		case reflect.TypeFor[string]():
			p.Type = "string"
		case reflect.TypeFor[int]():
			p.Type = "integer"
		case reflect.TypeFor[float64](), reflect.TypeFor[*float64]():
			p.Type = "number"
		case reflect.TypeFor[bool]():
			p.Type = "boolean"
		default:
			panic(fmt.Sprintf("tool %s: field %s has unsupported type %s", name, f.Name, f.Type))
		}
		if e := f.Tag.Get("enum"); e != "" {
			list, ok := enums[e]
			if !ok {
				panic(fmt.Sprintf("tool %s: field %s names unknown enum %q", name, f.Name, e))
			}
			p.Enum = list()
		}
		var r paramRule
		r.id = f.Tag.Get("id") == "true"
		r.min, r.max = tagFloat(name, f, "min"), tagFloat(name, f, "max")
		r.maxLen = int(tagFloat(name, f, "maxLen"))
		if r != (paramRule{}) {
			rules[pname] = r
		}
		def.Params = append(def.Params, p)
		fields[pname] = i
	}
	if len(rules) == 0 {
		rules = nil
	}
	return &spec{def: def, rules: rules, run: func(t *Toolbox, ctx context.Context, a args) (outcome, error) {
		var p P
		v := reflect.ValueOf(&p).Elem()
		for k, val := range a {
			f := v.Field(fields[k])
			if f.Kind() == reflect.Pointer {
				x := reflect.New(f.Type().Elem())
				x.Elem().Set(reflect.ValueOf(val))
				f.Set(x)
				continue
			}
			f.Set(reflect.ValueOf(val))
		}
		return run(t, ctx, p)
	}}
}

// enums are the named lists a parameter's enum tag may use.
var enums = map[string]func() []string{
	"packages":  packageKeys,
	"locations": func() []string { return backend.Locations },
}

func tagFloat(tool string, f reflect.StructField, key string) float64 {
	s := f.Tag.Get(key)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("tool %s: field %s: %s tag %q: %v", tool, f.Name, key, s, err))
	}
	return x
}
