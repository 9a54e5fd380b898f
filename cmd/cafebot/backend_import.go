package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/backend"
)

func newBackendImportCmd(app *App) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "import [--dry-run] FILE.csv",
		Short: "Add or update customers from a CSV file",
		Long: `Import loads the café's own customer list. The first line names the
columns, in any order: name and phone are required; id, email, note and
card_last4 are optional.

  id          customer id, C and digits (C1001); empty: matched by phone, else the next id
  name        the customer's name
  phone       any common format, 7 to 15 digits
  email       the account email
  note        an internal note for staff only
  card_last4  last four digits of the card on file (second factor)

Every line is checked first: any problem is reported with its line number
and nothing is written. A customer is matched by id, else by phone, so
importing the same file again changes nothing. A column left out of the
file leaves that field as it is. "-" reads standard input.

The demo accounts of ` + "`make demo`" + ` still come from ` + "`cafebot backend seed`" + `.`,
		Example: `  cafebot backend import --dry-run customers.csv
  cafebot backend import customers.csv
  cafebot backend export --format csv > customers.csv`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = app.In
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return withHint(err, "give the path of a CSV file, or - for standard input")
				}
				defer f.Close()
				r = f
			}
			recs, err := backend.ParseCustomersCSV(r)
			if err != nil {
				return importHint(err)
			}
			b, err := app.Backend(cmd.Context())
			if err != nil {
				return err
			}
			res, err := b.ImportCustomers(cmd.Context(), recs, dryRun, app.Now())
			if err != nil {
				return importHint(err)
			}
			if asJSON {
				return writeJSON(app.Out, res)
			}
			verb := "imported"
			if dryRun {
				verb = "dry run, nothing written: would import"
			}
			fmt.Fprintf(app.Out, "%s %d customer(s): %d added, %d updated, %d unchanged\n",
				verb, len(recs), res.Added, res.Updated, res.Unchanged)
			for _, row := range res.Rows {
				if row.Action != backend.ImportUnchanged {
					fmt.Fprintf(app.Out, "  line %d: %s %s\n", row.Line, row.ID, row.Action)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check the file and say what would change, writing nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func importHint(err error) error {
	var ie *backend.ImportError
	var re *backend.RowError
	if errors.As(err, &ie) || errors.As(err, &re) {
		return withHint(err, "fix those lines and run the import again (see `cafebot backend import --help` for the columns)")
	}
	return err
}

func newBackendExportCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export [--format csv|json]",
		Short: "Print every customer as CSV (importable) or JSON",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format = strings.ToLower(format)
			if format != "csv" && format != "json" {
				return &usageError{err: fmt.Errorf("--format must be csv or json, not %q", format), usage: cmd.UseLine()}
			}
			b, err := app.Backend(cmd.Context())
			if err != nil {
				return err
			}
			recs, err := b.ExportCustomers(cmd.Context())
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(app.Out, recs)
			}
			return backend.WriteCustomersCSV(app.Out, recs)
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions("csv", "json"))
	return cmd
}
