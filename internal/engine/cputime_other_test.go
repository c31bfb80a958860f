//go:build !unix

package engine

import "time"

// cpuTime is not measured here: the benchmarks report 0 CPU time.
func cpuTime() time.Duration { return 0 }

// childCPUTime is not measured here either.
func childCPUTime() time.Duration { return 0 }
