package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// checkSheetXML reads every worksheet part of the workbook data as XML to
// its end. excelize streams a sheet's rows and stops, without an error,
// at XML it cannot parse: a sheet cut off or damaged would read as fewer
// rows or none, and an optional table (fees, values) would be left out
// without a word. A part that is not a whole XML document is an error
// naming its sheet.
func checkSheetXML(xl *excelize.File, data []byte, book string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%s: %w: %v", book, ErrRead, err)
	}
	names := sheetParts(zr)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") || strings.Contains(f.Name[len("xl/worksheets/"):], "/") {
			continue
		}
		if err := wholeXML(f, xl); err != nil {
			sheet := names[f.Name]
			var bad *badIndex
			switch {
			case errors.As(err, &bad) && sheet != "":
				return &CellError{Book: book, Sheet: sheet, Cell: bad.cell, Err: fmt.Errorf("%w: %v", ErrRead, bad)}
			case sheet == "":
				return fmt.Errorf("%s: %w: %s: %v", book, ErrRead, f.Name, err)
			}
			return &CellError{Book: book, Sheet: sheet, Err: fmt.Errorf("%w: the sheet's XML (%s): %v", ErrRead, f.Name, err)}
		}
	}
	return nil
}

// badIndex is a shared-string cell whose value is not an index into the
// table (a whole number from 0): excelize reads such a cell as the first
// string, a value that is not the one written.
type badIndex struct {
	cell, value string
}

func (e *badIndex) Error() string {
	return fmt.Sprintf("the cell is a shared string, but its index %q is not a whole number", e.value)
}

// wholeXML reads f as one XML document to its end: a root element, closed,
// and every shared-string cell's value an index (badIndex).
func wholeXML(f *zip.File, xl *excelize.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = xl.CharsetReader // as excelize reads it
	root := false
	var cell string // the shared-string cell being read, or ""
	var v []byte    // its value, while in its <v>; nil outside
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !root {
				return errors.New("no root element")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			root = true
			switch t.Name.Local {
			case "c":
				cell = sharedCell(t)
			case "v":
				if cell != "" {
					v = []byte{}
				}
			}
		case xml.CharData:
			if v != nil && len(v) < 64 { // an index is short; a long value is bad anyway
				v = append(v, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				if v != nil {
					if n, err := strconv.Atoi(string(v)); err != nil || n < 0 {
						return &badIndex{cell: cell, value: string(v)}
					}
				}
				v = nil
			case "c":
				cell, v = "", nil
			}
		}
	}
}

// sharedCell is the reference of a cell element holding a shared string
// (t="s"), or "" for any other cell.
func sharedCell(c xml.StartElement) string {
	var ref, typ string
	for _, a := range c.Attr {
		switch a.Name.Local {
		case "r":
			ref = a.Value
		case "t":
			typ = a.Value
		}
	}
	if typ != "s" {
		return ""
	}
	if ref == "" {
		ref = "?" // a cell without a reference: still a shared string
	}
	return ref
}

// sheetParts maps each worksheet part to its sheet's name, from the
// workbook part and its relationships; a part it cannot place is left out
// (its error then names the part).
func sheetParts(zr *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodePart(zr, "xl/workbook.xml", &wb) != nil || decodePart(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return nil
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[t] = s.Name
		}
	}
	return out
}

// decodePart decodes the part name of the workbook into v.
func decodePart(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(f).Decode(v)
}
