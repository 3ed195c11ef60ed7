package htmlreport

import (
	"bytes"
	_ "embed"
	"errors"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/sib-engine/sib/internal/report"
)

// Page is a report page.
type Page struct {
	Title string
	// Lead is the paragraph under the title: the deal in words.
	Lead string
	// Headline figures, shown as cards under the lead.
	Headline []Figure
	Sections []Section
	// Provenance is how the page was made: command, inputs, --set
	// changes, version, date; shown at its end.
	Provenance []report.Meta
	// Currency names the currency of the tables' money columns.
	Currency string
}

// Figure is a headline figure: "investors' IRR", "7.12", "% a year".
type Figure struct {
	Label, Value, Unit, Note string
}

// Section is a part of the page, on a new page in print.
type Section struct {
	ID, Title string
	Note      string
	Charts    []Chart
	Tables    []*report.T
}

// Chart is an inline SVG chart (InlineSVG).
type Chart struct {
	Title string
	SVG   template.HTML
}

var (
	prologue = regexp.MustCompile(`(?s)\A\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?`)
	svgOpen  = regexp.MustCompile(`\A<svg\b[^>]*>`)
	sizeAttr = regexp.MustCompile(`\s(width|height)="[^"]*"`)
	handler  = regexp.MustCompile(`\son[a-z]+\s*=`)
)

// InlineSVG makes an SVG document of internal/chart a chart to inline
// in a page: without its XML prologue, and without its fixed width and
// height (its viewBox stays), so that the page's CSS sizes it. It
// refuses anything that is not one <svg> element with no script or
// reference to another file or address.
func InlineSVG(title string, svg []byte) (Chart, error) {
	s := prologue.ReplaceAllString(string(svg), "")
	open := svgOpen.FindString(s)
	if open == "" || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		return Chart{}, errors.New("htmlreport: not an SVG document")
	}
	lower := strings.ToLower(s)
	for _, bad := range []string{"<script", "<foreignobject", "href=", "src=", "url(", "@import"} {
		if strings.Contains(lower, bad) {
			return Chart{}, errors.New("htmlreport: SVG with " + bad)
		}
	}
	if handler.MatchString(lower) {
		return Chart{}, errors.New("htmlreport: SVG with an event handler")
	}
	tag := sizeAttr.ReplaceAllString(open, "")
	tag = strings.Replace(tag, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(title)+`"`, 1)
	s = tag + s[len(open):]
	return Chart{Title: title, SVG: template.HTML(strings.TrimSpace(s))}, nil //nolint:gosec // checked above
}

//go:embed page.html.tmpl
var pageSource string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"head":  report.TextHeader,
	"cells": func(t *report.T) [][]string { r, _ := report.TextRows(t); return r },
	"foot":  func(t *report.T) [][]string { _, f := report.TextRows(t); return f },
	"num":   func(t *report.T, i int) bool { return i < len(t.Columns) && t.Columns[i].Numeric },
	"metaValue": func(m report.Meta) string {
		if m.List != nil {
			if len(m.List) == 0 {
				return "none"
			}
			return strings.Join(m.List, "; ")
		}
		if m.Text != "" {
			return m.Text
		}
		return m.Value
	},
}).Parse(pageSource))

// Write renders p as one HTML document.
func Write(w io.Writer, p *Page) error {
	var b bytes.Buffer
	if err := page.Execute(&b, p); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
