// Package errprefix is the one rule for the package prefixes of this
// module's error messages.
//
// A library error starts with its package's name ("costing: no pools"),
// which tells a Go caller where it came from. Where something else already
// says so the prefix only interrupts: an input error's position
// ("costs.csv:12:4: amount: ...", see csvio.Error) or the command that
// failed ("sib cost: ..."). Trim and Strip drop the prefixes of the packages
// that Packages lists, and nothing else does.
package errprefix

import "strings"

// packages is in the order Strip drops the prefixes.
var packages = [...]string{"costing", "outcomes", "sib", "money", "uncertainty", "dist", "sobol", "chart", "safeout", "scenario", "htmlreport", "indigo", "workbook", "parquetio", "matching"}

// Packages returns the names of the packages whose prefixes Trim and Strip drop.
func Packages() []string {
	return append([]string(nil), packages[:]...)
}

// Trim drops the package prefix at the start of msg, if there is one.
func Trim(msg string) string {
	for _, p := range packages {
		if rest, ok := strings.CutPrefix(msg, p+": "); ok {
			return rest
		}
	}
	return msg
}

// Strip drops package prefixes at the start of msg and after every ": ",
// where a wrapping error's text meets the wrapped one's. It goes through
// the packages in the order Packages gives, once.
func Strip(msg string) string {
	for _, p := range packages {
		msg = strings.TrimPrefix(msg, p+": ")
		msg = strings.ReplaceAll(msg, ": "+p+": ", ": ")
	}
	return msg
}
