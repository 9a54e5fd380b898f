package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/backend"
)

func newBackendCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backend",
		Short: "Inspect and seed the account store (customers, loyalty, orders)",
	}
	cmd.AddCommand(newBackendSeedCmd(app), newBackendListCmd(app), newBackendShowCmd(app),
		newBackendImportCmd(app), newBackendExportCmd(app))
	return cmd
}

func newBackendSeedCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "seed",
		Short: "Load the bundled demo customers, orders and loyalty histories",
		Long: `Seed loads the demo accounts used by ` + "`make demo`" + ` and the tests. Running it
again changes nothing. Among them: C1001 Maya Thompson (555-010-2233), whose
$20 top-up never got its 40 bonus points.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := app.Backend(cmd.Context())
			if err != nil {
				return err
			}
			if err := b.Seed(cmd.Context(), app.Now()); err != nil {
				return fmt.Errorf("seed the account store: %w", err)
			}
			cs, err := b.ListCustomers(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "account store ready: %d customers\n", len(cs))
			return nil
		},
	}
}

func newBackendListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List customers (id, name, phone)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := app.Backend(cmd.Context())
			if err != nil {
				return err
			}
			cs, err := b.ListCustomers(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				type row struct {
					ID    string `json:"id"`
					Name  string `json:"name"`
					Phone string `json:"phone"`
				}
				rows := []row{}
				for _, c := range cs {
					rows = append(rows, row{c.ID, c.Name, c.Phone})
				}
				return writeJSON(app.Out, rows)
			}
			if len(cs) == 0 {
				fmt.Fprintln(app.Out, "no customers (run `cafebot backend seed` for the demo accounts)")
				return nil
			}
			tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tPHONE")
			for _, c := range cs {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Name, c.Phone)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newBackendShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "show [--json] CUSTOMER",
		Short:             "Show an account: balance, ledger, orders, refunds, catering",
		Args:              exactArgs(1),
		ValidArgsFunction: completeCustomers(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := app.Backend(cmd.Context())
			if err != nil {
				return err
			}
			c, err := b.FindCustomer(cmd.Context(), args[0])
			if err != nil {
				return customerHint(err)
			}
			acct, err := b.Account(cmd.Context(), c.ID)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Out, acct)
			}
			acct.Format(app.Out)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

var _ backend.Backend = (*backend.SQLite)(nil)
