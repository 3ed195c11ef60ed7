package outcomes

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// Kind is the kind of values a metric takes.
type Kind int

const (
	Binary     Kind = iota // 0 or 1: reoffended within 12 months
	Count                  // whole events per person: reconvictions
	Duration               // days per person in custody or care
	Continuous             // any number: earnings
)

var kindNames = [...]string{"binary", "count", "duration", "continuous"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// ParseKind parses a kind name.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if strings.EqualFold(s, n) {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected binary, count, duration or continuous", ErrInput, s)
}

// Direction says which way a metric improves.
type Direction int

const (
	LowerIsBetter  Direction = iota // reoffending, custody days
	HigherIsBetter                  // earnings
)

func (d Direction) String() string {
	if d == HigherIsBetter {
		return "higher"
	}
	return "lower"
}

// ParseDirection parses "lower" or "higher".
func ParseDirection(s string) (Direction, error) {
	switch strings.ToLower(s) {
	case "lower":
		return LowerIsBetter, nil
	case "higher":
		return HigherIsBetter, nil
	}
	return 0, fmt.Errorf("%w %q: expected lower or higher (which is better)", ErrInput, s)
}

// sign maps observed − baseline to the improvement scale.
func (d Direction) sign() float64 {
	if d == HigherIsBetter {
		return 1
	}
	return -1
}

// Method is a counterfactual method.
type Method int

const (
	Comparison Method = iota // a concurrent comparison or randomised control group
	Historical               // the comparison group in one pre-period (or several, pooled)
	Trend                    // a linear trend over pre-periods, projected
	Fixed                    // a contractual baseline level
	DiD                      // difference-in-differences
)

var methodNames = [...]string{"comparison", "historical", "trend", "fixed", "did"}

func (m Method) String() string {
	if m < 0 || int(m) >= len(methodNames) {
		return "Method(" + strconv.Itoa(int(m)) + ")"
	}
	return methodNames[m]
}

// ParseMethod parses a method name.
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if strings.EqualFold(s, n) {
			return Method(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected comparison, historical, trend, fixed or did", ErrInput, s)
}

// Periods is an inclusive range of periods. The zero value, with All set,
// means every period.
type Periods struct {
	From, To int
	All      bool
}

// AllPeriods returns the range that contains every period.
func AllPeriods() Periods { return Periods{All: true} }

// Contains reports whether p is in the range.
func (r Periods) Contains(p int) bool { return r.All || p >= r.From && p <= r.To }

func (r Periods) String() string {
	switch {
	case r.All:
		return "all"
	case r.From == r.To:
		return strconv.Itoa(r.From)
	}
	return strconv.Itoa(r.From) + "-" + strconv.Itoa(r.To)
}

// phrase returns " in period 2024", " in periods 2019-2022", or "" for
// every period, for messages.
func (r Periods) phrase() string {
	switch {
	case r.All:
		return ""
	case r.From == r.To:
		return " in period " + r.String()
	}
	return " in periods " + r.String()
}

// ParsePeriods parses "2024", "2019-2022" or "" (every period).
func ParsePeriods(s string) (Periods, error) {
	if s == "" {
		return AllPeriods(), nil
	}
	a, b, rng := strings.Cut(s, "-")
	from, err1 := parsePeriod(strings.TrimSpace(a))
	to := from
	var err2 error
	if rng {
		to, err2 = parsePeriod(strings.TrimSpace(b))
	}
	switch {
	case strings.ContainsAny(s, "\u2013\u2014\u2212"):
		return Periods{}, fmt.Errorf("%w %q: write a range with a hyphen (2019-2022), not a dash (spreadsheets may replace one with the other)", ErrInput, s)
	case err1 == nil && err2 == nil && to < from:
		return Periods{}, fmt.Errorf("%w %q: the range ends before it starts", ErrInput, s)
	case err1 != nil || err2 != nil:
		return Periods{}, fmt.Errorf("%w %q: expected a period (2024) or a range of periods (2019-2022)", ErrInput, s)
	}
	return Periods{From: from, To: to}, nil
}

// maxPeriod bounds periods so that period arithmetic stays exact.
const maxPeriod = 1_000_000

func parsePeriod(s string) (int, error) {
	p, err := strconv.Atoi(s)
	if err != nil || p < 0 || p > maxPeriod || s[0] == '+' {
		return 0, periodError(s)
	}
	return p, nil
}

// periodError explains a period parsePeriod refused.
func periodError(s string) error {
	digits := strings.TrimLeft(s, "-")
	if digits != "" && strings.Trim(digits, "0123456789") == "" {
		if len(digits) > 40 {
			s = s[:20] + "…"
		}
		return fmt.Errorf("%w %q: out of range: a period is a whole number from 0 to %d (a year such as 2024, or a month or quarter number)", csvio.ErrNumber, s, maxPeriod)
	}
	if len(s) > 40 {
		s = s[:20] + "…"
	}
	return fmt.Errorf("%w %q: expected a period, a whole number such as 2024", csvio.ErrNumber, s)
}

// Metric is an outcome metric and how its counterfactual is measured.
type Metric struct {
	Name      string
	Kind      Kind
	Direction Direction
	Method    Method
	// Treatment and Comparison are group labels. Comparison is unused by
	// Fixed.
	Treatment, Comparison string
	// Baseline is the contractual level for Fixed: a rate in [0,1] for
	// Binary, events per unit of exposure for Count, a mean otherwise.
	Baseline float64
	// Pre are the pre-periods of Historical, Trend and DiD; Post the
	// measurement periods of the outcome (every period when All).
	Pre, Post Periods
	Unit      string
}

// check reports the first inconsistency of a metric's definition.
func (m *Metric) check() error {
	if !validName(m.Name) {
		return fmt.Errorf("%w: metric name %q: expected letters, digits, '_', '-' or '.'", ErrInput, m.Name)
	}
	if err := reservedName(m.Name); err != nil {
		return err
	}
	if m.Treatment == "" {
		return fmt.Errorf("%w: metric %s: no treatment group", ErrInput, m.Name)
	}
	switch {
	case m.Method == Fixed && m.Comparison != "":
		return fmt.Errorf("%w: metric %s: method fixed has no comparison group (the baseline is the contractual level)", ErrInput, m.Name)
	case m.Method != Fixed && m.Comparison == "":
		return fmt.Errorf("%w: metric %s: method %s needs a comparison group", ErrInput, m.Name, m.Method)
	case m.Method != Fixed && m.Comparison == m.Treatment:
		return fmt.Errorf("%w: metric %s: the comparison group is the treatment group %q", ErrInput, m.Name, m.Treatment)
	}
	needPre := m.Method == Historical || m.Method == Trend || m.Method == DiD
	switch {
	case needPre && m.Pre.All:
		return fmt.Errorf("%w: metric %s: method %s needs the pre-period(s)", ErrInput, m.Name, m.Method)
	case !needPre && !m.Pre.All:
		return fmt.Errorf("%w: metric %s: method %s has no pre-period", ErrInput, m.Name, m.Method)
	case m.Method == DiD && m.Post.All:
		return fmt.Errorf("%w: metric %s: method did needs the post-period(s)", ErrInput, m.Name)
	case needPre && !m.Post.All && m.Post.From <= m.Pre.To && m.Pre.From <= m.Post.To:
		return fmt.Errorf("%w: metric %s: pre-periods %s and post-periods %s overlap", ErrInput, m.Name, m.Pre, m.Post)
	case m.Method == Trend && m.Pre.From == m.Pre.To:
		return fmt.Errorf("%w: metric %s: a trend needs at least two pre-periods (for one, use method historical)", ErrInput, m.Name)
	}
	if m.Method == Fixed {
		if err := m.checkBaseline(); err != nil {
			return err
		}
	} else if m.Baseline != 0 {
		return fmt.Errorf("%w: metric %s: a baseline level is for method fixed only", ErrInput, m.Name)
	}
	return nil
}

func (m *Metric) checkBaseline() error {
	b := m.Baseline
	switch {
	case b != b || b > 1e300 || b < -1e300:
		return fmt.Errorf("%w: metric %s: baseline %v is not a number", ErrInput, m.Name, b)
	case m.Kind == Binary && b >= 2 && b <= 100:
		return fmt.Errorf("%w: metric %s: baseline rate %v is outside [0,1] (a percentage? write %v for %v%%)", ErrRange, m.Name, b, b/100, b)
	case m.Kind == Binary && (b < 0 || b > 1):
		return fmt.Errorf("%w: metric %s: baseline rate %v is outside [0,1]", ErrRange, m.Name, b)
	case (m.Kind == Count || m.Kind == Duration) && b < 0:
		return fmt.Errorf("%w: metric %s: baseline %v is negative", ErrRange, m.Name, b)
	}
	return nil
}

// reservedName refuses a metric name that is a fixed column of
// participants.csv, where the metric's own column would clash with it.
func reservedName(name string) error {
	switch strings.ToLower(name) {
	case "id", "group", "cohort", "period", "note":
		return fmt.Errorf("%w: metric name %q is a column of %s already", ErrInput, name, ParticipantsFile)
	}
	return nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		ok := c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}
