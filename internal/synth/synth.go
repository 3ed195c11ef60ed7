package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Costing writes a costing folder with rows ledger lines spread evenly over
// services services (rows/services items each) in year 2024, with ten
// agencies, a mix of variable, step and fixed costs, one direct-cost pool
// per agency, and a deflator.
func Costing(dir string, rows, services int, seed uint64) error {
	write := func(name string, f func(w io.Writer) error) error {
		fh, err := os.Create(filepath.Join(dir, name))
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
	if err := write("ledger.csv", func(w io.Writer) error { return Ledger(w, rows, services, seed) }); err != nil {
		return err
	}
	if err := write("activity.csv", func(w io.Writer) error { return Activity(w, services) }); err != nil {
		return err
	}
	if err := write("pools.csv", func(w io.Writer) error { return Pools(w) }); err != nil {
		return err
	}
	return write("deflator.csv", func(w io.Writer) error {
		_, err := io.WriteString(w, "year,index\n2023,96.4\n2024,100\n")
		return err
	})
}

// Ledger writes a ledger of rows lines over services services.
func Ledger(w io.Writer, rows, services int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 1))
	if _, err := io.WriteString(w, "service,agency,item,amount,price_year,behaviour,step_size\n"); err != nil {
		return err
	}
	perService := (rows + services - 1) / services
	var buf []byte
	for i := 0; i < rows; i++ {
		s, item := i/perService, i%perService
		buf = buf[:0]
		buf = fmt.Appendf(buf, "service%05d,agency%d,item%04d,%d.%02d,2024,", s, s%10, item, rng.IntN(1_000_000), rng.IntN(100))
		switch item % 3 {
		case 0:
			buf = append(buf, "variable,\n"...)
		case 1:
			buf = fmt.Appendf(buf, "step,%d\n", 50*(1+item%10))
		default:
			buf = append(buf, "fixed,\n"...)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// Activity writes one activity row per service for 2024.
func Activity(w io.Writer, services int) error {
	if _, err := io.WriteString(w, "service,year,units,target_units,members\n"); err != nil {
		return err
	}
	for s := 0; s < services; s++ {
		units := 1000 + s%977
		if _, err := fmt.Fprintf(w, "service%05d,2024,%d,%d,5000\n", s, units, units/3); err != nil {
			return err
		}
	}
	return nil
}

// Pools writes one overhead pool per agency, allocated by direct cost.
func Pools(w io.Writer) error {
	if _, err := io.WriteString(w, "pool,agency,amount,price_year,behaviour,driver\n"); err != nil {
		return err
	}
	for a := 0; a < 10; a++ {
		if _, err := fmt.Fprintf(w, "overhead%d,agency%d,%d.33,2024,fixed,direct_cost\n", a, a, 1_000_000+a*77_777); err != nil {
			return err
		}
	}
	return nil
}
