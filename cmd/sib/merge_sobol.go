package main

import (
	"fmt"
	"io"
)

// runMergeSobol merges the shards of sib sobol --shard. A stub until
// Sobol' shards land.
func runMergeSobol(args []string, stdout, stderr io.Writer) int {
	_, _ = args, stdout
	fmt.Fprintln(stderr, "sib merge: Sobol' shards are not supported yet")
	return exitUsage
}
