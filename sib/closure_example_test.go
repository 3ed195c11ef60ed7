package sib_test

import (
	"fmt"
	"testing/fstest"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A closure lag makes a step cost cashable only once the fall in use has
// lasted: here a unit of four secure beds (a step of 1460 bed-days a
// year, 70% of a bed-day's 500) closes after two quarters
// (closure_lag 0.5). Two cohorts' fall reaches the step in quarters 3 to
// 8, worth 1460 / 4 × 500 × 0.7 = 127750 a quarter: without the lag six
// quarters are cashable, 766500; with it four, 511000, and 255500 is
// held back. The lag is a parameter: set it to 0 to see the saving
// without it, on the same model. (The deal is the scenario-ok-closure
// folder of the command's tests, written here in memory.)
func Example_closureLag() {
	files := fstest.MapFS{
		"avoided.csv":  {Data: []byte("metric,service,units\ncustody_days,secure_bed_day,1\n")},
		"capital.csv":  {Data: []byte("tranche,investor,priority,commitment,coupon\nsenior,fund,1,250000,0.06\n")},
		"cohorts.csv":  {Data: []byte("cohort,entry,size,take_up\nc1,2026-01-01,40,1\nc2,2026-07-01,40,1\n")},
		"delivery.csv": {Data: []byte("item,party,basis,amount,from,to\nmentoring,provider,per_period,50000,1,4\n")},
		"metrics.csv":  {Data: []byte("metric,per,from,to,effect\ncustody_days,year,1,8,20\n")},
		"payments.csv": {Data: []byte("term,metric,payer,basis,price,lag\nrate_card,custody_days,youth_custody,outcomes,75,1\n")},
		"scenario.csv": {Data: []byte("setting,value,note\nname,secure beds with a closure lag (test),\nstart,2026-01-01,\nperiod,quarter,\nperiods,12,\ncurrency,EUR,\nprice_base,2026,\ninflation,0,\ndiscount_rate,0,\nhurdle_rate,0.06,\nclosure_lag,0.5,half a year: a unit of beds closes once its use has stayed down for two quarters\n")},
		"services.csv": {Data: []byte("service,agency,unit_cost,cashable,step_size,note\nsecure_bed_day,youth_custody,500,0.7,1460,70% of a bed-day is the staff of a unit of four beds (1460 bed-days a year): cashable only when a whole unit closes\n")},
	}
	s, err := scenario.LoadFS(files, scenario.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Values()
	id, _ := s.Param("setting.closure_lag")
	for _, years := range []float64{0.5, 0} {
		p[id.Index()] = years
		r, err := m.Run(p)
		if err != nil {
			fmt.Println(err)
			return
		}
		all := r.State[len(r.State)-1]
		fmt.Printf("closure lag %.1f years (%d quarters): cashable %s, held back %s\n",
			years, r.ClosureLag, all.Cashable.StringFixed(2), r.HeldBack.StringFixed(2))
	}
	// Output:
	// closure lag 0.5 years (2 quarters): cashable 511000.00, held back 255500.00
	// closure lag 0.0 years (0 quarters): cashable 766500.00, held back 0.00
}
