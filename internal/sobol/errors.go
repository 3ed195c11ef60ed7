package sobol

import "errors"

// Errors returned by the package. Each is wrapped with context; test with
// errors.Is.
var (
	// ErrInvalid reports an argument out of range: a dimension, a sample
	// size, a number of outputs that does not match the design, an option.
	ErrInvalid = errors.New("sobol: invalid argument")
	// ErrConstant reports an output that does not vary over A and B
	// (variance 0): the indices are undefined.
	ErrConstant = errors.New("sobol: the output is constant, indices undefined")
	// ErrNotFinite reports an output that is NaN or ±Inf; the message names
	// the row.
	ErrNotFinite = errors.New("sobol: output not finite")
)
