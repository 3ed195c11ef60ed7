package report

// DataRows are the rows of t without its subtotals and footer: the rows
// of its CSV, for other writers of the same table (a workbook's sheet).
func DataRows(t *T) [][]string {
	data, _ := t.split()
	return data
}
