package costing

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyEstonia copies the Estonian costing folder into a temporary folder
// and applies edit to the named file's text.
func copyEstonia(t *testing.T, file string, edit func(string) string) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "estonia", "costing")
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == file {
			b = []byte(edit(string(b)))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	return dir
}

// TestMisspeltDriverMovesOverhead is issue 12, defect 7: one misspelt
// driver name in drivers.csv took court_case out of the ministry's shared
// services pool in 2022, and the other services took its share; unit costs
// changed and the run succeeded.
func TestMisspeltDriverMovesOverhead(t *testing.T) {
	dir := copyEstonia(t, DriversFile, func(s string) string {
		return strings.Replace(s, "staff_fte,court_case,2022", "staf_fte,court_case,2022", 1)
	})
	m, err := Load(dir)
	require.NoError(t, err)
	_, err = Compute(m, Options{})
	require.Error(t, err, "a misspelt driver must not move overhead silently")
	msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	assert.Equal(t, `drivers.csv:5:1: driver: unknown name: driver "staf_fte" is used by no pool in pools.csv; did you mean staff_fte? (the drivers in pools.csv are direct_cost, staff_fte)`, msg)
	assert.ErrorIs(t, err, ErrUnknown)
	var pe *InputError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 5, pe.Line)
	assert.Equal(t, 1, pe.Column)
}

// TestReferences checks every name and year one file of a costing folder
// takes from another: a name or year not defined where it should be is an
// error at its own cell, with the nearest defined name when there is one.
func TestReferences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // the message after the folder path
		is    error
	}{
		{"driver row misspelt", map[string]string{
			DriversFile: "driver,service,year,value\nfte,court,2024,1\nftee,prison,2024,3\n"},
			`drivers.csv:3:1: driver: unknown name: driver "ftee" is used by no pool in pools.csv; did you mean fte? (the drivers in pools.csv are fte)`, ErrUnknown},
		{"drivers without pools", map[string]string{PoolsFile: ""},
			`drivers.csv:2:1: driver: unknown name: driver "fte" is used by no pool: the folder has no pools.csv`, ErrUnknown},
		{"driver year no pool uses", map[string]string{
			ActivityFile: "service,year,units,target_units,members\ncourt,2024,200,50,20\nprison,2024,1000,400,20\ncourt,2023,100,40,20\n",
			DriversFile:  "driver,service,year,value\nfte,court,2024,1\nfte,prison,2024,3\nfte,court,2023,1\n"},
			`drivers.csv:4:3: year: unknown name: driver "fte" has values for 2023, but no pool in pools.csv uses it in 2023 (it is used in 2024)`, ErrUnknown},
		{"driver service misspelt", map[string]string{
			DriversFile: "driver,service,year,value\nfte,court,2024,1\nfte,prisn,2024,3\n"},
			`drivers.csv:3:2: service: unknown name: driver "fte" names service "prisn", which has no row in activity.csv; did you mean prison? (the services in activity.csv are court, prison)`, ErrUnknown},
		{"driver service in another year", map[string]string{
			DriversFile: "driver,service,year,value\nfte,court,2024,1\nfte,prison,2023,3\n"},
			`drivers.csv:3:2: service: unknown name: driver "fte" names service "prison", which has no row in activity.csv for 2023 (it has rows for 2024)`, ErrUnknown},
		{"pool driver misspelt", map[string]string{
			PoolsFile: "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,ftee\n"},
			`pools.csv:2:6: driver: unknown name: driver "ftee" is neither "direct_cost" nor given in drivers.csv; did you mean fte? (the drivers in drivers.csv are fte)`, ErrUnknown},
		{"pool built-in driver misspelt", map[string]string{
			PoolsFile: "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,fte\nhq,courts,10,2024,fixed,Direct_cost\n"},
			`pools.csv:3:6: driver: unknown name: driver "Direct_cost" is neither "direct_cost" nor given in drivers.csv; did you mean direct_cost? (the drivers in drivers.csv are fte)`, ErrUnknown},
		{"pool agency misspelt for direct_cost", map[string]string{
			PoolsFile: "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,fte\nhq,court,10,2024,fixed,direct_cost\n"},
			`pools.csv:3:6: driver: nothing to allocate over: pool "hq": agency "court" has no direct costs in 2024 to allocate over; did you mean courts? (the agencies in ledger.csv are courts, prisons)`, ErrNoWeight},
		{"ledger service misspelt", map[string]string{
			LedgerFile: goodFolder[LedgerFile] + "prisn,prisons,food,10,2024,variable,\n"},
			`ledger.csv:6:1: service: costs on a service with no units: "prisn" has costs in 2024 but no row in activity.csv for that year; did you mean prison? (the services in activity.csv are court, prison)`, ErrNoActivity},
		{"ledger service in another year", map[string]string{
			LedgerFile: goodFolder[LedgerFile] + "prison,prisons,food,10,2023,variable,\n"},
			`ledger.csv:6:1: service: costs on a service with no units: "prison" has costs in 2023 but no row in activity.csv for that year (it has rows for 2024)`, ErrNoActivity},
		{"activity year not in the deflator", map[string]string{ // panicked: decimal division by 0
			ActivityFile: "service,year,units,target_units,members\ncourt,2024,200,50,20\nprison,2024,1000,400,20\ncourt,2022,100,40,20\n"},
			`activity.csv:4:2: year: year missing from the deflator: 2022 is not in deflator.csv (it covers 2023-2024); every year of activity is costed in the price base`, ErrNoDeflator},
		{"default price base not in the deflator", map[string]string{DeflatorFile: "year,index\n2023,100\n"},
			`activity.csv:2:2: year: year missing from the deflator: price base 2024 is not in deflator.csv (it covers 2023-2023); the price base is by default the latest year in activity.csv`, ErrNoDeflator},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _, err := costFolderDir(t, tc.files)
			require.Error(t, err)
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			assert.Equal(t, tc.want, msg)
			assert.ErrorIs(t, err, tc.is)
			var pe *InputError
			assert.True(t, errors.As(err, &pe), "error without position: %v", err)
		})
	}
}

// TestReferenceWarnings checks the findings that do not stop the costing
// but usually mean a name was mistyped.
func TestReferenceWarnings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"service missing from a year of a driver", map[string]string{
			LedgerFile:   goodFolder[LedgerFile] + "court,courts,judges,6000,2023,step,50\nprison,prisons,guards,30000,2023,step,250\n",
			ActivityFile: "service,year,units,target_units,members\ncourt,2024,200,50,20\nprison,2024,1000,400,20\ncourt,2023,100,40,20\nprison,2023,1000,400,20\n",
			PoolsFile:    "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,fte\nit,ministry,1000,2023,fixed,fte\n",
			DriversFile:  "driver,service,year,value\nfte,court,2024,1\nfte,prison,2024,3\nfte,court,2023,1\n"},
			[]string{`drivers.csv:3: driver "fte" has no value for service "prison" in 2023, but has in 2024, so "prison" gets no share of the pools it allocates in 2023; write 0 if that is meant`}},
		{"agencies differing only in case", map[string]string{
			LedgerFile: goodFolder[LedgerFile] + "prison,Prisons,food,10,2024,variable,\n"},
			[]string{`ledger.csv:6: agency "Prisons" differs from "prisons" (line 4) only in letter case or spaces; names are compared exactly, so they are two agencies`}},
		{"pool agency near a ledger agency", map[string]string{
			PoolsFile: "pool,agency,amount,price_year,behaviour,driver\nit,prison,1000,2024,fixed,fte\n"},
			[]string{`pools.csv:2: agency "prison" of pool "it" has no costs in ledger.csv; did you mean prisons?`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, res, err := costFolderDir(t, tc.files)
			require.NoError(t, err)
			var got []string
			for _, w := range res.Warnings {
				got = append(got, strings.ReplaceAll(w, dir+string(filepath.Separator), ""))
			}
			assert.Equal(t, tc.want, got)
		})
	}
	// The good folder and the Estonian one have nothing to warn about.
	_, res, err := costFolderDir(t, nil)
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	m, err := Load(filepath.Join("..", "testdata", "estonia", "costing"))
	require.NoError(t, err)
	res, err = Compute(m, Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
}

// TestLimitPositions checks that the amounts too large for the engine are
// reported at the cell that took the total over the limit.
func TestLimitPositions(t *testing.T) {
	const big = "9999999999999.99" // the largest amount a cell may hold
	t.Run("ledger total", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("service,agency,item,amount,price_year,behaviour\n")
		for i := range 120 {
			fmt.Fprintf(&b, "court,courts,i%d,%s,2024,variable\n", i, big)
		}
		dir, _, err := costFolderDir(t, map[string]string{LedgerFile: b.String()})
		require.Error(t, err)
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		// The 101st amount takes the total over 10^15.
		assert.Equal(t, `ledger.csv:102:4: amount: invalid input: the ledger adds up to more than the engine's limit of 1000000000000000.00`, msg)
	})
	t.Run("pools of a year", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("pool,agency,amount,price_year,behaviour,driver\n")
		for i := range 120 {
			fmt.Fprintf(&b, "p%d,ministry,%s,2024,fixed,fte\n", i, big)
		}
		dir, _, err := costFolderDir(t, map[string]string{PoolsFile: b.String()})
		require.Error(t, err)
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		// The ledger holds 53000.50; the 100th pool takes the year over 10^15.
		assert.Equal(t, `pools.csv:101:3: amount: invalid input: the ledger and pools of 2024 add up to more than the engine's limit of 1000000000000000.00`, msg)
	})
	t.Run("deflated total", func(t *testing.T) {
		dir, _, err := costFolderDir(t, map[string]string{
			LedgerFile:   "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid," + big + ",2023,variable\nprison,prisons,aid,1,2024,variable\n",
			ActivityFile: "service,year,units,target_units,members\ncourt,2023,200,50,20\nprison,2024,1000,400,20\n",
			DeflatorFile: "year,index\n2023,0.001\n2024,110\n",
			PoolsFile:    "", DriversFile: "",
		})
		require.Error(t, err)
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		assert.Equal(t, `deflator.csv:2:2: index: invalid input: the costs of 2023, 9999999999999.99, become 1099999999999998900.00 in 2024 prices (index 110 against 0.001), beyond the engine's limit`, msg)
	})
}

// TestModelPositions checks the positions of errors in a model built in
// code: the field at fault is named even without a file.
func TestModelPositions(t *testing.T) {
	m := handModel(t)
	m.Pools[0].Agency = " "
	_, err := Compute(m, Options{})
	var pe *InputError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "agency", pe.Field)

	m = handModel(t)
	m.Drivers = append(m.Drivers, DriverValue{Driver: "fte2", Service: "court", Year: 2024, Value: decimal.NewFromInt(1)})
	_, err = Compute(m, Options{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "driver", pe.Field)
	assert.ErrorContains(t, err, `driver "fte2" is used by no pool in pools; did you mean fte?`)
}
