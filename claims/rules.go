package claims

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// The rules an outcomes fund's specification adds to the rate card:
// a least time after the prerequisites (min_after), a list of the
// evidence types a record may give (evidence_types) and a least count a
// record must show (min_count). All are optional columns of ratecard.csv.

// readRules reads the min_after, evidence_types and min_count cells of a
// rate-card row into o.
func readRules(r *csvio.Reader, o *Outcome) error {
	if v := r.Field(rMinAfter); v != "" {
		n, err := ParseMinAfter(v)
		if err != nil {
			return r.Wrap(rMinAfter, err)
		}
		o.MinAfterDays = n
	}
	if v := r.Field(rEvidenceTypes); v != "" {
		o.EvidenceTypes = strings.Fields(v)
		for i, t := range o.EvidenceTypes {
			if slices.Contains(o.EvidenceTypes[:i], t) {
				return r.Wrap(rEvidenceTypes, inputf("evidence type %q given twice", t))
			}
		}
	}
	if v := r.Field(rMinCount); v != "" {
		n, err := parseCount([]byte(v))
		if err != nil || n == 0 {
			return r.Wrap(rMinCount, inputf("min_count %q: expected a number above 0 (16, or 0.8), or empty for no minimum", v))
		}
		o.MinCount = n
	}
	return nil
}

// ParseMinAfter reads a min_after value: a whole number of days ("91" or
// "91d") or of weeks ("13w"), from 1 day to 100 years.
func ParseMinAfter(v string) (int, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	mult := 1
	switch {
	case strings.HasSuffix(s, "w"):
		s, mult = s[:len(s)-1], 7
	case strings.HasSuffix(s, "d"):
		s = s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n*mult > 36525 {
		return 0, inputf("min_after %q: expected a whole number of days (91 or 91d) or weeks (13w), at least 1 day and at most 100 years", v)
	}
	return n * mult, nil
}

// FormatMinAfter writes days as ParseMinAfter reads them: in weeks when
// whole ("13w"), else in days ("30d").
func FormatMinAfter(days int) string {
	if days%7 == 0 {
		return strconv.Itoa(days/7) + "w"
	}
	return strconv.Itoa(days) + "d"
}

// checkMinAfter checks that an outcome with a min_after has a
// prerequisite to count from; it returns the outcome at fault.
func checkMinAfter(os []Outcome) (int, error) {
	for i, o := range os {
		if o.MinAfterDays > 0 && len(o.Prerequisites) == 0 {
			return i, inputf("outcome %q has min_after %s but no prerequisite to count it from", o.Code, FormatMinAfter(o.MinAfterDays))
		}
		if o.MinAfterDays < 0 {
			return i, inputf("outcome %q has a negative min_after", o.Code)
		}
	}
	return 0, nil
}

// evidenceTypeOK reports whether t is an evidence type outcome o accepts:
// any, when the rate card lists none.
func (o *Outcome) evidenceTypeOK(t []byte) bool {
	if len(o.EvidenceTypes) == 0 {
		return true
	}
	for _, e := range o.EvidenceTypes {
		if bytes.EqualFold(t, []byte(e)) {
			return true
		}
	}
	return false
}

// errCount is the error of a malformed count.
var errCount = errors.New("not a number")

// parseCount reads a count: a number of 0 or more written as digits with
// an optional decimal point ("16", "16.5", "0.8"), at most 12 digits
// before the point and 6 after. Counts so written compare exactly as the
// decimals they are.
func parseCount(b []byte) (float64, error) {
	whole, frac, dot := b, []byte(nil), false
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		whole, frac, dot = b[:i], b[i+1:], true
	}
	if len(whole) == 0 || len(whole) > 12 || len(frac) > 6 || dot && len(frac) == 0 || !digits(whole) || !digits(frac) {
		return 0, errCount
	}
	return strconv.ParseFloat(string(b), 64)
}

func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// formatCount writes a count as parseCount reads it.
func formatCount(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// checkMinCount checks that min_counts are numbers of 0 or more; it
// returns the outcome at fault.
func checkMinCount(os []Outcome) (int, error) {
	for i, o := range os {
		if !(o.MinCount >= 0 && o.MinCount < 1e12) {
			return i, inputf("outcome %q has min_count %v: expected a number from 0 (none) to below 10^12", o.Code, o.MinCount)
		}
	}
	return 0, nil
}

// countOK reports whether a record's count meets outcome o's min_count
// (has: the record gives one): any count, or none, when the rate card
// gives no minimum; a missing count does not meet one.
func (o *Outcome) countOK(n float64, has bool) bool {
	return o.MinCount == 0 || has && n >= o.MinCount
}
