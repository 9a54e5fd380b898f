package redact

import (
	"encoding/json"
	"reflect"
)

// maxDepth bounds Deep's walk, so a cyclic value cannot recurse forever.
const maxDepth = 32

var rawMessageType = reflect.TypeOf(json.RawMessage(nil))

// Deep returns a deep copy of v with every string in it masked by Text
// (with keep): exported struct fields, slices, arrays, maps (keys too),
// pointers and interfaces, to any depth; json.RawMessage values are masked
// as JSON. Unexported fields are copied as they are, and v itself (the
// slices and maps it shares with the caller) is never modified. Use it on
// a record (a ticket, a report) at the moment it is persisted.
func Deep[T any](v T, keep ...string) T {
	k := NewKeep(keep...)
	rv := reflect.ValueOf(&v).Elem()
	out := k.deep(rv, 0)
	return out.Interface().(T)
}

func (k Keep) deep(v reflect.Value, depth int) reflect.Value {
	if depth > maxDepth || !v.IsValid() {
		return v
	}
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(k.Text(v.String()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(k.deep(v.Field(i), depth+1))
			}
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		if v.Type() == rawMessageType {
			return reflect.ValueOf(json.RawMessage(k.JSON(v.Bytes())))
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(k.deep(v.Index(i), depth+1))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(k.deep(v.Index(i), depth+1))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			out.SetMapIndex(k.deep(it.Key(), depth+1), k.deep(it.Value(), depth+1))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(k.deep(v.Elem(), depth+1))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		inner := v.Elem()
		var masked reflect.Value
		switch inner.Kind() {
		case reflect.Float64, reflect.Int, reflect.Int64, reflect.Uint64:
			// A card number decoded into an any is a number: mask it the
			// way Value does.
			masked = reflect.ValueOf(k.Value(inner.Interface()))
		default:
			masked = k.deep(inner, depth+1)
		}
		out := reflect.New(v.Type()).Elem()
		if masked.Type().AssignableTo(v.Type()) {
			out.Set(masked)
			return out
		}
		return v
	}
	return v
}
