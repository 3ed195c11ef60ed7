package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// OutcomesMetrics is the metrics.csv that goes with Participants: an RCT
// of four metrics, one of each kind, over cohorts measured a year later.
const OutcomesMetrics = `metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit
reoffend,binary,lower,comparison,treatment,control,,,,share
reconvictions,count,lower,comparison,treatment,control,,,,events
custody_days,duration,lower,comparison,treatment,control,,,,days
earnings,continuous,higher,comparison,treatment,control,,,,EUR
`

// Participants writes a participants.csv of about rows records: treatment
// and control, 5 cohorts, four metrics, about 2% of values missing.
func Participants(w io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	bw.WriteString("id,group,cohort,period,reoffend,reconvictions,custody_days,earnings\n")
	var line []byte
	for i := range rows {
		treated := rng.IntN(2) == 0
		group := "control"
		if treated {
			group = "treatment"
		}
		cohort := 2021 + rng.IntN(5)
		line = append(line[:0], 'P')
		line = strconv.AppendInt(line, int64(i+1), 10)
		line = append(line, ',')
		line = append(line, group...)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(cohort), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(cohort+1), 10)
		pRe, lam, pDays := 0.44, 0.8, 0.3
		if treated {
			pRe, lam, pDays = 0.36, 0.6, 0.24
		}
		re := rng.Float64() < pRe
		vals := [4]string{"0", "0", "0", ""}
		if re {
			vals[0] = "1"
			vals[1] = strconv.Itoa(poisson(rng, lam))
		}
		if rng.Float64() < pDays {
			vals[2] = strconv.Itoa(1 + int(rng.ExpFloat64()*40))
		}
		earn := 9000 + 4000*rng.NormFloat64()
		if treated {
			earn += 600
		}
		vals[3] = strconv.FormatFloat(math.Round(earn*100)/100, 'f', 2, 64)
		for j := range vals {
			line = append(line, ',')
			if rng.Float64() < 0.02 {
				continue // not measured
			}
			line = append(line, vals[j]...)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func poisson(rng *rand.Rand, lam float64) int {
	l, k, p := math.Exp(-lam), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// Outcomes writes an outcomes folder (metrics.csv and participants.csv)
// of about rows participant records into dir.
func Outcomes(dir string, rows int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "metrics.csv"), []byte(OutcomesMetrics), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "participants.csv"))
	if err != nil {
		return err
	}
	if err := Participants(f, rows, seed); err != nil {
		f.Close()
		return fmt.Errorf("synth: %w", err)
	}
	return f.Close()
}
