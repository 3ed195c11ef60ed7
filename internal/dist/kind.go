package dist

import "strings"

// Kind names a family of distributions.
type Kind uint8

// The kinds of distribution, in the order of their numbering. The argument
// list of each is given by Kind.Params; see New for the rules they obey.
const (
	Fixed       Kind = iota // value
	Uniform                 // min, max
	Triangular              // min, mode, max
	PERT                    // min, mode, max (beta with λ = 4)
	Normal                  // mean, sd
	TruncNormal             // mean, sd, min, max
	LogNormal               // mean, sd of the variable itself (not of its log)
	Beta                    // alpha, beta[, min, max]
	Gamma                   // shape, scale
	numKinds
)

var kindInfo = [numKinds]struct {
	name     string
	params   []string
	required int
}{
	Fixed:       {"fixed", []string{"value"}, 1},
	Uniform:     {"uniform", []string{"min", "max"}, 2},
	Triangular:  {"triangular", []string{"min", "mode", "max"}, 3},
	PERT:        {"pert", []string{"min", "mode", "max"}, 3},
	Normal:      {"normal", []string{"mean", "sd"}, 2},
	TruncNormal: {"truncnormal", []string{"mean", "sd", "min", "max"}, 4},
	LogNormal:   {"lognormal", []string{"mean", "sd"}, 2},
	Beta:        {"beta", []string{"alpha", "beta", "min", "max"}, 2},
	Gamma:       {"gamma", []string{"shape", "scale"}, 2},
}

// aliases are the accepted spellings besides the canonical names.
var aliases = map[string]Kind{
	"truncated_normal": TruncNormal,
	"truncated-normal": TruncNormal,
	"log-normal":       LogNormal,
}

// ParseKind returns the Kind named by name, ignoring case and surrounding
// space. Besides the canonical names (see Kind.String) it accepts
// "truncated_normal" and "truncated-normal" for TruncNormal and
// "log-normal" for LogNormal.
func ParseKind(name string) (Kind, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for k := range numKinds {
		if kindInfo[k].name == name {
			return k, true
		}
	}
	k, ok := aliases[name]
	return k, ok
}

// String returns the canonical lower-case name of k, such as "pert", or
// "Kind(12)" for a value that is not a Kind.
func (k Kind) String() string {
	if k >= numKinds {
		return "Kind(" + itoa(int(k)) + ")"
	}
	return kindInfo[k].name
}

// Params returns the names of k's arguments, in the order New takes them.
// The caller may modify the returned slice.
func (k Kind) Params() []string {
	if k >= numKinds {
		return nil
	}
	return append([]string(nil), kindInfo[k].params...)
}

// Required returns how many of k's arguments must be given; the others (the
// last len(k.Params()) - k.Required()) are optional and have defaults.
func (k Kind) Required() int {
	if k >= numKinds {
		return 0
	}
	return kindInfo[k].required
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}
