// Command sib runs the social impact bond engine from CSV inputs.
//
// Usage:
//
//	sib <command> [flags] <inputs>
//
// Commands:
//
//	cost       target-group unit costs of today's state services
//	outcomes   effects against a counterfactual baseline, with uncertainty and adjustments
//	power      minimum detectable effect and group size for a planned evaluation
//	run        evaluate a deal: savings, outcome payments, the investor waterfall and returns
//	params     list a scenario's parameters by their stable names
//	outputs    list the outputs the sensitivity commands can follow
//	tornado    one-way sensitivity: each parameter low to high, sorted by swing
//	grid       two-way sensitivity over two parameters, as a table and a heatmap
//	breakeven  the value of a parameter at which an output reaches a target
//	simulate   Monte Carlo over the uncertainty spec: distributions and chances
//	sobol      first- and total-order Sobol' indices with bootstrap intervals
//	shapley    Shapley effects: each parameter's share of the variance, correlations included
//	check      validate costing, outcomes, scenario and uncertainty folders without running
//	compare    two scenarios, or a scenario and --set variants, side by side with differences
//	irr        internal rate of return of periodic cash flows given as a list or CSV
//	xirr       internal rate of return of dated cash flows, with a day-count choice
//	npv        net present value of periodic or dated cash flows at a rate
//	mirr       modified internal rate of return at a finance and a reinvestment rate
//	init       write a small commented scenario folder to start from: ratecard, savings or tiered
//	claims     validate a rate card's individual outcome records: claims, payments, caps
//	schedules  the published discount schedules a scenario can name (Green Book 2022, 2026)
//	report     an offline, printable HTML page of a deal: figures, charts, chances, tornado
//	indigo     export a deal as an INDIGO 4.1.0 project record (JSON) for the Government Outcomes Lab
//	convert    an input folder to one .xlsx workbook, or a workbook back to a folder
//	merge      put together the shards of simulate or sobol --shard I/K into the single run's report
//	match      propensity-score matching of a comparison group: sizes, model, balance, weights
//
// The list is the one "sib --help" prints, and TestDocCommands keeps the two
// in step. Run "sib <command> --help" (or "sib help <command>") for a
// command's flags and an example, and "sib --version" for the module version
// and the commit of the build. A misspelt command or flag gets the nearest
// names.
// Data goes to standard output, diagnostics to standard error. The exit
// status is 0 on success, 1 for an error in the data or the model, and 2 for
// a usage error.
package main
