// Command sib runs the social impact bond engine from CSV inputs.
//
// Usage:
//
//	sib <command> [flags] <inputs>
//
// Commands:
//
//	cost    target-group unit costs of today's state services, from a costing folder
//
// Run "sib <command> --help" for a command's flags and an example. Data goes
// to standard output, diagnostics to standard error. The exit status is 0 on
// success, 1 for an error in the data or the model, and 2 for a usage error.
package main
