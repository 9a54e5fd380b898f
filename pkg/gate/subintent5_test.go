package gate

import "testing"

// subCase is a transactional message and the sub-intent the gate must
// give it.
type subCase struct {
	text, sub, comment string
}

// checkSubIntents runs each case as a subtest named by its text: the
// default gate must call it transactional with the case's sub-intent.
func checkSubIntents(t *testing.T, tests []subCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d := Default().Classify(tt.text)
			if d.Intent != Transactional {
				t.Fatalf("intent %s, want transactional (cues %v)", d.Intent, d.Cues)
			}
			if d.Sub != tt.sub {
				t.Errorf("sub %q, want %q (%s)", d.Sub, tt.sub, tt.comment)
			}
		})
	}
}

// TestSubIntentsRound5: the sub-intent entries added after the strangers'
// rows, each on wording of its own (none of it from strangers_v*.jsonl),
// next to the message an over-eager entry would mislabel.
func TestSubIntentsRound5(t *testing.T) {
	tests := []subCase{
		{"i cancelled but the money still came out, order 88123", "refund", "money taken without a refund word"},
		{"the app failed and the money was taken anyway, order 88124", "refund", ""},
		{"order 88125 where is it, order status please", "order_status", ""},
		{"my beans order has not been dispatched yet, order 88126", "order_status", ""},
		{"when will my gift cards be sent, order 88127", "order_status", "gift cards named, still a status"},
		{"please merge my two accounts, my points are split across them", "account", "points named, still an account change"},
		{"stop the marketing emails but keep my points please", "account", ""},
		{"how many points do i have", "balance", "the control: points alone stay balance"},
		{"can you send me the order confirmation for my cake last month", "history", ""},
		{"please swap the sandwich tray on my order for friday to vegan", "catering", "a tray is catering, though swap is an order change"},
		{"how much is left on my gift card ending 1234", "balance", ""},
		{"can i book the upstairs room for a party of 12 on saturday", "booking", ""},
		{"i want to preorder six scones for pickup on friday", "order", "pickup named, still a new order"},
		{"can you change my order 88128 to oat milk", "order", "the control: an order change"},
		{"can you check my order 88129, it said it would be ready at 9", "order_status", "the control: ready stays status"},
	}
	checkSubIntents(t, tests)
}
