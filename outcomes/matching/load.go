package matching

import (
	"errors"
	"io"
)

// ReadSpec reads matching.csv.
func ReadSpec(r io.Reader, name string) (*Spec, error) {
	return nil, errors.New("matching: ReadSpec not implemented yet")
}

// ReadData reads covariates.csv: the rows of the spec's treatment and pool
// groups, with the covariates the spec reads as categorical.
func ReadData(r io.Reader, name string, spec *Spec) (*Data, error) {
	return nil, errors.New("matching: ReadData not implemented yet")
}
