package scenario_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// fuzzFiles are the files FuzzLoad can replace, chosen by its first
// argument modulo their number; a choice of 0xF0 or more leaves the file
// out instead.
var fuzzFiles = []string{
	scenario.ScenarioFile, scenario.CohortsFile, scenario.MetricsFile, scenario.ServicesFile, scenario.AvoidedFile, scenario.PaymentsFile,
	scenario.TiersFile, scenario.DeliveryFile, scenario.FeesFile, scenario.CapitalFile, scenario.DiscountFile,
	// The optional files, each seeded below with a body that fits the base.
	scenario.PayersFile, scenario.PayerCapsFile, scenario.CouponsFile, scenario.ActualsFile, scenario.CapGroupsFile,
	scenario.DesignFile,
	scenario.ValuesFile, scenario.CommissionerCostsFile, scenario.ConfidenceFile,
}

// fuzzOptional are seeds for the optional files, which the base leaves out.
var fuzzOptional = map[string]string{
	scenario.PayersFile:    "term,payer,share\nreconv,health,0.25\n",
	scenario.PayerCapsFile: "payer,cap_period,cap_total\njustice,30000,\nwelfare,,90000\n",
	scenario.CouponsFile:   "tranche,from,to,rate\nsenior,2,4,0.06\n",
	scenario.ActualsFile:   "period,term,amount\n1,reconv,0\n2,reconv,1200.50\n",
	scenario.CapGroupsFile: "cap_group,participant_cap\nperson,1500\n",
	scenario.DesignFile:    "metric,sampling,direction,comparison_ratio,dispersion\nreconvictions,poisson,,1,1.4\nemployment,binomial,higher,,\n",
	scenario.ValuesFile: "metric,category,beneficiary,value,confidence,adjustment,source\n" +
		"reconvictions,social,victims,5000,3,,Home Office 2018\nreconvictions,economic,participant,1200,,0.2,\n",
	scenario.CommissionerCostsFile: "item,payer,basis,amount,from,to,confidence\n" +
		"management,justice,per_period,2500,1,12,2\nvalidation,justice,per_participant,40,1,,\nevaluation,welfare,upfront,20000,12,,5\n",
	scenario.ConfidenceFile: "grade,adjustment,description\n1,0,audited\n2,0.05,\n3,0.1,\n4,0.15,\n5,0.25,\n6,0.4,\n",
}

// fuzzDiscount is the discount.csv that replaces discount_rate in the base
// when FuzzLoad is given discount.csv, so that the file is read.
const fuzzDiscount = "from_year,rate\n0,0.035\n2,0.03\n"

// FuzzLoad replaces one file of the base scenario with arbitrary bytes
// (Load reads only a folder, so each input is written to one). Load must not panic. An error must be positioned: a
// *csvio.Error naming a file, with a line inside it, or the file system's
// error naming the path it could not open. What loads must hold finite
// parameters inside their ranges and compile; Run either refuses the
// parameters or balances the bond's cash account to the cent in every
// period; and Evaluate must not panic, and gives a NetPV that is not NaN
// whenever Run accepted the amounts.
func FuzzLoad(f *testing.F) {
	base := baseFiles()
	for i, name := range fuzzFiles {
		body := base[name]
		if name == scenario.DiscountFile {
			body = fuzzDiscount
		}
		if seed, ok := fuzzOptional[name]; ok {
			body = seed
		}
		f.Add(byte(i), []byte(body))
		if name == scenario.ScenarioFile {
			// The payers' fiscal year, which only the uncertainty
			// analyses' budget exposure reads.
			f.Add(byte(i), []byte(body+"fiscal_year_start,4,\n"))
		}
	}
	// One folder per fuzzing process, holding the base scenario: each
	// input replaces one or two files and puts them back afterwards
	// (inputs run one at a time in a process).
	dir := scenarioDir(f, nil)
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		if len(data) > 4<<10 {
			return
		}
		name := fuzzFiles[int(which)%len(fuzzFiles)]
		files := map[string]string{name: string(data)}
		if which >= 0xF0 {
			files[name] = absent
		}
		if name == scenario.DiscountFile {
			files[scenario.ScenarioFile] = strings.Replace(baseScenario, "discount_rate,0.035,\n", "", 1)
		}
		fuzzWrite(t, dir, files)
		defer func() {
			// Put the base back.
			restore := map[string]string{}
			for name := range files {
				restore[name] = absent
				if body, ok := base[name]; ok {
					restore[name] = body
				}
			}
			fuzzWrite(t, dir, restore)
		}()
		s, err := scenario.Load(dir)
		if err != nil {
			fuzzCheckErr(t, err, dir, files)
			return
		}
		for _, p := range s.Params {
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || p.Value < p.Min || p.Value > p.Max {
				t.Fatalf("parameter %s = %v outside [%v, %v] (%s)", p.Name, p.Value, p.Min, p.Max, p.Source)
			}
			if p.Source == "" {
				t.Fatalf("parameter %s has no source", p.Name)
			}
			if id, ok := s.Param(p.Name); !ok || s.At(id).Name != p.Name {
				t.Fatalf("Param(%q) does not find it", p.Name)
			}
		}
		m, err := sib.Compile(s)
		if err != nil {
			t.Fatalf("loads but does not compile: %v", err)
		}
		p := s.Values()
		res, runErr := m.Run(p)
		if runErr == nil {
			assertCashBalances(t, res)
		}
		out, err := m.Evaluate(p, m.NewWork())
		if errors.Is(err, sib.ErrTooLarge) && runErr != nil {
			return // both paths refuse amounts the ledger cannot hold
		}
		if err != nil {
			t.Fatalf("Evaluate: %v (Run: %v)", err, runErr)
		}
		if runErr == nil && math.IsNaN(out.NetPV) {
			t.Fatalf("NetPV is NaN (CashablePV %v, PaymentsPV %v)", out.CashablePV, out.PaymentsPV)
		}
	})
}

// fuzzWrite writes files into dir, removing those that are absent.
func fuzzWrite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if body == absent {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fuzzCheckErr checks that a Load error says where it is.
func fuzzCheckErr(t *testing.T, err error, dir string, files map[string]string) {
	t.Helper()
	if err.Error() == "" {
		t.Fatalf("error without a message: %#v", err)
	}
	var ie *csvio.Error
	var pe *fs.PathError
	switch {
	case errors.As(err, &ie):
		if ie.File == "" || ie.Err == nil || ie.Line < 0 || ie.Column < 0 {
			t.Fatalf("badly positioned error %#v: %v", ie, err)
		}
		if ie.Column > 0 && ie.Line == 0 {
			t.Fatalf("a column without a line: %v", err)
		}
		// In the file that was replaced, the line is inside it (or the one
		// after a header with no rows).
		if filepath.Dir(ie.File) == dir {
			if body, ok := files[filepath.Base(ie.File)]; ok && body != absent && ie.Line > strings.Count(body, "\n")+2 {
				t.Fatalf("line %d of a file of %d lines: %v", ie.Line, strings.Count(body, "\n")+1, err)
			}
		}
	case errors.As(err, &pe):
		if pe.Path == "" {
			t.Fatalf("file system error without a path: %v", err)
		}
	default:
		t.Fatalf("error is not positioned: %T %v", err, err)
	}
}
