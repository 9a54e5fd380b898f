package tui

import (
	"context"
	"strings"
)

// RoleState is one model role as the status bar shows it: the role, its
// configured model, and whether Ollama has that model.
type RoleState struct {
	Role  string
	Model string
	Ready bool
}

// RoleHealth is a Health that can also say which role models Ollama has;
// the status bar then says which roles are ready, not just that Ollama
// answers (it may answer with none of the models cafebot needs).
type RoleHealth interface {
	Health
	// Roles returns each role's state, or an error when Ollama does not
	// answer.
	Roles(ctx context.Context) ([]RoleState, error)
}

// answering are the roles whose models write answers; without any of them
// every answer is retrieval-only.
var answering = map[string]bool{"faq": true, "tools": true, "escalation": true}

// rolesLabel is the status bar's account of the roles: all ready,
// degraded (naming what is missing), or none that can answer.
func rolesLabel(st *Styles, roles []RoleState) string {
	var missing []string
	canAnswer := false
	for _, r := range roles {
		switch {
		case !r.Ready:
			missing = append(missing, r.Role)
		case answering[r.Role]:
			canAnswer = true
		}
	}
	switch {
	case len(missing) == 0:
		return st.StatusOK.Render("● models ready")
	case !canAnswer:
		return st.StatusDown.Render("○ no answer models: retrieval only")
	}
	return st.StatusDegraded.Render("◐ degraded: no " + strings.Join(missing, ", "))
}

// missingRoles returns the roles whose models Ollama lacks.
func missingRoles(roles []RoleState) []RoleState {
	var out []RoleState
	for _, r := range roles {
		if !r.Ready {
			out = append(out, r)
		}
	}
	return out
}
