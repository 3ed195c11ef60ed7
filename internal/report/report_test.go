package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func doc() *Doc {
	t := &T{Name: "costs", Title: "Costs", Note: "in euros", Columns: []Column{
		{Name: "service"}, {Name: "amount", Title: "amount €", Numeric: true}, {Name: "share", Numeric: true, TextPlaces: 1},
	}}
	t.Add("court", "1234.50", "")
	t.Add("prison, \"youth\"", "-0.10", "12.5678")
	t.AddTotal("subtotal", "1234.40", "")
	t.AddFooter("total", "1234.40", "")
	return &Doc{Title: "Report", Meta: []Meta{{Key: "price_base", Value: "2024", Numeric: true}, {Key: "input", Value: "2024"}}, Tables: []*T{t}}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, doc(), Table, ""))
	assert.Equal(t, `Report
price_base: 2024
input: 2024

Costs
in euros
service          amount €  share
---------------  --------  -----
court             1234.50
prison, "youth"     -0.10   12.6
subtotal          1234.40
---------------  --------  -----
total             1234.40
`, b.String())
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, doc(), CSV, "costs"))
	// The metadata as comment lines; totals are left out of CSV; rates
	// keep every digit.
	assert.Equal(t, "# Report\n# price_base: 2024\n# input: 2024\nservice,amount,share\ncourt,1234.50,\n\"prison, \"\"youth\"\"\",-0.10,12.5678\n", b.String())
	assert.Error(t, Write(&b, doc(), CSV, "nope"))
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, doc(), JSON, ""))
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got), b.String())
	rows := got["costs"].([]any)
	require.Len(t, rows, 2)
	require.Len(t, got["costs_totals"].([]any), 2)
	first := rows[0].(map[string]any)
	assert.Equal(t, 1234.5, first["amount"])
	assert.Nil(t, first["share"])
	assert.Equal(t, 2024.0, got["price_base"])
	assert.Equal(t, "2024", got["input"], "a string stays a string")
	assert.Contains(t, b.String(), `"amount": 1234.50`, "digits are kept as written")
}

func TestAddPanicsOnWrongWidth(t *testing.T) {
	assert.Panics(t, func() { doc().Tables[0].Add("x") })
	assert.False(t, ValidFormat("xml"))
}

// Caught by the reliability campaign: sib run --format json had "periods"
// twice, the horizon and the periods table.
func TestJSONRefusesDuplicateKeys(t *testing.T) {
	d := doc()
	d.Meta = append(d.Meta, Meta{Key: "costs", Value: "3"})
	var b bytes.Buffer
	require.Error(t, Write(&b, d, JSON, ""))
	d = doc()
	d.Meta = append(d.Meta, Meta{Key: "costs_totals", Value: "3"})
	require.Error(t, Write(&b, d, JSON, ""))
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"=cmd|' /C calc'!A0":         "'=cmd|' /C calc'!A0",
		"@SUM(A1)":                   "'@SUM(A1)",
		"+1+1":                       "'+1+1",
		"-2+3":                       "'-2+3",
		"\tx":                        "'\tx",
		"\rx":                        "'\rx",
		"court":                      "court",
		"":                           "",
		"a=b":                        "a=b",
	} {
		assert.Equal(t, want, SafeCell(in), "%q", in)
	}
}

// A text cell a spreadsheet would run is neutralised; a number the tool
// formatted in a numeric column is not.
func TestCSVFormulaSafe(t *testing.T) {
	tb := &T{Name: "x", Columns: []Column{{Name: "service"}, {Name: "amount", Numeric: true}}}
	tb.Add("=HYPERLINK(\"http://evil\")", "-12.50")
	tb.Add("-2+3", "3.00")
	var b bytes.Buffer
	require.NoError(t, WriteCSV(&b, tb))
	assert.Equal(t, "service,amount\n\"'=HYPERLINK(\"\"http://evil\"\")\",-12.50\n'-2+3,3.00\n", b.String())
}

// Found in review: in a spreadsheet that splits CSV on semicolons, an
// unquoted "EUR;=1+1" opened as a second cell holding a formula.
func TestCSVQuotesSemicolons(t *testing.T) {
	tb := &T{Name: "x", Columns: []Column{{Name: "currency"}, {Name: "amount", Numeric: true}}}
	tb.Add("EUR;=1+1", "1.00")
	tb.Add(" lead", "not a number")
	var b bytes.Buffer
	require.NoError(t, WriteCSV(&b, tb))
	assert.Equal(t, "currency,amount\n\"EUR;=1+1\",1.00\n\" lead\",not a number\n", b.String())
}

func TestMetaList(t *testing.T) {
	d := &Doc{Title: "R", Meta: []Meta{{Key: "set", List: []string{"a=1", "b=2"}}, {Key: "inputs", List: []string{}}, {Key: "cmd", Value: "x,=1+1;@y\nz,\"q\""}}}
	var b bytes.Buffer
	require.NoError(t, Write(&b, d, Table, ""))
	assert.Equal(t, "R\nset: a=1, b=2\ninputs: none\ncmd: x,=1+1;@y z,\"q\"\n", b.String()) // a list on one line in text, and a value
	b.Reset()
	d.Tables = []*T{{Name: "t", Columns: []Column{{Name: "a"}}}}
	require.NoError(t, Write(&b, d, CSV, "t"))
	// A comment line is one line, and no cell a spreadsheet splits it
	// into starts a formula.
	assert.Equal(t, "# R\n# set: a=1\n# set: b=2\n# inputs: none\n# cmd: x,'=1+1;'@y z,'q'\na\n", b.String())
	b.Reset()
	require.NoError(t, Write(&b, d, JSON, ""))
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got), b.String())
	assert.Equal(t, []any{"a=1", "b=2"}, got["set"])
	assert.Equal(t, []any{}, got["inputs"])
}

func TestMoneyHeaderAndRowText(t *testing.T) {
	tb := &T{Name: "s", Columns: []Column{{Name: "unit"}, {Name: "value", Numeric: true, RowText: func(row []string, c string) string {
		if row[0] == "rate" {
			return c + " (rate)"
		}
		return c
	}}, {Name: "paid", Numeric: true, Money: true}}}
	tb.Add("rate", "0.05", "1.00")
	tb.Add("x", "2", "3.00")
	var b bytes.Buffer
	require.NoError(t, Write(&b, &Doc{Currency: "EUR", Tables: []*T{tb}}, Table, ""))
	assert.Equal(t, "\nunit        value  paid EUR\n----  -----------  --------\nrate  0.05 (rate)      1.00\nx               2      3.00\n", b.String())
	b.Reset()
	require.NoError(t, Write(&b, &Doc{Tables: []*T{tb}}, CSV, "s"))
	assert.Equal(t, "unit,value,paid\nrate,0.05,1.00\nx,2,3.00\n", b.String())
}

// A Meta's Text is what the text header shows; CSV and JSON give Value.
func TestMetaText(t *testing.T) {
	d := &Doc{Meta: []Meta{{Key: "base", Value: "0.1234880792", Numeric: true, Text: "12.35%"}}, Tables: []*T{{Name: "t", Columns: []Column{{Name: "a"}}}}}
	var b bytes.Buffer
	require.NoError(t, Write(&b, d, Table, ""))
	assert.Equal(t, "base: 12.35%\n\na\n-\n", b.String())
	b.Reset()
	require.NoError(t, Write(&b, d, CSV, "t"))
	assert.Equal(t, "# base: 0.1234880792\na\n", b.String())
	b.Reset()
	require.NoError(t, Write(&b, d, JSON, ""))
	assert.Contains(t, b.String(), `"base": 0.1234880792`)
}

// TestTextSafe: a name from an input cannot drive the terminal that shows
// a text report or a CSV's comment lines (it retitled the window and
// cleared the screen), nor break a table's row.
func TestTextSafe(t *testing.T) {
	tb := &T{Name: "t", Title: "T", Columns: []Column{{Name: "name"}, {Name: "n", Numeric: true}}}
	tb.Add("a\nb\u202ec\u009b", "1")
	d := &Doc{Title: "\x1b]0;pwned\x07\x1b[2J deal", Tables: []*T{tb}}
	var b bytes.Buffer
	require.NoError(t, Write(&b, d, Table, ""))
	assert.Equal(t, `\x1b]0;pwned\x07\x1b[2J deal

T
name            n
--------------  -
a b\u202ec\x9b  1
`, b.String())
	b.Reset()
	require.NoError(t, Write(&b, d, CSV, "t"))
	assert.Equal(t, "# \\x1b]0;pwned\\x07\\x1b[2J deal\nname,n\n\"a\nb\u202ec\u009b\",1\n", b.String())
}
