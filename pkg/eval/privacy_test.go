package eval

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/gate"
)

// TestReportMasksCardNumbers: a case whose question or error carries a
// card number or a phone number shows neither in the report, its JSON or
// its table.
func TestReportMasksCardNumbers(t *testing.T) {
	cases := []Case{{Line: 1, Q: "refund to 4242 4242 4242 4242, call 555-019-8765", Intent: gate.Transactional}}
	r := &Runner{NewSession: func(context.Context, assistant.Strategy) (Session, error) {
		return nil, errors.New("card 4111111111111111 rejected")
	}}
	got, err := r.Run(context.Background(), cases, assistant.StrategyRouted, nil)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := got.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(got)
	for _, out := range []string{string(js), table.String()} {
		for _, leak := range []string{"4242 4242 4242 4242", "4111111111111111", "555-019-8765"} {
			if strings.Contains(out, leak) {
				t.Errorf("report holds %q:\n%s", leak, out)
			}
		}
	}
	if len(got.Failures) != 1 || !strings.Contains(got.Failures[0].Q, "[card ending 4242]") || !strings.Contains(got.Failures[0].Detail, "[card ending 1111]") {
		t.Errorf("failures %+v", got.Failures)
	}
}
