package costing

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The reference values in testdata/reference/costing were computed by an
// independent implementation in Python with exact fractions
// (ref_costing.py, written from docs/costing.md without reading this
// package). Money must agree to the cent and rates to all 6 places.

const refDir = "../testdata/reference/costing"

func readRef(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, name))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var out []map[string]string
	for _, r := range recs[1:] {
		m := make(map[string]string)
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func loadExample(t testing.TB, base int) *Result {
	t.Helper()
	m, err := Load("../testdata/estonia/costing")
	require.NoError(t, err)
	res, err := Compute(m, Options{PriceBase: base})
	require.NoError(t, err)
	return res
}

// same compares a decimal with a reference string exactly (as amounts:
// 1.10 equals 1.1).
func same(t *testing.T, what, want string, got decimal.Decimal) {
	t.Helper()
	w, err := decimal.NewFromString(want)
	require.NoError(t, err, what)
	if !w.Equal(got) {
		t.Errorf("%s = %s, reference %s", what, got, want)
	}
}

func TestReferenceUnits(t *testing.T) {
	for _, tc := range []struct {
		file string
		base int
	}{{"units.csv", 2024}, {"units_2022.csv", 2022}} {
		res := loadExample(t, tc.base)
		ref := readRef(t, tc.file)
		require.Len(t, res.Services, len(ref), tc.file)
		for i, r := range ref {
			s := res.Services[i]
			key := fmt.Sprintf("%s %s/%d", tc.file, s.Service, s.Year)
			require.Equal(t, r["service"]+"/"+r["year"], fmt.Sprintf("%s/%d", s.Service, s.Year), key)
			for _, f := range []struct {
				col string
				got decimal.Decimal
			}{
				{"direct", s.Direct}, {"overhead", s.Overhead}, {"total", s.Total},
				{"variable", s.Variable}, {"step", s.Step}, {"fixed", s.Fixed},
				{"average", s.Average},
				{"short_run_marginal", s.ShortRunMarginal}, {"long_run_marginal", s.LongRunMarginal},
				{"target_cost", s.TargetCost}, {"per_member", s.PerMember},
			} {
				same(t, key+" "+f.col, r[f.col], f.got)
			}
		}
	}
}

func TestReferenceMembers(t *testing.T) {
	res := loadExample(t, 2024)
	ref := readRef(t, "members.csv")
	i := 0
	for _, y := range res.Years {
		for _, a := range res.Agencies {
			if a.Year != y.Year {
				continue
			}
			r := ref[i]
			i++
			key := fmt.Sprintf("%s/%d", a.Agency, a.Year)
			require.Equal(t, r["agency"]+"/"+r["year"], key)
			same(t, key+" total", r["total"], a.Total)
			same(t, key+" target_cost", r["target_cost"], a.TargetCost)
			same(t, key+" per_member", r["per_member"], a.PerMember)
		}
		r := ref[i]
		i++
		require.Equal(t, "all agencies/"+strconv.Itoa(y.Year), r["agency"]+"/"+r["year"])
		same(t, "all target_cost", r["target_cost"], y.Target)
		same(t, "all per_member", r["per_member"], y.PerMember)
	}
	require.Equal(t, len(ref), i)
}

func TestReferenceReconciliation(t *testing.T) {
	res := loadExample(t, 2024)
	ref := readRef(t, "reconciliation.csv")
	require.Len(t, res.Years, len(ref))
	for i, r := range ref {
		y := res.Years[i]
		key := r["year"]
		require.Equal(t, key, strconv.Itoa(y.Year))
		same(t, key+" ledger_nominal", r["ledger_nominal"], y.LedgerNominal)
		same(t, key+" pools_nominal", r["pools_nominal"], y.PoolsNominal)
		same(t, key+" base", r["base"], y.Base)
		same(t, key+" target", r["target"], y.Target)
		same(t, key+" other", r["other"], y.Other)
	}
	require.True(t, res.Total.Difference.IsZero())
}

func TestReferenceAvoided(t *testing.T) {
	res := loadExample(t, 2024)
	ref := readRef(t, "avoided.csv")
	i := 0
	for i < len(ref) {
		r := ref[i]
		year, _ := strconv.Atoi(r["year"])
		a, err := res.Avoid(r["service"], year, decimal.RequireFromString(r["units"]))
		require.NoError(t, err)
		rows := append(append([]AvoidedAgency{}, a.ByAgency...), AvoidedAgency{Agency: "all agencies", Gross: a.Gross, Cashable: a.Cashable, NonCashable: a.NonCashable, ShortRunCashable: a.ShortRunCashable})
		for _, g := range rows {
			r := ref[i]
			i++
			key := fmt.Sprintf("%s %s %s", r["service"], r["units"], g.Agency)
			require.Equal(t, r["agency"], g.Agency, key)
			same(t, key+" gross", r["gross"], g.Gross)
			same(t, key+" cashable", r["cashable"], g.Cashable)
			same(t, key+" non_cashable", r["non_cashable"], g.NonCashable)
			same(t, key+" short_run_cashable", r["short_run_cashable"], g.ShortRunCashable)
		}
	}
}
