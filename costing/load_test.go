package costing

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodFolder is a small valid costing folder; each bad-input case replaces
// one file.
var goodFolder = map[string]string{
	LedgerFile: `service,agency,item,amount,price_year,behaviour,step_size
court,courts,judges,6000,2024,step,50
court,courts,aid,2000.50,2024,variable,
prison,prisons,guards,30000,2024,step,250
prison,prisons,wing,15000,2024,fixed,
`,
	ActivityFile: `service,year,units,target_units,members
court,2024,200,50,20
prison,2024,1000,400,20
`,
	DeflatorFile: "year,index\n2023,100\n2024,110\n",
	PoolsFile:    "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,fte\n",
	DriversFile:  "driver,service,year,value\nfte,court,2024,1\nfte,prison,2024,3\n",
}

func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if body == "" {
			continue // a file left out
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

func costFolder(t *testing.T, override map[string]string) (*Result, error) {
	_, res, err := costFolderDir(t, override)
	return res, err
}

func costFolderDir(t *testing.T, override map[string]string) (string, *Result, error) {
	t.Helper()
	files := make(map[string]string)
	for k, v := range goodFolder {
		files[k] = v
	}
	for k, v := range override {
		files[k] = v
	}
	dir := writeFolder(t, files)
	m, err := Load(dir)
	if err != nil {
		return dir, nil, err
	}
	res, err := Compute(m, Options{})
	return dir, res, err
}

func TestLoadGood(t *testing.T) {
	res, err := costFolder(t, nil)
	require.NoError(t, err)
	assert.Len(t, res.Services, 2)
	assert.True(t, res.Total.Difference.IsZero())

	// Optional files can be left out.
	res, err = costFolder(t, map[string]string{PoolsFile: "", DriversFile: ""})
	require.NoError(t, err)
	assertMoney(t, "53000.50", res.Total.Base, "base without pools")
}

func TestLoadSemicolonExcel(t *testing.T) {
	// A spreadsheet saved as CSV in an Estonian locale: BOM, semicolons,
	// decimal commas, a note column, CRLF line ends.
	res, err := costFolder(t, map[string]string{
		LedgerFile: "\ufeffservice;agency;item;amount;price_year;behaviour;step_size;note\r\n" +
			"court;courts;judges;6000;2024;step;50;\r\ncourt;courts;aid;2000,50;2024;variable;;half\r\n" +
			"prison;prisons;guards;30000;2024;step;250,0;\r\nprison;prisons;wing;15000;2024;fixed;;\r\n",
	})
	require.NoError(t, err)
	good, err := costFolder(t, nil)
	require.NoError(t, err)
	assert.Equal(t, good.Total, res.Total)
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		body string
		want string // the message after the folder path
		is   error
	}{
		{"missing column", LedgerFile, "service,agency,item,price_year,behaviour\n",
			`ledger.csv:1: missing column "amount"`, nil},
		{"unknown column", ActivityFile, "service,year,units,target_units,members,unit\n",
			`activity.csv:1:6: unknown column "unit": expected one of service, year, units, target_units, members`, nil},
		{"non-number", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,12;5,2024,variable\n",
			`ledger.csv:2:4: amount: invalid number "12;5"`, nil},
		{"decimal comma in a comma file", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,\"12,5\",2024,variable\n",
			`ledger.csv:2:4: amount: invalid number "12,5": expected a decimal number with a point, such as 1234.56 (a comma is not a decimal separator`, nil},
		{"negative amount", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,-5,2024,variable\n",
			`ledger.csv:2:4: amount: negative value -5: expected zero or more`, nil},
		{"cents", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5.001,2024,variable\n",
			`ledger.csv:2:4: amount: invalid number "5.001": more than 2 decimal places`, nil},
		{"negative units", ActivityFile, "service,year,units,target_units,members\ncourt,2024,-200,50,20\n",
			`activity.csv:2:3: units: negative value -200: expected zero or more`, nil},
		{"target above units", ActivityFile, "service,year,units,target_units,members\ncourt,2024,20,50,20\n",
			`activity.csv:2:4: target_units: more units than delivered: 50 target-group units exceed the 20 units delivered`, ErrUnitsExceed},
		{"zero units with costs", ActivityFile, "service,year,units,target_units,members\ncourt,2024,0,0,20\nprison,2024,1000,400,20\n",
			`activity.csv:2:3: units: costs on a service with no units: "court" delivered 0 units in 2024 but has costs in`, ErrNoActivity},
		{"costs without activity", ActivityFile, "service,year,units,target_units,members\nprison,2024,1000,400,20\n",
			`ledger.csv:2:1: service: costs on a service with no units: "court" has costs in 2024 but no row in`, ErrNoActivity},
		{"unknown behaviour", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2024,semi-fixed\n",
			`ledger.csv:2:6: behaviour: unknown cost behaviour "semi-fixed": expected variable, step or fixed`, ErrBehaviour},
		{"step without size", LedgerFile, "service,agency,item,amount,price_year,behaviour,step_size\ncourt,courts,aid,5,2024,step,\n",
			`ledger.csv:2:7: step_size: step size missing or invalid: a step cost needs the number of service units`, ErrStepSize},
		{"step without size column", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2024,step\n",
			`ledger.csv:2: step_size: step size missing or invalid: a step cost needs the number of service units`, ErrStepSize},
		{"step size zero", LedgerFile, "service,agency,item,amount,price_year,behaviour,step_size\ncourt,courts,aid,5,2024,step,0\n",
			`ledger.csv:2:7: step_size: step size missing or invalid: 0: expected`, ErrStepSize},
		{"step size like a formula", LedgerFile, "service,agency,item,amount,price_year,behaviour,step_size\ncourt,courts,aid,5,2024,step,5\ncourt,courts,judges,5,2024,step,=5\n",
			`ledger.csv:3:7: step_size: invalid number "=5"`, nil}, // caught in review: "=5" once matched the interned value of "5"
		{"step size on variable", LedgerFile, "service,agency,item,amount,price_year,behaviour,step_size\ncourt,courts,aid,5,2024,variable,10\n",
			`ledger.csv:2:7: step_size: step size missing or invalid: step_size 10 is given for a variable cost`, ErrStepSize},
		{"duplicate ledger key", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2024,variable\ncourt,courts,aid,6,2024,fixed\n",
			`ledger.csv:3:3: item: duplicate key: service "court", agency "courts", item "aid", price year 2024 was already given on line 2`, ErrDuplicate},
		{"duplicate activity", ActivityFile, "service,year,units,target_units,members\ncourt,2024,200,50,20\ncourt,2024,200,50,20\n",
			`activity.csv:3:1: service: duplicate key: service "court", year 2024 was already given on line 2`, ErrDuplicate},
		{"duplicate deflator year", DeflatorFile, "year,index\n2024,110\n2024,111\n",
			`deflator.csv:3:1: year: duplicate key: year 2024 was already given on line 2`, ErrDuplicate},
		{"duplicate pool", PoolsFile, "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,fte\nit,ministry,1000,2024,fixed,fte\n",
			`pools.csv:3:1: pool: duplicate key: pool "it", price year 2024 was already given on line 2`, ErrDuplicate},
		{"duplicate driver", DriversFile, "driver,service,year,value\nfte,court,2024,1\nfte,court,2024,3\n",
			`drivers.csv:3:2: service: duplicate key: driver "fte", service "court", year 2024 was already given on line 2`, ErrDuplicate},
		{"price year not in deflator", DeflatorFile, "year,index\n2023,100\n",
			`year missing from the deflator: price base 2024 is not in`, ErrNoDeflator},
		{"ledger year without activity", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2023,variable\n",
			`ledger.csv:2:1: service: costs on a service with no units: "court" has costs in 2023 but no row in activity.csv for that year`, ErrNoActivity},
		{"ledger year not in deflator", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2022,variable\n",
			`ledger.csv:2:5: price_year: year missing from the deflator: 2022 is not in deflator.csv (it covers 2023-2024)`, ErrNoDeflator},
		{"pool year not in deflator", PoolsFile, "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2022,fixed,fte\n",
			`pools.csv:2:4: price_year: year missing from the deflator: 2022 is not in`, ErrNoDeflator},
		{"driver names no service", DriversFile, "driver,service,year,value\nfte,court,2024,1\nfte,hospital,2024,3\n",
			`drivers.csv:3:2: service: unknown name: driver "fte" names service "hospital", which has no row in`, ErrUnknown},
		{"pool driver unknown", PoolsFile, "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,headcount\n",
			`pools.csv:2:6: driver: unknown name: driver "headcount" is neither "direct_cost" nor given in`, ErrUnknown},
		{"pool direct cost with no direct costs", PoolsFile, "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,fixed,direct_cost\n",
			`pools.csv:2:6: driver: nothing to allocate over: pool "it": agency "ministry" has no direct costs in 2024`, ErrNoWeight},
		{"pool driver all zero", DriversFile, "driver,service,year,value\nfte,court,2024,0\nfte,prison,2024,0\n",
			`pools.csv:2:6: driver: nothing to allocate over: pool "it": driver "fte" gives no service any weight in 2024`, ErrNoWeight},
		{"members zero", ActivityFile, "service,year,units,target_units,members\ncourt,2024,200,50,0\n",
			`activity.csv:2:5: members: no target-group members: 0: expected the number of target-group members`, ErrNoMembers},
		{"activity empty", ActivityFile, "service,year,units,target_units,members\n",
			`activity.csv:1: invalid input: no rows: expected one row per service and year`, ErrInput},
		{"ledger empty", LedgerFile, "service,agency,item,amount,price_year,behaviour\n",
			`ledger.csv:1: invalid input: no entries`, ErrInput},
		{"excel trailing separator", LedgerFile, "service,agency,item,amount,price_year,behaviour,\ncourt,courts,aid,5,2024,variable,oops\n",
			`ledger.csv:2:7: unknown column: a value in a column with no name in the header`, nil},
		{"pool step", PoolsFile, "pool,agency,amount,price_year,behaviour,driver\nit,ministry,1000,2024,step,fte\n",
			`pools.csv:2:5: behaviour: unknown cost behaviour: a pool cannot be a step cost`, ErrBehaviour},
		{"members disagree", ActivityFile, "service,year,units,target_units,members\ncourt,2024,200,50,20\nprison,2024,1000,400,21\n",
			`activity.csv:3:5: members: invalid input: 21 members in 2024, but line 2 gives 20`, ErrInput},
		{"members missing", ActivityFile, "service,year,units,target_units,members\ncourt,2024,200,50,\nprison,2024,1000,400,\n",
			`activity.csv:2:5: members: no target-group members: no row of 2024 gives the number of target-group members`, ErrNoMembers},
		{"empty name", LedgerFile, "service,agency,item,amount,price_year,behaviour\n,courts,aid,5,2024,variable\n",
			`ledger.csv:2:1: service: empty value: expected a service name`, nil},
		{"bad year", ActivityFile, "service,year,units,target_units,members\ncourt,24,200,50,20\n",
			`activity.csv:2:2: year: invalid number "24": expected a year between 1900 and 2200`, nil},
		{"zero index", DeflatorFile, "year,index\n2024,0\n",
			`deflator.csv:2:2: index: invalid input: index 0`, ErrInput},
		{"ragged record", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,5,2024\n",
			`ledger.csv:2:6: 5 fields, but the header has 6`, nil},
		{"decimal comma in a comma file, unquoted", LedgerFile, "service,agency,item,amount,price_year,behaviour\ncourt,courts,aid,12,5,2024,variable\n",
			`ledger.csv:2:7: 7 fields, but the header has 6: a comma inside a value splits it in two`, nil},
		{"empty file", DeflatorFile, "\n",
			`deflator.csv:1: empty file: expected a header row`, nil},
		{"missing required file", ActivityFile, "",
			`activity.csv: no such file or directory`, os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _, err := costFolderDir(t, map[string]string{tc.file: tc.body})
			require.Error(t, err)
			msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			assert.Contains(t, msg, tc.want)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			var pe *InputError
			if tc.file != ActivityFile || tc.body != "" {
				assert.True(t, errors.As(err, &pe) || errors.Is(err, ErrNoDeflator), "error without position: %v", err)
			}
		})
	}
}

func TestUnknownFiles(t *testing.T) {
	dir := writeFolder(t, map[string]string{"pool.csv": "x\n", LedgerFile: "x\n", "readme.txt": "x"})
	assert.Equal(t, []string{"pool.csv"}, UnknownFiles(dir))
	// A misspelt file would drop its data silently: Load refuses it.
	_, err := costFolder(t, map[string]string{"Pools.csv": goodFolder[PoolsFile]})
	assert.ErrorIs(t, err, ErrUnknown)
	assert.ErrorContains(t, err, "Pools.csv: unknown name: not an input file of a costing folder")
}
