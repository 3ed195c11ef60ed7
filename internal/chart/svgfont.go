package chart

import (
	"bytes"
	"html"
	"regexp"
	"strconv"

	xfont "golang.org/x/image/font"
)

// SVG text is laid out with Liberation Sans's metrics, which gonum/plot
// embeds; a viewer draws it with a font of its own. So that an SVG looks
// the same where Liberation Sans is not installed, fixFonts gives every
// text a fallback list of metric-compatible fonts (Arimo, Arial,
// Helvetica, Nimbus Sans) ending in the generic sans-serif, and
// pins its width with textLength: a viewer that draws it with a wider
// font (DejaVu Sans is about 10% wider) squeezes it into the width the
// layout measured instead of running into its neighbours (browsers do;
// librsvg 2.5x ignores textLength, so rsvg-convert on a machine with none
// of the listed fonts draws text wider than laid out). The fonts stay out
// of the file, which stays small; embedded glyph outlines would make every
// chart hundreds of kB and its text unsearchable.

// svgText matches a text element as vgsvg writes it: its attributes, its
// weight and size, the rest of its style, and its content.
var svgText = regexp.MustCompile(`<text (x="[^"]*" y="[^"]*" transform="scale\(1, -1\)")\n\tstyle="font-family:Liberation Sans;(font-variant:normal;font-weight:(normal|bold);font-style:normal;font-size:([0-9.]+)px[^"]*)">([^<]*)</text>`)

// fontFamily is the fallback list every SVG text names.
// Arimo, Arial, Helvetica and Nimbus Sans (Ghostscript's, common on
// Linux) share Liberation Sans's widths.
const fontFamily = `'Liberation Sans',Arimo,Arial,Helvetica,'Nimbus Sans','Nimbus Sans L',sans-serif`

func fixFonts(svg []byte) []byte {
	return svgText.ReplaceAllFunc(svg, func(m []byte) []byte {
		g := svgText.FindSubmatch(m)
		size, err := strconv.ParseFloat(string(g[4]), 64)
		if err != nil {
			return m
		}
		f := sans
		if string(g[3]) == "bold" {
			f.Weight = xfont.WeightBold
		}
		w := textStyle(f, 0, black)
		w.Font.Size = vgLength(size)
		width := w.Width(html.UnescapeString(string(g[5])))
		var b bytes.Buffer
		b.WriteString("<text ")
		b.Write(g[1])
		b.WriteString(` textLength="`)
		b.WriteString(strconv.FormatFloat(float64(width), 'f', 2, 64))
		b.WriteString(`" lengthAdjust="spacingAndGlyphs"` + "\n\tstyle=\"font-family:" + fontFamily + ";")
		b.Write(g[2])
		b.WriteString(`">`)
		b.Write(g[5])
		b.WriteString("</text>")
		return b.Bytes()
	})
}
