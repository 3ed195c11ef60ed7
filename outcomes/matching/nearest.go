package matching

import (
	"context"
	"errors"
)

// Nearest matches each treated row to its K nearest control rows on dist,
// within strata (nil: one stratum), under opt.
func Nearest(ctx context.Context, dist []float64, treated []bool, strata []int32, opt Options) (*Matches, error) {
	return nil, errors.New("matching: Nearest not implemented yet")
}
