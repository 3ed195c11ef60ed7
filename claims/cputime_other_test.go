//go:build !unix

package claims

func cpuSeconds() float64 { return 0 }
