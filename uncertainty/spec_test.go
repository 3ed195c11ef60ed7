package uncertainty

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
)

// The file names errors are checked against.
const (
	specName = "uncertainty.csv"
	corrName = "correlations.csv"
)

// specHeader names every column of a spec, so that the column numbers in
// the tables below are: param 1, dist 2, arg1 3, arg2 4, arg3 5, arg4 6,
// low 7, high 8.
const specHeader = "param,dist,arg1,arg2,arg3,arg4,low,high\n"

// specText returns a spec with specHeader and rows, each padded with
// empty fields to the header's eight, starting on line 2.
func specText(rows ...string) string {
	var b strings.Builder
	b.WriteString(specHeader)
	for _, r := range rows {
		b.WriteString(r)
		b.WriteString(strings.Repeat(",", max(0, 7-strings.Count(r, ","))))
		b.WriteByte('\n')
	}
	return b.String()
}

// corrText returns a correlation file with rows starting on line 2.
func corrText(rows ...string) string {
	return "param_a,param_b,rank_correlation\n" + strings.Join(rows, "\n") + "\n"
}

// estonia loads the Estonian example's overpriced variant, whose parameters
// the specs below name (sib params testdata/estonia/overpriced lists them):
// it keeps the fuller contract (a savings term, a floor and a cap, three
// tiers, a success fee) these tests need.
func estonia(tb testing.TB) *scenario.Scenario {
	tb.Helper()
	s, err := scenario.Load("../testdata/estonia/overpriced")
	require.NoError(tb, err)
	return s
}

// flagship loads the Estonian example's scenario, whose parameters
// testdata/estonia/uncertainty names.
func flagship(tb testing.TB) *scenario.Scenario {
	tb.Helper()
	s, err := scenario.Load("../testdata/estonia/scenario")
	require.NoError(tb, err)
	return s
}

// read reads spec (and corr, unless it is nil) for scenario s under the
// names specName and corrName.
func read(s *scenario.Scenario, spec string, corr *string) (*Spec, error) {
	if corr == nil {
		return Read(strings.NewReader(spec), specName, nil, "", s)
	}
	return Read(strings.NewReader(spec), specName, strings.NewReader(*corr), corrName, s)
}

// checkInputError checks that err prints exactly want, is an *InputError
// (the positional type), and wraps is unless is is nil: a few errors wrap
// no sentinel and are told apart only by their message.
func checkInputError(t *testing.T, err error, want string, is error) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, want, err.Error())
	var ie *InputError
	assert.True(t, errors.As(err, &ie), "%T is not an *InputError", err)
	if is != nil {
		assert.ErrorIs(t, err, is)
	}
}

// TestReadSpecErrors reads bad spec files: each error names the file, the
// line and the column (file:line:col: column: message) and wraps the
// sentinel that tells its kind.
func TestReadSpecErrors(t *testing.T) {
	s := estonia(t)
	const outside = "outside the parameter's allowed range: "
	const bounded = "; choose a distribution bounded within it (e.g. truncnormal, beta or pert)"
	const kinds = "fixed, uniform, triangular, pert, normal, truncnormal, lognormal, beta, gamma"
	for _, tc := range []struct {
		name string
		spec string
		want string
		is   error
	}{
		// Names.
		{"unknown parameter with a suggestion", specText("cohort.c1.takeup,uniform,0,1"),
			`uncertainty.csv:2:1: param: unknown parameter "cohort.c1.takeup"; did you mean cohort.c1.take_up? (sib params lists them)`, ErrUnknown},
		{"unknown parameter far from any", specText("cohort.c1.take_up,beta,17,3", "no.such.thing,uniform,0,1"),
			`uncertainty.csv:3:1: param: unknown parameter "no.such.thing" (sib params lists them)`, ErrUnknown},
		{"empty parameter", specText(",uniform,0,1"),
			`uncertainty.csv:2:1: param: empty value: expected a parameter name (sib params lists them)`, csvio.ErrEmpty},
		{"unknown distribution", specText("cohort.c1.take_up,weibull,1,2"),
			`uncertainty.csv:2:2: dist: unknown distribution "weibull": expected ` + kinds, nil},
		{"empty distribution", specText("cohort.c1.take_up,,1,2"),
			`uncertainty.csv:2:2: dist: empty value: expected a distribution: ` + kinds, csvio.ErrEmpty},

		// The number of arguments.
		{"missing max", specText("cohort.c1.take_up,uniform,0"),
			`uncertainty.csv:2:4: arg2: empty value: expected uniform's max`, csvio.ErrEmpty},
		{"missing min", specText("cost.custody_day.unit_cost,triangular,,353.74,420"),
			`uncertainty.csv:2:3: arg1: empty value: expected triangular's min`, csvio.ErrEmpty},
		{"missing truncnormal max", specText("setting.inflation,truncnormal,0.025,0.01,0"),
			`uncertainty.csv:2:6: arg4: empty value: expected truncnormal's max`, csvio.ErrEmpty},
		{"extra argument", specText("cohort.c1.take_up,uniform,0,1,0.5"),
			`uncertainty.csv:2:5: arg3: invalid distribution arguments: uniform takes 2 arguments (min, max): expected this to be empty`, nil},
		{"extra argument to fixed", specText("setting.discount_rate,fixed,0.04,0.05"),
			`uncertainty.csv:2:4: arg2: invalid distribution arguments: fixed takes 1 argument (value): expected this to be empty`, nil},
		{"low not a number", specText("setting.inflation,truncnormal,0.025,0.01,0,0.06,x"),
			`uncertainty.csv:2:7: low: invalid number "x": expected a decimal number with a point, such as 1234.56`, csvio.ErrNumber},
		{"optional argument left out before one given", specText("cohort.c1.take_up,beta,2,3,,1"),
			`uncertainty.csv:2:5: arg3: empty value: expected beta's min, as max is given`, csvio.ErrEmpty},

		// Each family's arguments.
		{"negative sd", specText("outcome.reconvictions.effect,normal,0.1,-0.02"),
			`uncertainty.csv:2:4: arg2: sd: must be positive, got -0.02`, ErrArgs},
		{"zero sd", specText("outcome.reconvictions.effect,normal,0.1,0"),
			`uncertainty.csv:2:4: arg2: sd: must be positive, got 0`, ErrArgs},
		{"negative truncnormal sd", specText("setting.inflation,truncnormal,0.025,-0.01,0,0.06"),
			`uncertainty.csv:2:4: arg2: sd: must be positive, got -0.01`, ErrArgs},
		{"zero lognormal sd", specText("cost.court_case.unit_cost,lognormal,3000,0"),
			`uncertainty.csv:2:4: arg2: sd: must be positive, got 0`, ErrArgs},
		{"uniform min above max", specText("cohort.c1.take_up,uniform,0.9,0.1"),
			`uncertainty.csv:2:4: arg2: max: must be above min (0.9), got 0.1`, ErrArgs},
		{"uniform min equal to max", specText("cohort.c1.take_up,uniform,0.5,0.5"),
			`uncertainty.csv:2:4: arg2: max: must be above min (0.5), got 0.5`, ErrArgs},
		{"triangular min above max", specText("cost.custody_day.unit_cost,triangular,420,353.74,300"),
			`uncertainty.csv:2:5: arg3: max: must be above min (420), got 300`, ErrArgs},
		{"pert min above max", specText("delivery.mentoring.amount,pert,300,250,220"),
			`uncertainty.csv:2:5: arg3: max: must be above min (300), got 220`, ErrArgs},
		{"truncnormal min above max", specText("setting.inflation,truncnormal,0.025,0.01,0.06,0"),
			`uncertainty.csv:2:6: arg4: max: must be above min (0.06), got 0`, ErrArgs},
		{"beta min above max", specText("cohort.c1.take_up,beta,2,3,0.9,0.1"),
			`uncertainty.csv:2:6: arg4: max: must be above min (0.9), got 0.1`, ErrArgs},
		{"triangular mode above max", specText("cost.custody_day.unit_cost,triangular,300,450,420"),
			`uncertainty.csv:2:4: arg2: mode: must lie within [min, max] = [300, 420], got 450`, ErrArgs},
		{"pert mode below min", specText("delivery.mentoring.amount,pert,220,200,300"),
			`uncertainty.csv:2:4: arg2: mode: must lie within [min, max] = [220, 300], got 200`, ErrArgs},
		{"beta alpha zero", specText("cohort.c1.take_up,beta,0,3"),
			`uncertainty.csv:2:3: arg1: alpha: must be positive, got 0`, ErrArgs},
		{"beta beta negative", specText("cohort.c1.take_up,beta,2,-1"),
			`uncertainty.csv:2:4: arg2: beta: must be positive, got -1`, ErrArgs},
		{"gamma scale zero", specText("cost.police_case.unit_cost,gamma,25,0"),
			`uncertainty.csv:2:4: arg2: scale: must be positive, got 0`, ErrArgs},
		{"gamma shape negative", specText("cost.police_case.unit_cost,gamma,-2,50"),
			`uncertainty.csv:2:3: arg1: shape: must be positive, got -2`, ErrArgs},
		{"gamma shape too large", specText("cost.police_case.unit_cost,gamma,200000000,1"),
			`uncertainty.csv:2:3: arg1: shape: must be at most 1e+08, got 2e+08`, ErrArgs},
		{"lognormal mean zero", specText("cost.court_case.unit_cost,lognormal,0,400"),
			`uncertainty.csv:2:3: arg1: mean: must be positive, got 0`, ErrArgs},
		{"lognormal mean negative", specText("cost.court_case.unit_cost,lognormal,-5,400"),
			`uncertainty.csv:2:3: arg1: mean: must be positive, got -5`, ErrArgs},
		{"truncnormal window with no probability", specText("setting.inflation,truncnormal,0,0.001,0.5,0.6"),
			`uncertainty.csv:2:5: arg3: min: the normal(mean=0, sd=0.001) puts less than 1e-300 of its probability in [min, max] = [0.5, 0.6]`, ErrArgs},

		// Numbers.
		{"not a number", specText("cohort.c1.take_up,uniform,0,abc"),
			`uncertainty.csv:2:4: arg2: invalid number "abc": expected a decimal number with a point, such as 1234.56`, csvio.ErrNumber},
		{"percentage", specText("cohort.c1.take_up,uniform,10%,90%"),
			`uncertainty.csv:2:3: arg1: invalid number "10%": write a percentage as a share: 0.42 for 42%`, csvio.ErrNumber},
		{"exponent", specText("cost.police_case.unit_cost,gamma,25,5e1"),
			`uncertainty.csv:2:4: arg2: invalid number "5e1": expected a decimal number with a point, such as 1234.56 (written out, without an exponent: 100000, not 1e+05)`, csvio.ErrNumber},
		{"NaN argument", specText("outcome.reconvictions.effect,normal,NaN,1"),
			`uncertainty.csv:2:3: arg1: invalid number "NaN": leave the cell empty for a missing value`, csvio.ErrNumber},
		{"quoted decimal comma in a comma file", specHeader + "cohort.c1.take_up,uniform,\"0,2\",0.9,,,,\n",
			`uncertainty.csv:2:3: arg1: invalid number "0,2": expected a decimal number with a point, such as 1234.56 (a comma is not a decimal separator in a comma-separated file, and thousands separators are not allowed)`, csvio.ErrNumber},
		{"decimal comma in a comma file", "param,dist,arg1,arg2\ncohort.c1.take_up,uniform,0,2,0,9\n",
			`uncertainty.csv:2:5: 6 fields, but the header has 4: ` + csvio.FieldCountHint, nil},
		{"thousands point in a semicolon file", "param;dist;arg1;arg2\ncost.police_case.unit_cost;uniform;1.000;1500\n",
			`uncertainty.csv:2:3: arg1: invalid number "1.000": a point here looks like a thousands separator, which is not allowed: write the number without it (5500 or 5500,25), or with a decimal comma (5,5)`, csvio.ErrNumber},

		// Low and high, and the parameter's allowed range.
		{"low above high", specText("cohort.c1.take_up,uniform,0,1,,,0.8,0.2"),
			`uncertainty.csv:2:8: high: high is below low: 0.2 < 0.8`, nil},
		{"low above the default high", specText("cohort.c1.take_up,uniform,0,1,,,0.95,"),
			`uncertainty.csv:2:8: high: high is below low: the default high, the 90th percentile 0.9, is below low 0.95: give high too`, nil},
		{"high above the allowed range", specText("cohort.c1.take_up,beta,17,3,,,0.5,1.2"),
			`uncertainty.csv:2:8: high: ` + outside + `cohort.c1.take_up must lie in [0, 1], got 1.2`, ErrRange},
		{"low below the allowed range", specText("cohort.c1.take_up,beta,17,3,,,-0.1,0.9"),
			`uncertainty.csv:2:7: low: ` + outside + `cohort.c1.take_up must lie in [0, 1], got -0.1`, ErrRange},
		{"fixed share above one", specText("cohort.c1.take_up,fixed,1.2"),
			`uncertainty.csv:2:2: dist: ` + outside + `fixed(value=1.2) can give values in [1.2, 1.2], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"uniform share beyond one", specText("cohort.c1.take_up,uniform,0.5,1.2"),
			`uncertainty.csv:2:2: dist: ` + outside + `uniform(min=0.5, max=1.2) can give values in [0.5, 1.2], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"normal share", specText("cohort.c1.take_up,normal,0.85,0.05"),
			`uncertainty.csv:2:2: dist: ` + outside + `normal(mean=0.85, sd=0.05) can give values in [−∞, ∞], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"truncnormal share beyond one", specText("cohort.c1.take_up,truncnormal,0.85,0.05,0,1.1"),
			`uncertainty.csv:2:2: dist: ` + outside + `truncnormal(mean=0.85, sd=0.05, min=0, max=1.1) can give values in [0, 1.1], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"beta share on a wider range", specText("cohort.c1.take_up,beta,2,2,0,1.5"),
			`uncertainty.csv:2:2: dist: ` + outside + `beta(alpha=2, beta=2, min=0, max=1.5) can give values in [0, 1.5], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"gamma share", specText("cohort.c1.take_up,gamma,2,0.1"),
			`uncertainty.csv:2:2: dist: ` + outside + `gamma(shape=2, scale=0.1) can give values in [0, ∞], but cohort.c1.take_up must lie in [0, 1]` + bounded, ErrRange},
		{"lognormal inflation", specText("setting.inflation,lognormal,0.025,0.01"),
			`uncertainty.csv:2:2: dist: ` + outside + `lognormal(mean=0.025, sd=0.01) can give values in [0, ∞], but setting.inflation must lie in [-0.5, 1]` + bounded, ErrRange},
		{"normal unit cost", specText("cost.police_case.unit_cost,normal,1284.75,250"),
			`uncertainty.csv:2:2: dist: ` + outside + `normal(mean=1284.75, sd=250) can give values in [−∞, ∞], but cost.police_case.unit_cost must lie in [0, ∞]` + bounded, ErrRange},

		// Rows.
		{"duplicate parameter", specText("cohort.c1.take_up,beta,17,3", "cohort.c2.take_up,beta,17,3", "cohort.c1.take_up,uniform,0.5,1"),
			`uncertainty.csv:4:1: param: parameter given twice: cohort.c1.take_up (first on line 2)`, ErrDuplicate},
		{"duplicate after a note over two lines", specHeader[:len(specHeader)-1] + ",note\n" +
			"cohort.c1.take_up,beta,17,3,,,,,\"two\nlines\"\n" +
			"cohort.c1.take_up,beta,17,3,,,,,\n",
			`uncertainty.csv:4:1: param: parameter given twice: cohort.c1.take_up (first on line 2)`, ErrDuplicate},
		{"no rows", specHeader,
			`uncertainty.csv: the spec has no parameters: expected a row for each uncertain parameter`, ErrEmpty},
		{"empty file", "",
			`uncertainty.csv:1: empty file: expected a header row`, csvio.ErrNoHeader},
		{"missing column", "param,arg1,arg2\ncohort.c1.take_up,0,1\n",
			`uncertainty.csv:1: missing column "dist": the header row must name param, dist, arg1, arg2, arg3, arg4, low, high`, csvio.ErrMissingColumn},
		{"unknown column", "param,dist,mean,sd\nouctome.reconvictions.effect,normal,0.1,0.02\n",
			`uncertainty.csv:1:3: unknown column "mean": expected one of param, dist, arg1, arg2, arg3, arg4, low, high`, csvio.ErrUnknownColumn},
		{"column given twice", "param,dist,arg1,arg1\n",
			`uncertainty.csv:1:4: column given twice "arg1" (also column 3)`, csvio.ErrDupColumn},
		{"too few fields", "param,dist,arg1,arg2\ncohort.c1.take_up,uniform,0\n",
			`uncertainty.csv:2:4: 3 fields, but the header has 4: the record ends before "arg2"`, nil},
		{"bare quote", specHeader[:len(specHeader)-1] + ",note\ncohort.c1.take_up,beta,17,3,,,,,the \"best\" guess\n",
			`uncertainty.csv:2: bare " in non-quoted-field: a quote inside a value needs the whole value in quotes and the quote doubled ("the ""contractual"" rate"), or no quote at all`, csv.ErrBareQuote},
		{"UTF-16", "\xff\xfep\x00a\x00r\x00",
			`uncertainty.csv:1: not UTF-8 text: save the file as "CSV UTF-8" (a spreadsheet's plain "CSV" may use a local code page) (this is UTF-16, as spreadsheets save "Unicode text")`, csvio.ErrEncoding},

		// Rules between parameters.
		{"tier thresholds overlap", specText("tier.school_tiers.1.effect,uniform,0.01,0.03", "tier.school_tiers.2.effect,uniform,0.025,0.06"),
			`uncertainty.csv:3: a rule between parameters could break: tier thresholds must increase, but tier.school_tiers.1.effect can reach 0.03 while tier.school_tiers.2.effect can fall to 0.025: narrow their distributions or their low and high`, ErrOrder},
		{"tier thresholds touch", specText("tier.school_tiers.2.effect,uniform,0.03,0.06", "tier.school_tiers.1.effect,uniform,0.01,0.03"),
			`uncertainty.csv:3: a rule between parameters could break: tier thresholds must increase, but tier.school_tiers.1.effect can reach 0.03 while tier.school_tiers.2.effect can fall to 0.03: narrow their distributions or their low and high`, ErrOrder},
		{"tier threshold below the scenario's lower one", specText("tier.school_tiers.2.effect,uniform,0.01,0.06"),
			`uncertainty.csv:2: a rule between parameters could break: tier thresholds must increase, but tier.school_tiers.1.effect can reach 0.02 while tier.school_tiers.2.effect can fall to 0.01: narrow their distributions or their low and high`, ErrOrder},
		{"tier threshold high above the next", specText("tier.school_tiers.2.effect,uniform,0.04,0.06,,,,0.09"),
			`uncertainty.csv:2: a rule between parameters could break: tier thresholds must increase, but tier.school_tiers.2.effect can reach 0.09 while tier.school_tiers.3.effect can fall to 0.08: narrow their distributions or their low and high`, ErrOrder},
		{"tier threshold unbounded", specText("tier.school_tiers.1.effect,normal,0.02,0.001"),
			`uncertainty.csv:2: a rule between parameters could break: tier thresholds must increase, but tier.school_tiers.1.effect can reach ∞ while tier.school_tiers.2.effect can fall to 0.05: narrow their distributions or their low and high`, ErrOrder},
		{"floor above cap", specText("tranche.senior.floor,uniform,0.5,1.6"),
			`uncertainty.csv:2: a rule between parameters could break: a tranche's cap must not be below its floor, but tranche.senior.floor can reach 1.6 while tranche.senior.cap can fall to 1.5: narrow their distributions or their low and high`, ErrOrder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := read(s, tc.spec, nil)
			assert.Nil(t, sp)
			checkInputError(t, err, tc.want, tc.is)
		})
	}
}

// corrSpec is the spec of the correlation cases: four parameters that
// vary and one that is fixed.
var corrSpec = specText(
	"cohort.c1.take_up,beta,17,3",                   // line 2
	"cohort.c2.take_up,beta,17,3",                   // 3
	"cohort.c3.take_up,beta,17,3",                   // 4
	"cohort.c4.take_up,beta,17,3",                   // 5
	"setting.discount_rate,fixed,0.04,,,,0.03,0.05", // 6
)

// TestReadCorrErrors reads bad correlation files against corrSpec.
func TestReadCorrErrors(t *testing.T) {
	s := estonia(t)
	const (
		a = "cohort.c1.take_up"
		b = "cohort.c2.take_up"
		c = "cohort.c3.take_up"
		d = "cohort.c4.take_up"
	)
	const notPSD = "the correlations are not positive semi-definite: "
	for _, tc := range []struct {
		name string
		corr string
		want string
		is   error
	}{
		{"unknown parameter", corrText(a + ",cohort.c9.take_up,0.5"),
			`correlations.csv:2:2: param_b: unknown parameter "cohort.c9.take_up": correlations are between parameters of the spec (uncertainty.csv)`, ErrUnknown},
		{"parameter not in the spec", corrText(a+","+b+",0.5", "setting.inflation,"+a+",0.5"),
			`correlations.csv:3:1: param_a: unknown parameter "setting.inflation": correlations are between parameters of the spec (uncertainty.csv)`, ErrUnknown},
		{"fixed parameter", corrText(a + ",setting.discount_rate,0.2"),
			`correlations.csv:2:2: param_b: invalid correlation: setting.discount_rate is fixed in the spec, so it cannot be correlated`, ErrCorrelation},
		{"self-correlation", corrText(a + "," + a + ",0.5"),
			`correlations.csv:2:2: param_b: invalid correlation: a parameter's correlation with itself is 1`, ErrCorrelation},
		{"above one", corrText(a + "," + b + ",1.2"),
			`correlations.csv:2:3: rank_correlation: invalid correlation: 1.2 is outside [−1, 1]`, ErrCorrelation},
		{"below minus one", corrText(a + "," + b + ",-1.01"),
			`correlations.csv:2:3: rank_correlation: invalid correlation: -1.01 is outside [−1, 1]`, ErrCorrelation},
		{"NaN", corrText(a + "," + b + ",NaN"),
			`correlations.csv:2:3: rank_correlation: invalid number "NaN": leave the cell empty for a missing value`, csvio.ErrNumber},
		{"empty correlation", corrText(a + "," + b + ","),
			`correlations.csv:2:3: rank_correlation: empty value: expected a number`, csvio.ErrEmpty},
		{"empty parameter", corrText("," + b + ",0.5"),
			`correlations.csv:2:1: param_a: empty value: expected a parameter of the spec`, csvio.ErrEmpty},
		{"pair given twice", corrText(a+","+b+",0.5", c+","+d+",0.1", a+","+b+",0.4"),
			`correlations.csv:4:1: param_a: invalid correlation: cohort.c1.take_up and cohort.c2.take_up are given twice (first on line 2)`, ErrCorrelation},
		{"pair given twice, reversed", corrText(b+","+a+",0.5", a+","+b+",0.5"),
			`correlations.csv:3:1: param_a: invalid correlation: cohort.c1.take_up and cohort.c2.take_up are given twice (first on line 2)`, ErrCorrelation},
		// ρ(a,b) = 0.9, ρ(b,c) = 0.9, ρ(a,c) = −0.9 has the eigenvalues
		// −0.8, 1.9, 1.9 (numpy.linalg.eigvalsh); d is correlated with c
		// alone, harmlessly, on line 3, and must not be named.
		{"not PSD", corrText(a+","+b+",0.9", c+","+d+",0.2", b+","+c+",0.9", a+","+c+",-0.9"),
			`correlations.csv:5:3: rank_correlation: ` + notPSD + `the rank correlations of cohort.c1.take_up, cohort.c2.take_up and cohort.c3.take_up (lines 2, 4, 5) cannot hold together: their matrix has the eigenvalue -0.8; loosen them`, ErrNotPSD},
		{"ones that cannot chain", corrText(a+","+b+",1", b+","+c+",1"),
			`correlations.csv:3:3: rank_correlation: ` + notPSD + `the rank correlations of cohort.c1.take_up, cohort.c2.take_up and cohort.c3.take_up (lines 2, 3) cannot hold together: their matrix has the eigenvalue -0.414; loosen them`, ErrNotPSD},
		// ρ = 0.5, 0.5, −0.5 is PSD but singular (eigenvalues 0, 1.5,
		// 1.5); its normal-scale matrix 2·sin(πρ/6) has the eigenvalue
		// −0.0353, so no Gaussian copula has these rank correlations.
		{"singular, not PSD on the normal scale", corrText(a+","+b+",0.5", b+","+c+",0.5", a+","+c+",-0.5"),
			`correlations.csv:4:3: rank_correlation: ` + notPSD + `the normal-scale correlations 2·sin(πρ/6) of the rank correlations of cohort.c1.take_up, cohort.c2.take_up and cohort.c3.take_up (lines 2, 3, 4) cannot hold together: their matrix has the eigenvalue -0.0353; loosen them`, ErrNotPSD},
		{"empty file", "",
			`correlations.csv:1: empty file: expected a header row`, csvio.ErrNoHeader},
		{"unknown column", "param_a,param_b,rho\n",
			`correlations.csv:1:3: unknown column "rho": expected one of param_a, param_b, rank_correlation`, csvio.ErrUnknownColumn},
		{"missing column", "param_a,param_b\n",
			`correlations.csv:1: missing column "rank_correlation": the header row must name param_a, param_b, rank_correlation`, csvio.ErrMissingColumn},
		{"decimal comma in a comma file", corrText(a + "," + b + ",0,5"),
			`correlations.csv:2:4: 4 fields, but the header has 3: ` + csvio.FieldCountHint, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := read(s, corrSpec, &tc.corr)
			assert.Nil(t, sp)
			checkInputError(t, err, tc.want, tc.is)
		})
	}
}

// TestReadAccepts reads valid specs that sit at the edges of the rules.
func TestReadAccepts(t *testing.T) {
	s := estonia(t)
	param := func(t *testing.T, sp *Spec, name string) *Uncertain {
		t.Helper()
		for i := range sp.Params {
			if sp.Params[i].Name == name {
				return &sp.Params[i]
			}
		}
		t.Fatalf("no parameter %s", name)
		return nil
	}
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name  string
		spec  string
		corr  *string
		check func(t *testing.T, sp *Spec)
	}{
		{"semicolons and decimal commas", "param;dist;arg1;arg2;arg3;arg4;low;high\ncohort.c1.take_up;uniform;0,2;0,9;;;0,3;0,8\ncohort.c2.take_up;pert;0,5;0,85;0,95;;;\n",
			str("param_a;param_b;rank_correlation\ncohort.c1.take_up;cohort.c2.take_up;-0,25\n"),
			func(t *testing.T, sp *Spec) {
				u := param(t, sp, "cohort.c1.take_up")
				assert.Equal(t, Uniform, u.Dist.Kind())
				assert.Equal(t, []float64{0.2, 0.9}, u.Dist.Args())
				assert.Equal(t, 0.3, u.Low)
				assert.Equal(t, 0.8, u.High)
				assert.Equal(t, []float64{0.5, 0.85, 0.95}, param(t, sp, "cohort.c2.take_up").Dist.Args())
				require.Len(t, sp.Corr, 1)
				assert.Equal(t, Correlation{A: 0, B: 1, Rho: -0.25, Line: 2}, sp.Corr[0])
			}},
		{"byte order mark, CRLF, spaces, capitals, note", "\xef\xbb\xbfParam, Dist ,arg1,arg2,arg3,arg4,low,high,Note\r\n cohort.c1.take_up , Beta , 17 , 3 ,,,,,mean 0.85\r\n",
			nil,
			func(t *testing.T, sp *Spec) {
				u := param(t, sp, "cohort.c1.take_up")
				assert.Equal(t, []float64{17, 3, 0, 1}, u.Dist.Args())
				assert.Equal(t, 2, u.Line)
			}},
		{"aliases", specText("setting.inflation,truncated_normal,0.025,0.01,0,0.06", "cost.court_case.unit_cost,Log-Normal,3199.46,400"),
			nil,
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, TruncNormal, param(t, sp, "setting.inflation").Dist.Kind())
				assert.Equal(t, LogNormal, param(t, sp, "cost.court_case.unit_cost").Dist.Kind())
			}},
		{"truncnormal share within [0, 1]", specText("cohort.c1.take_up,truncnormal,0.85,0.1,0,1"),
			nil,
			func(t *testing.T, sp *Spec) {
				lo, hi := param(t, sp, "cohort.c1.take_up").Dist.Support()
				assert.Equal(t, [2]float64{0, 1}, [2]float64{lo, hi})
			}},
		{"beta with min but not max", specText("cohort.c1.take_up,beta,2,3,0.1"),
			nil,
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, []float64{2, 3, 0.1, 1}, param(t, sp, "cohort.c1.take_up").Dist.Args())
			}},
		{"share on the ends of its range", specText("cohort.c1.take_up,uniform,0,1,,,0,1", "cohort.c2.take_up,fixed,0.85,,,,0,1"),
			nil,
			func(t *testing.T, sp *Spec) {
				u := param(t, sp, "cohort.c1.take_up")
				assert.Equal(t, [2]float64{0, 1}, [2]float64{u.Low, u.High})
			}},
		{"low and high by default the 10th and 90th percentiles", specText("cost.custody_day.unit_cost,triangular,300,353.74,420", "cohort.c1.take_up,uniform,0,1,,,0.2,"),
			nil,
			func(t *testing.T, sp *Spec) {
				u := param(t, sp, "cost.custody_day.unit_cost")
				assert.Equal(t, u.Dist.Quantile(DefaultLowP), u.Low)
				assert.Equal(t, u.Dist.Quantile(DefaultHighP), u.High)
				// Triangular(300, 353.74, 420): F(mode) = 53.74/120 > 0.1,
				// so Q(0.1) = 300 + √(0.1·120·53.74); 1 − F(mode) > 0.1,
				// so Q(0.9) = 420 − √(0.1·120·66.26).
				assert.InDelta(t, 300+math.Sqrt(0.1*120*53.74), u.Low, 1e-9)
				assert.InDelta(t, 420-math.Sqrt(0.1*120*66.26), u.High, 1e-9)
				v := param(t, sp, "cohort.c1.take_up")
				assert.Equal(t, 0.2, v.Low)
				assert.InDelta(t, 0.9, v.High, 1e-15)
				assert.True(t, v.Varies())
			}},
		{"fixed with and without low and high", specText("setting.discount_rate,fixed,0.04,,,,0.03,0.05", "term.custody.share,fixed,0.5"),
			nil,
			func(t *testing.T, sp *Spec) {
				u := param(t, sp, "setting.discount_rate")
				assert.Equal(t, [2]float64{0.03, 0.05}, [2]float64{u.Low, u.High})
				assert.False(t, u.Varies())
				v := param(t, sp, "term.custody.share")
				assert.Equal(t, [2]float64{0.5, 0.5}, [2]float64{v.Low, v.High})
			}},
		{"floor reaching the cap", specText("tranche.senior.floor,uniform,0.5,1.5"), nil, nil},
		{"tier thresholds apart", specText("tier.school_tiers.1.effect,uniform,0.01,0.03", "tier.school_tiers.2.effect,pert,0.035,0.05,0.07", "tier.school_tiers.3.effect,triangular,0.075,0.08,0.1"), nil, nil},
		{"no correlations", corrSpec, str("param_a,param_b,rank_correlation\n"),
			func(t *testing.T, sp *Spec) { assert.Empty(t, sp.Corr) }},
		// A correlation of 1 makes the matrix singular but PSD.
		{"correlation 1", corrSpec, str(corrText("cohort.c1.take_up,cohort.c2.take_up,1")),
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, []Correlation{{A: 0, B: 1, Rho: 1, Line: 2}}, sp.Corr)
			}},
		{"correlations 1 all round", corrSpec, str(corrText("cohort.c1.take_up,cohort.c2.take_up,1", "cohort.c3.take_up,cohort.c2.take_up,1", "cohort.c1.take_up,cohort.c3.take_up,1")),
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, []Correlation{{0, 1, 1, 2}, {2, 1, 1, 3}, {0, 2, 1, 4}}, sp.Corr)
			}},
		{"correlation −1", corrSpec, str(corrText("cohort.c4.take_up,cohort.c2.take_up,-1")),
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, []Correlation{{A: 3, B: 1, Rho: -1, Line: 2}}, sp.Corr)
			}},
		{"correlation lines after a note over two lines", corrSpec, str("param_a,param_b,rank_correlation,note\ncohort.c1.take_up,cohort.c2.take_up,0.5,\"one\ntwo\"\ncohort.c3.take_up,cohort.c4.take_up,0.25,\n"),
			func(t *testing.T, sp *Spec) {
				assert.Equal(t, []Correlation{{0, 1, 0.5, 2}, {2, 3, 0.25, 4}}, sp.Corr)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := read(s, tc.spec, tc.corr)
			require.NoError(t, err)
			assert.Equal(t, specName, sp.File)
			checkSpec(t, s, sp)
			if tc.check != nil {
				tc.check(t, sp)
			}
		})
	}
}

// checkSpec checks what every spec Read returns must satisfy: each
// parameter's ID and name agree with the scenario, its distribution's
// support and its low and high lie in the allowed range with low ≤ high,
// and each correlation is in [−1, 1] between two different parameters
// that vary.
func checkSpec(t testing.TB, s *scenario.Scenario, sp *Spec) {
	t.Helper()
	if len(sp.Params) == 0 {
		t.Fatalf("a spec with no parameters")
	}
	seen := map[scenario.ParamID]bool{}
	for _, u := range sp.Params {
		if u.ID <= 0 || int(u.ID) > len(s.Params) || s.At(u.ID).Name != u.Name {
			t.Fatalf("%s: ID %d does not name it", u.Name, u.ID)
		}
		if seen[u.ID] {
			t.Fatalf("%s given twice", u.Name)
		}
		seen[u.ID] = true
		p := s.At(u.ID)
		lo, hi := u.Dist.Support()
		if !(lo >= p.Min && hi <= p.Max) {
			t.Fatalf("%s: %v has the support [%g, %g] outside [%g, %g]", u.Name, u.Dist, lo, hi, p.Min, p.Max)
		}
		if !(u.Low <= u.High && u.Low >= p.Min && u.High <= p.Max) {
			t.Fatalf("%s: low %g and high %g in [%g, %g]", u.Name, u.Low, u.High, p.Min, p.Max)
		}
		if u.Line < 1 {
			t.Fatalf("%s: line %d", u.Name, u.Line)
		}
	}
	for _, c := range sp.Corr {
		if c.A == c.B || c.A < 0 || c.B < 0 || c.A >= len(sp.Params) || c.B >= len(sp.Params) {
			t.Fatalf("correlation %+v between bad indexes", c)
		}
		if !(c.Rho >= -1 && c.Rho <= 1) {
			t.Fatalf("correlation %+v outside [−1, 1]", c)
		}
		if !sp.Params[c.A].Varies() || !sp.Params[c.B].Varies() {
			t.Fatalf("correlation %+v of a fixed parameter", c)
		}
	}
}

// TestLoadEstonia loads the example's spec and correlations from their
// files.
func TestLoadEstonia(t *testing.T) {
	s, _, sp := loadEstonia(t)
	checkSpec(t, s, sp)
	assert.Equal(t, "../testdata/estonia/uncertainty/uncertainty.csv", sp.File)
	assert.Equal(t, "../testdata/estonia/uncertainty/correlations.csv", sp.CorrFile)
	require.Len(t, sp.Params, 17)
	var vary []string
	for _, u := range sp.Params {
		if u.Varies() {
			vary = append(vary, u.Name)
		}
	}
	assert.Len(t, vary, 15)
	effect, _ := s.Param("outcome.reconvictions.effect")
	assert.Equal(t, Uncertain{Name: "outcome.reconvictions.effect", ID: effect,
		Dist: sp.Params[0].Dist, Low: sp.Params[0].Low, High: sp.Params[0].High, Line: 2}, sp.Params[0])
	last := sp.Params[16]
	assert.Equal(t, "term.custody.price", last.Name)
	assert.Equal(t, [3]float64{30, 41, 18}, [3]float64{last.Low, last.High, float64(last.Line)})
	require.Len(t, sp.Corr, 5)
	assert.Equal(t, Correlation{A: 0, B: 1, Rho: 0.6, Line: 2}, sp.Corr[0])
	assert.Equal(t, Correlation{A: 6, B: 7, Rho: 0.5, Line: 5}, sp.Corr[3])
}

// TestLoadMissingFile: a file that is not there is an error that says so.
func TestLoadMissingFile(t *testing.T) {
	s := flagship(t)
	_, err := Load("testdata/no-such-spec.csv", s)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = Load(t.TempDir(), s)
	assert.ErrorIs(t, err, fs.ErrNotExist, "a folder without "+SpecFile)
	_, err = loadFiles("../testdata/estonia/uncertainty/uncertainty.csv", "testdata/no-such-correlations.csv", s, csvio.Limits{})
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "testdata/no-such-correlations.csv")
}

// TestLoadFolder: Load reads a folder's spec and correlations, or a spec
// file alone; it refuses an unknown file in the folder, and a broken link
// as the correlations.
func TestLoadFolder(t *testing.T) {
	s := flagship(t)
	const dir = "../testdata/estonia/uncertainty"
	sp, err := Load(dir, s)
	require.NoError(t, err)
	assert.Len(t, sp.Params, 17)
	assert.Len(t, sp.Corr, 5)

	// A spec file beside correlations.csv would lose them: refused.
	_, err = Load(filepath.Join(dir, SpecFile), s)
	assert.ErrorIs(t, err, ErrCorrelationsLeftOut)
	assert.EqualError(t, err, "../testdata/estonia/uncertainty/uncertainty.csv: uncertainty: a spec file would leave out its folder's correlations: its folder holds correlations.csv as well; give the folder ../testdata/estonia/uncertainty to read both, or move the spec file to a folder of its own to leave the correlations out")

	spec, err := os.ReadFile(filepath.Join(dir, SpecFile))
	require.NoError(t, err)
	folder := func(t *testing.T) string {
		d := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(d, SpecFile), spec, 0o644))
		return d
	}
	t.Run("spec file alone", func(t *testing.T) {
		d := folder(t)
		require.NoError(t, os.Rename(filepath.Join(d, SpecFile), filepath.Join(d, "high.csv")))
		sp, err := Load(filepath.Join(d, "high.csv"), s)
		require.NoError(t, err)
		assert.Len(t, sp.Params, 17)
		assert.Empty(t, sp.Corr, "a spec file alone has no correlations")
	})
	t.Run("without correlations", func(t *testing.T) {
		sp, err := Load(folder(t), s)
		require.NoError(t, err)
		assert.Len(t, sp.Params, 17)
		assert.Empty(t, sp.Corr)
	})
	t.Run("unknown file", func(t *testing.T) {
		d := folder(t)
		require.NoError(t, os.WriteFile(filepath.Join(d, "correlation.csv"), nil, 0o644))
		_, err := Load(d, s)
		assert.ErrorIs(t, err, ErrUnknownFile)
		assert.EqualError(t, err, d+": uncertainty: unknown file correlation.csv (did you mean correlations.csv?): an uncertainty folder holds uncertainty.csv and optionally correlations.csv")
	})
	t.Run("broken link", func(t *testing.T) {
		d := folder(t)
		require.NoError(t, os.Symlink(filepath.Join(d, "nowhere.csv"), filepath.Join(d, CorrelationsFile)))
		_, err := Load(d, s)
		require.Error(t, err, "a broken link is not an absent file")
		assert.Contains(t, err.Error(), "correlations.csv: not a regular file: a symbolic link to nothing")
	})
}

// TestNewDist: the exported constructor checks arguments as Read does.
func TestNewDist(t *testing.T) {
	d, err := NewDist(PERT, 1, 2, 4)
	require.NoError(t, err)
	assert.Equal(t, "pert(min=1, mode=2, max=4)", d.String())
	_, err = NewDist(Normal, 0, -1)
	assert.ErrorIs(t, err, ErrArgs)
	_, err = NewDist(Uniform, 0)
	assert.ErrorIs(t, err, ErrArgs)
	for k := Fixed; k <= Gamma; k++ {
		got, ok := ParseKind(strings.ToUpper(k.String()))
		assert.True(t, ok)
		assert.Equal(t, k, got)
	}
	_, ok := ParseKind("weibull")
	assert.False(t, ok)
}

// TestOutputs: every output of the catalogue parses back by its name, and
// names are unique, documented and in a known unit.
func TestOutputs(t *testing.T) {
	s := estonia(t)
	outs := Outputs(s)
	require.NotEmpty(t, outs)
	seen := map[string]bool{}
	for _, o := range outs {
		assert.False(t, seen[o.Name], "%s twice", o.Name)
		seen[o.Name] = true
		assert.NotEmpty(t, o.Doc, o.Name)
		assert.Contains(t, []string{Money, Rate, Ratio, Periods}, o.Unit, o.Name)
		got, err := ParseOutput(s, " "+o.Name+" ")
		require.NoError(t, err)
		assert.Equal(t, o.Name, got.Name)
		assert.Equal(t, o.Unit, got.Unit)
		assert.Equal(t, o.tranche, got.tranche)
		assert.Equal(t, o.irr, got.irr)
	}
	// Positions: all investors' and each tranche's.
	for _, name := range []string{"state.net", "investors.irr", "tranche.senior.irr", "tranche.junior.multiple", "costs.unfunded"} {
		assert.True(t, seen[name], name)
	}
	assert.Len(t, outs, 10+len(appraisalOutputs)+7*(1+len(s.Tranches)))

	irr, err := ParseOutput(s, "tranche.senior.irr")
	require.NoError(t, err)
	assert.Equal(t, Rate, irr.Unit)
	assert.True(t, needsTrancheIRR([]Output{irr}))
	inv, err := ParseOutput(s, "investors.irr")
	require.NoError(t, err)
	assert.False(t, needsTrancheIRR([]Output{inv}), "all investors' IRR needs no tranche's")

	list, err := ParseOutputs(s, "state.net, investors.irr,tranche.junior.npv")
	require.NoError(t, err)
	assert.Equal(t, []string{"state.net", "investors.irr", "tranche.junior.npv"}, outputNames(list))
}

func outputNames(outs []Output) []string {
	var n []string
	for _, o := range outs {
		n = append(n, o.Name)
	}
	return n
}

// TestParseOutputErrors: an unknown name is ErrOutput, quoting the name,
// with the outputs it may have meant when there are a few.
func TestParseOutputErrors(t *testing.T) {
	s := estonia(t)
	for _, tc := range []struct {
		in      string
		suggest []string // names the message must offer
	}{
		{"irr", []string{"investors.irr", "tranche.senior.irr", "tranche.junior.irr"}}, // a short name that ends several
		{"tranche.senior.ir", []string{"tranche.senior.irr"}},
		{"state.nett", []string{"state.net"}},
		{"investor.irr", []string{"investors.irr"}},
		{"tranche.mezzanine.irr", nil},
		{"", nil},
	} {
		_, err := ParseOutput(s, tc.in)
		require.ErrorIs(t, err, ErrOutput, tc.in)
		msg := err.Error()
		assert.True(t, strings.HasPrefix(msg, `uncertainty: unknown output "`+tc.in+`"`), msg)
		_, hint, found := strings.Cut(msg, "did you mean ")
		if tc.suggest != nil {
			assert.True(t, found, msg)
		}
		for _, n := range tc.suggest {
			assert.Contains(t, hint, n, tc.in)
		}
	}
	_, err := ParseOutputs(s, "state.net,,investors.irr")
	assert.ErrorIs(t, err, ErrOutput)
	_, err = ParseOutputs(s, "state.net,tranche.seniour.irr")
	assert.ErrorIs(t, err, ErrOutput)
	assert.Contains(t, err.Error(), `"tranche.seniour.irr"`)
}
