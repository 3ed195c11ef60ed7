package report

// TextHeader returns a table's column headings as the text format shows
// them: the title (the name when none), and the document's currency after
// a money column's.
func TextHeader(t *T, currency string) []string {
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Title
		if head[i] == "" {
			head[i] = c.Name
		}
		if c.Money && currency != "" {
			head[i] += " " + currency
		}
	}
	return head
}

// TextRows returns a table's rows and footer rows with their cells as the
// text format shows them (rates in %, money to the cent): for other
// renderings of the text report, such as HTML.
func TextRows(t *T) (rows, footer [][]string) {
	return textCells(t, t.Rows), textCells(t, t.Footer)
}
