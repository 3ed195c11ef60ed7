package uncertainty

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// sentinels are the errors of the package that an error of Read may wrap
// without an *InputError around it.
var sentinels = []error{ErrArgs, ErrUnknown, ErrDuplicate, ErrRange, ErrCorrelation, ErrNotPSD, ErrEmpty}

// FuzzRead gives Read arbitrary bytes as the spec and as the correlation
// file (none when empty) for the Estonian scenario. Read must not panic;
// an error is an *InputError naming one of the two files, or wraps one of
// the package's sentinels; a spec it accepts passes checkSpec: each
// parameter's distribution's support and its low and high (low ≤ high) lie
// in the parameter's allowed range, and each correlation is in [−1, 1]
// between two different parameters that vary. The seed corpus is
// testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	s := estonia(f)
	f.Fuzz(func(t *testing.T, spec, corr []byte) {
		var cr io.Reader
		if len(corr) > 0 {
			cr = bytes.NewReader(corr)
		}
		sp, err := Read(bytes.NewReader(spec), specName, cr, corrName, s)
		if err != nil {
			if sp != nil {
				t.Fatalf("a spec and the error %v", err)
			}
			var ie *InputError
			if errors.As(err, &ie) {
				if ie.File != specName && ie.File != corrName {
					t.Fatalf("%v: names the file %q", err, ie.File)
				}
				if ie.Err == nil {
					t.Fatalf("an *InputError wrapping nothing")
				}
				return
			}
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("%v (%T): neither an *InputError nor a sentinel of the package", err, err)
		}
		checkSpec(t, s, sp)
		if sp.File != specName || cr != nil && sp.CorrFile != corrName {
			t.Fatalf("files %q and %q", sp.File, sp.CorrFile)
		}
	})
}
