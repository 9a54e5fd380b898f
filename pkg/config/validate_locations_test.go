package config

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateLocations(t *testing.T) {
	tests := []struct {
		name    string
		store   string
		aliases map[string][]string
		want    string
	}{
		{name: "empty is fine"},
		{name: "good", store: "Elm Road", aliases: map[string][]string{"Riverside Campus": {"the campus one", "halden hall"}}},
		{name: "empty location", aliases: map[string][]string{" ": {"x"}}, want: "empty location name"},
		{name: "empty alias", aliases: map[string][]string{"Elm Road": {"  "}}, want: "empty alias"},
		{name: "shared alias", aliases: map[string][]string{"Elm Road": {"the big one"}, "Harbour Street": {"The  big one"}}, want: "names both"},
		{name: "padded store", store: " Elm Road", want: "no leading or trailing spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Store: Store{Location: tt.store}, Locations: Locations{Aliases: tt.aliases}}
			err := errors.Join(c.validateLocations()...)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}
