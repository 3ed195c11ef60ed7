//go:build !unix

package matching

import "time"

// cpuTime is not measured here: BenchmarkRun reports no CPU time.
func cpuTime() time.Duration { return 0 }
