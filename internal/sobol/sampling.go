package sobol

// Transform returns the design with every coordinate of A and B put
// through f, column by column: f(i, x) gets the N coordinates i of A
// followed by the N of B, in row order, and overwrites them in place
// (with the inputs' quantiles, say). Point on the result then gives the
// transformed inputs of any row, since the rows of A_B^(i) and of the
// groups only recombine A's and B's coordinates: a quantile function
// runs 2N·K times rather than N·(K+2) times, with the same values. d is
// not changed; the result has d's groups.
func (d *Design) Transform(f func(col int, x []float64)) *Design {
	// A part of a design (NewDesignRows) holds its base rows only.
	t := &Design{N: d.N, K: d.K, ab: make([]float64, len(d.ab)), groups: d.groups, part: d.part, from: d.from, to: d.to}
	k2 := 2 * d.K
	n := len(d.ab) / max(k2, 1)
	x := make([]float64, 2*n)
	for i := range d.K {
		for j := range n {
			x[j] = d.ab[j*k2+i]
			x[n+j] = d.ab[j*k2+d.K+i]
		}
		f(i, x)
		for j := range n {
			t.ab[j*k2+i] = x[j]
			t.ab[j*k2+d.K+i] = x[n+j]
		}
	}
	return t
}
