package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
)

// Value returns a copy of v with every string inside it masked by k.Text:
// strings, and the keys and elements of maps and slices, to any depth.
// Numbers whose digits form a card number are replaced by the masked
// string, so {"card": 4242424242424242} cannot slip through as a number.
// Other values (bools, nil, structs) are returned unchanged; pass structs
// through JSON first.
func (k Keep) Value(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return k.Text(x)
	case json.Number:
		if m := Cards(string(x)); m != string(x) {
			return m
		}
		return x
	case float64:
		s := fmt.Sprintf("%.0f", x)
		if x == float64(int64(x)) && Cards(s) != s {
			return Cards(s)
		}
		return x
	case int64:
		return k.intValue(x, fmt.Sprint(x))
	case int:
		return k.intValue(x, fmt.Sprint(x))
	case uint64:
		return k.intValue(x, fmt.Sprint(x))
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = k.Text(s)
		}
		return out
	case map[string]string:
		out := make(map[string]string, len(x))
		for key, s := range x {
			out[k.Text(key)] = k.Text(s)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = k.Value(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for key, e := range x {
			out[k.Text(key)] = k.Value(e)
		}
		return out
	}
	// Other slices and maps of strings (named types, []map[string]string,
	// ...) through reflection, so callers need not convert first.
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = k.Value(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			out[k.Text(it.Key().String())] = k.Value(it.Value().Interface())
		}
		return out
	case reflect.String:
		return k.Text(rv.String())
	}
	return v
}

func (k Keep) intValue(v any, s string) any {
	if m := Cards(s); m != s {
		return m
	}
	return v
}

// Value is Keep.Value with the contacts in keep left alone.
func Value(v any, keep ...string) any { return NewKeep(keep...).Value(v) }

// JSON returns raw with every string and card-like number inside it
// masked (see Keep.Value), re-encoded compactly. Input that is not valid
// JSON is masked as text, so a broken tool argument is masked too and
// stays as broken as it came.
func (k Keep) JSON(raw []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []byte(k.Text(string(raw)))
	}
	if _, err := dec.Token(); err != io.EOF {
		return []byte(k.Text(string(raw))) // trailing data: not one JSON value
	}
	out, err := json.Marshal(k.Value(v))
	if err != nil {
		return []byte(k.Text(string(raw)))
	}
	// Nothing masked: keep the caller's bytes (and formatting) as they are.
	if same, err := json.Marshal(v); err == nil && bytes.Equal(same, out) {
		return raw
	}
	return out
}

// JSON is Keep.JSON with the contacts in keep left alone.
func JSON(raw []byte, keep ...string) []byte { return NewKeep(keep...).JSON(raw) }
