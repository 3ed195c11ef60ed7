package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// Coupon sets a tranche's coupon, its target return a year, for a range
// of periods, in place of the tranche's Coupon there: a fixed Rate, or a
// performance-linked rate read each year from a tier Schedule at the
// year's measured rate of a Metric (the band's value is the coupon rate
// a year), at least Floor. The coupon accrues as the target return does
// (docs/scenario.md, "Coupons by period range; performance-linked
// coupons"): compounded on the principal outstanding and the unpaid
// coupons, and what the cash does not pay stays owed.
type Coupon struct {
	Tranche string // the tranche's name
	// From and To are the first and last periods (1-based) of the range;
	// 0 From is 1, 0 To the horizon.
	From, To int
	// Rate is a fixed coupon a year; zero when a Schedule gives it.
	Rate ParamID
	// Schedule is the tier table read at the metric's measured rate of
	// each year of the range (the years counted from From); Metric
	// indexes Metrics. Zero: a fixed Rate.
	Schedule ScheduleID
	Metric   int
	// Floor is the least coupon a year of a performance-linked coupon in
	// the range; zero when none.
	Floor ParamID
}

// coupons.csv: a range of periods of a tranche's coupon a row.
const (
	cpnTranche = iota
	cpnFrom
	cpnTo
	cpnRate
	cpnSchedule
	cpnMetric
	cpnFloor
)

var couponCols = []csvio.Column{
	cpnTranche:  {Name: "tranche", Required: true},
	cpnFrom:     {Name: "from"},
	cpnTo:       {Name: "to"},
	cpnRate:     {Name: "rate"},
	cpnSchedule: {Name: "schedule"},
	cpnMetric:   {Name: "metric"},
	cpnFloor:    {Name: "floor"},
}

// params are a coupon range's rate and floor, named after the tranche
// and the range's first period: coupon.T.FROM.rate.
func (c *Coupon) params() []paramField {
	p := fmt.Sprintf("coupon.%s.%d.", c.Tranche, c.From)
	return []paramField{
		field(&c.Rate, p, "rate", ruleCoupon),
		field(&c.Floor, p, "floor", ruleCouponFloor),
	}
}

func (l *loader) coupons(cr *csvio.Reader) error {
	P := l.s.Settings.Periods
	for cr.Next() {
		name, err := l.name(cr, cpnTranche, "a tranche name")
		if err != nil {
			return err
		}
		c := Coupon{Tranche: name}
		if c.From, err = integer(cr, cpnFrom, ruleCouponFrom(P), 1); err != nil {
			return err
		}
		if c.To, err = integer(cr, cpnTo, ruleCouponTo(P), P); err != nil {
			return err
		}
		if s := cr.Field(cpnSchedule); s != "" {
			if c.Schedule = l.scheduleID(s); c.Schedule == 0 {
				return cr.Errorf(cpnSchedule, "%w: schedule %q is not in %s", ErrUnknown, s, TiersFile)
			}
			mname, err := cr.String(cpnMetric, "the metric whose yearly measured rate the schedule is read at")
			if err != nil {
				return err
			}
			if c.Metric = l.metricIndex(mname); c.Metric < 0 {
				return cr.Errorf(cpnMetric, "%w: metric %q is not in %s (metrics: %s)", ErrUnknown, mname, MetricsFile, l.metricNames())
			}
		} else if cr.Field(cpnMetric) != "" {
			return cr.Errorf(cpnMetric, "%w: a metric is read by a performance-linked coupon: give its schedule, or leave metric empty", ErrInput)
		}
		if err := l.nums(cr, c.params()); err != nil {
			return err
		}
		if f := l.s.checkCoupon(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Coupons = append(l.s.Coupons, c)
		l.added(cr)
	}
	return nil
}

// checkCoupon checks a coupon range: a tranche of s, periods within the
// horizon that no other range of the tranche covers, and either a fixed
// rate or a schedule with its metric (and perhaps a floor).
func (s *Scenario) checkCoupon(c *Coupon, at func(int) string) *fault {
	if !slices.ContainsFunc(s.Tranches, func(t Tranche) bool { return t.Name == c.Tranche }) {
		var n []string
		for _, t := range s.Tranches {
			n = append(n, t.Name)
		}
		return faultf("tranche", "%w: tranche %q is not in %s (tranches: %s)", ErrUnknown, c.Tranche, CapitalFile, strings.Join(n, ", "))
	}
	P := s.Settings.Periods
	if f := firstFault(ruleCouponFrom(P).check("from", c.From), ruleCouponTo(P).check("to", c.To)); f != nil {
		return f
	}
	if c.To < c.From {
		return faultf("to", "%w: period %d is before the first period %d", ErrOrder, c.To, c.From)
	}
	for j, o := range s.Coupons {
		if o.Tranche == c.Tranche && o.From <= c.To && c.From <= o.To {
			return faultf("from", "%w: periods %d-%d of tranche %s's coupon overlap periods %d-%d (%s): each period has one coupon", ErrInput, c.From, c.To, c.Tranche, o.From, o.To, at(j))
		}
	}
	switch {
	case c.Rate != 0 && c.Schedule != 0:
		return faultf("rate", "%w: a coupon is a fixed rate or a schedule's band, not both: leave rate or schedule empty", ErrInput)
	case c.Rate == 0 && c.Schedule == 0:
		return faultf("rate", "%w: expected a fixed coupon a year (rate) or a schedule of coupons by the year's measured rate (schedule)", csvio.ErrEmpty)
	case c.Schedule != 0 && (int(c.Schedule) > len(s.Tiers) || c.Schedule < 0):
		return faultf("schedule", "%w: schedule %d is not in the scenario", ErrUnknown, c.Schedule)
	case c.Schedule != 0 && (c.Metric < 0 || c.Metric >= len(s.Metrics)):
		return faultf("metric", "%w: metric %d is not in the scenario", ErrUnknown, c.Metric)
	case c.Floor != 0 && c.Schedule == 0:
		return faultf("floor", "%w: a floor is the least coupon a band table pays: give a schedule, or raise the fixed rate", ErrInput)
	}
	return nil
}
