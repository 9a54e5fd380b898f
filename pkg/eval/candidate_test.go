package eval

import "testing"

func TestIsRefusal(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"I don't know from the café's documents; a staff member can help.", true},
		{"Sorry, I can't help with that, but a staff member will follow up.", true},
		{"That isn't in the café's documents.", true},
		{"We cannot find an order with that number.", true},
		{"No: the killer brownie contains wheat flour [menu/desserts.md].", false},
		{"You can't bring dogs inside, but the patio is dog friendly.", false},
		{"We open at 8:00 on Sundays.", false},
	}
	for _, tt := range tests {
		if got := IsRefusal(tt.text); got != tt.want {
			t.Errorf("IsRefusal(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
