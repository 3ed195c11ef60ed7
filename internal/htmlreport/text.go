package htmlreport

import (
	"html"
	"strings"
)

// blocks are the elements that start a line of text.
var blocks = map[string]bool{
	"h1": true, "h2": true, "h3": true, "p": true, "li": true, "tr": true, "dt": true,
	"section": true, "header": true, "footer": true, "figure": true, "table": true, "ul": true, "dl": true, "div": true,
}

// Text returns the text a reader sees on a page written by Write: a
// line per heading, paragraph, card, table row and provenance item,
// table cells separated by " | ", a chart as "[chart: TITLE]" (its
// aria-label), and no markup, style or head. Runs of white space are one
// space.
func Text(page string) string {
	var out strings.Builder
	var line strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(line.String()), " "); s != "" {
			out.WriteString(s + "\n")
		}
		line.Reset()
	}
	cell := 0  // cells so far in the row
	skip := "" // the element whose content is not text: head, style, svg
	for len(page) > 0 {
		lt := strings.IndexByte(page, '<')
		if lt < 0 {
			lt = len(page)
		}
		if skip == "" {
			line.WriteString(html.UnescapeString(page[:lt]))
		}
		page = page[lt:]
		if page == "" {
			break
		}
		gt := strings.IndexByte(page, '>')
		if gt < 0 {
			break
		}
		tag := page[1:gt]
		page = page[gt+1:]
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimPrefix(tag, "/"))
		if i := strings.IndexAny(name, " \t\n/"); i >= 0 {
			name = name[:i]
		}
		if skip != "" {
			if closing && name == skip {
				skip = ""
			}
			continue
		}
		switch {
		case !closing && (name == "style" || name == "title" || name == "script"):
			skip = name
		case !closing && name == "svg":
			flush()
			line.WriteString("[chart: " + html.UnescapeString(attr(tag, "aria-label")) + "]")
			flush()
			skip = "svg"
		case name == "td" || name == "th":
			if !closing {
				if cell > 0 {
					line.WriteString(" | ")
				}
				cell++
			}
		case name == "dt" && closing: // its dd follows on its line
		case name == "dd" && !closing:
			line.WriteString(": ")
		case name == "span" && !closing:
			line.WriteString(" ") // a card's label, value and note
		case blocks[name]:
			flush()
			cell = 0
		}
	}
	flush()
	return out.String()
}

// attr returns the value of an attribute in a start tag.
func attr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+3:]
	if j := strings.IndexByte(v, '"'); j >= 0 {
		return v[:j]
	}
	return v
}
