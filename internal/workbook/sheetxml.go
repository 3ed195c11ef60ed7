package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
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
			if sheet == "" {
				return fmt.Errorf("%s: %w: %s: %v", book, ErrRead, f.Name, err)
			}
			return &CellError{Book: book, Sheet: sheet, Err: fmt.Errorf("%w: the sheet's XML (%s): %v", ErrRead, f.Name, err)}
		}
	}
	return nil
}

// wholeXML reads f as one XML document to its end: a root element, closed.
func wholeXML(f *zip.File, xl *excelize.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = xl.CharsetReader // as excelize reads it
	root := false
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
		if _, ok := tok.(xml.StartElement); ok {
			root = true
		}
	}
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
