package backend

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseCustomersCSV(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		want    int
		wantErr []string // each must appear in the error
	}{
		{"minimal", "name,phone\nAda Park,555-010-9999\n", 1, nil},
		{"all columns, any order and case, BOM, blank line", "\ufeffPhone,Name,ID,Email,Note,Card_Last4\n+1 (555) 010-1111,Bo Li,c2001,bo@example.com,VIP,1234\n\n555 010 2222,Cy,,,,\n", 2, nil},
		{"empty file", "", 0, []string{"empty"}},
		{"unknown column", "name,phone,fax\n", 0, []string{"line 1", "fax", "unknown column"}},
		{"missing phone column", "name,email\n", 0, []string{"line 1", "phone", "required column"}},
		{"every bad line is reported with its number", strings.Join([]string{
			"id,name,phone,email,card_last4",
			"C1,Ok Person,555-010-0001,ok@example.com,",
			"X9,Bad Id,555-010-0002,,",
			",,555-010-0003,,",
			",Short Phone,12,,",
			",Bad Mail,555-010-0005,cy@,",
			",Bad Card,555-010-0006,,12ab",
			",Dup Phone,(555) 010-0001,,",
			"C1,Dup Id,555-010-0008,,",
			",Too,Many,Fields,Here,Now",
		}, "\n") + "\n", 0, []string{
			"8 problem(s), nothing imported", "line 3: id", "line 4: name: required", "line 5: phone", "line 6: email",
			"line 7: card_last4", "line 8: phone: (555) 010-0001 is also on line 2", "line 9: id: C1 is also on line 2",
			"line 10: has 6 fields",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ParseCustomersCSV(strings.NewReader(tt.csv))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("parsed %d records, want an error", len(recs))
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tt.want {
				t.Errorf("got %d records, want %d", len(recs), tt.want)
			}
		})
	}
	many := "name,phone\n" + strings.Repeat("x,1\n", 12)
	if _, err := ParseCustomersCSV(strings.NewReader(many)); err == nil || !strings.Contains(err.Error(), "12 problem(s)") || !strings.Contains(err.Error(), "and 2 more") {
		t.Errorf("12 bad lines: %v, want the first 10 and \"and 2 more\"", err)
	}
	var ie *ImportError
	_, err := ParseCustomersCSV(strings.NewReader("name,phone\n,1\n"))
	if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Line != 2 {
		t.Errorf("error %v: want an *ImportError with both problems of line 2", err)
	}
}

func TestImportCustomers(t *testing.T) {
	ctx := context.Background()
	s, db := seeded(t)
	before := count(t, db, "customers")
	file := "id,name,phone,email,note\n" +
		",Ada Park,555-010-9001,ada@example.com,prefers oat\n" + // new, next id
		"C7000,Bo Li,555-010-9002,,\n" + // new, own id
		",Maya T.,555-010-2233,maya@example.com,\n" // the seeded C1001, matched by phone: renamed
	parse := func(s string) []CustomerRecord {
		t.Helper()
		recs, err := ParseCustomersCSV(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}

	dry, err := s.ImportCustomers(ctx, parse(file), true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if dry.Added != 2 || dry.Updated != 1 || !dry.DryRun || count(t, db, "customers") != before {
		t.Fatalf("dry run: %+v and %d customers, want 2 added, 1 updated, nothing written", dry, count(t, db, "customers"))
	}

	res, err := s.ImportCustomers(ctx, parse(file), false, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Updated != 1 || count(t, db, "customers") != before+2 {
		t.Fatalf("import: %+v, %d customers; want 2 added, 1 updated", res, count(t, db, "customers"))
	}
	if res.Rows[1].ID != "C7000" || res.Rows[2].ID != "C1001" {
		t.Errorf("rows = %+v", res.Rows)
	}
	ada, err := s.FindCustomer(ctx, "555 010 9001")
	if err != nil || ada.Email != "ada@example.com" || ada.InternalNote != "prefers oat" || !IsCustomerID(ada.ID) {
		t.Errorf("imported Ada = %+v, %v", ada, err)
	}
	maya, err := s.FindCustomer(ctx, "C1001")
	if err != nil || maya.Name != "Maya T." {
		t.Errorf("C1001 after import = %+v, %v", maya, err)
	}
	// The seeded orders and points still belong to her.
	if acct, err := s.Account(ctx, "C1001"); err != nil || len(acct.Orders) == 0 {
		t.Errorf("C1001's account after import: %d orders, %v", len(acct.Orders), err)
	}

	again, err := s.ImportCustomers(ctx, parse(file), false, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != 3 || again.Added+again.Updated != 0 || count(t, db, "customers") != before+2 {
		t.Errorf("second import: %+v, want all 3 unchanged", again)
	}

	// A phone that belongs to someone else is refused, and nothing of the
	// file is written.
	clash := "id,name,phone\n,New Person,555-010-7777\nC7000,Bo Li,555-010-9001\n"
	if _, err := s.ImportCustomers(ctx, parse(clash), false, testNow); err == nil || !strings.Contains(err.Error(), "line 3: phone: 555-010-9001 belongs to customer") {
		t.Errorf("clashing phone: %v", err)
	}
	if _, err := s.FindCustomer(ctx, "555-010-7777"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a line before the bad one was written: %v", err)
	}
	// A file without the email column leaves emails alone.
	if _, err := s.ImportCustomers(ctx, parse("name,phone\nAda Park,555-010-9001\n"), false, testNow); err != nil {
		t.Fatal(err)
	}
	if ada, _ := s.FindCustomer(ctx, "555-010-9001"); ada.Email != "ada@example.com" {
		t.Errorf("email after an import without the column = %q, want it kept", ada.Email)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	recs, err := s.ExportCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCustomersCSV(&buf, recs); err != nil {
		t.Fatal(err)
	}
	back, err := ParseCustomersCSV(&buf)
	if err != nil {
		t.Fatalf("the export does not parse: %v", err)
	}
	res, err := s.ImportCustomers(ctx, back, false, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != len(recs) || res.Added+res.Updated != 0 {
		t.Errorf("re-importing the export: %+v, want all %d unchanged", res, len(recs))
	}
	// Into an empty store it recreates the customers.
	empty, err := NewSQLite(ctx, openDB(t))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := empty.ImportCustomers(ctx, back, false, testNow); err != nil || res.Added != len(recs) {
		t.Fatalf("import into an empty store: %+v, %v", res, err)
	}
	fresh, err := NewSQLite(ctx, openDB(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err = fresh.ImportCustomers(ctx, []CustomerRecord{{Name: "New", Phone: "555-010-4444", Line: 2}}, false, testNow)
	if err != nil || res.Rows[0].ID != "C2001" {
		t.Errorf("first id in an empty store = %+v, %v; want C2001, clear of the demo ids", res.Rows, err)
	}
	again, _ := empty.ExportCustomers(ctx)
	if len(again) != len(recs) || again[0].ID != recs[0].ID || again[0].Phone != recs[0].Phone || again[0].CardLast4 != recs[0].CardLast4 {
		t.Errorf("export after import differs: %+v vs %+v", again[0], recs[0])
	}
}

func FuzzParseCustomersCSV(f *testing.F) {
	f.Add("name,phone\nAda,555-010-9001\n")
	f.Add("id,name,phone,email,note,card_last4\nC1,\"Li, Bo\",555 010 2222,b@x.io,\"a\nb\",1234\n")
	f.Add("name,phone\n\"unterminated,555\n")
	f.Fuzz(func(t *testing.T, s string) {
		recs, err := ParseCustomersCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range recs {
			if errs := checkRecord(r); len(errs) > 0 {
				t.Fatalf("accepted a record that fails its checks: %+v: %v", r, errs[0])
			}
		}
	})
}
