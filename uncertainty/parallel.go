package uncertainty

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// chunk is the number of evaluations a worker takes at a time: enough to
// make the hand-out cheap, few enough to keep both cores busy to the end.
const chunk = 256

// parallel calls work(w, from, to) for the chunks of [0, n) on workers
// goroutines (w is the worker's number, for its own scratch space), and
// after(from, to), if not nil, from the calling goroutine once a chunk is
// done. Which worker takes which chunk, and the order in which chunks
// finish, vary from run to run: work must write only to slots of its own
// chunk, so that results do not depend on them. The first error, of work
// or of after, stops the run.
func parallel(ctx context.Context, n, workers int, work func(w, from, to int) error, after func(from, to int) error) error {
	if workers <= 0 {
		workers = defaultWorkers()
	}
	chunks := (n + chunk - 1) / chunk
	workers = max(1, min(workers, chunks))
	var (
		next    atomic.Int64
		stop    atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	done := make(chan int, chunks)
	if workers > 1 {
		// The chunks in flight stay few, so that after sees them nearly in order.
		done = make(chan int, 2*workers)
	}
	fail := func(err error) {
		errOnce.Do(func() { first = err })
		stop.Store(true)
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				from, to := c*chunk, min((c+1)*chunk, n)
				if err := work(w, from, to); err != nil {
					fail(err)
					return
				}
				done <- c
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	for c := range done {
		if after == nil || stop.Load() {
			continue
		}
		if err := after(c*chunk, min((c+1)*chunk, n)); err != nil {
			fail(err)
		}
	}
	return first
}

// defaultWorkers is one worker per CPU that Go may use.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }
