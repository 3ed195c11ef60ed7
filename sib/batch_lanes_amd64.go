package sib

// useAsm: the row operations' assembly (batch_lanes_amd64.s); SSE2 is
// part of amd64's baseline.
const useAsm = true

// The assembly of the row operations, on lengths that are multiples of
// four; x, y, c, size have at least dst's (g's) length.

//go:noescape
func addMulAsm(dst, x, y []float64)

//go:noescape
func addAsm(dst, x []float64)

//go:noescape
func addPairAsm(g, c, size, x, y []float64)
