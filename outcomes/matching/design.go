package matching

import (
	"errors"
	"fmt"
	"math"
)

// Errors of NewDesign; each is wrapped with the covariate it concerns.
var (
	ErrUnknownCovariate = errors.New("matching: no such covariate")
	ErrNoRows           = errors.New("matching: no rows")
	ErrOneLevel         = errors.New("matching: a categorical covariate has a single level")
	ErrNotFinite        = errors.New("matching: a covariate value is not a finite number")
)

// NewDesign builds the model matrix of the named covariates (all columns
// when names is empty), as R's model.matrix with treatment contrasts:
// "(Intercept)", each numeric covariate as it is, and for a categorical
// covariate one 0/1 indicator per level but the first, named as R names
// it (covariate name followed by the level: "offencetheft").
//
// Numeric columns share storage with d (they are not copied). A constant
// or collinear column is not an error here: FitLogit drops it, as R's glm
// does (its coefficient is NaN, R's NA), and says so in Fit.Warnings.
func NewDesign(d *Data, names []string) (*Design, error) {
	n := d.Len()
	if n == 0 {
		return nil, ErrNoRows
	}
	idx, err := designColumns(d, names)
	if err != nil {
		return nil, err
	}
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	x := &Design{Names: []string{"(Intercept)"}, Cols: [][]float64{ones}, Of: []int{-1}}
	for _, c := range idx {
		col := &d.Columns[c]
		if !col.Categorical {
			if len(col.Values) != n {
				return nil, fmt.Errorf("matching: covariate %q has %d values for %d rows", col.Name, len(col.Values), n)
			}
			for i, v := range col.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("%w: %s, %s", ErrNotFinite, col.Name, rowName(d, i))
				}
			}
			x.Names = append(x.Names, col.Name)
			x.Cols = append(x.Cols, col.Values)
			x.Of = append(x.Of, c)
			continue
		}
		if len(col.Levels) < 2 {
			return nil, fmt.Errorf("%w: %s", ErrOneLevel, col.Name)
		}
		if len(col.Codes) != n {
			return nil, fmt.Errorf("matching: covariate %q has %d values for %d rows", col.Name, len(col.Codes), n)
		}
		ind := make([][]float64, len(col.Levels)-1)
		for l := range ind {
			ind[l] = make([]float64, n)
			x.Names = append(x.Names, col.Name+col.Levels[l+1])
			x.Of = append(x.Of, c)
		}
		for i, code := range col.Codes {
			if code < 0 || int(code) >= len(col.Levels) {
				return nil, fmt.Errorf("matching: covariate %q: level code %d out of range, %s", col.Name, code, rowName(d, i))
			}
			if code > 0 {
				ind[code-1][i] = 1
			}
		}
		x.Cols = append(x.Cols, ind...)
	}
	return x, nil
}

// designColumns resolves names to indices of d.Columns, in the order
// given (every column, in order, when names is empty).
func designColumns(d *Data, names []string) ([]int, error) {
	if len(names) == 0 {
		idx := make([]int, len(d.Columns))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	idx := make([]int, 0, len(names))
	for _, name := range names {
		found := -1
		for c := range d.Columns {
			if d.Columns[c].Name == name {
				found = c
				break
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("%w: %q", ErrUnknownCovariate, name)
		}
		idx = append(idx, found)
	}
	return idx, nil
}

// rowName locates row i for a message: "data.csv:12" or "row 12".
func rowName(d *Data, i int) string {
	if d.Source != "" && i < len(d.Line) && d.Line[i] > 0 {
		return fmt.Sprintf("%s:%d", d.Source, d.Line[i])
	}
	if i < len(d.IDs) {
		return fmt.Sprintf("row %d (id %s)", i+1, d.IDs[i])
	}
	return fmt.Sprintf("row %d", i+1)
}
