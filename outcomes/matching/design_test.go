package matching

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// refDir holds the reference values of design, logit and balance: data
// from gen.R, values from reference.R (R 4.2, glm, MatchIt 4.5.1).
var refDir = filepath.Join("..", "..", "testdata", "reference", "psfit")

// readRef reads a CSV file of refDir as records, header first.
func readRef(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// refFloat parses a recorded number; "NA" is NaN.
func refFloat(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NA" {
		return nan
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// refData builds the Data of a reference case of reference.R: "main"
// (data.csv), "const" (a constant column const = 5 after priors),
// "separation" (the first 6 rows again, treated, in a region "south")
// and "scaled" (income in cents, age in days).
func refData(t testing.TB, kase string) *Data {
	t.Helper()
	recs := readRef(t, "data.csv")[1:]
	if kase == "separation" {
		for _, r := range recs[:6] {
			r = slices.Clone(r)
			r[1] = "1"
			r[7] = "south"
			recs = append(recs, r)
		}
	}
	n := len(recs)
	d := &Data{IDs: make([]string, n), Treated: make([]bool, n), Cohort: make([]string, n)}
	num := func(name string, c int, scale float64) Column {
		col := Column{Name: name, Values: make([]float64, n)}
		for i, r := range recs {
			col.Values[i] = refFloat(t, r[c]) * scale
		}
		return col
	}
	cat := func(name string, c int) Column {
		col := Column{Name: name, Categorical: true, Codes: make([]int32, n)}
		for _, r := range recs {
			if !slices.Contains(col.Levels, r[c]) {
				col.Levels = append(col.Levels, r[c])
			}
		}
		slices.Sort(col.Levels)
		for i, r := range recs {
			col.Codes[i] = int32(slices.Index(col.Levels, r[c]))
		}
		return col
	}
	for i, r := range recs {
		d.IDs[i] = r[0]
		d.Treated[i] = r[1] == "1"
	}
	ageScale, incomeScale := 1.0, 1.0
	if kase == "scaled" {
		ageScale, incomeScale = 365.25, 100
	}
	d.Columns = []Column{num("age", 2, ageScale), num("female", 3, 1), num("priors", 4, 1)}
	if kase == "const" {
		c := Column{Name: "const", Values: make([]float64, n)}
		for i := range c.Values {
			c.Values[i] = 5
		}
		d.Columns = append(d.Columns, c)
	}
	d.Columns = append(d.Columns, num("income", 5, incomeScale), cat("offence", 6), cat("region", 7))
	return d
}

func TestNewDesignNames(t *testing.T) {
	d := refData(t, "main")
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	// R: colnames(model.matrix(treat ~ age + female + priors + income + offence + region, d))
	want := []string{"(Intercept)", "age", "female", "priors", "income", "offencetheft", "offenceviolence", "regionnorth", "regionwest"}
	if !slices.Equal(x.Names, want) {
		t.Fatalf("names %q, want %q", x.Names, want)
	}
	if !slices.Equal(x.Of, []int{-1, 0, 1, 2, 3, 4, 4, 5, 5}) {
		t.Errorf("Of %v", x.Of)
	}
	// Row 1 of data.csv: u001,0,39,1,0,15633.00,theft,east.
	row := make([]float64, len(x.Cols))
	for j := range x.Cols {
		row[j] = x.Cols[j][0]
	}
	if !slices.Equal(row, []float64{1, 39, 1, 0, 15633, 1, 0, 0, 0}) {
		t.Errorf("row 1 %v", row)
	}
	sub, err := NewDesign(d, []string{"region", "age"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sub.Names, []string{"(Intercept)", "regionnorth", "regionwest", "age"}) {
		t.Errorf("subset names %q", sub.Names)
	}
}

func TestNewDesignErrors(t *testing.T) {
	d := refData(t, "main")
	if _, err := NewDesign(d, []string{"age", "height"}); !errors.Is(err, ErrUnknownCovariate) {
		t.Errorf("unknown covariate: %v", err)
	}
	if _, err := NewDesign(&Data{}, nil); !errors.Is(err, ErrNoRows) {
		t.Errorf("no rows: %v", err)
	}
	one := &Data{IDs: []string{"a", "b"}, Treated: []bool{true, false}, Columns: []Column{{Name: "sex", Categorical: true, Codes: []int32{0, 0}, Levels: []string{"f"}}}}
	if _, err := NewDesign(one, nil); !errors.Is(err, ErrOneLevel) {
		t.Errorf("one level: %v", err)
	}
	nanData := &Data{IDs: []string{"a", "b"}, Treated: []bool{true, false}, Columns: []Column{{Name: "age", Values: []float64{1, nan}}}}
	if _, err := NewDesign(nanData, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
}
