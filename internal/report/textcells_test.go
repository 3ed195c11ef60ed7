package report

import (
	"slices"
	"testing"
)

func TestTextHeaderRows(t *testing.T) {
	tab := &T{Name: "t", Columns: []Column{{Name: "item"}, {Name: "paid", Money: true, Numeric: true, TextPlaces: 2},
		{Name: "irr", Title: "IRR %", Numeric: true, Text: func(s string) string { return s + "%" }}}}
	tab.Add("a", "1.5", "7")
	tab.Add("b", "", "")
	tab.AddFooter("all", "1.5", "")
	if got := TextHeader(tab, "EUR"); !slices.Equal(got, []string{"item", "paid EUR", "IRR %"}) {
		t.Errorf("TextHeader = %q", got)
	}
	if got := TextHeader(tab, ""); got[1] != "paid" {
		t.Errorf("TextHeader without a currency = %q", got)
	}
	rows, foot := TextRows(tab)
	if !slices.Equal(rows[0], []string{"a", "1.50", "7%"}) || !slices.Equal(rows[1], []string{"b", "", ""}) || !slices.Equal(foot[0], []string{"all", "1.50", ""}) {
		t.Errorf("TextRows = %q, %q", rows, foot)
	}
	if tab.Rows[0][1] != "1.5" {
		t.Errorf("TextRows changed the table")
	}
}
