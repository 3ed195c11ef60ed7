package csvio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// maxIntDigits bounds the integer part of money so that sums of a few
// million amounts in cents stay far inside int64.
const maxIntDigits = 13

// ParseCents parses a non-negative amount of money with at most two decimal
// places ("1234", "1234.5", "1234.56") into cents. With comma set, a decimal
// comma is accepted too. It does not allocate on success, because ledgers
// have millions of rows.
func ParseCents(s string, comma bool) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: expected an amount such as 1234.56", ErrEmpty)
	}
	if err := thousands(s, comma); err != nil {
		return 0, err
	}
	body := s
	if body[0] == '+' {
		body = body[1:]
	}
	if len(body) > 0 && body[0] == '-' {
		if _, err := ParseCents(body[1:], comma); err == nil {
			return 0, fmt.Errorf("%w %s: expected zero or more", ErrNegative, s)
		}
		return 0, badNumber(s, comma)
	}
	var cents int64
	intDigits, fracDigits := 0, 0
	seenPoint := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			if seenPoint {
				fracDigits++
				if fracDigits > 2 {
					return 0, fmt.Errorf("%w %q: more than 2 decimal places; amounts are in whole cents (and thousands separators are not allowed)", ErrNumber, s)
				}
			} else {
				intDigits++
				if intDigits > maxIntDigits {
					return 0, fmt.Errorf("%w %q: too large (at most %d digits before the point)", ErrNumber, s, maxIntDigits)
				}
			}
			cents = cents*10 + int64(c-'0')
		case (c == '.' || (comma && c == ',')) && !seenPoint:
			seenPoint = true
		default:
			return 0, badNumber(s, comma)
		}
	}
	if intDigits+fracDigits == 0 {
		return 0, badNumber(s, comma)
	}
	for ; fracDigits < 2; fracDigits++ {
		cents *= 10
	}
	return cents, nil
}

func badNumber(s string, comma bool) error {
	hint := "expected a decimal number with a point, such as 1234.56"
	if comma {
		hint = "expected a decimal number such as 1234.56 or 1234,56"
	}
	switch t := strings.TrimSpace(s); {
	case strings.HasSuffix(t, "%"):
		hint = "write a percentage as a share: 0.42 for 42%"
	case LooksMissing(t):
		hint = "leave the cell empty for a missing value"
	case strings.ContainsAny(t, "eE") && strings.Trim(t, "0123456789.,+-eE") == "":
		hint += " (written out, without an exponent: 100000, not 1e+05)"
	case !comma && strings.Contains(s, ","):
		hint += " (a comma is not a decimal separator in a comma-separated file, and thousands separators are not allowed)"
	case strings.ContainsAny(s, " \u00a0'"):
		hint += " (no thousands separators)"
	}
	return fmt.Errorf("%w %q: %s", ErrNumber, s, hint)
}

// LooksMissing reports whether s is one of the ways programs write a
// missing value (R's NA, Excel's #N/A, null, a dash).
func LooksMissing(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "na", "n/a", "#n/a", "nan", "null", "none", "-", ".", "?":
		return true
	}
	return false
}

// thousands rejects the numbers that are written with a thousands
// separator in decimal-comma locales, which would otherwise be read as a
// wrong decimal: "438.900,25", "1.234.567", and "5.500", where a point
// between a group of one to three digits (not starting with 0) and exactly
// three digits could be either. "0.125", "1234.567" and "12.5" are
// unambiguous decimals and pass.
func thousands(s string, comma bool) error {
	if !comma {
		return nil
	}
	p := strings.IndexByte(s, '.')
	if p < 0 {
		return nil
	}
	before, after := strings.TrimLeft(s[:p], "+-"), s[p+1:]
	digits := func(x string) bool { return x != "" && strings.Trim(x, "0123456789") == "" }
	grouped := len(after) == 3 && digits(after) && digits(before) && len(before) <= 3 && before[0] != '0'
	if grouped || strings.ContainsAny(after, ".,") {
		return fmt.Errorf("%w %q: a point here looks like a thousands separator, which is not allowed: write the number without it (5500 or 5500,25), or with a decimal comma (5,5)", ErrNumber, s)
	}
	return nil
}

// ParseDecimal parses a plain decimal number ("12", "-0.5", "1234.5678").
// Exponents, NaN and infinities are rejected. With comma set, a decimal
// comma is accepted, and a point that looks like a thousands separator is
// rejected.
func ParseDecimal(s string, comma bool) (decimal.Decimal, error) {
	if err := checkPlain(s, comma); err != nil {
		return decimal.Decimal{}, err
	}
	if comma {
		s = strings.Replace(s, ",", ".", 1)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, badNumber(s, comma)
	}
	return d, nil
}

// ParseFloat parses a plain decimal number, as ParseDecimal does, into the
// nearest float64. It does not allocate on success.
func ParseFloat(s string, comma bool) (float64, error) {
	if err := checkPlain(s, comma); err != nil {
		return 0, err
	}
	if comma {
		if i := strings.IndexByte(s, ','); i >= 0 {
			var buf [64]byte
			b := append(append(append(buf[:0], s[:i]...), '.'), s[i+1:]...)
			s = string(b)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, badNumber(s, comma)
	}
	return f, nil
}

// checkPlain checks that s is a plain decimal number: an optional sign,
// digits and at most one decimal separator, no exponent, no thousands
// separators.
func checkPlain(s string, comma bool) error {
	if s == "" {
		return fmt.Errorf("%w: expected a number", ErrEmpty)
	}
	if err := thousands(s, comma); err != nil {
		return err
	}
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || (comma && c == ','):
			points++
		case (c == '-' || c == '+') && i == 0:
		default:
			return badNumber(s, comma)
		}
	}
	if digits == 0 || points > 1 || digits > 30 {
		return badNumber(s, comma)
	}
	return nil
}

// Cents reads column i as a non-negative amount in cents.
func (r *Reader) Cents(i int) (int64, error) {
	c, err := ParseCents(r.Field(i), r.comma)
	if err != nil {
		return 0, r.Wrap(i, err)
	}
	return c, nil
}

// Float reads column i as a plain decimal number into a float64.
func (r *Reader) Float(i int) (float64, error) {
	f, err := ParseFloat(r.Field(i), r.comma)
	if err != nil {
		return 0, r.Wrap(i, err)
	}
	return f, nil
}

// Decimal reads column i as a decimal number; with nonNegative set, a
// negative value is an error wrapping ErrNegative.
func (r *Reader) Decimal(i int, nonNegative bool) (decimal.Decimal, error) {
	d, err := ParseDecimal(r.Field(i), r.comma)
	if err != nil {
		return d, r.Wrap(i, err)
	}
	if nonNegative && d.Sign() < 0 {
		return d, r.Wrap(i, fmt.Errorf("%w %s: expected zero or more", ErrNegative, r.Field(i)))
	}
	return d, nil
}

// Year reads column i as a calendar year between 1900 and 2200.
func (r *Reader) Year(i int) (int, error) {
	s := r.Field(i)
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2200 {
		if s == "" {
			return 0, r.Wrap(i, fmt.Errorf("%w: expected a year such as 2024", ErrEmpty))
		}
		return 0, r.Wrap(i, fmt.Errorf("%w %q: expected a year between 1900 and 2200", ErrNumber, s))
	}
	return y, nil
}
