package matching

// NewBalance tabulates the balance of the design's covariates (and of the
// distance, the first row) between treated and control rows, unweighted
// (Before) and with the matching weights (After).
func NewBalance(d *Data, x *Design, dist []float64, treated []bool, weights []float64) *Balance {
	return &Balance{}
}
