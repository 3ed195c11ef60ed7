package chart

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"hash/crc32"
	"strings"
)

// Stamp records how a chart was made (the command, its inputs, its --set
// changes: one "key: value" line each) inside the chart's file, so that a
// chart from a --set run cannot pass for the base case's: in an SVG a
// <desc> element after the opening <svg> tag, which viewers do not draw;
// in a PNG an iTXt chunk "Comment" (UTF-8) after IHDR, which image viewers
// and exiftool show. data is Write's output in format ("svg" or "png").
func Stamp(data []byte, format string, lines []string) ([]byte, error) {
	switch format {
	case "svg":
		i := bytes.Index(data, []byte("<svg"))
		if i < 0 {
			return nil, errors.New("chart: no <svg> element to stamp")
		}
		j := bytes.IndexByte(data[i:], '>')
		if j < 0 {
			return nil, errors.New("chart: an unclosed <svg> tag")
		}
		at := i + j + 1
		var desc bytes.Buffer
		desc.WriteString("\n<desc>")
		for k, l := range lines { // each line escaped, the line ends kept
			if k > 0 {
				desc.WriteByte('\n')
			}
			if err := xml.EscapeText(&desc, []byte(l)); err != nil {
				return nil, err
			}
		}
		desc.WriteString("</desc>")
		return append(append(append([]byte{}, data[:at]...), desc.Bytes()...), data[at:]...), nil
	case "png":
		// The signature (8 bytes), then IHDR: length, type, 13 bytes, CRC.
		const ihdrEnd = 8 + 4 + 4 + 13 + 4
		if len(data) < ihdrEnd || !bytes.Equal(data[12:16], []byte("IHDR")) {
			return nil, errors.New("chart: not a PNG with IHDR first")
		}
		// iTXt: keyword, NUL, compression flag 0, method 0, language tag
		// "" NUL, translated keyword "" NUL, text.
		// The spec asks for UTF-8 text: invalid bytes become U+FFFD and
		// control characters but the line ends are dropped.
		text := strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\n' || r == 0x7f {
				return -1
			}
			return r
		}, strings.ToValidUTF8(strings.Join(lines, "\n"), "\uFFFD"))
		body := append([]byte("iTXtComment\x00\x00\x00\x00\x00"), text...)
		chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
		chunk = append(chunk, body...)
		chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
		return append(append(append([]byte{}, data[:ihdrEnd]...), chunk...), data[ihdrEnd:]...), nil
	}
	return nil, ErrFormat
}
