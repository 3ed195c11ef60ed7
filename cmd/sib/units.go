package main

import (
	"math"
	"strconv"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// The units of every output, stated once here, in each command's --help
// (unitsHelp) and in the docs:
//
//   - Rates (IRRs, shares, effects relative to a baseline, probabilities,
//     relative changes) are fractions in CSV, JSON and --out files
//     (0.05 = 5%) and percentages in text tables, whose headers or notes
//     say "%".
//   - Money has two decimals in every format (cash, money), and its
//     currency is named: the scenario's currency setting, or sib cost
//     --currency; text headers of money columns end with it, CSV comments
//     and JSON fields give it as "currency".
//   - Other numbers are written by num: rounded to sigDigits significant
//     digits, then in their shortest form, written out rather than with
//     an exponent for the sizes deals have; undefined values (an IRR that
//     does not exist) are empty cells, JSON null.

// sigDigits is the precision of num: ten significant digits, a relative
// precision of 5e-11, beyond the accuracy of any input or solver
// (IRRs are solved to 1e-12) and short of float64's last digits, which
// are noise (0.05 computed as 0.050000000000092984).
const sigDigits = 10

// unitsHelp is the units paragraph of every command's --help.
const unitsHelp = `Units: rates (IRRs, shares, relative effects, probabilities) are fractions
in CSV and JSON (0.05 = 5%) and % in text tables; money has 2 decimals in
every format, in the currency the report names; other numbers have at
most 10 significant digits. CSV output starts with "# key: value" comment
lines saying how it was made (the command, its inputs and --set changes):
read it with pandas.read_csv(f, comment="#") or R's
read.csv(f, comment.char = "#"). JSON has the same as fields, and --out
folders a provenance.json file.
`

// num formats a number to sigDigits significant digits in its shortest
// form, and an undefined value (NaN, ±Inf) as empty: never NaN or Inf,
// never float noise, in the output.
func num(x float64) string {
	return string(appendNum(nil, x))
}

// appendNum appends x as num formats it.
func appendNum(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return b
	}
	x = roundSig(x)
	if x == 0 {
		return append(b, '0') // not "-0"
	}
	if a := math.Abs(x); a >= 1e-4 && a < 1e21 {
		// Written out, as spreadsheets and the input files have numbers;
		// 'g' would give 2.5000025e+06.
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// roundSig rounds x to sigDigits significant digits.
func roundSig(x float64) float64 {
	var buf [32]byte
	y, err := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], x, 'e', sigDigits-1, 64)), 64)
	if err != nil {
		return x
	}
	return y
}

// outputValue formats a value of a sensitivity output for CSV and JSON by
// its unit: money to the cent, the rest as num.
func outputValue(out uncertainty.Output, x float64) string {
	if out.Unit == uncertainty.Money {
		return cash(x)
	}
	return num(x)
}

// moneyColumn is a numeric column of money (see report.Column.Money).
func moneyColumn(name, title string) report.Column {
	return report.Column{Name: name, Title: title, Numeric: true, Money: true}
}

// outputMeta is a header item of an output's value: as outputValue in CSV
// and JSON, and in % in text when the output is a rate.
func outputMeta(key string, out uncertainty.Output, x float64) report.Meta {
	m := report.Meta{Key: key, Value: outputValue(out, x), Numeric: true}
	if out.Unit == uncertainty.Rate && m.Value != "" {
		m.Text = pct(m.Value) + "%"
	}
	return m
}
