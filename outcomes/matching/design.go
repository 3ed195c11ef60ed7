package matching

import "errors"

// NewDesign builds the model matrix of the named covariates (all columns
// when names is empty), as R's model.matrix with treatment contrasts.
func NewDesign(d *Data, names []string) (*Design, error) {
	return nil, errors.New("matching: NewDesign not implemented yet")
}
