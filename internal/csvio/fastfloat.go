package csvio

import (
	"bytes"
	"strconv"
	"unsafe"
)

// FastFloat parses the common plain numbers ("0", "17", "-1234.56") with
// at most 15 digits exactly as strconv would (an integer mantissa and a
// power of ten are both exact, so one division rounds correctly). It
// returns false for anything else, which the caller parses with
// ParseFloat. The streaming readers of large files use it: it is several
// times faster than ParseFloat on the values they hold.
func FastFloat(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 16 {
		return 0, false
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var m uint64
	digits, frac := 0, -1
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0 && i > 0 && i < len(b)-1:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	x := float64(m)
	if frac > 0 {
		x /= pow10[frac]
	}
	if neg {
		x = -x
	}
	return x, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16}

// FloatBytes is ParseFloat for a value in a byte slice, without the
// error: ok is false exactly where ParseFloat returns one. It does not
// allocate, and a plain number with a decimal point (or none) skips
// ParseFloat's checks, which only explain what is not one.
func FloatBytes(b []byte, comma bool) (x float64, ok bool) {
	if !comma || bytes.IndexByte(b, '.') < 0 {
		// In a semicolon file a point may be a thousands separator,
		// which ParseFloat rejects.
		if x, ok := FastFloat(b); ok {
			return x, true
		}
	}
	// The string is not kept: strconv keeps none, and an error is dropped.
	s := unsafe.String(unsafe.SliceData(b), len(b))
	if !comma && plain(b) {
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil
	}
	x, err := ParseFloat(s, comma)
	return x, err == nil
}

// plain reports whether b is a sign, digits and at most one point, with
// 1 to maxDigits digits: what checkPlain accepts without a decimal comma.
func plain(b []byte) bool {
	digits, points := 0, 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		case (c == '-' || c == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0 && points <= 1 && digits <= maxDigits
}
