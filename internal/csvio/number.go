package csvio

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// maxIntDigits bounds the integer part of money so that sums of a few
// million amounts in cents stay far inside int64.
const maxIntDigits = 13

// ParseCents parses a non-negative amount of money with at most two decimal
// places ("1234", "1234.5", "1234.56") into cents. With comma set, a decimal
// comma is accepted too. It does not allocate on success, because ledgers
// have millions of rows; its errors say what is wrong (numberError).
func ParseCents(s string, comma bool) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: expected an amount such as 1234.56", ErrEmpty)
	}
	if err := thousands(s, comma); err != nil {
		return 0, err
	}
	body, neg := s, false
	switch s[0] {
	case '+':
		body = s[1:]
	case '-':
		body, neg = s[1:], true
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
			} else {
				intDigits++
			}
			if fracDigits > 2 || intDigits > maxIntDigits {
				return 0, numberError(s, comma, centsLimits)
			}
			cents = cents*10 + int64(c-'0')
		case (c == '.' || (comma && c == ',')) && !seenPoint:
			seenPoint = true
		default:
			return 0, numberError(s, comma, centsLimits)
		}
	}
	if intDigits+fracDigits == 0 {
		return 0, numberError(s, comma, centsLimits)
	}
	if neg {
		return 0, fmt.Errorf("%w %s: expected zero or more", ErrNegative, s)
	}
	for ; fracDigits < 2; fracDigits++ {
		cents *= 10
	}
	return cents, nil
}

// ParseSignedCents parses an amount of money that may be negative (a
// refund, a recovery): ParseCents after an optional minus sign.
func ParseSignedCents(s string, comma bool) (int64, error) {
	body, neg := strings.CutPrefix(s, "-")
	if !neg {
		return ParseCents(s, comma)
	}
	if body == "" || body[0] == '+' || body[0] == '-' {
		return 0, numberError(s, comma, centsLimits)
	}
	c, err := ParseCents(body, comma)
	if errors.Is(err, ErrNumber) {
		return 0, numberError(s, comma, centsLimits) // the message quotes s, sign and all
	}
	return -c, err
}

// centsLimits names the limit of ParseCents that a well-formed number
// breaks, or returns "".
func centsLimits(intDigits, fracDigits int) string {
	switch {
	case intDigits > maxIntDigits:
		return fmt.Sprintf("too many digits: at most %d before the point (amounts under 10 trillion)", maxIntDigits)
	case fracDigits > 2:
		return "more than 2 decimal places; amounts are in whole cents (and thousands separators are not allowed)"
	}
	return ""
}

// maxDigits bounds the digits of a plain decimal number (ParseDecimal,
// ParseFloat): more than any count or rate needs, and few enough that a
// number cannot make parsing slow.
const maxDigits = 30

// plainLimits names the limit of ParseDecimal and ParseFloat that a
// well-formed number breaks, or returns "".
func plainLimits(intDigits, fracDigits int) string {
	if intDigits+fracDigits > maxDigits {
		return fmt.Sprintf("too many digits (at most %d)", maxDigits)
	}
	return ""
}

// numberError explains why s, which a parser refused, is not a number it
// takes: first what makes it no plain number at all (a character out of
// place, with its position, or a form with a hint of its own: an exponent,
// a percentage, a thousands separator, a currency, NaN or Inf, a missing
// value), then a sign or point with no digits, and last the limit it
// breaks, which limits names. Only refused input comes here, so the
// parsers' fast paths do not pay for the messages.
func numberError(s string, comma bool, limits func(intDigits, fracDigits int) string) error {
	sc := scanNumber(s, comma)
	if sc.bad == "" && sc.intDigits+sc.fracDigits > 0 {
		if msg := limits(sc.intDigits, sc.fracDigits); msg != "" {
			return fmt.Errorf("%w %s: %s", ErrNumber, quoteNumber(s), msg)
		}
	}
	return badNumber(s, comma, sc)
}

// numberScan is what scanNumber found in the text of a number.
type numberScan struct {
	intDigits, fracDigits int
	bad                   string // the first character out of place, or ""
}

// scanNumber reads s as an optional sign, digits and at most one decimal
// separator, counting the digits on each side, and stops at the first
// character that does not fit, which it describes with its position
// (counted in characters, as a spreadsheet user would).
func scanNumber(s string, comma bool) numberScan {
	var sc numberScan
	sep := "point"
	if comma {
		sep = "separator"
	}
	seenPoint, pos := false, 0
	for i, r := range s {
		pos++
		switch {
		case r >= '0' && r <= '9':
			if seenPoint {
				sc.fracDigits++
			} else {
				sc.intDigits++
			}
		case r == '.' || comma && r == ',':
			if seenPoint {
				sc.bad = fmt.Sprintf("a second decimal %s at character %d (thousands separators are not allowed)", sep, pos)
				return sc
			}
			seenPoint = true
		case (r == '+' || r == '-') && i == 0:
		default:
			sc.bad = fmt.Sprintf("unexpected %q at character %d", string(r), pos)
			return sc
		}
	}
	return sc
}

// quoteNumber quotes a refused number for a message, cut short when it is
// too long to read.
func quoteNumber(s string) string {
	const show = 32
	if n := utf8.RuneCountInString(s); n > show+8 {
		cut := 0
		for range show {
			_, w := utf8.DecodeRuneInString(s[cut:])
			cut += w
		}
		return fmt.Sprintf("%q (%d characters)", s[:cut]+"…", n)
	}
	return fmt.Sprintf("%q", s)
}

func badNumber(s string, comma bool, sc numberScan) error {
	hint := "expected a decimal number with a point, such as 1234.56"
	if comma {
		hint = "expected a decimal number such as 1234.56 or 1234,56"
	}
	switch t := strings.TrimSpace(s); {
	case strings.HasSuffix(t, "%"):
		hint = "write a percentage as a share: 0.42 for 42%"
	case LooksMissing(t):
		hint = "leave the cell empty for a missing value"
	case infinite(t):
		hint = "not a finite number; " + hint
	case strings.HasPrefix(t, "#") && strings.HasSuffix(t, "!"):
		hint = "a spreadsheet error value (#DIV/0!, #VALUE!): correct the formula in the spreadsheet the file was saved from"
	case strings.ContainsAny(t, "eE") && strings.ContainsAny(t, "0123456789") && strings.Trim(t, "0123456789.,+-eE") == "":
		hint += " (written out, without an exponent: 100000, not 1e+05)"
	case !comma && strings.Contains(s, ","):
		hint += " (a comma is not a decimal separator in a comma-separated file, and thousands separators are not allowed)"
	case currency(t):
		hint += " (no currency symbol: amounts are in the currency of the file)"
	case strings.ContainsAny(s, " \u00a0\u202f'’_"):
		hint += " (no thousands separators)"
	case sc.bad != "" && strings.ContainsAny(t, "0123456789"):
		// A number with something out of place; a word ("one", "yes") is
		// plainly no number, and a position would only distract.
		hint = sc.bad + "; " + hint
	case t == "+" || t == "-":
		hint = "a sign with no digits; " + hint
	case t != "" && strings.Trim(t, "+-.,") == "":
		hint = "no digits; " + hint
	}
	return fmt.Errorf("%w %s: %s", ErrNumber, quoteNumber(s), hint)
}

// infinite reports whether s is a way of writing an infinity.
func infinite(s string) bool {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "inf", "infinity", "∞", "#inf", "1.#inf":
		return true
	}
	return false
}

// currency reports whether s is a number with a currency symbol or a
// three-letter currency code before or after it ("€12", "12 EUR").
func currency(s string) bool {
	if strings.ContainsAny(s, "€$£¥₽") {
		return true
	}
	code := func(c string) bool {
		return len(c) == 3 && strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
	}
	number := func(n string) bool {
		n = strings.TrimSpace(n)
		return n != "" && strings.Trim(n, "0123456789.,+-") == ""
	}
	return len(s) > 3 && (code(s[:3]) && number(s[3:]) || code(s[len(s)-3:]) && number(s[:len(s)-3]))
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
		return fmt.Errorf("%w %s: a point here looks like a thousands separator, which is not allowed: write the number without it (5500 or 5500,25), or with a decimal comma (5,5)", ErrNumber, quoteNumber(s))
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
	t := s
	if comma {
		t = strings.Replace(s, ",", ".", 1)
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.Decimal{}, numberError(s, comma, plainLimits)
	}
	return d, nil
}

// ParseFloat parses a plain decimal number, as ParseDecimal does, into the
// nearest float64. It does not allocate on success.
func ParseFloat(s string, comma bool) (float64, error) {
	if err := checkPlain(s, comma); err != nil {
		return 0, err
	}
	var f float64
	var err error
	if i := strings.IndexByte(s, ','); comma && i >= 0 {
		// checkPlain bounds s to maxDigits+2 bytes, so the converted copy
		// fits the compiler's stack buffer for a string that does not escape.
		var buf [maxDigits + 2]byte
		b := append(append(append(buf[:0], s[:i]...), '.'), s[i+1:]...)
		f, err = strconv.ParseFloat(string(b), 64)
	} else {
		f, err = strconv.ParseFloat(s, 64)
	}
	if err != nil {
		return 0, numberError(s, comma, plainLimits)
	}
	return f, nil
}

// checkPlain checks that s is a plain decimal number: an optional sign,
// digits and at most one decimal separator, no exponent, no thousands
// separators, at most maxDigits digits.
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
			return numberError(s, comma, plainLimits)
		}
	}
	if digits == 0 || points > 1 || digits > maxDigits {
		return numberError(s, comma, plainLimits)
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

// SignedCents reads column i as an amount in cents that may be negative.
func (r *Reader) SignedCents(i int) (int64, error) {
	c, err := ParseSignedCents(r.Field(i), r.comma)
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

// Year reads column i as a calendar year between 1900 and 2200, written
// as a whole number.
func (r *Reader) Year(i int) (int, error) {
	s := r.Field(i)
	y, err := strconv.Atoi(s)
	switch {
	case s == "":
		return 0, r.Wrap(i, fmt.Errorf("%w: expected a year such as 2024", ErrEmpty))
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, r.Wrap(i, fmt.Errorf("%w %s: expected a whole year between 1900 and 2200, such as 2024", ErrNumber, quoteNumber(s)))
	case (err != nil || y < 1900 || y > 2200) && len(strings.TrimLeft(strings.TrimLeft(s, "+-"), "0")) > 4:
		return 0, r.Wrap(i, fmt.Errorf("%w %s: too many digits for a year (at most 4); expected a year between 1900 and 2200", ErrNumber, quoteNumber(s)))
	case err != nil || y < 1900 || y > 2200:
		return 0, r.Wrap(i, fmt.Errorf("%w %s: expected a year between 1900 and 2200", ErrNumber, quoteNumber(s)))
	}
	return y, nil
}
