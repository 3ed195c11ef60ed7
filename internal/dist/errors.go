package dist

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrArgs is wrapped by every error New returns: errors.Is(err, ErrArgs)
// tells an invalid distribution apart from other failures.
var ErrArgs = errors.New("dist: invalid distribution arguments")

// ArgError reports an invalid argument to New.
type ArgError struct {
	// Index is the 0-based position of the offending argument in New's
	// args, or -1 when the number of arguments is wrong.
	Index int
	// Name is the argument's name from Kind.Params, or the kind's name when
	// Index is -1.
	Name string
	// Err says what was expected and what was given.
	Err error
}

// Error prints "name: message", such as "sd: must be positive, got -1".
func (e *ArgError) Error() string {
	if e.Name == "" {
		return e.Err.Error()
	}
	return e.Name + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *ArgError) Unwrap() error { return e.Err }

// Is reports whether target is ErrArgs, which every ArgError wraps.
func (e *ArgError) Is(target error) bool { return target == ErrArgs }

// argErr returns an *ArgError for argument i of kind k.
func argErr(k Kind, i int, format string, a ...any) error {
	return &ArgError{Index: i, Name: kindInfo[k].params[i], Err: fmt.Errorf(format, a...)}
}

// num formats x for messages: the shortest decimal that reads back as x.
func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
