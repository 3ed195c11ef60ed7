package main

// claimsCases are cliCases of sib claims (TestCLI runs both), each a
// user's report it caught; the golden files are testdata/golden/NAME.stdout
// and NAME.stderr (go test -run TestCLI -update rewrites them).
var claimsCases = []struct {
	name string
	args []string
	code int
}{
	// A misnamed file or sheet (caps (1).csv, Caps) was a warning, exit 0,
	// and its cap was not applied: now refused as in every input folder.
	{"claims-unknown-file", []string{"claims", "testdata/bad/claims-unknown-file"}, exitData},
	{"claims-unknown-sheet", []string{"claims", "testdata/bad/claims-unknown-sheet.xlsx"}, exitData},
	// 101 records at the largest price: more than the engine's limit in
	// all (10,000 of them printed a negative total, exit 0).
	{"claims-overflow", []string{"claims", "testdata/bad/claims-overflow"}, exitData},
	// --as-of in a quarter: the actuals stop at the quarter before, and
	// stderr names the quarter and its claims so far (quarter 7 was an
	// actual with 551,900.00 of its 1,112,400.00).
	// --as-of counts only the participants who had started: 2016-Q3 and
	// Q4 have no rows (they had rates of 0), and ATTITUDE over all cohorts
	// is 733 / 2,170 = 0.3377880184 (473 + 456 + 393 + 456 + 392 had
	// started), not 733 / 3,000 = 0.2443; open says every window is open.
	{"claims-youth-forecast-as-of-started", []string{"claims", "--as-of", "2016-06-30", "--format", "csv", "--table", "forecast", "../../testdata/youth-employment-claims"}, exitOK},
	// Two outcomes on one term printed two values of outcome.school.effect:
	// now a usage error, as is a term named as another outcome's code.
	{"claims-term-shared", []string{"claims", "--term", "ATTITUDE=school", "--term", "BEHAVIOUR=school", "--table", "forecast", "--format", "csv", "../../testdata/youth-employment-claims"}, exitUsage},
	{"claims-term-other-code", []string{"claims", "--term", "ATTEND=BEHAVIOUR", "../../testdata/youth-employment-claims"}, exitUsage},
	// No currency: no blank "currency:" line; the note on an empty row
	// names the folder's records.csv (it said "records.csv" alone, and
	// "1 empty rows").
	{"claims-no-currency", []string{"claims", "testdata/claims-no-currency"}, exitOK},
	{"claims-youth-actuals-partial", []string{"claims", "--as-of", "2016-11-15", "--format", "csv", "--table", "actuals", "../../testdata/youth-employment-claims"}, exitOK},
	{"claims-youth-as-of-json", []string{"claims", "--as-of", "2016-11-15", "--format", "json", "../../testdata/youth-employment-claims"}, exitOK},
	// The mission's question no table answered: what is still owed. As of
	// 2016-11-30 quarters 1 to 6 are due (3,275,200.00); dwp paid
	// quarter 5 late (274,843.75, on 2016-12-05), so it owes that much;
	// the others are settled; quarter 7 so far (720,800.00) is due next.
	{"claims-youth-owed-as-of", []string{"claims", "--as-of", "2016-11-30", "--format", "csv", "--table", "owed", "../../testdata/youth-employment-claims"}, exitOK},
	// A payer paid.csv names that pays nothing ("DWP" for dwp): refused
	// with its position, not left out of what is paid.
	{"claims-paid-unknown-payer", []string{"claims", "testdata/bad/claims-paid"}, exitData},
}
