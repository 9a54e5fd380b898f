package backend

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// formatTime is how Format writes times: UTC, to the minute.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// Format writes the account as plain text for staff (`cafebot backend
// show`): contact details and internal note, balance, ledger, top-ups,
// orders with lines and payments, refunds and catering. Times are UTC.
func (a Account) Format(w io.Writer) error {
	ew := &errWriter{w: w}
	c := a.Customer
	ew.printf("Customer  %s  %s\n", c.ID, c.Name)
	ew.printf("Phone     %s\n", c.Phone)
	ew.printf("Email     %s\n", c.Email)
	ew.printf("Since     %s\n", c.CreatedAt.UTC().Format("2006-01-02"))
	if c.InternalNote != "" {
		ew.printf("Note      %s (staff only)\n", c.InternalNote)
	}
	ew.printf("\nLoyalty balance: %d points\n", a.Balance)

	ew.printf("\nLedger (%d entries, newest first; times UTC)\n", len(a.Ledger))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "WHEN\tKIND\tPOINTS\t\n")
	for _, e := range a.Ledger {
		fmt.Fprintf(tw, "%s\t%s\t%+d\t  %s\n", formatTime(e.CreatedAt), e.Kind, e.Points, ledgerReason(e))
	}
	tw.Flush()

	if len(a.TopUps) > 0 {
		ew.printf("\nTop-ups\n")
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, t := range a.TopUps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, formatTime(t.CreatedAt), t.Amount, t.Location)
		}
		tw.Flush()
	}

	ew.printf("\nOrders (%d, newest first)\n", len(a.Orders))
	for _, o := range a.Orders {
		ew.printf("%s  %s  %-16s  %-9s  %s\n", o.ID, formatTime(o.PlacedAt), o.Location, o.Status, o.Total)
		for _, l := range o.Lines {
			ew.printf("        line %d: %d × %s @ %s\n", l.ID, l.Qty, l.Item, l.UnitPrice)
		}
		for _, p := range o.Payments {
			card := ""
			if p.CardLast4 != "" {
				card = " •••• " + p.CardLast4
			}
			ew.printf("        paid %s by %s%s at %s\n", p.Amount, p.Method, card, formatTime(p.ChargedAt))
		}
		if dups := o.DuplicatePayments(); len(dups) > 0 {
			ew.printf("        ! double charge: %d duplicate payment(s)\n", len(dups))
		}
	}

	if len(a.Refunds) > 0 {
		ew.printf("\nRefunds\n")
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, r := range a.Refunds {
			what := r.Kind
			if r.Kind == RefundLine {
				what = fmt.Sprintf("line %d", r.LineID)
			}
			fmt.Fprintf(tw, "%s\torder %s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.OrderID, what, r.Amount, r.Status, formatTime(r.CreatedAt), r.Reason)
		}
		tw.Flush()
	}

	if len(a.Catering) > 0 {
		ew.printf("\nCatering\n")
		for _, k := range a.Catering {
			ew.printf("%s  %s  %s  %d guests  %s  %s", k.ID, formatTime(k.EventAt), k.Location, k.Headcount, k.Total, k.Status)
			if k.Status == CateringCancelled {
				ew.printf(" (fee %s)", k.CancellationFee)
			}
			ew.printf("\n")
			for _, it := range k.Items {
				ew.printf("        %d × %s @ %s\n", it.Qty, it.Item, it.UnitPrice)
			}
			if k.Notes != "" {
				ew.printf("        notes: %s\n", k.Notes)
			}
		}
	}
	return ew.err
}

func ledgerReason(e LedgerEntry) string {
	var refs []string
	if e.TopUpID != "" {
		refs = append(refs, "top-up "+e.TopUpID)
	}
	if len(refs) == 0 {
		return e.Reason
	}
	return e.Reason + " (" + strings.Join(refs, ", ") + ")"
}

// errWriter remembers the first write error so Format can report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
