package matching

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

func TestReadSpec(t *testing.T) {
	in := "setting,value,note\n" +
		"treatment,tg,\n" +
		"pool,register,the national register\n" +
		"covariates,Age sex offence,\n" +
		"categorical,offence sex,\n" +
		"exact,sex,\n" +
		"distance,score,\n" +
		"k,10,as Peterborough\n" +
		"replace,TRUE,\n" +
		"caliper,0.2,\n" +
		"order,data,\n" +
		"discard,both,\n"
	s, err := ReadSpec(strings.NewReader(in), "matching.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := Options{K: 10, Replace: true, Caliper: 0.2, Order: DataOrder, Discard: DiscardBoth}
	if s.Treatment != "tg" || s.Pool != "register" || s.Link != Score || s.Options != want {
		t.Errorf("got %+v", s)
	}
	if !slices.Equal(s.Covariates, []string{"age", "sex", "offence"}) || !slices.Equal(s.Categorical, []string{"offence", "sex"}) || !slices.Equal(s.Exact, []string{"sex"}) {
		t.Errorf("names: %v %v %v", s.Covariates, s.Categorical, s.Exact)
	}
	if s.Line["caliper"] != 10 || s.Source != "matching.csv" {
		t.Errorf("lines %v", s.Line)
	}
	// An empty file is the defaults.
	s, err = ReadSpec(strings.NewReader("setting,value\n"), "m.csv")
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultSpec()
	if s.Treatment != d.Treatment || s.Pool != d.Pool || s.Options != d.Options || s.Link != d.Link {
		t.Errorf("defaults: %+v", s)
	}
}

func TestReadSpecErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"setting,value\nkk,1\n", "m.csv:2:1: setting: unknown name: no setting \"kk\""},
		{"setting,value\n,1\n", "m.csv:2:1: setting: empty value"},
		{"setting,value\nk,2\nk,3\n", "m.csv:3:1: setting: invalid input: setting k is given twice (also line 2)"},
		{"setting,value\nk,11\n", "m.csv:2:2: value: invalid input: k \"11\": expected a whole number of controls per treated unit from 1 to 10"},
		{"setting,value\nk,1.5\n", "m.csv:2:2: value: invalid input: k \"1.5\""},
		{"setting,value\nk,0\n", "m.csv:2:2: value: invalid input: k \"0\""},
		{"setting,value\nreplace,yes\n", "m.csv:2:2: value: invalid input: replace \"yes\": expected true or false"},
		{"setting,value\ncaliper,-0.1\n", "m.csv:2:2: value: invalid input: caliper -0.1: expected a width"},
		{"setting,value\ncaliper,abc\n", "m.csv:2:2: value: caliper: invalid number"},
		{"setting,value\ndistance,mahalanobis\n", "m.csv:2:2: value: invalid input: distance \"mahalanobis\""},
		{"setting,value\norder,random\n", "m.csv:2:2: value: invalid input: order \"random\""},
		{"setting,value\ndiscard,all\n", "m.csv:2:2: value: invalid input: discard \"all\""},
		{"setting,value\ncovariates,age age\n", "m.csv:2:2: value: invalid input: covariates: \"age\" is named twice"},
		{"setting,value\ncovariates,age cohort\n", "m.csv:2:2: value: invalid input: covariates: \"cohort\" is a column of covariates.csv that is not a covariate"},
		{"setting,value\ntreatment,a b\n", "m.csv:2:2: value: invalid input: group label \"a b\" has a space"},
		{"setting,value\npool,treatment\n", "m.csv:2:2: value: invalid input: the pool's label \"treatment\" is the treatment group's too"},
		{"setting,value\ncovariates,age\ncategorical,region\n", "m.csv:3:2: value: invalid input: categorical \"region\" is neither among the covariates (age) nor matched exactly"},
		{"setting\nk\n", "m.csv:1: missing column \"value\""},
		{"setting,value,extra\n", "m.csv:1:3: unknown column \"extra\""},
	} {
		_, err := ReadSpec(strings.NewReader(tc.in), "m.csv")
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s…", tc.in, err, tc.want)
			continue
		}
		var ce *csvio.Error
		if !errors.As(err, &ce) {
			t.Errorf("%q: not positioned: %T", tc.in, err)
		}
	}
}

const smallData = "id,group,cohort,age,sex,offence,employed_before,note\n" +
	"t1,treatment,2024,25,m,violent,0,\n" +
	"t2,treatment,2025,31.5,f,drugs,1,a note\n" +
	"p1,comparison,,40,m,property,0,\n" +
	"p2,comparison,2024,22,f,violent,1,\n" +
	"p3,comparison,2025,35,m,drugs,0,\n"

func spec(t *testing.T, settings ...string) *Spec {
	t.Helper()
	s, err := ReadSpec(strings.NewReader("setting,value\n"+strings.Join(settings, "\n")+"\n"), "matching.csv")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadData(t *testing.T) {
	d, err := ReadData(strings.NewReader(smallData), "covariates.csv", spec(t, "categorical,offence sex"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.IDs, []string{"t1", "t2", "p1", "p2", "p3"}) || !slices.Equal(d.Treated, []bool{true, true, false, false, false}) ||
		!slices.Equal(d.Cohort, []string{"2024", "2025", "", "2024", "2025"}) || !slices.Equal(d.Line, []int{2, 3, 4, 5, 6}) {
		t.Errorf("rows: %v %v %v %v", d.IDs, d.Treated, d.Cohort, d.Line)
	}
	var names []string
	for _, c := range d.Columns {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"age", "sex", "offence", "employed_before"}) {
		t.Fatalf("columns %v", names)
	}
	if !slices.Equal(d.Columns[0].Values, []float64{25, 31.5, 40, 22, 35}) || d.Columns[0].Categorical {
		t.Errorf("age %+v", d.Columns[0])
	}
	off := d.Columns[2]
	if !off.Categorical || !slices.Equal(off.Levels, []string{"drugs", "property", "violent"}) || !slices.Equal(off.Codes, []int32{2, 0, 1, 2, 0}) {
		t.Errorf("offence %+v", off)
	}
	// Only the covariates the spec names are read.
	d, err = ReadData(strings.NewReader(smallData), "covariates.csv", spec(t, "covariates,age", "exact,sex", "categorical,sex"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Columns) != 2 || d.Columns[0].Name != "age" || d.Columns[1].Name != "sex" || !d.Columns[1].Categorical {
		t.Errorf("columns %+v", d.Columns)
	}
	// Semicolons and decimal commas, other labels.
	semi := "id;group;cohort;x\na;tg;c1;1,5\nb;pool;;2\n"
	d, err = ReadData(strings.NewReader(semi), "c.csv", spec(t, "treatment,tg", "pool,pool"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Columns[0].Values, []float64{1.5, 2}) {
		t.Errorf("semicolons: %v", d.Columns[0].Values)
	}
}

func TestReadDataErrors(t *testing.T) {
	const h = "id,group,cohort,age,region\n"
	cat := []string{"categorical,region"}
	for _, tc := range []struct {
		in       string
		settings []string
		want     string
	}{
		{h + "t1,treatment,2024,,north\n", cat, "c.csv:2:4: age: missing value \"\": every covariate needs a value; impute it or drop the row"},
		{h + "t1,treatment,2024,NA,north\n", cat, "c.csv:2:4: age: missing value \"NA\""},
		{h + "t1,treatment,2024,30,\n", cat, "c.csv:2:5: region: missing value"},
		{h + "t1,treatment,2024,3O,north\n", cat, "c.csv:2:4: age: invalid number \"3O\""},
		{h + "t1,treatment,2024,30,north\n", nil, "c.csv:2:5: region: invalid number \"north\""},
		{h + "t1,treated,2024,30,north\n", cat, "c.csv:2:2: group: invalid input: group \"treated\": expected treatment (the treated) or comparison (the pool)"},
		{h + "t1,,2024,30,north\n", cat, "c.csv:2:2: group: empty value"},
		{h + "t1,treatment,,30,north\n", cat, "c.csv:2:3: cohort: empty value: a treated unit needs its cohort"},
		{h + ",treatment,2024,30,north\n", cat, "c.csv:2:1: id: empty value"},
		{h + "t1,treatment,2024,30,north\np1,comparison,,30,north\nt1,treatment,2024,31,south\n", cat, "c.csv:4:1: id: invalid input: unit t1 of cohort 2024 is given twice (also line 2)"},
		{h + "p1,comparison,,30,north\nt1,treatment,2024,30,north\np1,comparison,,31,south\n", cat, "c.csv:4:1: id: invalid input: unit p1 of cohort (every cohort) is given twice (also line 2)"},
		{h + "t1,treatment,2024,30,north\n", cat, "c.csv: invalid input: no rows of the pool \"comparison\""},
		{h + "p1,comparison,2024,30,north\n", cat, "c.csv: invalid input: no rows of the treatment group \"treatment\""},
		{h, []string{"covariates,age sex"}, "c.csv:1: invalid input: covariate \"sex\", named in matching.csv (matching.csv:2), is not a column"},
		{"id,group,cohort\nt1,treatment,2024\n", nil, "c.csv:1: invalid input: no covariate columns"},
		{"id,group,age\n", nil, "c.csv:1: missing column \"cohort\""},
		{"id,group,cohort,age,age\n", nil, "c.csv:1:5: column given twice \"age\""},
		{h + "t1,treatment,2024,30\n", cat, "c.csv:2:5: 4 fields, but the header has 5"},
	} {
		_, err := ReadData(strings.NewReader(tc.in), "c.csv", spec(t, tc.settings...))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s…", tc.in, err, tc.want)
		}
	}
}

// TestReadDataLevels: a categorical covariate with more than MaxLevels
// levels is an error at the cell of the first level too many.
func TestReadDataLevels(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,group,cohort,region\np,comparison,,r\n")
	for i := range MaxLevels + 1 {
		fmt.Fprintf(&b, "t%d,treatment,c,r%d\n", i, i)
	}
	_, err := ReadData(strings.NewReader(b.String()), "c.csv", spec(t, "categorical,region"))
	want := fmt.Sprintf("c.csv:%d:4: region: invalid input: %q is level 1001 of categorical region: at most 1000 levels", MaxLevels+2, fmt.Sprintf("r%d", MaxLevels-1))
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestDuplicatesManyRows: the hash check finds a duplicate far apart and
// passes distinct ids that differ only in cohort.
func TestDuplicatesManyRows(t *testing.T) {
	n := 20000
	d := &Data{Source: "c.csv"}
	for i := range n {
		d.IDs = append(d.IDs, fmt.Sprint("u", i%(n/2)))
		d.Cohort = append(d.Cohort, fmt.Sprint(i/(n/2)))
		d.Line = append(d.Line, i+2)
	}
	if err := duplicates(d); err != nil {
		t.Fatalf("distinct (cohort, id): %v", err)
	}
	d.Cohort[n-1] = "0"
	err := duplicates(d)
	if want := fmt.Sprintf("c.csv:%d:1: id: invalid input: unit u%d of cohort 0 is given twice (also line %d)", n+1, n/2-1, n/2+1); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestReadDataNoNaN: no value read is NaN or infinite.
func TestReadDataNoNaN(t *testing.T) {
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e400", "1e3"} {
		in := "id,group,cohort,x\nt,treatment,c," + v + "\np,comparison,,1\n"
		d, err := ReadData(strings.NewReader(in), "c.csv", spec(t))
		if err == nil && (math.IsNaN(d.Columns[0].Values[0]) || math.IsInf(d.Columns[0].Values[0], 0)) {
			t.Errorf("%s read as %v", v, d.Columns[0].Values[0])
		}
	}
}
