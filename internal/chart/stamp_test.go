package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"strings"
	"testing"
)

// TestStamp: a stamped SVG is still well-formed XML with the lines, escaped,
// in its <desc>; a stamped PNG still decodes, to the same image, and holds
// the lines in an iTXt chunk with a valid CRC (png.Decode checks it).
func TestStamp(t *testing.T) {
	lines := []string{"command: sib run --set 'a=1' <x & y>", "inputs: testdata/estonia/scenario", "set: a=1"}
	tor := Tornado{Title: "t", Output: "state.net", Base: 1, Bars: []TornadoBar{{Param: "p", Low: 0.5, High: 1.5, LowValue: 1, HighValue: 2}}}
	for _, format := range []string{"svg", "png"} {
		var buf bytes.Buffer
		if err := tor.Write(&buf, format); err != nil {
			t.Fatal(err)
		}
		got, err := Stamp(buf.Bytes(), format, lines)
		if err != nil {
			t.Fatal(err)
		}
		switch format {
		case "svg":
			d := xml.NewDecoder(bytes.NewReader(got))
			var desc string
			inDesc := false
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("stamped SVG: %v", err)
				}
				switch x := tok.(type) {
				case xml.StartElement:
					inDesc = x.Name.Local == "desc"
				case xml.CharData:
					if inDesc {
						desc += string(x)
					}
				case xml.EndElement:
					inDesc = false
				}
			}
			if desc != strings.Join(lines, "\n") {
				t.Errorf("SVG desc %q", desc)
			}
		case "png":
			a, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			b, err := png.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("stamped PNG: %v", err)
			}
			if a.Bounds() != b.Bounds() {
				t.Errorf("stamped PNG: bounds %v, was %v", b.Bounds(), a.Bounds())
			}
			if !bytes.Contains(got, []byte("iTXtComment\x00\x00\x00\x00\x00command: sib run")) {
				t.Error("stamped PNG: no iTXt Comment chunk")
			}
		}
	}
	// A PNG's text is UTF-8 without control characters, whatever the
	// command line held (a file name with byte 0xFF and a tab).
	var buf bytes.Buffer
	if err := tor.Write(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	got, err := Stamp(buf.Bytes(), "png", []string{"command: sib run --plot 'a\xff\x01b\tc.png'"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("a\uFFFDbc.png")) {
		t.Errorf("PNG text not cleaned: %q", got[:200])
	}
	if _, err := Stamp([]byte("not a chart"), "png", lines); err == nil {
		t.Error("Stamp of a non-PNG: no error")
	}
}

// TestFitWords: an axis label wider than the plot is broken at spaces into
// lines that fit; one that fits is left alone.
func TestFitWords(t *testing.T) {
	sty := newPlot().X.Label.TextStyle
	long := "the state's saving net of outcome payments and the commissioner's own costs, gross (capacity freed counts as saved), real, PV (EUR)"
	w := sty.Width("the state's saving net of outcome payments")
	got := fitWords(sty, long, w)
	if strings.Join(strings.Fields(got), " ") != long {
		t.Fatalf("words changed: %q", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if sty.Width(l) > w {
			t.Errorf("line %q wider than %v", l, w)
		}
	}
	if got := fitWords(sty, "count", w); got != "count" {
		t.Errorf("a short label: %q", got)
	}
}
