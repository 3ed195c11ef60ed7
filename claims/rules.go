package claims

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// The rules an outcomes fund's specification adds to the rate card:
// a least time after the prerequisites (min_after) and a list of the
// evidence types a record may give (evidence_types). Both are optional
// columns of ratecard.csv.

// readRules reads the min_after and evidence_types cells of a rate-card
// row into o.
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
