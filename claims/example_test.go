package claims_test

import (
	"fmt"
	"strings"

	"github.com/sib-engine/sib/claims"
)

// A contract built in code: one outcome claimable once, a cap of 1500.00
// per participant over two outcomes.
func ExampleContract_Validate() {
	c := &claims.Contract{
		Settings: claims.Settings{Start: claims.MakeDate(2026, 1, 1), End: claims.MakeDate(2026, 12, 31), PeriodMonths: 3,
			Currency: "GBP", RampUpUntil: claims.NoDate, Deadline: claims.NoDate},
		Participants: []claims.Participant{{ID: "A", Start: claims.MakeDate(2026, 1, 5)}},
		Outcomes: []claims.Outcome{
			{Code: "ENTRY", Prices: []claims.Price{{From: claims.NoDate, To: claims.NoDate, Cents: 100000}}, MaxClaims: 1, Deadline: claims.NoDate, CapGroup: "EMP"},
			{Code: "SUST", Prices: []claims.Price{{From: claims.NoDate, To: claims.NoDate, Cents: 100000}}, MaxClaims: 1, Deadline: claims.NoDate, CapGroup: "EMP", Prerequisites: []string{"ENTRY"}},
		},
		Caps: claims.Caps{Participant: map[string]int64{"EMP": 150000}},
	}
	records := "participant,outcome,achieved,evidence\n" +
		"A,ENTRY,2026-02-01,payslip-1\n" +
		"A,ENTRY,2026-02-03,payslip-1b\n" +
		"A,SUST,2026-05-01,payslip-2\n"
	res, err := c.Validate(strings.NewReader(records), "records.csv", claims.Options{KeepClaims: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cl := range res.Claims {
		fmt.Printf("%s %s %-10s %s\n", cl.Outcome, cl.Achieved, cl.Reason, claimsMoney(cl.Paid))
	}
	fmt.Println("claimed", claimsMoney(res.Claimed()), "paid", claimsMoney(res.Paid()))
	// Output:
	// ENTRY 2026-02-01 accepted   1000.00
	// ENTRY 2026-02-03 duplicate  0.00
	// SUST 2026-05-01 cap_partly 500.00
	// claimed 3000.00 paid 1500.00
}

func claimsMoney(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// Run reads a claims folder: here the bundled synthetic example.
func ExampleRun() {
	res, err := claims.Run("../testdata/youth-employment-claims", claims.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Records, "records; claimed", claimsMoney(res.Claimed()), "paid", claimsMoney(res.Paid()))
	// Output:
	// 7556 records; claimed 9743200.00 paid 8871000.00
}

// Load reads the contract of a folder without its records.
func ExampleLoad() {
	c, err := claims.Load("../testdata/youth-employment-claims", claims.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Participants), "participants,", len(c.Outcomes), "outcomes; NQF1 from 2017:", claimsMoney(c.Outcomes[4].Prices[1].Cents))
	// Output:
	// 3000 participants, 9 outcomes; NQF1 from 2017: 1000.00
}

func ExampleParseDate() {
	_, err := claims.ParseDate("2026-02-30")
	fmt.Println(err)
	d, _ := claims.ParseDate("2026-01-31 00:00:00")
	fmt.Println(d, d.AddMonths(1))
	// Output:
	// invalid date "2026-02-30": February 2026 has 28 days
	// 2026-01-31 2026-02-28
}

// What each payer still owes as of a day: the bundled example's paid.csv
// has dwp's quarter-5 payment made late, on 2016-12-05.
func ExampleResult_owed() {
	res, err := claims.Run("../testdata/youth-employment-claims", claims.Options{AsOf: claims.MakeDate(2016, 11, 30)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("periods 1 to %d over, %d in progress\n", res.Through, res.Partial)
	for _, o := range res.Owed {
		fmt.Printf("%-14s due %s paid %s owed %s\n", o.Payer, claimsMoney(o.Due), claimsMoney(o.Paid), claimsMoney(o.Balance()))
	}
	// Output:
	// periods 1 to 6 over, 7 in progress
	// cabinet_office due 2047000.00 paid 2047000.00 owed 0.00
	// dwp            due 1023500.00 paid 748656.25 owed 274843.75
	// moj            due 204700.00 paid 204700.00 owed 0.00
}
