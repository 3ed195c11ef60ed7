// Package scenario is what a social impact bond deal is, apart from how
// it is evaluated: its settings, cohorts, metrics, services and the units
// outcomes avoid, payment terms and tier schedules, delivery costs and
// fees, investors' tranches and discount bands, every numeric input as a
// named parameter, and the rules they obey. Nothing here evaluates a
// deal: package sib compiles a Scenario into a model and evaluates it.
//
// # Parameters
//
// Every number a sensitivity analysis could change is a Param with a
// stable name such as outcome.reconvictions.effect or
// cost.custody_day.unit_cost, a range and a source. The structure refers
// to parameters by ParamID, whose zero value means "none" (an optional
// input that was not given); ParamID.In reads one from the vector that
// Scenario.Values returns, ParamID.Or reads an optional one with a
// default. Scenario.Param finds a parameter by name, Set changes one
// after checking its range, and Suggest names the closest to a misspelt
// name (the caller formats them).
//
// # Reading and building
//
// Load and LoadWith read a scenario folder of CSV files (docs/scenario.md
// documents every file and column); the costing and outcomes folders
// that scenario.csv names are read through packages costing and outcomes.
// LoadFS reads the same files from an fs.FS, but no costing or outcomes
// folder (those packages read folders by path): a scenario.csv that names
// one is refused at the setting.
// Each file has its own reader, beside its column list: settings.go
// (scenario.csv), cohorts.go, metrics.go, services.go, avoided.go,
// tiers.go, payments.go, costs.go (delivery.csv and fees.csv), capital.go
// and discount.go; folders.go takes values from the costing and outcomes
// folders.
//
// A Builder makes the same Scenario in Go code: write it as a literal of
// this package's types, give each number with Builder.Value, which
// returns the ParamID to put in the field, and Build names each value
// after its field (the value in a Term's Price is term.<name>.price),
// with the range the loader gives that column, so that Param, Set,
// Suggest and Values work on a scenario that never touched a file.
//
// # Evaluation designs
//
// A metric whose effect is measured in the outcomes folder (effect
// "measured" in metrics.csv) takes the folder's evaluation design
// (StudyDesign, design.go): the sampling of its kind, the comparison
// group's level and size per treated participant, and a normal metric's
// per-person SD, such that Design.SE gives the standard errors package
// outcomes reports. Package uncertainty draws measured effects from it.
//
// # Appraisal inputs
//
// Three optional files serve the appraisal (appraisal.go): values.csv
// (Scenario.Benefits: economic and social values of a metric's
// improvement, by beneficiary, parameters value.METRIC.CATEGORY.WHO.value),
// commissioner_costs.csv (Scenario.CommissionerCosts: the commissioner's
// own costs, parameters commissioner.ITEM.amount) and confidence.csv
// (Scenario.Grades: confidence grades and their optimism-bias
// adjustments; without it, DefaultGrades, the GMCA guidance's grades 1 to
// 6, embedded as data). A row gives a grade (confidence) or a direct
// adjustment, which Load and Build resolve into the item's Adjustment;
// avoided.csv takes a grade too. settings investors = foreign makes the
// outcome payments a cost to society rather than a transfer.
//
// # Rules
//
// rules.go holds the rules, once for both ways in: the range of each
// parameter and whole number, and one check a kind of item (a cohort, a
// term, a tranche...) between its fields and against the items before
// it. Each kind's file says, beside its columns, which field holds which
// parameter and under what name; Load and Build both name by it. Load runs a check on each
// row once it is read and reports the cell at fault; Build runs the same
// checks on each element of its literal, in the same order, and reports
// the element and the column: "Terms[1]: share: ...". What only text can
// get wrong, a number that does not parse or an unknown word, is the
// readers'.
//
// # Thresholds that scale with size
//
// A term's cohort or pooled test may read its threshold from a
// SizeSchedule (threshold_bands.csv; Term.ThresholdBands,
// Term.PooledBands) instead of a number: points of (participants,
// threshold), read at the participants tested, linearly between points,
// at the first point's threshold at or below its size and at the last
// point's at or above its size (the floor), as Medicare's minimum savings
// rate is read by an ACO's assigned beneficiaries (42 CFR 425.604(b)).
// SizeSchedule.ThresholdAt reads one from a parameter vector; package sib
// reads the same schedule, through Segment, in both of its paths.
//
// # Errors
//
// Load returns *InputError values that print as
// "payments.csv:3:7: share: ..." and wrap ErrInput, ErrUnknown, ErrRange,
// ErrOrder or a csvio sentinel; a missing file wraps fs.ErrNotExist.
// Build's errors wrap the same sentinels. An
// error that a setting of scenario.csv causes in the costing or outcomes
// folder it names is positioned at that setting. The sentinels' text
// keeps the module's prefix ("sib: invalid input"), so messages read as
// they did when the loader was part of package sib. Nothing panics on
// input; ParamID.Index and Scenario.At panic on the zero ParamID, which is
// a programmer's error.
//
// # Discount schedules
//
// The published schedules of discount rates (the HM Treasury Green
// Book's standard, health and, from February 2026, lower-rate
// sensitivity schedules) are data, schedules/greenbook.csv, embedded and
// read by DiscountSchedules and LookupSchedule. A scenario names one with
// the discount_schedule setting (Settings.DiscountSchedule), or a caller
// replaces a folder's rates with LoadOptions.DiscountSchedule; its bands
// become parameters discount.<from_year>.rate. Settings.DiscountTiming
// says when in a period its flows are discounted from: its end
// (EndOfPeriod, the default) or the whole years before it (GreenBook,
// the year-0 convention). docs/appraisal.md has the table.
//
// # Concurrency
//
// A Scenario is plain data: it may be read concurrently, and must not
// change (Set) while another goroutine reads it or a model compiled from
// it is in use.
package scenario
