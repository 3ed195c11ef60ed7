package synth

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ClaimsContract, ClaimsRateCard and ClaimsCaps are the contract of the
// synthetic claims folder: a rate card styled on the Youth Engagement Fund
// (2015-2018): outcomes for 14- to 17-year-olds at risk of not being in
// education, employment or training, paid by three departments in the
// shares they funded it (Cabinet Office £10m, DWP £5m, MoJ £1m of £16m),
// with a cap per participant over all outcomes; each sustainment outcome
// at least 13 weeks after the one before (min_after). The prices are
// illustrative.
const (
	ClaimsContract = `setting,value,note
name,Youth engagement rate card (synthetic; styled on the Youth Engagement Fund),
start,2015-04-01,
end,2018-03-31,three years of delivery
period,quarter,
currency,GBP,
payer,cabinet_office,
deadline,2018-06-30,claims close three months after the end
`
	ClaimsRateCard = `outcome,name,price,from,to,max_claims,prerequisite,window_months,cap_group,min_after
ATTITUDE,improved attitude to school,700,,,1,,,YP,
BEHAVIOUR,improved behaviour,1300,,,1,,,YP,
ATTEND,improved attendance,1400,,,1,,,YP,
ENTRY_QUAL,entry-level qualification,900,,,1,,,YP,
NQF1,NQF level 1 qualification,1100,,2016-12-31,1,,,YP,
NQF1,,1000,2017-01-01,,,,,,
NQF2,NQF level 2 qualification,3300,,,1,NQF1,,YP,
EMPLOY,entry into employment,2600,,,1,,24,YP,
SUSTAIN13,13 weeks in employment,1000,,,1,EMPLOY,27,YP,13w
SUSTAIN26,26 weeks in employment,1200,,,1,SUSTAIN13,30,YP,13w
`
	ClaimsCaps = `kind,target,amount,count
participant,YP,8000,
`
)

var claimsOutcomes = []string{"ATTITUDE", "BEHAVIOUR", "ATTEND", "ENTRY_QUAL", "NQF1", "NQF2", "EMPLOY", "SUSTAIN13", "SUSTAIN26"}

// Claims writes a claims folder into dir: the contract above, participants
// participants and their outcome records, at least records of them when
// records is above what the draws give (further submissions of outcomes
// already claimed, most of them duplicates). Deterministic for a seed.
func Claims(dir string, participants, records int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var payers []byte
	payers = append(payers, "outcome,payer,share\n"...)
	for _, o := range claimsOutcomes {
		payers = fmt.Appendf(payers, "%s,cabinet_office,0.625\n%s,dwp,0.3125\n%s,moj,0.0625\n", o, o, o)
	}
	for name, body := range map[string][]byte{"contract.csv": []byte(ClaimsContract), "ratecard.csv": []byte(ClaimsRateCard),
		"caps.csv": []byte(ClaimsCaps), "payers.csv": payers} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return err
		}
	}
	return writeFile(filepath.Join(dir, "participants.csv"), func(pw *bufio.Writer) error {
		return writeFile(filepath.Join(dir, "records.csv"), func(rw *bufio.Writer) error {
			return claimsRecords(pw, rw, participants, records, seed)
		})
	})
}

func writeFile(path string, f func(*bufio.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fh, 1<<20)
	if err := f(bw); err != nil {
		fh.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

func claimsRecords(pw, rw *bufio.Writer, n, records int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	pw.WriteString("id,start,cohort,attr_school\n")
	rw.WriteString("participant,outcome,achieved,evidence,status\n")
	t0 := time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2018, 3, 31, 0, 0, 0, 0, time.UTC)
	written := 0
	perPart := 0
	if n > 0 {
		perPart = records / n
	}
	var line []byte
	for i := range n {
		id := fmt.Sprintf("YP%07d", i+1)
		start := t0.AddDate(0, 0, rng.IntN(640))
		cohort := fmt.Sprintf("%d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
		line = fmt.Appendf(line[:0], "%s,%s,%s,S%02d\n", id, start.Format(time.DateOnly), cohort, 1+rng.IntN(40))
		pw.Write(line)
		type rec struct {
			code string
			at   time.Time
		}
		var recs []rec
		add := func(code string, p float64, after time.Time, minDays, spread int) (time.Time, bool) {
			if rng.Float64() >= p {
				return time.Time{}, false
			}
			at := after.AddDate(0, 0, minDays+rng.IntN(spread))
			if at.After(end) {
				at = end.AddDate(0, 0, -rng.IntN(30))
				if at.Before(start) {
					return time.Time{}, false
				}
			}
			recs = append(recs, rec{code, at})
			return at, true
		}
		add("ATTITUDE", 0.55, start, 60, 200)
		add("BEHAVIOUR", 0.42, start, 90, 240)
		add("ATTEND", 0.38, start, 120, 240)
		add("ENTRY_QUAL", 0.33, start, 150, 300)
		if q1, ok := add("NQF1", 0.30, start, 180, 360); ok {
			add("NQF2", 0.45, q1, 120, 300)
		}
		if e, ok := add("EMPLOY", 0.22, start, 200, 500); ok {
			if s13, ok := add("SUSTAIN13", 0.62, e, 91, 20); ok {
				add("SUSTAIN26", 0.72, s13, 91, 20)
			}
		}
		// Further submissions, to reach records: re-submitted outcomes
		// (duplicates), and ones with a later date.
		for len(recs) < perPart {
			if len(recs) == 0 {
				recs = append(recs, rec{"ATTITUDE", start.AddDate(0, 0, 30+rng.IntN(300))})
				continue
			}
			r := recs[rng.IntN(len(recs))]
			recs = append(recs, rec{r.code, r.at.AddDate(0, 0, rng.IntN(60))})
		}
		for k, r := range recs {
			pid, ev, status := id, "EV"+strconv.Itoa(rng.IntN(1_000_000)), "verified"
			switch u := rng.Float64(); {
			case u < 0.01:
				ev = "" // no evidence yet
			case u < 0.03:
				status = "pending"
			case u < 0.035:
				pid = fmt.Sprintf("YP%07d", n+1+rng.IntN(100)) // a typo: no such participant
			case u < 0.05 && k > 0:
				r.at = recs[k-1].at // submitted twice
				r.code = recs[k-1].code
			}
			line = fmt.Appendf(line[:0], "%s,%s,%s,%s,%s\n", pid, r.code, r.at.Format(time.DateOnly), ev, status)
			rw.Write(line)
			written++
		}
	}
	return nil
}
