package main

import (
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/parquetio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// isParquet says whether --draws-out names a Parquet file.
func isParquet(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".parquet")
}

// parquetDraws streams the draws to a Parquet file on w, with the CSV's
// columns (draw, the spec's parameters, the outputs: money to the cent,
// rates as fractions) and the report's provenance as key-value metadata
// (sib.title, then sib.KEY for each item: a list as a JSON array). It
// returns simulate's Each and the function that ends the file.
func parquetDraws(w io.Writer, st *study, outs []uncertainty.Output, draws int, seed uint64) (func(int, []float64, []float64) error, func() error, error) {
	var names []string
	for _, u := range st.spec.Params {
		names = append(names, u.Name)
	}
	for _, o := range outs {
		names = append(names, o.Name)
	}
	meta := []parquetio.KeyValue{{Key: "sib.title", Value: "Monte Carlo draws: " + st.s.Settings.Name}}
	for _, m := range st.meta(report.Meta{Key: "draws", Value: strconv.Itoa(draws), Numeric: true},
		report.Meta{Key: "seed", Value: strconv.FormatUint(seed, 10), Numeric: true}) {
		v := m.Value
		if m.List != nil {
			b, _ := json.Marshal(m.List)
			v = string(b)
		}
		meta = append(meta, parquetio.KeyValue{Key: "sib." + m.Key, Value: v})
	}
	pw, err := parquetio.NewDrawWriter(w, names, meta)
	if err != nil {
		return nil, nil, err
	}
	row := make([]float64, len(names))
	each := func(i int, params, outputs []float64) error {
		copy(row, params)
		for k, v := range outputs {
			if outs[k].Unit == uncertainty.Money {
				v = math.Round(v*100) / 100
			}
			row[len(params)+k] = v
		}
		return pw.Write(int64(i), row)
	}
	return each, pw.Close, nil
}
