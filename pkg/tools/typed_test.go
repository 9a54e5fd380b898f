package tools

import (
	"context"
	"testing"
)

// TestTypedRefusesMalformedParams: a parameter struct the schema cannot
// express fails when the tool is built, not when the model calls it.
func TestTypedRefusesMalformedParams(t *testing.T) {
	type noName struct {
		X string
	}
	type badType struct {
		X []string `json:"x"`
	}
	type badEnum struct {
		X string `json:"x" enum:"colours"`
	}
	type badBound struct {
		X int `json:"x" min:"one"`
	}
	run := func(name string, build func()) {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("built without a panic")
				}
			}()
			build()
		})
	}
	run("no json name", func() {
		typed("t", "d", func(*Toolbox, context.Context, noName) (outcome, error) { return outcome{}, nil })
	})
	run("a slice", func() {
		typed("t", "d", func(*Toolbox, context.Context, badType) (outcome, error) { return outcome{}, nil })
	})
	run("an unknown enum", func() {
		typed("t", "d", func(*Toolbox, context.Context, badEnum) (outcome, error) { return outcome{}, nil })
	})
	run("a bound that is no number", func() {
		typed("t", "d", func(*Toolbox, context.Context, badBound) (outcome, error) { return outcome{}, nil })
	})
}

// TestTypedFillsParams checks validated arguments reach the handler's
// struct, with an absent optional number left nil rather than 0.
func TestTypedFillsParams(t *testing.T) {
	type params struct {
		ID     string   `json:"id" required:"true" id:"true"`
		N      int      `json:"n" min:"1" max:"9"`
		Amount *float64 `json:"amount"`
		OK     bool     `json:"ok"`
	}
	var got params
	sp := typed("t", "d", func(_ *Toolbox, _ context.Context, p params) (outcome, error) {
		got = p
		return outcome{}, nil
	})
	a, err := validateArgs(sp.def, sp.rules, map[string]any{"id": float64(10482), "n": float64(3), "ok": true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sp.run(nil, context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if got.ID != "10482" || got.N != 3 || !got.OK || got.Amount != nil {
		t.Errorf("params %+v", got)
	}
	a, err = validateArgs(sp.def, sp.rules, map[string]any{"id": "x", "amount": 0.0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sp.run(nil, context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if got.Amount == nil || *got.Amount != 0 {
		t.Errorf("amount 0 given, got %v", got.Amount)
	}
	if _, err := validateArgs(sp.def, sp.rules, map[string]any{"n": float64(3)}); err == nil {
		t.Error("missing required id accepted")
	}
}
