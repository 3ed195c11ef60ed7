package outcomes

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const estoniaDir = "../testdata/estonia/outcomes"

func TestBootstrapWorkers(t *testing.T) {
	s, err := Load(estoniaDir, LoadOptions{KeepValues: true})
	require.NoError(t, err)
	one, err := Estimate(context.Background(), s, Options{Bootstrap: 300, Seed: 11, Workers: 1})
	require.NoError(t, err)
	for _, w := range []int{2, 5} {
		got, err := Estimate(context.Background(), s, Options{Bootstrap: 300, Seed: 11, Workers: w})
		require.NoError(t, err)
		for i := range one.Effects {
			assert.Equal(t, one.Effects[i].BootLow, got.Effects[i].BootLow)
			assert.Equal(t, one.Effects[i].BootHigh, got.Effects[i].BootHigh)
		}
	}
	other, err := Estimate(context.Background(), s, Options{Bootstrap: 300, Seed: 12, Workers: 1})
	require.NoError(t, err)
	assert.NotEqual(t, one.Effects[0].BootLow, other.Effects[0].BootLow, "another seed, another interval")
}

// TestBootstrapAgreesWithAnalytic: with hundreds per group the percentile
// interval is close to the analytic one (within Monte Carlo error and the
// methods' differences: a count's Wald interval is symmetric, its
// bootstrap interval follows the skew), for every kind and method of the
// example.
func TestBootstrapAgreesWithAnalytic(t *testing.T) {
	s, err := Load(estoniaDir, LoadOptions{KeepValues: true})
	require.NoError(t, err)
	res, err := Estimate(context.Background(), s, Options{Bootstrap: 2000, Seed: 1})
	require.NoError(t, err)
	for _, e := range res.Effects {
		require.Equal(t, 2000, e.BootReplicates, e.Metric)
		tol := 0.12 * (e.High - e.Low)
		if e.Kind == Count {
			tol *= 2
		}
		assert.InDelta(t, e.Low, e.BootLow, tol, "%s %s low", e.Metric, e.Cohort)
		assert.InDelta(t, e.High, e.BootHigh, tol, "%s %s high", e.Metric, e.Cohort)
	}
}

func TestBootstrapNeedsValues(t *testing.T) {
	s, err := Load("../testdata/reference/outcomes/cases/aggregates", LoadOptions{})
	require.NoError(t, err)
	res, err := Estimate(context.Background(), s, Options{Bootstrap: 100, Seed: 1})
	require.NoError(t, err)
	for _, e := range res.Effects {
		if e.Kind == Binary {
			assert.Equal(t, 100, e.BootReplicates, "binary cells resample from totals")
		} else {
			assert.Zero(t, e.BootReplicates, e.Metric)
		}
	}
	assert.Contains(t, res.Warnings, "metric earnings: no bootstrap interval: it needs the participants' values (participants.csv), not group totals")
}

// TestEstimateCancel: a cancelled context stops Estimate with ctx.Err(),
// before it starts and in the middle of a long bootstrap.
func TestEstimateCancel(t *testing.T) {
	s, err := Load(estoniaDir, LoadOptions{KeepValues: true})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Estimate(ctx, s, Options{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, res)

	// A million replicates take minutes; the deadline stops them at once.
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err = Estimate(ctx, s, Options{Bootstrap: 1_000_000, Seed: 1, Workers: 2})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Nil(t, res)
	assert.Less(t, time.Since(start), 10*time.Second, "Estimate went on after the deadline")
}
