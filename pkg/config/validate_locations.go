package config

import (
	"fmt"
	"strings"
)

// validateLocations checks store.location and locations.aliases: no empty
// location names or alias phrases, and no phrase given to two locations
// (a question naming it could not be scoped).
func (c Config) validateLocations() []error {
	owner := map[string]string{}
	for loc, phrases := range c.Locations.Aliases {
		if strings.TrimSpace(loc) == "" {
			return []error{fmt.Errorf("locations.aliases: an empty location name; use the name the documents give (e.g. \"Elm Road\")")}
		}
		for _, p := range phrases {
			k := strings.ToLower(strings.Join(strings.Fields(p), " "))
			if k == "" {
				return []error{fmt.Errorf("locations.aliases[%q]: an empty alias", loc)}
			}
			if prev, ok := owner[k]; ok && !strings.EqualFold(prev, loc) {
				return []error{fmt.Errorf("locations.aliases: %q names both %q and %q; give it to one location", p, prev, loc)}
			}
			owner[k] = loc
		}
	}
	if c.Store.Location != strings.TrimSpace(c.Store.Location) {
		return []error{fmt.Errorf("store.location %q: no leading or trailing spaces", c.Store.Location)}
	}
	return nil
}
