package outcomes

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/sib-engine/sib/internal/stats"
)

// The bootstrap of a matched effect resamples matched sets, not cells:
// the cluster bootstrap of Austin and Small (2014) and Abadie and Spiess
// (2022), which the MatchIt vignette "Estimating Effects After Matching"
// describes; it approximates the cluster-robust interval. Sets are drawn
// with replacement within their cohort, so each replicate keeps the
// cohorts' numbers of sets. With replacement there are no sets: the
// treated participants and the matched pool members of each cohort are
// drawn apart (each with all its values), as cells are drawn today; the
// vignette notes that this bootstrap, without redoing the matching, is an
// approximation there.

// bootCluster is what a replicate needs of one resampled unit: the
// weighted sums of its values and its weights, by cell.
type bootCluster struct {
	s, w [nCells]float64
}

// effect is the replicate's observed − baseline, NaN when a cell it
// needs drew no one.
func (c *bootCluster) effect(isDiD bool) float64 {
	cells := []int8{cellT, cellC}
	if isDiD {
		cells = append(cells, cellTPre, cellCPre)
	}
	for _, k := range cells {
		if c.w[k] == 0 {
			return math.NaN()
		}
	}
	d := c.s[cellT]/c.w[cellT] - c.s[cellC]/c.w[cellC]
	if isDiD {
		d -= c.s[cellTPre]/c.w[cellTPre] - c.s[cellCPre]/c.w[cellCPre]
	}
	return d
}

// matchedClusters groups a design's matched rows into resampling units,
// and the units into strata (cohort, and with replacement the group).
func (s *Study) matchedClusters(d *design) [][]bootCluster {
	m := d.m
	cohorts := []string{d.cohort}
	if d.cohort == PooledCohort {
		cohorts = s.treatmentCohorts(m, m.Post)
	}
	md := s.match
	type key struct {
		stratum int
		id      int32
	}
	index := map[key]int{}
	var strata [][]bootCluster
	for _, r := range s.matchedRows(m, cohorts) {
		u := &md.Units[r.unit]
		st, id := 2*slices.Index(cohorts, u.Cohort), r.cluster
		if md.Replace {
			id = r.unit
			if r.treated() {
				st++
			}
		}
		for len(strata) <= st {
			strata = append(strata, nil)
		}
		k := key{st, id}
		i, ok := index[k]
		if !ok {
			i = len(strata[st])
			index[k] = i
			strata[st] = append(strata[st], bootCluster{})
		}
		c := &strata[st][i]
		c.s[r.cell] += r.w * r.x
		c.w[r.cell] += r.w
	}
	return slices.DeleteFunc(strata, func(s []bootCluster) bool { return len(s) == 0 })
}

// matchedBootstrap sets e's percentile interval from opt.Bootstrap
// replicates; replicate i draws from the stream PCG(Seed ⊕ FNV-1a(m, c),
// i), as every bootstrap here, so the interval does not depend on the
// number of workers.
func (s *Study) matchedBootstrap(ctx context.Context, d *design, e *Effect, conf float64, opt Options, workers int) (string, error) {
	strata := s.matchedClusters(d)
	stream := streamID(d.m.Name, d.cohort)
	sign := d.m.Direction.sign()
	isDiD := d.m.Method == DiD
	est := make([]float64, opt.Bootstrap)
	err := replicates(ctx, opt.Bootstrap, workers, func() func(int) {
		return func(i int) {
			rng := rand.New(rand.NewPCG(opt.Seed^stream, uint64(i)))
			var sum bootCluster
			for _, cs := range strata {
				n := uint64(len(cs))
				for range cs {
					c := &cs[rng.Uint64N(n)]
					for k := range nCells {
						sum.s[k] += c.s[k]
						sum.w[k] += c.w[k]
					}
				}
			}
			est[i] = sign * sum.effect(isDiD)
		}
	})
	if err != nil {
		return "", err
	}
	ok := slices.DeleteFunc(est, math.IsNaN)
	warn := ""
	if dropped := opt.Bootstrap - len(ok); dropped > 0 {
		warn = fmt.Sprintf("metric %s, cohort %s: %d of %d bootstrap replicates drew no one in a group (or period) and were left out", d.m.Name, d.cohort, dropped, opt.Bootstrap)
	}
	if len(ok) >= 2 {
		slices.Sort(ok)
		a := (1 - conf) / 2
		e.BootLow, e.BootHigh = stats.Quantile7(ok, a), stats.Quantile7(ok, 1-a)
		e.BootReplicates = len(ok)
	}
	return warn, nil
}
