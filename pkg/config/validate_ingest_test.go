package config

import (
	"errors"
	"testing"
)

func TestValidateIngest(t *testing.T) {
	tests := []struct {
		v    int
		want bool // valid
	}{
		{5000, true}, {1, true}, {100_000, true},
		{0, false}, {-1, false}, {100_001, false},
	}
	for _, tt := range tests {
		c := Default()
		c.Retrieval.MaxChunksPerFile = tt.v
		errs := c.validateIngest()
		if (len(errs) == 0) != tt.want {
			t.Errorf("max_chunks_per_file %d: errors %v, want valid %v", tt.v, errs, tt.want)
		}
		var re *RangeError
		if len(errs) == 1 && (!errors.As(errs[0], &re) || re.Key != "retrieval.max_chunks_per_file") {
			t.Errorf("max_chunks_per_file %d: %v is not a RangeError for the key", tt.v, errs[0])
		}
	}
	if d := Default().Retrieval.MaxChunksPerFile; d != 5000 {
		t.Errorf("default %d, want 5000", d)
	}
}
