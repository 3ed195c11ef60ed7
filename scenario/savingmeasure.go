package scenario

import (
	"fmt"
	"strings"
)

// SavingMeasure is the state's saving the contract is judged on
// (saving_measure in scenario.csv): the one a report leads with, and the
// output a sensitivity analysis follows unless told otherwise. Both
// measures are always computed and reported; the setting changes no
// figure. The zero value is CashableSaving.
type SavingMeasure uint8

const (
	// CashableSaving is the part of the avoided cost that leaves a
	// budget: what a Treasury-style business case asks of a deal
	// (saving_measure = cashable, the default).
	CashableSaving SavingMeasure = iota
	// GrossSaving is the avoided cost of today's services at their unit
	// costs, capacity freed counted as saved: the fiscal value many
	// outcomes contracts are priced on (saving_measure = gross).
	GrossSaving
)

var savingMeasureNames = [...]string{"cashable", "gross"}

func (m SavingMeasure) String() string {
	if int(m) < len(savingMeasureNames) {
		return savingMeasureNames[m]
	}
	return fmt.Sprintf("SavingMeasure(%d)", uint8(m))
}

// ParseSavingMeasure reads a saving measure by its name (case does not
// matter): cashable or gross.
func ParseSavingMeasure(s string) (SavingMeasure, error) {
	for i, n := range savingMeasureNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return SavingMeasure(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected %s", ErrInput, s, strings.Join(savingMeasureNames[:], " or "))
}
