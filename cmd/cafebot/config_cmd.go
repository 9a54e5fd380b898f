package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/config"
)

func newConfigCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show, locate or create the configuration"}
	cmd.AddCommand(newConfigShowCmd(app), newConfigPathCmd(app), newConfigInitCmd(app))
	return cmd
}

func newConfigShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the configuration after the file, environment and flags",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConfigShow(app.Out, app.Config(), asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func runConfigShow(w io.Writer, cfg config.Config, asJSON bool) error {
	if asJSON {
		return writeJSON(w, cfg)
	}
	file := cfg.File
	if file == "" {
		file = "(none: defaults)"
	}
	fmt.Fprintf(w, "# home:   %s\n# file:   %s\n# models by role:\n", cfg.Home, file)
	for _, r := range cfg.Models.Roles() {
		fmt.Fprintf(w, "#   %-10s %s\n", r.Name, r.Model)
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	defer enc.Close()
	return enc.Encode(cfg)
}
