package analysis

import "testing"

// TestIsDayOfMonth: the one day-of-month parser that entity dates and
// retrieval's dated-chunk cue share. A suffix must be an ordinal's whole
// suffix, so lengths of time ("24h", "3d") and sizes are no days.
func TestIsDayOfMonth(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"1", true}, {"7", true}, {"07", true}, {"24", true}, {"31", true},
		{"1st", true}, {"2nd", true}, {"23rd", true}, {"24th", true}, {"31st", true},
		{"0", false}, {"00", false}, {"32", false}, {"99", false}, {"100", false}, {"2026", false},
		{"24h", false}, {"3d", false}, {"5s", false}, {"12oz", false}, {"24stndrh", false},
		{"st", false}, {"th", false}, {"", false}, {"-1", false}, {"1.5", false}, {"24th!", false},
	} {
		if got := IsDayOfMonth(tt.w); got != tt.want {
			t.Errorf("IsDayOfMonth(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}
