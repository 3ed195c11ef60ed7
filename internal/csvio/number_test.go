package csvio

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// numberCases are malformed numbers with the part of the message that
// says what is wrong, for every parser. Each parser must say the same
// thing, except where its limits differ (lim).
var numberCases = []struct {
	name  string
	in    string
	comma bool
	want  string // in every parser's message
	lim   [3]string
}{
	// The limits: each parser names its own.
	{name: "over 30 digits", in: "1234567890123456789012345678901", // issue 12, defect 10
		lim: [3]string{"too many digits: at most 13 before the point", "too many digits (at most 30)", "too many digits (at most 30)"}},
	{name: "over 30 digits with a point", in: "1234567890.12345678901234567890123",
		lim: [3]string{"more than 2 decimal places", "too many digits (at most 30)", "too many digits (at most 30)"}},
	{name: "14 digits before the point", in: "12345678901234",
		lim: [3]string{"too many digits: at most 13 before the point (amounts under 10 trillion)", "", ""}},
	{name: "leading zeros", in: "00000000000001",
		lim: [3]string{"too many digits: at most 13 before the point", "", ""}},
	{name: "three decimal places", in: "12.345",
		lim: [3]string{"more than 2 decimal places; amounts are in whole cents", "", ""}},
	{name: "a long number is cut short in the message", in: strings.Repeat("9", 100),
		want: `"` + strings.Repeat("9", 32) + `…" (100 characters)`},

	// Forms refused by every parser.
	{name: "exponent", in: "1e5", want: "without an exponent: 100000, not 1e+05"},
	{name: "exponent with a sign", in: "1.5E+03", want: "without an exponent"},
	{name: "comma in a comma file", in: "1,5", want: "a comma is not a decimal separator in a comma-separated file"},
	{name: "space as a thousands separator", in: "1 234", want: "(no thousands separators)"},
	{name: "no-break space", in: "1\u00a0234", want: "(no thousands separators)"},
	{name: "apostrophe", in: "1'234", want: "(no thousands separators)"},
	{name: "underscore", in: "1_234", want: "(no thousands separators)"},
	{name: "point as a thousands separator", in: "5.500", comma: true, want: "looks like a thousands separator"},
	{name: "two thousands separators", in: "1,234,567", comma: true, want: `a second decimal separator at character 6 (thousands separators are not allowed)`},
	{name: "two points", in: "1.2.3", want: "a second decimal point at character 4"},
	{name: "NaN", in: "NaN", want: "leave the cell empty for a missing value"},
	{name: "NA", in: "NA", want: "leave the cell empty for a missing value"},
	{name: "Inf", in: "Inf", want: "not a finite number"},
	{name: "-Infinity", in: "-Infinity", want: "not a finite number"},
	{name: "infinity sign", in: "∞", want: "not a finite number"},
	{name: "lone plus", in: "+", want: "a sign with no digits"},
	{name: "lone minus", in: "-", want: "leave the cell empty for a missing value"},
	{name: "sign and point", in: "+.", want: "no digits"},
	{name: "lone point", in: ".", want: "leave the cell empty for a missing value"},
	{name: "two signs", in: "+-5", want: `unexpected "-" at character 2`},
	{name: "sign inside", in: "1-2", want: `unexpected "-" at character 2`},
	{name: "trailing junk", in: "12abc", want: `unexpected "a" at character 3`},
	{name: "leading junk", in: "x12", want: `unexpected "x" at character 1`},
	{name: "hexadecimal", in: "0x1F", want: `unexpected "x" at character 2`},
	{name: "trailing junk after a multibyte rune", in: "ä1x", want: `unexpected "ä" at character 1`},
	{name: "currency symbol", in: "€12", want: "(no currency symbol"},
	{name: "currency after", in: "12€", want: "(no currency symbol"},
	{name: "currency code", in: "12EUR", want: "(no currency symbol"},
	{name: "percentage", in: "42%", want: "write a percentage as a share: 0.42 for 42%"},
	{name: "a word", in: "one", want: `invalid number "one": expected a decimal number with a point, such as 1234.56`},
	{name: "a word in a semicolon file", in: "yes", comma: true, want: `invalid number "yes": expected a decimal number such as 1234.56 or 1234,56`},
	{name: "spreadsheet error", in: "#DIV/0!", want: "a spreadsheet error value"},
}

func TestNumberErrors(t *testing.T) {
	parsers := [3]struct {
		name  string
		parse func(string, bool) error
	}{
		{"ParseCents", func(s string, c bool) error { _, err := ParseCents(s, c); return err }},
		{"ParseDecimal", func(s string, c bool) error { _, err := ParseDecimal(s, c); return err }},
		{"ParseFloat", func(s string, c bool) error { _, err := ParseFloat(s, c); return err }},
	}
	for _, tc := range numberCases {
		for i, p := range parsers {
			want := tc.want
			if tc.lim != [3]string{} {
				want = tc.lim[i]
			}
			if want == "" {
				continue // within this parser's limits
			}
			t.Run(tc.name+"/"+p.name, func(t *testing.T) {
				err := p.parse(tc.in, tc.comma)
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrNumber)
				assert.Contains(t, err.Error(), want)
				assert.True(t, strings.HasPrefix(err.Error(), "invalid number \""), err.Error())
			})
		}
	}
}

// TestNumberLimits checks the numbers just inside each limit.
func TestNumberLimits(t *testing.T) {
	thirty := "123456789012345678901234567890"
	d, err := ParseDecimal(thirty, false)
	require.NoError(t, err)
	assert.Equal(t, thirty, d.String())
	_, err = ParseFloat("-"+thirty[:20]+"."+thirty[20:], false)
	require.NoError(t, err)
	c, err := ParseCents("9999999999999.99", false)
	require.NoError(t, err)
	assert.Equal(t, int64(999999999999999), c)
}

func TestParseFloatNoAlloc(t *testing.T) {
	n := testing.AllocsPerRun(100, func() { _, _ = ParseFloat("1234567.89", false) })
	assert.Zero(t, n)
	n = testing.AllocsPerRun(100, func() { _, _ = ParseFloat("1234567,89", true) })
	assert.Zero(t, n)
}

func TestYearErrors(t *testing.T) {
	r, err := NewReader(strings.NewReader("year\n02024\n+2024\n"), "f.csv", []Column{{Name: "year"}})
	require.NoError(t, err)
	for r.Next() {
		y, err := r.Year(0)
		require.NoError(t, err, "a leading zero or sign is still a year")
		assert.Equal(t, 2024, y)
	}

	for _, tc := range []struct{ in, want string }{
		{"24", `year: invalid number "24": expected a year between 1900 and 2200`},
		{"2024.0", `year: invalid number "2024.0": expected a whole year between 1900 and 2200, such as 2024`},
		{"FY2024", `year: invalid number "FY2024": expected a whole year between 1900 and 2200, such as 2024`},
		{"99999999999999999999", `year: invalid number "99999999999999999999": too many digits for a year (at most 4); expected a year between 1900 and 2200`},
		{"20245", `year: invalid number "20245": too many digits for a year (at most 4)`},
		{"-1", `year: invalid number "-1": expected a year between 1900 and 2200`},
		{"", `year: empty value: expected a year such as 2024`},
	} {
		// A note beside the year: a row with no value at all is skipped.
		r, err := NewReader(strings.NewReader("year,note\n\""+tc.in+"\",x\n"), "f.csv", []Column{{Name: "year"}})
		require.NoError(t, err)
		require.True(t, r.Next())
		_, err = r.Year(0)
		require.Error(t, err, tc.in)
		if tc.in != "" {
			assert.ErrorIs(t, err, ErrNumber)
		}
		assert.Contains(t, err.Error(), "f.csv:2:1: "+tc.want, tc.in)
	}
}

// FuzzParsePlain checks that ParseDecimal and ParseFloat, two parsers of the
// same plain numbers, take the same inputs, agree on their value, and refuse
// the others with the same message; that every refusal wraps a sentinel;
// and that a message stays short whatever the input's length.
func FuzzParsePlain(f *testing.F) {
	for _, tc := range numberCases {
		f.Add(tc.in, tc.comma)
	}
	for _, s := range []string{"0", "-0.5", "1234,5", "123456789012345678901234567890", ".5", "5."} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		d, derr := ParseDecimal(s, comma)
		x, ferr := ParseFloat(s, comma)
		if (derr == nil) != (ferr == nil) {
			t.Fatalf("%q: ParseDecimal %v, ParseFloat %v", s, derr, ferr)
		}
		if derr != nil {
			if derr.Error() != ferr.Error() {
				t.Fatalf("%q: ParseDecimal says %q, ParseFloat %q", s, derr, ferr)
			}
			if !errors.Is(derr, ErrNumber) && !errors.Is(derr, ErrEmpty) {
				t.Fatalf("%q: %v wraps no sentinel", s, derr)
			}
			if len(derr.Error()) > 400 {
				t.Fatalf("%q: a message of %d bytes", s, len(derr.Error()))
			}
			return
		}
		if want, _ := d.Float64(); want != x {
			t.Fatalf("%q: ParseDecimal %s (%v as a float), ParseFloat %v", s, d, want, x)
		}
		if _, err := ParseCents(s, comma); err != nil && len(err.Error()) > 400 {
			t.Fatalf("%q: a message of %d bytes", s, len(err.Error()))
		}
	})
}
