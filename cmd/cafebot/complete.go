package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/handoff"
)

// completer is cobra's completion callback: the candidates for the word
// being typed, each optionally "value\tdescription".
type completer = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// completionLimit keeps a completion list short enough to read.
const completionLimit = 50

// fixedCompletions completes a flag from a fixed set of values.
func fixedCompletions(values ...string) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// roleNames are the model roles, for --role.
var roleNames = []string{"faq", "tools", "escalation", "guard", "embedding"}

// completionReady loads the configuration for a completion callback: cobra
// runs those without the commands' PersistentPreRunE. It reports false
// when the home cannot be read, and the shell then offers nothing.
func completionReady(cmd *cobra.Command, app *App) bool {
	return app.Init(cmd.Context()) == nil
}

// completeTickets completes the first argument with ticket numbers of the
// given status ("" for all), most urgent first, described by category and
// reason.
func completeTickets(app *App, status string) completer {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 || !completionReady(cmd, app) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		q, err := app.Handoffs(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ts, err := q.List(cmd.Context(), handoff.Filter{Status: status, Limit: completionLimit})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(ts))
		for _, t := range ts {
			out = append(out, fmt.Sprintf("%d\t%s %s: %s", t.ID, t.Priority, t.Category, oneLineShort(t.Reason)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeCustomers completes customer ids, described by name.
func completeCustomers(app *App) completer {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		if !completionReady(cmd, app) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		b, err := app.Backend(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cs, err := b.ListCustomers(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(cs))
		for _, c := range cs {
			out = append(out, c.ID+"\t"+c.Name)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeConversations completes saved conversation ids, latest first.
func completeConversations(app *App) completer {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		if !completionReady(cmd, app) {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		s, err := app.Conversations(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cs, err := s.List(cmd.Context(), completionLimit)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(cs))
		for _, c := range cs {
			out = append(out, strconv.FormatInt(c.ID, 10)+"\t"+oneLineShort(c.Title))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// registerCompletions completes the flags that name things cafebot
// stores, on whichever commands have them: --customer, --resume and
// --role. A flag that already has a completion keeps it.
func registerCompletions(root *cobra.Command, app *App) {
	byFlag := map[string]completer{
		"customer": completeCustomers(app),
		"resume":   completeConversations(app),
		"role":     fixedCompletions(roleNames...),
	}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for name, f := range byFlag {
			if c.Flags().Lookup(name) != nil {
				if _, ok := c.GetFlagCompletionFunc(name); !ok {
					c.RegisterFlagCompletionFunc(name, f)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// oneLineShort is s on one line, cut to fit a completion description.
func oneLineShort(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}
