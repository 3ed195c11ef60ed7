package outcomes

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sib-engine/sib/internal/stats"
)

// bootstrap sets the percentile interval of each effect from opt.Bootstrap
// replicates. Each cell is resampled with replacement within itself;
// binary cells by a binomial draw from their totals, which is the same
// distribution as resampling their 0/1 values. Replicate i of the effect
// of metric m in cohort c draws from the stream PCG(Seed ⊕ FNV-1a(m, c),
// i), so the intervals do not depend on the number of workers, nor on the
// other metrics and cohorts. It returns warnings for effects it cannot
// bootstrap, or ctx.Err() once ctx is cancelled (no replicate starts after).
func (s *Study) bootstrap(ctx context.Context, ds []*design, effects []Effect, conf float64, opt Options) ([]string, error) {
	var warns []string
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	warned := map[string]bool{}
	for j, d := range ds {
		if s.matched(d.m) {
			warn, err := s.matchedBootstrap(ctx, d, &effects[j], conf, opt, workers)
			if err != nil {
				return nil, err
			}
			if warn != "" {
				warns = append(warns, warn)
			}
			continue
		}
		if why := s.cannotResample(d); why != "" {
			if !warned[d.m.Name] {
				warns = append(warns, fmt.Sprintf("metric %s: no bootstrap interval: %s", d.m.Name, why))
				warned[d.m.Name] = true
			}
			continue
		}
		stream := streamID(d.m.Name, d.cohort)
		est := make([]float64, opt.Bootstrap)
		err := replicates(ctx, opt.Bootstrap, workers, func() func(int) {
			sums := make([]Summary, len(d.parts))
			return func(i int) {
				rng := rand.New(rand.NewPCG(opt.Seed^stream, uint64(i)))
				for k, p := range d.parts {
					sums[k] = s.resample(d.m.Kind, p.cell, rng)
				}
				r, err := d.raw(sums, conf)
				if err != nil {
					est[i] = math.NaN()
					return
				}
				est[i] = d.m.Direction.sign() * r.d
			}
		})
		if err != nil {
			return nil, err
		}
		ok := slices.DeleteFunc(est, math.IsNaN)
		if dropped := opt.Bootstrap - len(ok); dropped > 0 {
			warns = append(warns, fmt.Sprintf("metric %s, cohort %s: %d of %d bootstrap replicates could not be estimated (a resampled group without variance) and were left out", d.m.Name, d.cohort, dropped, opt.Bootstrap))
		}
		if len(ok) < 2 {
			continue
		}
		slices.Sort(ok)
		a := (1 - conf) / 2
		effects[j].BootLow, effects[j].BootHigh = stats.Quantile7(ok, a), stats.Quantile7(ok, 1-a)
		effects[j].BootReplicates = len(ok)
	}
	return warns, nil
}

// streamID names an effect's random streams by its metric and cohort, so
// that adding a metric or a cohort leaves the others' intervals alone.
func streamID(metric, cohort string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(metric))
	h.Write([]byte{0})
	h.Write([]byte(cohort))
	return h.Sum64()
}

// cannotResample says why a design's cells cannot be resampled, or "".
func (s *Study) cannotResample(d *design) string {
	if d.m.Kind == Binary {
		return ""
	}
	for _, p := range d.parts {
		if s.exposure[p.cell] {
			return "a count with exposure other than one per participant"
		}
		if int64(len(s.values[p.cell])) != s.cells[p.cell].N {
			return "it needs the participants' values (participants.csv), not group totals"
		}
	}
	return ""
}

// resample draws a bootstrap sample of a cell and returns its summary.
func (s *Study) resample(k Kind, c Cell, rng *rand.Rand) Summary {
	sum := s.cells[c]
	if k == Binary {
		x := int64(distuv.Binomial{N: float64(sum.N), P: float64(sum.Events) / float64(sum.N), Src: rng}.Rand())
		return countSummary(sum.N, x, float64(x), float64(sum.N))
	}
	vals := s.values[c]
	var acc accumulator
	n := uint64(len(vals))
	for range vals {
		acc.add(vals[rng.Uint64N(n)])
	}
	return acc.summary()
}

// replicates runs replicate i for every i in [0, n) on workers
// goroutines, each with its own function from newWorker (so that it can
// keep its own buffers), and stops handing out replicates when ctx is
// cancelled, returning ctx.Err(). Replicate i must depend on i only (its
// own random stream), so results do not depend on workers.
func replicates(ctx context.Context, n, workers int, newWorker func() func(i int)) error {
	next := make(chan int, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		rep := newWorker()
		go func() {
			defer wg.Done()
			for i := range next {
				rep(i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return ctx.Err()
}
