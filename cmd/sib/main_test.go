package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// cliCases run the CLI and compare its output with golden files
// testdata/golden/NAME.stdout and NAME.stderr; the exit code is part of the
// case. Paths are relative to this package's folder, where go test runs.
var cliCases = []struct {
	name string
	args []string
	code int
}{
	{"help", []string{"--help"}, exitOK},
	{"no-args", nil, exitUsage},
	{"unknown-command", []string{"frobnicate"}, exitUsage},
	{"cost-help", []string{"cost", "--help"}, exitOK},
	{"cost-estonia", []string{"cost", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-2024-avoid", []string{"cost", "--year", "2024", "--avoid", "custody_day=10%", "--avoid", "court_case=25", "--avoid", "special_school_day=2920", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-base-2022", []string{"cost", "--price-base", "2022", "--format", "csv", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-members-csv", []string{"cost", "--format", "csv", "--table", "members", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-json", []string{"cost", "--format", "json", "--year", "2024", "--avoid", "probation_month=600", "../../testdata/estonia/costing"}, exitOK},
	{"cost-avoided-csv", []string{"cost", "--format", "csv", "--table", "avoided_lines", "--avoid", "custody_day=3650", "../../testdata/estonia/costing"}, exitOK},
	// Usage errors: exit 2.
	{"cost-bad-format", []string{"cost", "--format", "xml", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-bad-flag", []string{"cost", "--price-bsae", "2024", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-no-folder", []string{"cost"}, exitUsage},
	{"cost-not-a-folder", []string{"cost", "testdata/nowhere"}, exitUsage},
	{"cost-bad-avoid", []string{"cost", "--avoid", "custody_day", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-avoided-needs-avoid", []string{"cost", "--format", "csv", "--table", "avoided", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-out-is-input", []string{"cost", "--out", "../../testdata/estonia/costing", "../../testdata/estonia/costing"}, exitData},
	{"cost-table-without-csv", []string{"cost", "--table", "members", "../../testdata/estonia/costing"}, exitUsage},
	// Data errors: exit 1 and nothing on stdout.
	{"cost-bad-amount", []string{"cost", "testdata/bad/amount"}, exitData},
	{"cost-bad-missing-deflator-year", []string{"cost", "testdata/bad/deflator"}, exitData},
	{"cost-bad-zero-units", []string{"cost", "testdata/bad/zero-units"}, exitData},
	{"cost-bad-price-base", []string{"cost", "--price-base", "2030", "../../testdata/estonia/costing"}, exitUsage}, // a flag value the data does not have: a usage error
	{"cost-reconciliation-csv", []string{"cost", "--format", "csv", "--table", "reconciliation", "../../testdata/estonia/costing"}, exitOK},
	{"cost-avoid-too-much", []string{"cost", "--avoid", "court_case=1000", "../../testdata/estonia/costing"}, exitData},
	{"cost-avoid-unknown-service", []string{"cost", "--avoid", "hospital_day=1", "../../testdata/estonia/costing"}, exitData},
	{"cost-bad-year", []string{"cost", "--year", "2019", "../../testdata/estonia/costing"}, exitUsage}, // a flag value the data does not have: a usage error
	{"cost-bad-misspelt-file", []string{"cost", "testdata/bad/misspelt"}, exitData},
	{"cost-bad-thousands-separator", []string{"cost", "testdata/bad/thousands"}, exitData},
	{"cost-warnings", []string{"cost", "--format", "csv", "--table", "reconciliation", "testdata/warn"}, exitOK},

	{"run-help", []string{"run", "--help"}, exitOK},
	{"params-help", []string{"params", "--help"}, exitOK},
	{"run-estonia", []string{"run", "../../testdata/estonia/scenario"}, exitOK},
	{"run-estonia-json", []string{"run", "--format", "json", "../../testdata/estonia/scenario"}, exitOK},
	{"run-estonia-tranches-csv", []string{"run", "--format", "csv", "--table", "tranches", "../../testdata/estonia/scenario"}, exitOK},
	{"run-preschool", []string{"run", "../../testdata/preschool/scenario"}, exitOK},
	{"run-employment", []string{"run", "../../testdata/employment/scenario"}, exitOK},
	{"run-small", []string{"run", "testdata/scenario-ok"}, exitOK},
	{"run-no-irr", []string{"run", "--set", "outcome.reconvictions.effect=0", "--set", "outcome.custody_days.effect=0", "--set", "outcome.school_dropout.effect=0", "../../testdata/estonia/scenario"}, exitOK},
	{"params-estonia", []string{"params", "../../testdata/estonia/scenario"}, exitOK},
	{"params-preschool-csv", []string{"params", "--format", "csv", "../../testdata/preschool/scenario"}, exitOK},
	{"run-bad-set-name", []string{"run", "--set", "outcome.reconviction.effect=0.1", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-bad-set-range", []string{"run", "--set", "cohort.c1.take_up=1.5", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-bad-table", []string{"run", "--format", "csv", "--table", "ledger", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-no-folder", []string{"run"}, exitUsage},
	{"run-bad-unknown-setting", []string{"run", "testdata/bad/scenario-unknown-setting"}, exitData},
	{"run-bad-tiers", []string{"run", "testdata/bad/scenario-tiers"}, exitData},
	{"run-bad-share", []string{"run", "testdata/bad/scenario-share"}, exitData},
	{"run-bad-cap", []string{"run", "testdata/bad/scenario-cap"}, exitData},
	{"run-bad-priority", []string{"run", "testdata/bad/scenario-priority"}, exitData},
	{"run-bad-metric", []string{"run", "testdata/bad/scenario-metric"}, exitData},
	{"run-bad-dates", []string{"run", "testdata/bad/scenario-dates"}, exitData},
	{"run-bad-lag", []string{"run", "testdata/bad/scenario-lag"}, exitData},
	{"params-bad", []string{"params", "testdata/bad/scenario-tiers"}, exitData},

	{"outcomes-help", []string{"outcomes", "--help"}, exitOK},
	{"outcomes-estonia", []string{"outcomes", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-csv", []string{"outcomes", "--format", "csv", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-waterfall-csv", []string{"outcomes", "--format", "csv", "--table", "waterfall", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-json-90", []string{"outcomes", "--format", "json", "--confidence", "0.9", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-bootstrap", []string{"outcomes", "--format", "csv", "--bootstrap", "400", "--seed", "7", "--workers", "1", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-quasi", []string{"outcomes", "--count-variance", "quasi", "--format", "csv", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-quasi-text", []string{"outcomes", "--count-variance", "quasi", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-bad-count-variance", []string{"outcomes", "--count-variance", "negbin", "../../testdata/estonia/outcomes"}, exitUsage},
	{"outcomes-zero-events", []string{"outcomes", "--format", "csv", "../../testdata/reference/outcomes/cases/aggregates"}, exitOK},
	{"outcomes-bootstrap-aggregates", []string{"outcomes", "--bootstrap", "50", "--format", "csv", "../../testdata/reference/outcomes/cases/aggregates"}, exitOK},
	{"outcomes-bad-binary", []string{"outcomes", "testdata/bad/outcomes-binary"}, exitData},
	{"outcomes-bad-group", []string{"outcomes", "testdata/bad/outcomes-group"}, exitData},
	{"outcomes-bad-empty-group", []string{"outcomes", "testdata/bad/outcomes-empty-group"}, exitData},
	{"outcomes-bad-share", []string{"outcomes", "testdata/bad/outcomes-shares"}, exitData},
	{"outcomes-bad-confidence", []string{"outcomes", "--confidence", "95", "../../testdata/estonia/outcomes"}, exitUsage},
	{"outcomes-seed-without-bootstrap", []string{"outcomes", "--seed", "3", "../../testdata/estonia/outcomes"}, exitUsage},
	{"outcomes-no-folder", []string{"outcomes"}, exitUsage},
	{"outcomes-matched", []string{"outcomes", "testdata/outcomes-matched"}, exitOK},
	{"outcomes-matched-csv", []string{"outcomes", "--format", "csv", "testdata/outcomes-matched"}, exitOK},
	{"outcomes-matched-bootstrap", []string{"outcomes", "--format", "csv", "--bootstrap", "400", "--seed", "7", "--workers", "1", "testdata/outcomes-matched"}, exitOK},
	{"outcomes-bad-weights", []string{"outcomes", "testdata/bad/outcomes-weights"}, exitData},

	{"power-help", []string{"power", "--help"}, exitOK},
	{"power-binary-mde", []string{"power", "--kind", "binary", "--baseline", "0.42", "--n", "200,400,800"}, exitOK},
	{"power-binary-n", []string{"power", "--kind", "binary", "--baseline", "0.42", "--effect", "0.05,0.10", "--power", "0.9"}, exitOK},
	{"power-continuous-ratio", []string{"power", "--kind", "continuous", "--direction", "higher", "--sd", "4000", "--effect", "1000", "--n2-ratio", "2", "--format", "json"}, exitOK},
	{"power-count-one-sided", []string{"power", "--kind", "count", "--baseline", "0.9", "--n", "300", "--n2", "600", "--one-sided", "--format", "csv"}, exitOK},
	{"power-missing-baseline", []string{"power", "--kind", "binary", "--n", "100"}, exitUsage},
	{"power-bad-baseline", []string{"power", "--kind", "binary", "--baseline", "1.5", "--n", "100"}, exitUsage},
	{"power-no-solution", []string{"power", "--kind", "binary", "--baseline", "0.02", "--n", "20"}, exitData},
	{"power-zero-power", []string{"power", "--kind", "binary", "--baseline", "0.42", "--n", "200", "--power", "0"}, exitUsage},
	{"power-effect-too-large", []string{"power", "--kind", "binary", "--baseline", "0.42", "--effect", "0.5"}, exitUsage},
	{"power-large-n", []string{"power", "--kind", "continuous", "--sd", "1", "--n", "1000000,10000000", "--format", "csv"}, exitOK},

	// The sensitivity commands, on the Estonian example with small, fast
	// settings. Their stderr says how long a run took: see normalize.
	{"outputs-help", []string{"outputs", "--help"}, exitOK},
	{"outputs-estonia", []string{"outputs", estScenario}, exitOK},
	{"outputs-preschool-csv", []string{"outputs", "--format", "csv", "../../testdata/preschool/scenario"}, exitOK},
	{"outputs-employment-json", []string{"outputs", "--format", "json", "../../testdata/employment/scenario"}, exitOK},
	{"outputs-no-folder", []string{"outputs"}, exitUsage},
	{"outputs-bad", []string{"outputs", "testdata/bad/scenario-tiers"}, exitData},

	{"tornado-help", []string{"tornado", "--help"}, exitOK},
	{"tornado-estonia", []string{"tornado", estScenario, estUncertainty}, exitOK},
	{"tornado-estonia-irr-csv", []string{"tornado", "--output", "investors.irr", "--format", "csv", estScenario, estUncertainty}, exitOK},
	{"tornado-estonia-multiple-json", []string{"tornado", "--output", "investors.multiple", "--format", "json", estScenario, estUncertainty}, exitOK},
	{"tornado-estonia-set", []string{"tornado", "--set", "term.custody.price=30", "--output", "payments.total", estScenario, estUncertainty}, exitOK},
	{"tornado-spec-file", []string{"tornado", "--format", "csv", estScenario, "testdata/spec-file/estonia-spec.csv"}, exitOK}, // a spec file in a folder without correlations

	{"grid-help", []string{"grid", "--help"}, exitOK},
	{"grid-misspelt-param", []string{"grid", "--x", "outcome.reconvictions.efect", "--y", "cohort.c1.size", estScenario, estUncertainty}, exitUsage},
	{"grid-estonia", []string{"grid", "--x", "outcome.reconvictions.effect", "--y", "term.reconviction_rate.price", "--y-range", "4000,8000", "--steps", "5", estScenario, estUncertainty}, exitOK},
	{"grid-estonia-irr", []string{"grid", "--x", "outcome.reconvictions.effect", "--x-range", "0,0.2", "--y", "term.reconviction_rate.price", "--y-range", "3000,4700", "--steps", "5", "--output", "investors.irr", estScenario}, exitOK},
	{"grid-estonia-irr-csv", []string{"grid", "--x", "outcome.reconvictions.effect", "--x-range", "0,0.2", "--y", "term.reconviction_rate.price", "--y-range", "3000,4700", "--steps", "5", "--output", "investors.irr", "--format", "csv", estScenario}, exitOK},
	{"grid-estonia-json", []string{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--x-steps", "3", "--y-steps", "4", "--format", "json", estScenario, estUncertainty}, exitOK},

	{"breakeven-help", []string{"breakeven", "--help"}, exitOK},
	{"breakeven-estonia-no-crossing", []string{"breakeven", "--param", "outcome.reconvictions.effect", "--output", "state.net", estScenario, estUncertainty}, exitOK},
	{"breakeven-estonia-irr-json", []string{"breakeven", "--param", "outcome.reconvictions.effect", "--output", "investors.irr", "--target", "0.05", "--format", "json", estScenario, estUncertainty}, exitOK},
	{"breakeven-estonia-net-csv", []string{"breakeven", "--param", "outcome.reconvictions.effect", "--output", "investors.net", "--format", "csv", estScenario, estUncertainty}, exitOK},
	{"breakeven-estonia-range", []string{"breakeven", "--param", "term.reconviction_rate.price", "--range", "2000,4756", "--output", "investors.irr", "--target", "0.05", estScenario}, exitOK},
	{"breakeven-preschool-jump", []string{"breakeven", "--param", "outcome.grade_repetition.effect", "--range", "-0.3,0.3", "../../testdata/preschool/scenario"}, exitOK},

	{"simulate-help", []string{"simulate", "--help"}, exitOK},
	{"simulate-estonia", []string{"simulate", "--draws", "2000", estScenario, estUncertainty}, exitOK},
	{"simulate-estonia-csv", []string{"simulate", "--draws", "2000", "--seed", "7", "--format", "csv", estScenario, estUncertainty}, exitOK},
	{"simulate-estonia-json", []string{"simulate", "--draws", "2000", "--output", "investors.irr,state.net", "--format", "json", estScenario, estUncertainty}, exitOK},

	{"sobol-help", []string{"sobol", "--help"}, exitOK},
	{"sobol-estonia", []string{"sobol", "--n", "64", "--boot", "200", estScenario, estUncertainty}, exitOK},
	{"sobol-estonia-saltelli-csv", []string{"sobol", "--n", "64", "--boot", "200", "--estimator", "saltelli", "--format", "csv", estScenario, estUncertainty}, exitOK},
	{"sobol-estonia-random-json", []string{"sobol", "--n", "64", "--boot", "200", "--random", "--output", "payments.total", "--format", "json", estScenario, estUncertainty}, exitOK},

	// Errors in an uncertainty folder: exit 1, the file, line and column.
	{"simulate-bad-unknown-param", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-unknown-param"}, exitData},
	{"simulate-bad-negative-sd", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-negative-sd"}, exitData},
	{"simulate-bad-uniform-reversed", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-uniform-reversed"}, exitData},
	{"tornado-bad-low-above-high", []string{"tornado", estScenario, "testdata/bad/uncertainty-low-above-high"}, exitData},
	{"simulate-bad-beta-shape", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-beta-shape"}, exitData},
	{"simulate-bad-correlation-range", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-correlation-range"}, exitData},
	{"simulate-bad-not-psd", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-not-psd"}, exitData},
	{"simulate-bad-unknown-file", []string{"simulate", "--draws", "100", estScenario, "testdata/bad/uncertainty-unknown-file"}, exitData},
	{"sobol-estonia-n100", []string{"sobol", "--n", "100", "--boot", "0", estScenario, estUncertainty}, exitOK},
	{"sobol-estonia-convergence-csv", []string{"sobol", "--n", "64", "--boot", "100", "--format", "csv", "--table", "convergence", estScenario, estUncertainty}, exitOK},
	{"sobol-bad-table", []string{"sobol", "--table", "bogus", "--format", "csv", estScenario, estUncertainty}, exitUsage},
	{"sobol-estonia-owen", []string{"sobol", "--n", "64", "--boot", "200", "--scramble", "owen", "--seed", "3", estScenario, estUncertainty}, exitOK},
	{"sobol-bad-scramble", []string{"sobol", "--scramble", "digital", estScenario, estUncertainty}, exitUsage},
	{"sobol-bad-scramble-random", []string{"sobol", "--scramble", "owen", "--random", estScenario, estUncertainty}, exitUsage},
	{"sobol-estonia-groups", []string{"sobol", "--n", "64", "--boot", "200", "--group", "custody=outcome.custody_days.effect,outcome.custody_days.decay", "--group", "costs=cost.custody_day.unit_cost,cost.police_case.unit_cost,cost.court_case.unit_cost", estScenario, estUncertainty}, exitOK},
	{"sobol-estonia-groups-csv", []string{"sobol", "--n", "64", "--boot", "200", "--group", "custody=outcome.custody_days.effect,outcome.custody_days.decay", "--format", "csv", "--table", "groups", estScenario, estUncertainty}, exitOK},
	{"sobol-bad-group", []string{"sobol", "--group", "custody", estScenario, estUncertainty}, exitUsage},
	{"sobol-bad-group-param", []string{"sobol", "--group", "x=outcome.custody_days.effect,nope", estScenario, estUncertainty}, exitUsage},
	{"sobol-bad-unknown-param", []string{"sobol", "--n", "64", estScenario, "testdata/bad/uncertainty-unknown-param"}, exitData},
	{"simulate-zero-draws", []string{"simulate", "--draws", "0", estScenario, estUncertainty}, exitUsage},
	{"breakeven-flat", []string{"breakeven", "--param", "cohort.c1.take_up", "--output", "costs.unfunded", estScenario}, exitOK},
	{"breakeven-unknown-param", []string{"breakeven", "--param", "outcome.reconvictions.efect", estScenario, estUncertainty}, exitUsage},
	{"tornado-plot-no-folder", []string{"tornado", "--plot", "testdata/nowhere/tornado.png", estScenario, estUncertainty}, exitData},
	// Usage errors: exit 2.
	{"tornado-unknown-output", []string{"tornado", "--output", "irr", estScenario, estUncertainty}, exitUsage},
	{"simulate-unknown-output", []string{"simulate", "--output", "state.net,investors.irrr", estScenario, estUncertainty}, exitUsage},
	{"tornado-two-outputs", []string{"tornado", "--output", "state.net,investors.irr", estScenario, estUncertainty}, exitUsage},
	{"tornado-plot-jpg", []string{"tornado", "--plot", "tornado.jpg", estScenario, estUncertainty}, exitUsage},
	{"simulate-hist-jpg", []string{"simulate", "--hist", "hist.jpg", estScenario, estUncertainty}, exitUsage},
	{"tornado-no-uncertainty", []string{"tornado", estScenario}, exitUsage},
	{"simulate-no-uncertainty", []string{"simulate", estScenario}, exitUsage},
	{"tornado-bad-set", []string{"tornado", "--set", "outcome.custody_day.effect=1", estScenario, estUncertainty}, exitUsage},
	{"tornado-no-such-uncertainty", []string{"tornado", estScenario, "testdata/nowhere"}, exitUsage},
	{"grid-no-range", []string{"grid", "--x", "outcome.custody_days.effect", "--y", "term.reconviction_rate.price", estScenario, estUncertainty}, exitUsage},
	{"grid-bad-range", []string{"grid", "--x", "outcome.custody_days.effect", "--y", "term.reconviction_rate.price", "--y-range", "4000", estScenario, estUncertainty}, exitUsage},
	{"grid-no-y", []string{"grid", "--x", "outcome.custody_days.effect", estScenario, estUncertainty}, exitUsage},
	{"breakeven-unbounded", []string{"breakeven", "--param", "term.reconviction_rate.price", estScenario}, exitUsage},
	{"breakeven-unbounded-not-in-spec", []string{"breakeven", "--param", "term.reconviction_rate.price", estScenario, estUncertainty}, exitUsage},
	{"breakeven-no-param", []string{"breakeven", estScenario}, exitUsage},
	{"simulate-bad-format", []string{"simulate", "--format", "xml", estScenario, estUncertainty}, exitUsage},
	{"simulate-bad-workers", []string{"simulate", "--workers", "-1", estScenario, estUncertainty}, exitUsage},
	{"sobol-bad-estimator", []string{"sobol", "--estimator", "bogus", estScenario, estUncertainty}, exitUsage},
	{"sobol-bad-conf", []string{"sobol", "--conf", "95", estScenario, estUncertainty}, exitUsage},
	{"run-relative", []string{"run", "testdata/scenario-ok-relative"}, exitOK},
	{"run-sizebands", []string{"run", "testdata/scenario-ok-sizebands"}, exitOK},
	{"params-sizebands", []string{"params", "testdata/scenario-ok-sizebands"}, exitOK},
	{"run-sizebands-takeup", []string{"run", "--set", "cohort.a.take_up=0.6", "testdata/scenario-ok-sizebands"}, exitOK},
	{"run-bad-sizebands-order", []string{"run", "testdata/bad/scenario-sizebands-order"}, exitData},
	{"run-dealtier", []string{"run", "testdata/scenario-ok-dealtier"}, exitOK},
	{"run-additionality", []string{"run", "testdata/scenario-ok-additionality"}, exitOK},
	{"run-capital", []string{"run", "testdata/scenario-ok-capital"}, exitOK},
	{"run-periodic", []string{"run", "testdata/scenario-ok-periodic"}, exitOK},
	{"run-coupons", []string{"run", "testdata/scenario-ok-coupons"}, exitOK},
	{"run-payers", []string{"run", "testdata/scenario-ok-payers"}, exitOK},
	{"run-payers-payments-csv", []string{"run", "--format", "csv", "--table", "payments", "testdata/scenario-ok-payers"}, exitOK},
	{"run-timing", []string{"run", "testdata/scenario-ok-timing"}, exitOK},
	{"run-termination", []string{"run", "testdata/scenario-ok-termination"}, exitOK},
	{"run-timing-lag-after-maturity", []string{"run", "--set", "term.t.lag=4", "testdata/scenario-ok-timing"}, exitOK},
	{"run-timing-not-whole", []string{"run", "--set", "term.t.lag=1.5", "testdata/scenario-ok-timing"}, exitUsage},
	{"params-timing", []string{"params", "--timing", "testdata/scenario-ok-timing"}, exitOK},
	{"breakeven-timing-lag", []string{"breakeven", "--param", "term.t.lag", "--output", "investors.multiple", "--target", "1", "testdata/scenario-ok-timing"}, exitOK},
	{"grid-timing", []string{"grid", "--x", "term.t.lag", "--x-range", "0,5", "--y", "tranche.senior.maturity", "--y-range", "3,6", "--output", "investors.multiple", "testdata/scenario-ok-timing"}, exitOK},
	{"run-bad-payers-shares", []string{"run", "testdata/bad/scenario-payers"}, exitData},
	{"run-switch", []string{"run", "testdata/scenario-ok-switch"}, exitOK},
	{"run-fees", []string{"run", "testdata/scenario-ok-fees"}, exitOK},
	{"run-feegate", []string{"run", "testdata/scenario-ok-feegate"}, exitOK},
	{"run-ptiming", []string{"run", "testdata/scenario-ok-ptiming"}, exitOK},
	{"run-ptiming-from", []string{"run", "--set", "term.bands.from=1", "testdata/scenario-ok-ptiming"}, exitOK},
	{"run-ptiming-to-before-from", []string{"run", "--set", "term.bands.to=2", "testdata/scenario-ok-ptiming"}, exitUsage}, // the --set change breaks the rule: a usage error
	{"run-plot-no-folder", []string{"run", "--plot", "testdata/nowhere/deal.png", "testdata/scenario-ok"}, exitData},
	{"run-plot-into-input", []string{"run", "--plot", "testdata/scenario-ok", "testdata/scenario-ok"}, exitData},
	{"grid-bad-contour", []string{"grid", "--x", "term.t.lag", "--x-range", "0,5", "--y", "tranche.senior.maturity", "--y-range", "3,6", "--contour", "high", "testdata/scenario-ok-timing"}, exitUsage},
	// Issue 15 section 3: help, a misspelt command, spreadsheet artefacts,
	// folders of the wrong kind, a spec file that would lose its
	// correlations, a share paid once a participant above 1.
	{"help-run", []string{"help", "run"}, exitOK},
	{"unknown-command-misspelt", []string{"runn", "../../testdata/estonia/scenario"}, exitUsage},
	{"simulate-misspelt-flag", []string{"simulate", "--draw", "100", estScenario, estUncertainty}, exitUsage},
	{"cost-excel-artefacts", []string{"cost", "--format", "csv", "--table", "members", "testdata/excel-costing"}, exitOK},
	{"run-costing-folder", []string{"run", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-scenario-folder", []string{"cost", estScenario}, exitUsage},
	{"outcomes-uncertainty-folder", []string{"outcomes", estUncertainty}, exitUsage},
	{"tornado-swapped", []string{"tornado", estUncertainty, estScenario}, exitUsage},
	{"simulate-costing-as-uncertainty", []string{"simulate", estScenario, "../../testdata/estonia/costing"}, exitUsage},
	{"simulate-spec-file-with-correlations", []string{"simulate", "--draws", "100", estScenario, estUncertainty + "/uncertainty.csv"}, exitUsage},
	{"run-bad-once-share", []string{"run", "testdata/bad/scenario-once-share"}, exitData},
	{"run-once-share", []string{"run", "testdata/scenario-ok-once-share"}, exitOK},
	{"run-once-share-set-above-1", []string{"run", "--set", "outcome.m.effect=1.2", "testdata/scenario-ok-once-share"}, exitUsage}, // the --set change breaks the rule: a usage error
	{"run-once-count-set-above-1", []string{"run", "--set", "outcome.m.effect=1.2", "testdata/scenario-ok-timing"}, exitOK},
	// The cash-flow commands (issue 15 section 4).
	{"irr-help", []string{"irr", "--help"}, exitOK},
	{"xirr-help", []string{"xirr", "--help"}, exitOK},
	{"npv-help", []string{"npv", "--help"}, exitOK},
	{"mirr-help", []string{"mirr", "--help"}, exitOK},
	{"irr-list", []string{"irr", "--", "-1000", "300", "400", "500"}, exitOK},
	{"irr-per-year-csv", []string{"irr", "--per-year", "4", "--format", "csv", "--flows", "-1000,300,400,500"}, exitOK},
	{"irr-json", []string{"irr", "--format", "json", "--", "-1000", "300", "400", "500"}, exitOK},
	{"irr-file-gap", []string{"irr", "testdata/flows/periodic.csv"}, exitOK},
	{"irr-two-roots", []string{"irr", "--", "-100", "230", "-132"}, exitOK},
	{"irr-no-sign-change", []string{"irr", "--", "1000", "300"}, exitData},
	{"irr-bad-number", []string{"irr", "--", "-1000", "30x0", "400"}, exitUsage},
	{"irr-file-bad-number", []string{"irr", "testdata/flows/periodic-bad.csv"}, exitData},
	{"irr-dated-file", []string{"irr", "testdata/flows/dated.csv"}, exitData},
	{"irr-flows-twice", []string{"irr", "--flows", "-1,2", "--", "-1", "2"}, exitUsage},
	{"irr-bad-per-year", []string{"irr", "--per-year", "0", "--", "-1", "2"}, exitUsage},
	{"xirr-microsoft", []string{"xirr", "2008-01-01,-10000", "2008-03-01,2750", "2008-10-30,4250", "2009-02-15,3250", "2009-04-01,2750"}, exitOK},
	{"xirr-act360-csv", []string{"xirr", "--day-count", "act/360", "--format", "csv", "--dates", "2024-01-31,2025-01-31", "--flows", "-1000,1080"}, exitOK},
	{"xirr-30-360-file", []string{"xirr", "--day-count", "30/360", "testdata/flows/dated.csv"}, exitOK},
	{"xirr-30e-360-json", []string{"xirr", "--day-count", "30E/360", "--format", "json", "testdata/flows/dated.csv"}, exitOK},
	{"xirr-dates-out-of-order", []string{"xirr", "2008-03-01,-10000", "2008-01-01,2750"}, exitData},
	{"xirr-file-out-of-order", []string{"xirr", "testdata/flows/dated-order.csv"}, exitData},
	{"xirr-bad-day-count", []string{"xirr", "--day-count", "30/365", "2008-01-01,-10000", "2009-01-01,11000"}, exitUsage},
	{"xirr-bad-date", []string{"xirr", "2008-13-01,-10000", "2009-01-01,11000"}, exitUsage},
	{"xirr-no-dates", []string{"xirr", "--flows", "-1,2"}, exitUsage},
	{"npv-list", []string{"npv", "--rate", "0.05", "--", "-1000", "300", "400", "500"}, exitOK},
	{"npv-per-year-csv", []string{"npv", "--rate", "0.08", "--per-year", "4", "--format", "csv", "--", "-1000", "300", "400", "500"}, exitOK},
	{"npv-dated", []string{"npv", "--rate", "0.09", "--dates", "2008-01-01,2008-03-01,2008-10-30,2009-02-15,2009-04-01", "--flows", "-10000,2750,4250,3250,2750"}, exitOK},
	{"npv-dated-act360-file", []string{"npv", "--rate", "0.09", "--day-count", "act/360", "testdata/flows/dated.csv"}, exitOK},
	{"npv-no-rate", []string{"npv", "--", "-1000", "300"}, exitUsage},
	{"npv-bad-rate", []string{"npv", "--rate", "five", "--", "-1000", "300"}, exitUsage},
	{"mirr-microsoft", []string{"mirr", "--finance-rate", "0.10", "--reinvest-rate", "0.12", "--", "-120000", "39000", "30000", "21000", "37000", "46000"}, exitOK},
	{"mirr-per-year-json", []string{"mirr", "--finance-rate", "0.10", "--reinvest-rate", "0.12", "--per-year", "4", "--format", "json", "testdata/flows/periodic.csv"}, exitOK},
	{"mirr-no-sign-change", []string{"mirr", "--finance-rate", "0.1", "--reinvest-rate", "0.1", "--", "-1", "-2"}, exitData},
	{"mirr-no-finance-rate", []string{"mirr", "--reinvest-rate", "0.1", "--", "-1", "2"}, exitUsage},
	{"check-help", []string{"check", "--help"}, exitOK},
	{"check-estonia", []string{"check", "../../testdata/estonia/costing", "../../testdata/estonia/outcomes", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}, exitOK},
	{"check-examples-csv", []string{"check", "--format", "csv", "../../testdata/preschool/scenario", "../../testdata/employment/scenario", "../../testdata/employment/outcomes"}, exitOK},
	{"check-mixed", []string{"check", "../../testdata/estonia/uncertainty", "testdata/bad/scenario-cap", "testdata/nowhere", "testdata", "testdata/bad/amount", "testdata/bad/outcomes-shares", "testdata/scenario-ok"}, exitData},
	{"check-uncertainty-after-bad-scenario", []string{"check", "testdata/bad/scenario-cap", "../../testdata/estonia/uncertainty"}, exitData},
	{"check-uncertainty-wrong-scenario", []string{"check", "testdata/scenario-ok", "../../testdata/estonia/uncertainty"}, exitData},
	{"check-bad-uncertainty", []string{"check", "../../testdata/estonia/scenario", "testdata/bad/uncertainty-not-psd"}, exitData},
	{"check-kind", []string{"check", "--kind", "costing", "../../testdata/estonia/scenario"}, exitData},
	{"check-bad-kind", []string{"check", "--kind", "ledger", "../../testdata/estonia/costing"}, exitUsage},
	{"check-no-folder", []string{"check"}, exitUsage},
	{"check-two-kinds", []string{"check", "testdata/bad/two-kinds"}, exitData},
	{"check-json", []string{"check", "--format", "json", "../../testdata/estonia/scenario"}, exitOK},
	{"compare-help", []string{"compare", "--help"}, exitOK},
	{"compare-uncertainty-folder", []string{"compare", estScenario, estUncertainty}, exitUsage},
	{"compare-set", []string{"compare", "--set", "term.employment.share=0.4", "../../testdata/employment/scenario"}, exitOK},
	{"compare-overpriced", []string{"compare", estScenario, "../../testdata/estonia/overpriced"}, exitOK},
	{"compare-set-csv", []string{"compare", "--format", "csv", "--set", "outcome.months_in_work.decay=0.3", "--set", "tranche.social.coupon=0.07", "../../testdata/employment/scenario"}, exitOK},
	{"compare-three-json", []string{"compare", "--format", "json", "../../testdata/preschool/scenario", "../../testdata/employment/scenario", "testdata/scenario-ok"}, exitOK},
	{"compare-no-irr", []string{"compare", "--set", "outcome.months_in_work.effect=0", "../../testdata/employment/scenario"}, exitOK},
	{"compare-one-folder", []string{"compare", "../../testdata/employment/scenario"}, exitUsage},
	{"compare-set-two-folders", []string{"compare", "--set", "term.employment.share=0.4", "../../testdata/employment/scenario", "../../testdata/preschool/scenario"}, exitUsage},
	{"compare-bad-set", []string{"compare", "--set", "term.employmnt.share=0.4", "../../testdata/employment/scenario"}, exitUsage},
	{"compare-bad-scenario", []string{"compare", "../../testdata/employment/scenario", "testdata/bad/scenario-cap"}, exitData},
	{"init-help", []string{"init", "--help"}, exitOK},
	{"init-not-empty", []string{"init", "--template", "ratecard", "testdata/scenario-ok"}, exitData},
	{"init-bad-template", []string{"init", "--template", "payment-by-results", "new-deal"}, exitUsage},
	{"init-no-folder", []string{"init", "--template", "savings"}, exitUsage},

	// A newcomer's walkthrough (issue 15): --set given twice, and --set
	// values that break a rule checked at compile, are usage errors.
	{"run-set-twice", []string{"run", "--set", "term.reconviction_rate.price=3500", "--set", "term.reconviction_rate.price=4500", estScenario}, exitUsage},
	{"compare-set-twice", []string{"compare", "--set", "term.custody.price=30", "--set", "term.custody.price=35", estScenario}, exitUsage},
	{"tornado-set-twice", []string{"tornado", "--set", "term.custody.price=30", "--set", "term.custody.price=35", estScenario, estUncertainty}, exitUsage},
	{"compare-set-breaks-rule", []string{"compare", "--set", "term.bands.to=2", "testdata/scenario-ok-ptiming"}, exitUsage},
	{"check-swapped", []string{"check", estUncertainty, estScenario}, exitData},
	{"help-nosuch", []string{"help", "nosuch"}, exitUsage},
	{"irr-amounts-without-dashes", []string{"irr", "-100", "60", "60"}, exitUsage},
	{"npv-amounts-without-dashes", []string{"npv", "--rate", "0.05", "-100", "60", "60"}, exitUsage},
	{"init-no-template", []string{"init", "new-deal"}, exitUsage},
	{"cost-format-upper-case", []string{"cost", "--format", "CSV", "--table", "Members", "../../testdata/estonia/costing"}, exitOK},
	{"xirr-day-count-upper-case", []string{"xirr", "--day-count", "ACT/360", "--format", "Json", "--dates", "2024-01-31,2025-01-31", "--flows", "-1000,1080"}, exitOK},
	{"grid-set-breaks-rule", []string{"grid", "--set", "term.bands.to=2", "--x", "term.bands.price", "--x-range", "1,2", "--y", "term.bands.from", "--y-range", "1,3", "--steps", "2", "testdata/scenario-ok-ptiming"}, exitUsage},
	// A contract on the gross measure (saving_measure gross): the summary
	// leads with it, the sensitivity commands follow it by default.
	{"run-gross", []string{"run", "testdata/scenario-ok-gross"}, exitOK},
	{"run-gross-csv", []string{"run", "--format", "csv", "testdata/scenario-ok-gross"}, exitOK},
	{"outputs-gross", []string{"outputs", "testdata/scenario-ok-gross"}, exitOK},
	{"tornado-gross", []string{"tornado", "testdata/scenario-ok-gross", "testdata/spec-file/gross-spec.csv"}, exitOK},
	{"tornado-gross-cashable", []string{"tornado", "--output", "state.net", "testdata/scenario-ok-gross", "testdata/spec-file/gross-spec.csv"}, exitOK},
	{"grid-gross-csv", []string{"grid", "--format", "csv", "--x", "outcome.m.effect", "--x-range", "0,1", "--y", "cost.s.cashable", "--y-range", "0,1", "--steps", "3", "testdata/scenario-ok-gross"}, exitOK},
	{"simulate-gross", []string{"simulate", "--draws", "200", "--seed", "1", "testdata/scenario-ok-gross", "testdata/spec-file/gross-spec.csv"}, exitOK},
	{"run-capgroup", []string{"run", "testdata/scenario-ok-capgroup"}, exitOK},
	{"params-capgroup", []string{"params", "testdata/scenario-ok-capgroup"}, exitOK},
	{"run-capgroup-no-cap", []string{"run", "testdata/bad/scenario-capgroup-nocap"}, exitData},
	{"claims-help", []string{"claims", "--help"}, exitOK},
	{"claims-youth", []string{"claims", "../../testdata/youth-employment-claims"}, exitOK},
	{"claims-youth-payments-csv", []string{"claims", "--format", "csv", "--table", "payments", "../../testdata/youth-employment-claims"}, exitOK},
	{"claims-bad-date", []string{"claims", "testdata/bad/claims-date"}, exitData},
	// From claims to the deal (issue 16 item 4): actuals in a scenario,
	// and the claims run's actuals and forecast tables.
	{"run-actuals", []string{"run", "testdata/scenario-ok-actuals"}, exitOK},
	{"run-actuals-payments-csv", []string{"run", "--format", "csv", "--table", "payments", "testdata/scenario-ok-actuals"}, exitOK},
	{"run-actuals-unknown-term", []string{"run", "testdata/bad/scenario-actuals-unknown-term"}, exitData},
	{"claims-youth-actuals-csv", []string{"claims", "--as-of", "2016-12-31", "--format", "csv", "--table", "actuals", "../../testdata/youth-employment-claims"}, exitOK},
	{"claims-youth-forecast-csv", []string{"claims", "--as-of", "2016-12-31", "--format", "csv", "--table", "forecast", "--term", "EMPLOY=job_entry", "../../testdata/youth-employment-claims"}, exitOK},
	{"claims-term-unknown", []string{"claims", "--term", "JOB=job_entry", "../../testdata/youth-employment-claims"}, exitUsage},
	{"claims-term-bad-name", []string{"claims", "--term", "EMPLOY==job", "../../testdata/youth-employment-claims"}, exitUsage},
	{"claims-as-of-bad", []string{"claims", "--as-of", "2016-02-30", "../../testdata/youth-employment-claims"}, exitUsage},
	{"run-youth-reforecast", []string{"run", "../../testdata/youth-employment-claims/scenario-2016-q4"}, exitOK},
	{"claims-rules", []string{"claims", "testdata/claims-rules"}, exitOK},
	{"claims-rules-claims-csv", []string{"claims", "--format", "csv", "--table", "claims", "testdata/claims-rules"}, exitOK},
	{"claims-bad-min-after", []string{"claims", "testdata/bad/claims-min-after"}, exitData},
	{"claims-template-one-folder", []string{"claims", "--template", "../../testdata/youth-employment-claims"}, exitUsage},
	{"claims-generate-bad-invalid", []string{"claims", "--generate", "10", "--invalid", "2", "../../testdata/youth-employment-claims", "testdata/nowhere"}, exitUsage},
	{"claims-seed-without-generate", []string{"claims", "--seed", "3", "../../testdata/youth-employment-claims"}, exitUsage},
	{"claims-template-with-out", []string{"claims", "--template", "--out", "x", "../../testdata/youth-employment-claims", "testdata/nowhere"}, exitUsage},
	{"simulate-appraisal-estonia", []string{"simulate", "--draws", "500", "--comparator", "--exposure", "--evpi", estScenario, estUncertainty}, exitOK},
	{"simulate-evpi-group-csv", []string{"simulate", "--draws", "500", "--format", "csv", "--table", "evpi", "--evpi-bins", "5", "--evpi-group", "effects=outcome.reconvictions.effect,outcome.custody_days.effect", estScenario, estUncertainty}, exitOK},
	{"simulate-comparator-json", []string{"simulate", "--draws", "300", "--format", "json", "--comparator", "--exposure", estScenario, estUncertainty}, exitOK},
	{"simulate-exposure-april-toy", []string{"simulate", "--draws", "400", "--exposure", "--comparator", "../../uncertainty/testdata/toy/exposure", "../../uncertainty/testdata/toy/uncertainty"}, exitOK},
	{"init-xlsx-name-without-flag", []string{"init", "--template", "ratecard", "testdata/nowhere/deal.xlsx"}, exitUsage},
	{"report-xlsx", []string{"report", "--xlsx", "r.xlsx", "--out", "r.html", "../../testdata/preschool/scenario"}, exitUsage},
	{"simulate-tests-without-noise", []string{"simulate", "--noise=false", "--format", "csv", "--table", "tests", estScenario, estUncertainty}, exitUsage},
	{"simulate-evpi-group-bad", []string{"simulate", "--evpi-group", "effects", estScenario, estUncertainty}, exitUsage},
	{"simulate-evpi-group-unknown", []string{"simulate", "--evpi-group", "g=outcome.nope.effect", estScenario, estUncertainty}, exitUsage},
	{"simulate-evpi-bins-negative", []string{"simulate", "--evpi-bins", "-1", estScenario, estUncertainty}, exitUsage},
	{"simulate-exposure-plot-jpg", []string{"simulate", "--exposure-plot", "exposure.jpg", estScenario, estUncertainty}, exitUsage},

	// Discount schedules (issue 17, part B).
	{"schedules", []string{"schedules"}, exitOK},
	{"schedules-csv", []string{"schedules", "--format", "csv"}, exitOK},
	{"run-preschool-schedule-standard", []string{"run", "--discount-schedule", "greenbook-2026:standard", "--format", "csv", "--table", "summary", "../../testdata/preschool/scenario"}, exitOK},
	{"run-preschool-schedule-lower", []string{"run", "--discount-schedule", "greenbook-2026:lower", "--format", "csv", "--table", "summary", "../../testdata/preschool/scenario"}, exitOK},
	{"run-preschool-green-book-timing", []string{"run", "--discount-timing", "green_book", "--format", "csv", "--table", "summary", "../../testdata/preschool/scenario"}, exitOK},
	{"run-timing-unknown", []string{"run", "--discount-timing", "mid_year", "../../testdata/preschool/scenario"}, exitUsage},
	{"breakeven-preschool-schedule-lower", []string{"breakeven", "--discount-schedule", "greenbook-2026:lower", "--param", "outcome.special_ed.effect", "--range", "0,0.3", "../../testdata/preschool/scenario"}, exitOK},
	{"run-schedule-unknown", []string{"run", "--discount-schedule", "greenbook-2030:standard", "../../testdata/preschool/scenario"}, exitUsage},
	{"tornado-schedule-replaces-discount-rate", []string{"tornado", "--discount-schedule", "greenbook-2026:lower", "../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}, exitUsage},
	// Measurement noise: off gives the figures of the true effects.
	{"simulate-estonia-noise-off", []string{"simulate", "--draws", "2000", "--noise=false", estScenario, estUncertainty}, exitOK},
	{"simulate-estonia-tests-csv", []string{"simulate", "--draws", "2000", "--format", "csv", "--table", "tests", estScenario, estUncertainty}, exitOK},
	{"run-chance-estonia", []string{"run", "--chance", estScenario}, exitOK},
	{"run-chance-estonia-oc-csv", []string{"run", "--chance", "--format", "csv", "--table", "oc", estScenario}, exitOK},
	{"run-chance-table-without-chance", []string{"run", "--table", "oc", estScenario}, exitUsage},
	{"run-chance-no-design", []string{"run", "--chance", "../../testdata/preschool/scenario"}, exitData},
	// Closure lag of step costs (issue 17, item 3): what the lag holds back.
	{"run-closure", []string{"run", "testdata/scenario-ok-closure"}, exitOK},
	{"run-closure-no-lag", []string{"run", "--set", "setting.closure_lag=0", "--format", "csv", "testdata/scenario-ok-closure"}, exitOK},
	{"run-closure-savings-csv", []string{"run", "--format", "csv", "--table", "savings", "testdata/scenario-ok-closure"}, exitOK},
	{"tornado-closure", []string{"tornado", "testdata/scenario-ok-closure", "testdata/spec-file/closure-spec.csv"}, exitOK},
	{"run-appraisal-toy-csv", []string{"run", "--format", "csv", "--table", "appraisal", "../../sib/testdata/appraisal-toy"}, exitOK},
	{"run-preschool-appraisal-csv", []string{"run", "--format", "csv", "--table", "appraisal", "../../testdata/preschool/scenario"}, exitOK},
	{"run-bad-values-category", []string{"run", "testdata/bad/scenario-values-category"}, exitData},
	{"run-bad-commissioner-grade", []string{"run", "testdata/bad/scenario-commissioner-grade"}, exitData},
	// sib report (issue 18, item 4): the page's text is golden in report_test.go.
	{"report-help", []string{"report", "--help"}, exitOK},
	{"report-no-out", []string{"report", "../../testdata/preschool/scenario"}, exitUsage},
	{"report-not-html", []string{"report", "--out", "deal.pdf", "../../testdata/preschool/scenario"}, exitUsage},
	{"report-into-input", []string{"report", "--out", "../../testdata/preschool/scenario/deal.html", "../../testdata/preschool/scenario"}, exitData},
	// INDIGO export (issue 18, item 5).
	{"indigo-help", []string{"indigo", "--help"}, exitOK},
	{"indigo-estonia", []string{"indigo", estScenario}, exitOK},
	{"indigo-small-private-set", []string{"indigo", "--status", "PRIVATE", "--set", "outcome.m.effect=0.25", "../../testdata/small/scenario"}, exitOK},
	{"indigo-mhep-enfield", []string{"indigo", "../../testdata/published/mhep-enfield"}, exitOK},
	{"indigo-cap-groups", []string{"indigo", "../../testdata/youth-employment-claims/scenario"}, exitOK},
	{"indigo-status-sandbox", []string{"indigo", "--status", "SANDBOX", estScenario}, exitUsage},
	{"indigo-no-folder", []string{"indigo"}, exitUsage},
	{"indigo-bad-scenario", []string{"indigo", "testdata/bad/scenario-commissioner-grade"}, exitData},
	// Workbooks in (issue 18, item 1-2): sib convert; runs on workbooks are in workbooks_test.go.
	{"convert-help", []string{"convert", "--help"}, exitOK},
	{"convert-no-args", []string{"convert"}, exitUsage},
	{"convert-folder-to-folder", []string{"convert", "../../testdata/estonia/costing", "costing-copy"}, exitUsage},
	{"convert-no-such-workbook", []string{"convert", "no-such.xlsx", "out"}, exitUsage},
	{"init-xlsx-not-xlsx", []string{"init", "--xlsx", "--template", "ratecard", "my-deal"}, exitUsage},
	{"simulate-ranks", []string{"simulate", "--draws", "300", "--noise=false", "--rank-tornado", "--output", "investors.irr,state.net", estScenario, estUncertainty}, exitOK},
	{"simulate-ranks-csv", []string{"simulate", "--draws", "300", "--noise=false", "--format", "csv", "--table", "ranks", "--output", "investors.irr", estScenario, estUncertainty}, exitOK},
	{"simulate-rank-plot-jpg", []string{"simulate", "--rank-plot", "ranks.jpg", estScenario, estUncertainty}, exitUsage},
	{"shapley-help", []string{"shapley", "--help"}, exitOK},
	{"shapley-estonia", []string{"shapley", "--perms", "100", "--nv", "500", estScenario, estUncertainty}, exitOK},
	{"shapley-estonia-csv", []string{"shapley", "--perms", "60", "--nv", "300", "--no", "2", "--ni", "2", "--seed", "5", "--output", "investors.multiple", "--format", "csv", estScenario, estUncertainty}, exitOK},
	{"shapley-estonia-json", []string{"shapley", "--perms", "40", "--nv", "300", "--format", "json", estScenario, estUncertainty}, exitOK},
	{"shapley-small-exact", []string{"shapley", "--method", "exact", "--nv", "500", "--no", "3", estScenario, "testdata/shapley-small"}, exitOK},
	{"shapley-small-exact-no1", []string{"shapley", "--method", "exact", "--nv", "200", "--no", "1", "--format", "csv", estScenario, "testdata/shapley-small"}, exitOK},
	{"shapley-exact-too-many", []string{"shapley", "--method", "exact", estScenario, estUncertainty}, exitUsage},
	{"shapley-bad-method", []string{"shapley", "--method", "sobol", estScenario, estUncertainty}, exitUsage},
	{"shapley-bad-ni", []string{"shapley", "--ni", "1", estScenario, estUncertainty}, exitUsage},
	{"shapley-bad-perms", []string{"shapley", "--perms", "0", estScenario, estUncertainty}, exitUsage},
	{"shapley-no-spec", []string{"shapley", estScenario}, exitUsage},
	{"merge-help", []string{"merge", "--help"}, exitOK},
	{"merge-no-files", []string{"merge"}, exitUsage},
	{"merge-one-shard", []string{"merge", "testdata/shard/one.json"}, exitOK},
	{"merge-one-shard-json", []string{"merge", "--format", "json", "testdata/shard/one.json"}, exitOK},
	{"merge-missing-shard", []string{"merge", "testdata/shard/empty.json"}, exitData},
	{"simulate-shard-zero", []string{"simulate", "--shard", "0/3", "--shard-out", "s.json", estScenario, estUncertainty}, exitUsage},
	{"simulate-shard-without-out", []string{"simulate", "--shard", "1/2", estScenario, estUncertainty}, exitUsage},
	{"simulate-shard-hist", []string{"simulate", "--shard", "1/2", "--shard-out", "s.json", "--hist", "h.svg", estScenario, estUncertainty}, exitUsage},
	{"simulate-shard-format", []string{"simulate", "--shard", "1/2", "--shard-out", "s.json", "--format", "csv", estScenario, estUncertainty}, exitUsage},
	{"simulate-sketch-unknown", []string{"simulate", "--sketch", "tdigest", estScenario, estUncertainty}, exitUsage},
	// Matched comparison groups (issue 20): sib match's errors; its runs are in match_test.go.
	{"match-help", []string{"match", "--help"}, exitOK},
	{"match-no-folder", []string{"match"}, exitUsage},
	{"match-bad-k", []string{"match", "--k", "11", "../../testdata/matched"}, exitUsage},
	{"match-bad-distance", []string{"match", "--distance", "mahalanobis", "../../testdata/matched"}, exitUsage},
	{"match-bad-plot", []string{"match", "--plot", "love.jpg", "../../testdata/matched"}, exitUsage},
	{"match-no-spec", []string{"match", "../../testdata/estonia/outcomes"}, exitData},
	{"match-bad-spec", []string{"match", "testdata/bad/match-spec"}, exitData},
	{"match-bad-number", []string{"match", "testdata/bad/match-number"}, exitData},
	{"match-missing-value", []string{"match", "testdata/bad/match-missing"}, exitData},
	{"match-unknown-covariate", []string{"match", "testdata/bad/match-covariate"}, exitData},
	// sib match and sib outcomes on the worked example (the weights and the Love plot: match_golden_test.go).
	{"match-matched", []string{"match", "../../testdata/matched"}, exitOK},
	{"match-matched-csv", []string{"match", "--format", "csv", "../../testdata/matched"}, exitOK},
	{"match-matched-json", []string{"match", "--format", "json", "../../testdata/matched"}, exitOK},
	{"match-matched-model", []string{"match", "--format", "csv", "--table", "model", "../../testdata/matched"}, exitOK},
	{"match-matched-sizes", []string{"match", "--format", "csv", "--table", "sizes", "../../testdata/matched"}, exitOK},
	{"match-matched-cohort", []string{"match", "--cohort", "2024", "../../testdata/matched"}, exitOK},
	{"outcomes-matched-example", []string{"outcomes", "../../testdata/matched"}, exitOK},
	{"outcomes-matched-example-json", []string{"outcomes", "--format", "json", "../../testdata/matched"}, exitOK},
	{"outcomes-matched-unmatched", []string{"outcomes", "--unmatched", "../../testdata/matched"}, exitOK},
}

// The Estonian example's scenario and uncertainty folders.
const (
	estScenario    = "../../testdata/estonia/scenario"
	estUncertainty = "../../testdata/estonia/uncertainty"
)

// elapsed matches the time a simulate or sobol run took, in its stderr.
var elapsed = regexp.MustCompile(`(\d+ (?:draws|evaluations)) in \d+\.\d+ s\n`)

// normalize replaces what changes from run to run in stderr (the time a
// run took) so that the golden files can pin the rest.
func normalize(stderr []byte) []byte {
	return elapsed.ReplaceAll(stderr, []byte("$1 in X.XX s\n"))
}

func TestCLI(t *testing.T) {
	for _, tc := range slices.Concat(cliCases, claimsCases) {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tc.code, stderr.String())
			}
			if tc.code == exitData && stdout.Len() > 0 {
				t.Errorf("partial output on a data error:\n%s", stdout.String())
			}
			golden(t, tc.name+".stdout", stdout.Bytes())
			golden(t, tc.name+".stderr", normalize(stderr.Bytes()))
		})
	}
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update. On a mismatch it writes name.got beside it and shows a diff.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".got-" + strings.TrimPrefix(filepath.Ext(path), ".")
	_ = os.WriteFile(gotPath, got, 0o644)
	diff, _ := exec.Command("diff", "-u", path, gotPath).CombinedOutput()
	t.Errorf("%s differs from the golden file (got written to %s):\n%s", name, gotPath, diff)
}

// TestREADMECommands runs the sib commands shown in README.md and the
// docs so that the documentation cannot drift from the CLI.
func TestREADMECommands(t *testing.T) {
	docs := []string{"../../README.md", "../../docs/costing.md", "../../docs/outcomes.md", "../../docs/scenario.md", "../../docs/commands.md"}
	if _, err := os.Stat("../../docs/uncertainty.md"); err == nil {
		docs = append(docs, "../../docs/uncertainty.md") // the sensitivity commands' manual, once written
	}
	for _, doc := range docs {
		body, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(body), "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "sib ") || strings.Contains(line, "<") || strings.HasSuffix(strings.Fields(line)[1], ":") {
				continue // not a command, a usage line, or a message ("sib cost: ...")
			}
			if i := strings.Index(line, " >"); i >= 0 {
				line = line[:i] // drop a redirection
			}
			args := strings.Fields(line)[1:]
			args = sandboxArgs(t, args)
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != exitOK {
				t.Errorf("%s: %q exits %d: %s", doc, line, code, stderr.String())
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s shows no sib command", doc)
		}
	}
}

// withoutComments drops the "# " comment lines (the provenance) that
// start a CSV report on standard output.
func withoutComments(b []byte) []byte {
	for bytes.HasPrefix(b, []byte("# ")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	return b
}

// withoutCommand drops the "# command: " comment line of a CSV report.
func withoutCommand(b []byte) []byte {
	return regexp.MustCompile(`(?m)^# command: .*\n`).ReplaceAll(b, nil)
}

// TestCostOut checks that --out writes every table as CSV, the same as
// --format csv --table NAME prints but for the comment lines.
func TestCostOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tables")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"cost", "--out", dir, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range costTables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		run([]string{"cost", "--format", "csv", "--table", name, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &want, &stderr)
		if !bytes.Equal(got, withoutComments(want.Bytes())) {
			t.Errorf("%s.csv differs from --format csv --table %s", name, name)
		}
	}
}

// TestCostOutStale: a second run without --avoid removes the avoided
// tables of a first run with it, so the folder only holds this run's tables.
func TestCostOutStale(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	run([]string{"cost", "--out", dir, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &stdout, &stderr)
	if _, err := os.Stat(filepath.Join(dir, "avoided.csv")); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"cost", "--out", dir, "../../testdata/estonia/costing"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"avoided.csv", "avoided_lines.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s of the first run is still there", name)
		}
	}
}

// TestMainBinary builds the command and runs it once as a process, to
// check the exit status reaches the shell.
func TestMainBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "sib")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	err := exec.Command(bin, "cost", "testdata/bad/amount").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitData {
		t.Errorf("exit status %v, want %d", err, exitData)
	}
}

// TestOutcomesOut checks that --out writes both tables as CSV, the same as
// --format csv --table would.
func TestOutcomesOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"outcomes", "--out", dir, "../../testdata/estonia/outcomes"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range outcomesTables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		run([]string{"outcomes", "--format", "csv", "--table", name, "../../testdata/estonia/outcomes"}, nil, &want, &stderr)
		if !bytes.Equal(got, withoutComments(want.Bytes())) {
			t.Errorf("%s.csv differs from --format csv --table %s", name, name)
		}
	}
}

// TestOutcomesWorkers: the output is the same byte for byte whatever
// --workers, with and without the bootstrap.
func TestOutcomesWorkers(t *testing.T) {
	for _, extra := range [][]string{nil, {"--bootstrap", "200", "--seed", "5"}} {
		var first []byte
		for _, w := range []string{"1", "2", "7"} {
			var stdout, stderr bytes.Buffer
			args := append([]string{"outcomes", "--format", "csv", "--workers", w}, extra...)
			if code := run(append(args, "../../testdata/estonia/outcomes"), nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if first == nil {
				first = stdout.Bytes()
			} else if !bytes.Equal(first, stdout.Bytes()) {
				t.Errorf("--workers %s %v: output differs from --workers 1", w, extra)
			}
		}
	}
}

// TestSimulateWorkers: through the CLI, simulate gives the same report and
// the same --draws-out file byte for byte whatever --workers, for a given
// seed; the draws file has a header (draw, every spec parameter, every
// output) and one row a draw, in order.
func TestSimulateWorkers(t *testing.T) {
	const draws = 2000
	outputs := []string{"state.net", "investors.irr", "tranche.junior.irr", "payments.total"}
	dir := t.TempDir()
	var first, firstDraws []byte
	for _, w := range []string{"1", "2", "7"} {
		path := filepath.Join(dir, "draws-"+w+".csv")
		var stdout, stderr bytes.Buffer
		args := []string{"simulate", "--format", "csv", "--draws", strconv.Itoa(draws), "--seed", "42", "--workers", w,
			"--output", strings.Join(outputs, ","), "--draws-out", path, estScenario, estUncertainty}
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), fmt.Sprintf("wrote %d draws to %s\n", draws, path)) {
			t.Errorf("--workers %s: stderr does not say where the draws went:\n%s", w, stderr.String())
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first, firstDraws = stdout.Bytes(), got
			continue
		}
		// The command lines differ in --draws-out (--workers is left out).
		if !bytes.Equal(withoutCommand(first), withoutCommand(stdout.Bytes())) {
			t.Errorf("--workers %s: the report differs from --workers 1", w)
		}
		if !bytes.Equal(withoutCommand(firstDraws), withoutCommand(got)) {
			t.Errorf("--workers %s: the --draws-out file differs from --workers 1", w)
		}
	}

	// The header and the rows.
	f, err := os.Open(filepath.Join(estUncertainty, "uncertainty.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	spec, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"draw"}
	for _, row := range spec[1:] {
		want = append(want, row[0])
	}
	want = append(want, outputs...)
	dr := csv.NewReader(bytes.NewReader(firstDraws))
	dr.Comment = '#' // the provenance
	rows, err := dr.ReadAll()
	if err != nil {
		t.Fatalf("the draws file is not CSV: %v", err)
	}
	if !slices.Equal(rows[0], want) {
		t.Errorf("header\n%q\nwant\n%q", rows[0], want)
	}
	if len(rows)-1 != draws {
		t.Errorf("%d rows, want %d", len(rows)-1, draws)
	}
	for i, row := range rows[1:] {
		if row[0] != strconv.Itoa(i) {
			t.Fatalf("row %d is draw %s", i+1, row[0])
		}
		for j, cell := range row[1:] {
			if cell == "" && strings.HasSuffix(want[j+1], ".irr") {
				continue // an IRR that does not exist
			}
			if _, err := strconv.ParseFloat(cell, 64); err != nil {
				t.Fatalf("draw %d, %s: %v", i, want[j+1], err)
			}
		}
	}
}

// TestBreakevenPlugBack: each value breakeven reports, plugged back into
// sib run with the check command it prints, gives the target: IRRs and
// multiples within 1e-6, money within a few cents (run's ledger is in
// cents).
func TestBreakevenPlugBack(t *testing.T) {
	const (
		preschool  = "../../testdata/preschool/scenario"
		employment = "../../testdata/employment/scenario"
	)
	cases := []struct {
		scenario string
		args     []string // besides --format json and the folders
		spec     string   // an uncertainty folder, or none
		output   string
		target   float64
	}{
		{estScenario, []string{"--param", "outcome.reconvictions.effect", "--output", "investors.irr", "--target", "0.05"}, estUncertainty, "investors.irr", 0.05},
		{estScenario, []string{"--param", "outcome.reconvictions.effect", "--output", "investors.net", "--target", "0"}, estUncertainty, "investors.net", 0},
		{estScenario, []string{"--param", "term.reconviction_rate.price", "--range", "2000,4756", "--output", "investors.irr", "--target", "0.05"}, "", "investors.irr", 0.05},
		{estScenario, []string{"--param", "outcome.reconvictions.effect", "--range", "0,0.3", "--output", "investors.multiple", "--target", "1.2"}, "", "investors.multiple", 1.2},
		{estScenario, []string{"--param", "term.reconviction_rate.price", "--range", "0,4756", "--output", "state.net", "--target", "-200000"}, "", "state.net", -2e5},
		{preschool, []string{"--param", "outcome.special_ed.effect", "--range", "-0.3,0.3"}, "", "state.net", 0},
		{preschool, []string{"--param", "outcome.special_ed.effect", "--range", "0,0.3", "--output", "investors.irr", "--target", "0.05"}, "", "investors.irr", 0.05},
		{preschool, []string{"--param", "term.special_ed_savings.share", "--output", "investors.multiple", "--target", "1"}, "", "investors.multiple", 1},
		{employment, []string{"--param", "term.employment.share", "--output", "investors.irr", "--target", "0.05"}, "", "investors.irr", 0.05},
		{employment, []string{"--param", "outcome.months_in_work.effect", "--range", "0,5", "--output", "investors.net", "--target", "0"}, "", "investors.net", 0},
		{employment, []string{"--param", "outcome.months_in_work.effect", "--range", "-3,5", "--output", "state.net", "--target", "0"}, "", "state.net", 0},
		{employment, []string{"--param", "cost.benefit_month.unit_cost", "--range", "0,1000", "--output", "state.net", "--target", "1000000"}, "", "state.net", 1e6},
	}
	for _, tc := range cases {
		name := filepath.Base(filepath.Dir(tc.scenario)) + " " + strings.Join(tc.args[:2], " ") + " " + tc.output
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"breakeven", "--format", "json"}, tc.args...)
			args = append(args, tc.scenario)
			if tc.spec != "" {
				args = append(args, tc.spec)
			}
			if code := run(args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
			}
			var be struct {
				Target    float64 `json:"target"`
				Breakeven []struct {
					Param, Kind, Check string
					Value, Output      float64
				} `json:"breakeven"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &be); err != nil {
				t.Fatalf("%v\n%s", err, stdout.String())
			}
			if be.Target != tc.target {
				t.Errorf("target %v, want %v", be.Target, tc.target)
			}
			if len(be.Breakeven) == 0 {
				t.Fatalf("no crossing:\n%s\n%s", stdout.String(), stderr.String())
			}
			for _, c := range be.Breakeven {
				if c.Kind != "reaches the target" {
					continue
				}
				check := strings.Fields(c.Check)
				if len(check) != 5 || check[0] != "sib" || check[1] != "run" || check[2] != "--set" || check[4] != tc.scenario {
					t.Fatalf("check %q: expected sib run --set NAME=VALUE %s", c.Check, tc.scenario)
				}
				name, v, _ := strings.Cut(check[3], "=")
				if x, err := strconv.ParseFloat(v, 64); err != nil || x != c.Value || name != c.Param {
					t.Errorf("check %q does not set %s to %v", c.Check, c.Param, c.Value)
				}
				var out, errs bytes.Buffer
				if code := run(append(check[1:4:4], "--format", "json", check[4]), nil, &out, &errs); code != exitOK {
					t.Fatalf("%s: exit %d: %s", c.Check, code, errs.String())
				}
				got := runFigure(t, out.Bytes(), tc.output)
				tol := 0.05 // money: a few cents
				if !strings.HasPrefix(tc.output, "state.") && !strings.HasSuffix(tc.output, ".net") {
					tol = 1e-6
				}
				if math.Abs(got-tc.target) > tol {
					t.Errorf("%s gives %s = %v, want %v within %g", c.Check, tc.output, got, tc.target, tol)
				}
			}
		})
	}
}

// runFigure reads an output of the sensitivity commands from sib run's JSON
// report: all investors' figures are in tranches_totals, the state's net
// saving PV in state_totals.
func runFigure(t *testing.T, js []byte, output string) float64 {
	t.Helper()
	var r struct {
		Tranches []struct {
			Drawn, Received float64
			Multiple, IRR   *float64
		} `json:"tranches_totals"`
		State []struct {
			NetPV float64 `json:"net_pv"`
		} `json:"state_totals"`
	}
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Tranches) != 1 || len(r.State) != 1 {
		t.Fatalf("run's JSON has %d tranches_totals and %d state_totals rows, want 1 each", len(r.Tranches), len(r.State))
	}
	all := r.Tranches[0]
	switch output {
	case "investors.irr":
		if all.IRR == nil {
			t.Fatal("run reports no IRR")
		}
		return *all.IRR
	case "investors.multiple":
		if all.Multiple == nil {
			t.Fatal("run reports no multiple")
		}
		return *all.Multiple
	case "investors.net":
		return all.Received - all.Drawn
	case "state.net":
		return r.State[0].NetPV
	}
	t.Fatalf("runFigure: no rule for %s", output)
	return 0
}

// TestSensitivityPlots draws every chart of the sensitivity commands to PNG
// and SVG and checks the files: a PNG decodes and is not tiny, an SVG is
// an SVG document.
func TestSensitivityPlots(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg"} {
		p := func(name string) string { return filepath.Join(dir, name+ext) }
		cmds := []struct {
			args  []string
			files []string
		}{
			{[]string{"tornado", "--plot", p("tornado"), estScenario, estUncertainty}, []string{p("tornado")}},
			{[]string{"tornado", "--output", "investors.irr", "--plot", p("tornado-irr"), estScenario, estUncertainty}, []string{p("tornado-irr")}},
			{[]string{"grid", "--x", "outcome.custody_days.effect", "--x-range", "0,9", "--y", "cost.custody_day.unit_cost", "--y-range", "250,450",
				"--steps", "7", "--plot", p("grid-net"), estScenario}, []string{p("grid-net")}},
			{[]string{"grid", "--x", "outcome.custody_days.effect", "--x-range", "0,9", "--y", "cost.custody_day.unit_cost", "--y-range", "250,450",
				"--steps", "7", "--output", "investors.irr", "--plot", p("grid-irr"), estScenario}, []string{p("grid-irr")}},
			{[]string{"simulate", "--draws", "2000", "--output", "investors.irr,state.net", "--hist", p("hist"), "--cdf", p("cdf"), estScenario, estUncertainty},
				[]string{p("hist"), p("cdf")}},
			{[]string{"sobol", "--n", "64", "--boot", "100", "--plot", p("sobol"), estScenario, estUncertainty}, []string{p("sobol")}},
			{[]string{"shapley", "--perms", "30", "--nv", "200", "--plot", p("shapley"), estScenario, estUncertainty}, []string{p("shapley")}},
		}
		for _, c := range cmds {
			var stdout, stderr bytes.Buffer
			if code := run(c.args, nil, &stdout, &stderr); code != exitOK {
				t.Errorf("%v: exit %d: %s", c.args, code, stderr.String())
				continue
			}
			if stdout.Len() == 0 {
				t.Errorf("%v: no report on stdout", c.args)
			}
			for _, path := range c.files {
				if !strings.Contains(stderr.String(), "wrote "+path+"\n") {
					t.Errorf("%v: stderr does not say it wrote %s:\n%s", c.args, path, stderr.String())
				}
				checkChart(t, path)
			}
		}
	}
}

// checkChart checks that a chart file decodes (PNG) or is an SVG document,
// and is not trivially small.
func checkChart(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return
	}
	if len(b) < 5000 {
		t.Errorf("%s: only %d bytes", filepath.Base(path), len(b))
	}
	switch filepath.Ext(path) {
	case ".png":
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			return
		}
		if r := img.Bounds(); r.Dx() < 300 || r.Dy() < 200 {
			t.Errorf("%s: %d×%d pixels", filepath.Base(path), r.Dx(), r.Dy())
		}
	case ".svg":
		s := string(b)
		if !strings.Contains(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
			t.Errorf("%s: not an SVG document", filepath.Base(path))
		}
	}
}

// knownBrokenExamples are help examples that fail for a reported bug;
// remove an entry when the bug is fixed.
var knownBrokenExamples = map[string]string{}

// TestHelpExamples: every command's --help shows at least one example, and
// every example runs (files it writes go to a temporary folder).
func TestHelpExamples(t *testing.T) {
	for _, c := range commands() {
		var help, stderr bytes.Buffer
		if code := run([]string{c.name, "--help"}, nil, &help, &stderr); code != exitOK {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		n := 0
		for _, line := range strings.Split(help.String(), "\n") {
			if !strings.HasPrefix(line, "  sib "+c.name+" ") {
				continue
			}
			n++
			line = strings.TrimSpace(line)
			if i := strings.Index(line, " >"); i >= 0 {
				line = line[:i] // drop a redirection
			}
			t.Run(line, func(t *testing.T) {
				if why, ok := knownBrokenExamples[line]; ok {
					t.Skip("known bug: " + why)
				}
				args := sandboxArgs(t, strings.Fields(line)[1:])
				var stdout, stderr bytes.Buffer
				if code := run(args, nil, &stdout, &stderr); code != exitOK {
					t.Errorf("exit %d: %s", code, stderr.String())
				}
			})
		}
		if n == 0 {
			t.Errorf("sib %s --help shows no example", c.name)
		}
	}
}

// TestOutcomesInterrupt: SIGTERM stops a long bootstrap at once, with
// "interrupted" and status 1, as it stops simulate.
func TestOutcomesInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(hostileBinary(t), "outcomes", "--bootstrap", "1000000", "--workers", "2", "../../testdata/estonia/outcomes")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second) // loaded (the signal handler is set after loading), and in the bootstrap, which takes minutes
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("stopped %v after SIGTERM", took)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitData || stdout.Len() != 0 || stderr.String() != "sib outcomes: interrupted\n" {
		t.Errorf("exit %d (%v), stdout %q, stderr %q; want exit %d and \"sib outcomes: interrupted\"", code, err, stdout.String(), stderr.String(), exitData)
	}
}
