package sib

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/sib-engine/sib/scenario"
)

// DefaultMaxBytes is the memory budget when CompileOptions.MaxBytes is 0:
// 8 GiB, a third of a 24 GiB machine.
const DefaultMaxBytes int64 = 8 << 30

// ErrMemory is wrapped by the *MemoryError that CompileWith, Run and the
// Monte Carlo return when a scenario would need more memory than the
// budget.
var ErrMemory = errors.New("sib: the model needs more memory than its budget")

// CompileOptions are the settings of CompileWith.
type CompileOptions struct {
	// MaxBytes is the memory budget in bytes. CompileWith refuses a
	// scenario when the model and one evaluation (a Work) would need more,
	// Run when the model and its tables would, and package uncertainty
	// when the model and a Work per worker would: each checks before it
	// allocates, with an estimate from the scenario's sizes (cohorts ×
	// periods × metrics above all). 0 means DefaultMaxBytes; a negative
	// value means no budget.
	MaxBytes int64
}

// MemoryError is ErrMemory with the estimate that exceeded the budget.
// Its message names what needs the memory ("the model and one
// evaluation") and the scenario's sizes that drive the estimate, with
// where the last cohort and the horizon were read.
type MemoryError struct {
	Need, Budget int64 // bytes

	what                      string
	cohorts, periods, metrics int
	cohortsAt, periodsAt      string
}

func (e *MemoryError) Error() string {
	at := func(s string) string {
		if s == "" {
			return ""
		}
		return " (" + s + ")"
	}
	cohorts := ""
	if e.cohortsAt != "" {
		cohorts = " (the last at " + e.cohortsAt + ")"
	}
	return fmt.Sprintf("%v: %d cohorts%s × %d periods%s × %s: %s would need about %s, above the budget of %s",
		ErrMemory, e.cohorts, cohorts, e.periods, at(e.periodsAt), plural(e.metrics, "metric"), e.what, formatBytes(e.Need), formatBytes(e.Budget))
}

func (e *MemoryError) Unwrap() error { return ErrMemory }

// formatBytes prints a number of bytes in binary units, to about 3
// digits: "512 bytes", "1.5 KiB", "5.37 GiB", "1010 MiB".
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	x, i := float64(n), -1
	for x >= unit && i < 5 {
		x /= unit
		i++
	}
	if x >= 100 {
		return fmt.Sprintf("%.0f %ciB", x, "KMGTPE"[i])
	}
	return fmt.Sprintf("%.3g %ciB", x, "KMGTPE"[i])
}

// footprint is an estimate of the memory a Model uses, in bytes, worked
// out from the scenario's sizes before anything is allocated. Model and
// Work are close (they are the arrays allocated); Run counts its tables
// by a size per row, within about a factor of two. CheckMemory lets a
// caller check its Works against it.
type footprint struct {
	Model int64 // the compiled model, shared by every evaluation
	Work  int64 // one Work (Model.NewWork): a goroutine of Evaluate
	Run   int64 // one Model.Run: its ledger and tables
}

// CheckMemory returns a *MemoryError when the model, works Works and
// extra bytes (a caller's own tables) need more than the model's budget;
// what names them for the message.
func (m *Model) CheckMemory(what string, works int, extra int64) error {
	need := addBytes(m.foot.Model, addBytes(mulBytes(m.foot.Work, int64(works)), extra))
	return m.check(what, need)
}

func (m *Model) check(what string, need int64) error {
	if m.budget < 0 || need <= m.budget {
		return nil
	}
	s := m.s
	e := &MemoryError{what: what, Need: need, Budget: m.budget, cohorts: len(s.Cohorts), periods: s.Settings.Periods, metrics: len(s.Metrics), periodsAt: s.PeriodsSource()}
	if n := len(s.Cohorts); n > 0 {
		if i := s.Cohorts[n-1].Size; i > 0 && int(i) <= len(s.Params) && strings.Contains(s.At(i).Source, ".csv:") {
			e.cohortsAt = s.At(i).Source
		}
	}
	return e
}

// estimateFootprint estimates a scenario's memory over P periods and A
// agencies. Sizes in bytes: float64, int, int64, uint64 and a slice's
// element pointer 8, bool 1; decimal.Decimal 16 and its big.Int about 48
// more.
func estimateFootprint(s *scenario.Scenario, P, A int) footprint {
	f := func(n int) float64 { return float64(n) }
	p, c, mt := f(P), f(len(s.Cohorts)), f(len(s.Metrics))
	j, k, sv := f(len(s.Terms)), f(len(s.Tranches)), f(len(s.Services))
	items, a := f(len(s.Delivery)+len(s.Fees)), f(A)
	measured := map[int]bool{} // the metrics a savings-based term pays on
	for _, tm := range s.Terms {
		if tm.Basis == scenario.Savings {
			measured[tm.Metric] = true
		}
	}
	ms := f(len(measured))
	words := math.Ceil(c / 64)
	var lines float64
	for _, x := range s.Services {
		lines += f(len(x.Lines))
	}
	// Compile: calendar (priceYear, time, xyears, dates), measure and
	// window by metric and cohort, the live masks by term and period.
	// The batched kernel's plans (planUnits, planSavings): a writer per
	// avoided line and cohort, and per service line, each its window
	// (24), its runs' start (4) and about two runs (24); a byte an
	// agency's and a service's period, twice.
	av := f(len(s.Avoids))
	model := 48*p + 24*mt*c + 64*mt + 8*j*p*words + 16*sv + 64*(j+k+items) +
		52*(av*c+lines) + 2*(a+sv)*p
	// newProjection: infl, df, n, outc (metrics × cohorts × periods: the
	// bulk) and msav (2 × measured metrics × cohorts × periods), units,
	// gross and cash.
	proj := 8 * (2*p + c + (mt+2*ms)*c*p + sv*p + 2*a*p)
	// newBook: by term and cohort (held, claimed, paidC, passed), by term
	// and period (due, payDue, pay), by item, tranche and period.
	book := 25*j*c + 8*j*words + 52*j + 24*j*p + 16*items*p + 40*k*p + 32*p + 113*k
	// Co-commissioning: a part a payer of each term and period, and a
	// payments row each (only with co-payers or payer caps).
	var co float64
	if len(s.CoPayers)+len(s.PayerCaps) > 0 {
		co = j + f(len(s.CoPayers))
		book += 8*co*p + 64*a + 16*co
	}
	if len(s.Coupons) > 0 {
		book += 8 * k * p // the tranches' coupon a period (growthAt)
	}
	work := proj + book + 16*p + 100*k
	// Run's tables, a row at most per period and: service line (savings,
	// and a map a service to sum them), term (payments), item (costs),
	// tranche, party (flows); the cash account and the periods a row per
	// period. A row's bytes count its decimals and, about doubled, the
	// room of a growing slice (measured: TestFootprint).
	parties := 3*k + items + j + 1
	rows := p * (1000*lines + 500*sv + 400*j + 400*items + 1000*k + 300*parties + 1000 + 200)
	run := proj + book + 16*p + rows + 400*p*co
	return footprint{Model: toBytes(model), Work: toBytes(work), Run: toBytes(run)}
}

// toBytes converts an estimate to int64, saturating.
func toBytes(x float64) int64 {
	if !(x < math.MaxInt64/4) {
		return math.MaxInt64 / 4
	}
	return int64(math.Ceil(x))
}

// addBytes and mulBytes saturate at MaxInt64.
func addBytes(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mulBytes(a, n int64) int64 {
	if n > 0 && a > math.MaxInt64/n {
		return math.MaxInt64
	}
	return a * n
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
