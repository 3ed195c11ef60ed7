package indigo_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sib-engine/sib/internal/indigo"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// schemaFile is the INDIGO 4.1.0 project schema, unchanged (its README
// says where it comes from).
const schemaFile = "../../testdata/reference/indigo/project.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("project.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("project.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// record builds the record of a scenario folder, as JSON.
func record(t *testing.T, dir string, o indigo.Options) []byte {
	t.Helper()
	s, err := scenario.Load(dir)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	res, err := m.Run(s.Values())
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	p, err := indigo.Build(res, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func validate(sch *jsonschema.Schema, b []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// bundled lists every scenario folder under testdata.
func bundled(t *testing.T) []string {
	var dirs []string
	err := filepath.WalkDir("../../testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "scenario.csv" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d scenario folders, want the dozen bundled", len(dirs))
	}
	return dirs
}

// Every bundled scenario's record is valid INDIGO 4.1.0, with every
// status.
func TestBundledRecordsValid(t *testing.T) {
	sch := compileSchema(t)
	for _, dir := range bundled(t) {
		for _, st := range []string{indigo.Public, indigo.Private, indigo.Disputed} {
			b := record(t, dir, indigo.Options{Status: st, Notes: "test"})
			if err := validate(sch, b); err != nil {
				t.Errorf("%s, %s: %v", dir, st, err)
			}
		}
	}
}

// The validator rejects what the schema forbids: a broken record is
// invalid, so that the test above shows something.
func TestBrokenRecordsInvalid(t *testing.T) {
	sch := compileSchema(t)
	good := record(t, "../../testdata/estonia/scenario", indigo.Options{})
	if err := validate(sch, good); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		break_ func(m map[string]any)
		want   string
	}{
		{"a leaf's status", func(m map[string]any) {
			leaf(m, "dates", "start_date_of_service_provision")["status"] = "SANDBOX"
		}, "/dates/start_date_of_service_provision/status"},
		{"the record's status", func(m map[string]any) { m["status"] = "DRAFT" }, "/status"},
		{"a date", func(m map[string]any) {
			leaf(m, "dates", "start_date_of_service_provision")["value"] = "01/01/2026"
		}, "/dates/start_date_of_service_provision/value"},
		{"a transaction type", func(m map[string]any) {
			item(m, "transactions", 0, "transaction_type")["value"] = "Loan"
		}, "/transactions/0/transaction_type/value"},
		{"an investment type", func(m map[string]any) {
			item(m, "investments", 0, "investment_type")["value"] = "Senior"
		}, "/investments/0/investment_type/value"},
		{"money as text", func(m map[string]any) {
			leaf(item(m, "transactions", 0, "money"), "amount")["value"] = "1000.00"
		}, "/transactions/0/money/amount/value"},
		{"no outcome metrics", func(m map[string]any) { m["outcome_metrics"] = []any{} }, "/outcome_metrics"},
		{"a planned payment's type", func(m map[string]any) {
			item(m, "outcome_payments", 0, "type")["value"] = "Forecast"
		}, "/outcome_payments/0/type/value"},
	} {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		c.break_(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		err = validate(sch, b)
		if err == nil {
			t.Errorf("%s: broken record valid", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error at %s", c.name, err, c.want)
		}
	}
}

func leaf(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		m = m[k].(map[string]any)
	}
	return m
}

func item(m map[string]any, list string, i int, key string) map[string]any {
	return m[list].([]any)[i].(map[string]any)[key].(map[string]any)
}

// The CLI's records, as the goldens hold them (sib indigo), are valid
// too: the command adds nothing the schema refuses.
func TestCLIGoldensValid(t *testing.T) {
	sch := compileSchema(t)
	for _, name := range []string{"indigo-estonia.stdout", "indigo-small-private-set.stdout"} {
		b, err := os.ReadFile(filepath.Join("../../cmd/sib/testdata/golden", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(sch, b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The test scenarios of the engine and the CLI that run (many edge
// cases: guarantees, co-payers, caps, coupons, actuals, termination)
// give valid records too, and Build does not panic on any of them.
func TestTestScenariosValid(t *testing.T) {
	sch := compileSchema(t)
	n := 0
	for _, root := range []string{"../../sib/testdata", "../../cmd/sib/testdata", "../../scenario/testdata"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.Name() != "scenario.csv" {
				return nil
			}
			dir := filepath.Dir(p)
			s, err := scenario.Load(dir)
			if err != nil {
				return nil // a folder of a loader error
			}
			m, err := sib.Compile(s)
			if err != nil {
				return nil
			}
			res, err := m.Run(s.Values())
			if err != nil {
				return nil
			}
			rec, err := indigo.Build(res, indigo.Options{})
			if err != nil {
				t.Errorf("%s: %v", dir, err)
				return nil
			}
			b, err := json.Marshal(rec)
			if err != nil {
				t.Errorf("%s: %v", dir, err)
				return nil
			}
			if err := validate(sch, b); err != nil {
				t.Errorf("%s: %v", dir, err)
			}
			n++
			return nil
		})
	}
	t.Logf("%d test scenarios", n)
	if n < 20 {
		t.Errorf("only %d test scenarios ran", n)
	}
}
