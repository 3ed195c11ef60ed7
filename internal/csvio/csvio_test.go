package csvio

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCents(t *testing.T) {
	for _, tc := range []struct {
		in    string
		comma bool
		want  int64
		err   error
	}{
		{"0", false, 0, nil},
		{"1234", false, 123400, nil},
		{"1234.5", false, 123450, nil},
		{"1234.56", false, 123456, nil},
		{".5", false, 50, nil},
		{"5.", false, 500, nil},
		{"+7", false, 700, nil},
		{"1234,56", true, 123456, nil},
		{"12.5", true, 1250, nil},      // a point decimal is still read in a semicolon file
		{"5.500", true, 0, ErrNumber},  // but not one that may be a thousands separator
		{"5.500", false, 0, ErrNumber}, // 3 decimals: not cents either
		{"1.234,5", true, 0, ErrNumber},
		{"1234,56", false, 0, ErrNumber},
		{"1234.567", false, 0, ErrNumber},
		{"-5", false, 0, ErrNegative},
		{"-x", false, 0, ErrNumber},
		{"", false, 0, ErrEmpty},
		{".", false, 0, ErrNumber},
		{"1e3", false, 0, ErrNumber},
		{"1 234", false, 0, ErrNumber},
		{"1.2.3", false, 0, ErrNumber},
		{"NaN", false, 0, ErrNumber},
		{"99999999999999", false, 0, ErrNumber}, // 14 digits: beyond the limit
		{"9999999999999.99", false, 999999999999999, nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseCents(tc.in, tc.comma)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// ParseSignedCents is ParseCents with an optional minus sign (a
// recovery); its errors quote the whole text.
func TestParseSignedCents(t *testing.T) {
	for _, tc := range []struct {
		in    string
		comma bool
		want  int64
		err   string
	}{
		{"12.34", false, 1234, ""},
		{"-12.34", false, -1234, ""},
		{"-0", false, 0, ""},
		{"-1234,5", true, -123450, ""},
		{"+7", false, 700, ""},
		{"-12.345", false, 0, `"-12.345": more than 2 decimal places`},
		{"-", false, 0, "invalid number"},
		{"--5", false, 0, "invalid number"},
		{"-+5", false, 0, "invalid number"},
		{"", false, 0, "empty value"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseSignedCents(tc.in, tc.comma)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseCentsNoAlloc(t *testing.T) {
	n := testing.AllocsPerRun(100, func() { _, _ = ParseCents("1234567.89", false) })
	assert.Zero(t, n)
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		comma    bool
		bad      bool
	}{
		{"12", "12", false, false},
		{"-0.5", "-0.5", false, false},
		{"3650", "3650", false, false},
		{"7,5", "7.5", true, false},
		{"3.650", "", true, true},
		{"0.125", "0.125", true, false},       // no grouping starts with 0
		{"1234.567", "1234.567", true, false}, // a group has at most 3 digits
		{"-12.125", "", true, true},
		{"1.234.567", "", true, true},
		{"3.65", "3.65", true, false},
		{"3.650", "3.65", false, false},
		{"7,5", "", false, true},
		{"1e5", "", false, true},
		{"Inf", "", false, true},
		{"1-2", "", false, true},
		{"", "", false, true},
		{"..", "", false, true},
	} {
		got, err := ParseDecimal(tc.in, tc.comma)
		if tc.bad {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got.String(), tc.in)
	}
}

var testCols = []Column{{Name: "name", Required: true}, {Name: "amount", Required: true}, {Name: "extra"}}

func readAll(t *testing.T, in string) ([][2]string, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(in), "f.csv", testCols)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for r.Next() {
		c, err := r.Cents(1)
		if err != nil {
			return out, err
		}
		out = append(out, [2]string{r.Field(0), fmt.Sprint(c)})
	}
	return out, r.Err()
}

func TestReader(t *testing.T) {
	got, err := readAll(t, "\ufeffName , AMOUNT,note,,\na, 1.50,hi,,\n\nb,2,,,\n")
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"a", "150"}, {"b", "200"}}, got)

	// Semicolon file with decimal commas.
	got, err = readAll(t, "name;amount\na;1,5\n\"b;c\";2\n")
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"a", "150"}, {"b;c", "200"}}, got)
}

func TestReaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, msg string
		is            error
	}{
		{"empty", "", "f.csv:1: empty file: expected a header row", ErrNoHeader},
		{"missing", "name\nx\n", `f.csv:1: missing column "amount": the header row must name name, amount, extra`, ErrMissingColumn},
		{"unknown", "name,amout\n", `f.csv:1:2: unknown column "amout": expected one of name, amount, extra`, ErrUnknownColumn},
		{"twice", "name,amount,Name\n", `f.csv:1:3: column given twice "name" (also column 1)`, ErrDupColumn},
		{"bad number", "name,amount\na,1\nb,12;5\n", `f.csv:3:2: amount: invalid number "12;5"`, ErrNumber},
		{"negative", "name,amount\na,-1\n", `f.csv:2:2: amount: negative value -1: expected zero or more`, ErrNegative},
		{"field count", "name,amount\na,1,2\n", "f.csv:2:3: 3 fields, but the header has 2: a comma inside a value splits it in two", nil},
		{"too few fields", "name,amount\na\n", "f.csv:2:2: 1 fields, but the header has 2", nil},
		{"not utf-8 header", "name,m\xe4rkus\n", `f.csv:1:2: not UTF-8 text`, ErrEncoding},
		{"utf-16", "\xff\xfen\x00a\x00", `f.csv:1: not UTF-8 text: save the file as "CSV UTF-8" (a spreadsheet's plain "CSV" may use a local code page) (this is UTF-16`, ErrEncoding},
		{"not utf-8", "name,amount\nn\xf5ustamine,1\n", `f.csv:2:1: not UTF-8 text`, ErrEncoding},
		{"thousands point in a semicolon file", "name;amount\na;5.500\n", `f.csv:2:2: amount: invalid number "5.500": a point here looks like a thousands separator`, ErrNumber},
		{"thousands point and decimal comma", "name;amount\na;438.900,25\n", `f.csv:2:2: amount: invalid number "438.900,25": a point here looks like a thousands separator`, ErrNumber},
		// The multi-line quoted field makes line 2-3 one record; the error is on line 4.
		{"multiline", "name,amount\n\"a\nb\",1\nc,x\n", `f.csv:4:2: amount: invalid number "x"`, ErrNumber},
		{"bare quote", "name,amount\na\"b,1\n", `f.csv:2: bare " in non-quoted-field`, nil},
		{"value under a nameless column", "name,amount,\na,1,\nb,2,x\n", `f.csv:3:3: unknown column: a value in a column with no name in the header`, ErrUnknownColumn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, tc.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
			var pe *Error
			assert.True(t, errors.As(err, &pe))
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	r, err := NewReader(strings.NewReader("name;amount;\"x,y\"\n"), "f", []Column{{Name: "name"}, {Name: "amount"}, {Name: "x,y"}})
	require.NoError(t, err)
	assert.True(t, r.comma)
}

// FuzzParseCents checks that formatting a parsed amount and parsing it
// again gives the same cents, and that nothing panics.
func FuzzParseCents(f *testing.F) {
	for _, s := range []string{"0", "1234.56", "-1", "1,5", ".5", "1e3", "99999999999999"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		c, err := ParseCents(s, comma)
		if err != nil {
			return
		}
		if c < 0 {
			t.Fatalf("negative cents %d from %q", c, s)
		}
		back := fmt.Sprintf("%d.%02d", c/100, c%100)
		c2, err := ParseCents(back, false)
		if err != nil || c2 != c {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, c, back, c2, err)
		}
		d, err := ParseDecimal(strings.TrimPrefix(s, "+"), comma)
		if err != nil || !d.Equal(decimal.New(c, -2)) {
			t.Fatalf("ParseDecimal(%q) = %s, %v; ParseCents gives %d", s, d, err, c)
		}
	})
}

// FuzzReader feeds arbitrary files to the reader: it must return records
// or a positioned error, never panic.
func FuzzReader(f *testing.F) {
	f.Add("name,amount\na,1\n")
	f.Add("name;amount\na;1,5\n")
	f.Add("\ufeffname,amount,note\n\"a\nb\",2,\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := NewReader(strings.NewReader(in), "f.csv", testCols)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		for r.Next() {
			_, _ = r.Cents(1)
			_, _ = r.Decimal(1, true)
			_, _ = r.Year(0)
			_ = r.Field(2)
		}
		if err := r.Err(); err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error without position: %v", err)
			}
		}
	})
}

// TestEmptyRows: rows of separators alone, as spreadsheets save rows once
// used, are skipped anywhere in a file, short or full; a note names their
// lines, and says when they all come after the data.
func TestEmptyRows(t *testing.T) {
	cols := []Column{{Name: "service", Required: true}, {Name: "year", Required: true}, {Name: "amount", Required: true}}
	for _, tc := range []struct {
		file    string
		records []string // service of each record read
		note    string
	}{
		{"testdata/excel-trailing.csv", []string{"court", "prison"},
			"testdata/excel-trailing.csv: skipped 3 empty rows at the end (lines 4-6): separators with no values"},
		{"testdata/excel-middle.csv", []string{"court", "prison"},
			"testdata/excel-middle.csv: skipped 3 empty rows (lines 3, 6-7): separators with no values"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			notes := &Notes{}
			f, err := Open(tc.file, Limits{Notes: notes})
			require.NoError(t, err)
			defer f.Close()
			r, err := NewReader(f, tc.file, cols)
			require.NoError(t, err)
			var got []string
			for r.Next() {
				got = append(got, r.Field(0))
			}
			require.NoError(t, r.Err())
			assert.Equal(t, tc.records, got)
			assert.Equal(t, []string{tc.note}, notes.List())
		})
	}
	// Without Notes, the rows are still skipped; a row with one value is
	// read, and its empty cells are the loader's to judge.
	r, err := NewReader(strings.NewReader("a,b\n,\n,x\n"), "f.csv", []Column{{Name: "a"}, {Name: "b"}})
	require.NoError(t, err)
	require.True(t, r.Next())
	assert.Equal(t, 3, r.Line())
	assert.Equal(t, "x", r.Field(1))
	assert.False(t, r.Next())
	require.NoError(t, r.Err())
	// A long run of separated empty rows: the note lists the first spans.
	var b strings.Builder
	b.WriteString("a\n")
	for range 20 {
		b.WriteString("1\n\"\"\n")
	}
	notes := &Notes{}
	r, err = NewReader(&File{r: strings.NewReader(b.String()), name: "g.csv", lim: Limits{Notes: notes}.OrDefault()}, "g.csv", []Column{{Name: "a"}})
	require.NoError(t, err)
	n := 0
	for r.Next() {
		n++
	}
	require.NoError(t, r.Err())
	assert.Equal(t, 20, n)
	assert.Equal(t, []string{"g.csv: skipped 20 empty rows (lines 3, 5, 7, 9, 11, 13, 15, 17, …): separators with no values"}, notes.List())
}

// TestRenameHint: a misspelt, capitalised or copied name points at the
// file it stands for; a name far from every file gets no hint.
func TestRenameHint(t *testing.T) {
	known := []string{"contract.csv", "caps.csv", "payers.csv", "records.csv"}
	for _, tc := range []struct{ name, want string }{
		{"Caps.csv", " (did you mean caps.csv?)"},
		{"caps (1).csv", " (did you mean caps.csv?)"},
		{"Copy of records.csv", " (did you mean records.csv?)"},
		{"payer.csv", " (did you mean payers.csv?)"},
		{"records - Copy.CSV", " (did you mean records.csv?)"},
		{"budget 2026.csv", ""},
	} {
		if got := RenameHint(tc.name, known...); got != tc.want {
			t.Errorf("RenameHint(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestUnknownFilesSkips: lock files and hidden files (macOS's "._name"
// twins on a shared drive) are not a folder's data.
func TestUnknownFilesSkips(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"caps.csv", "pool.csv", "._caps.csv", "~$caps.csv", ".~lock.caps.csv#", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := UnknownFiles(dir, "caps.csv"); !slices.Equal(got, []string{"pool.csv"}) {
		t.Errorf("UnknownFiles = %q, want [pool.csv]", got)
	}
}

// TestGuardRoundTrips: Unguard(Guard(s)) is s, Guard leaves plain text and
// guards what a spreadsheet would run, and a guarded cell never begins
// with a formula character.
func TestGuardRoundTrips(t *testing.T) {
	for _, s := range []string{"", "NR24-1", "=1+1", "+4", "-2", "@SUM(A1)", "\tx", "\rx", "'", "'=1", "''", "'abc", "=", "a=b"} {
		g := Guard(s)
		if got := Unguard(g); got != s {
			t.Errorf("Unguard(Guard(%q)) = %q (Guard %q)", s, got, g)
		}
		if g != "" && strings.ContainsRune("=+-@\t\r", rune(g[0])) {
			t.Errorf("Guard(%q) = %q begins with a formula character", s, g)
		}
	}
	if Guard("NR24-1") != "NR24-1" || Guard("=1+1") != "'=1+1" || Guard("'abc") != "''abc" || Unguard("'abc") != "'abc" {
		t.Error("Guard or Unguard changed what it should not")
	}
}

func FuzzGuard(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "''", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Unguard(Guard(s)); got != s {
			t.Fatalf("Unguard(Guard(%q)) = %q", s, got)
		}
	})
}
