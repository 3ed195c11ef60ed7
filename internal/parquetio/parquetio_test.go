package parquetio

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
)

// What Write writes, Read reads back: names and order, types, every
// value to the bit (NaN too), the metadata, over more than one batch.
func TestRoundTrip(t *testing.T) {
	const n = 2500
	cols := []Column{{Name: "draw", Int64: make([]int64, n)}, {Name: "z.value", Float64: make([]float64, n)}, {Name: "a.pass", Int32: make([]int32, n)}}
	for i := range n {
		cols[0].Int64[i] = int64(i) + 1<<40
		cols[1].Float64[i] = float64(i)/7 - 100
		cols[2].Int32[i] = int32(i % 4)
	}
	cols[1].Float64[3] = math.NaN()
	var buf bytes.Buffer
	if err := Write(&buf, cols, []KeyValue{{"sib.command", "sib simulate"}, {"sib.seed", "1"}}); err != nil {
		t.Fatal(err)
	}
	got, meta, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if meta["sib.command"] != "sib simulate" || meta["sib.seed"] != "1" {
		t.Errorf("metadata %v", meta)
	}
	if len(got) != 3 || got[0].Name != "draw" || got[1].Name != "z.value" || got[2].Name != "a.pass" {
		t.Fatalf("columns %v", got)
	}
	if !reflect.DeepEqual(got[0].Int64, cols[0].Int64) || !reflect.DeepEqual(got[2].Int32, cols[2].Int32) {
		t.Error("integer columns differ")
	}
	for i, x := range cols[1].Float64 {
		if math.Float64bits(x) != math.Float64bits(got[1].Float64[i]) {
			t.Fatalf("row %d: %v, want %v", i, got[1].Float64[i], x)
		}
	}
	// An empty file of the same columns.
	buf.Reset()
	if err := Write(&buf, []Column{{Name: "x", Float64: []float64{}}}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil || len(got) != 1 || len(got[0].Float64) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
}

// Columns of different lengths, or a name twice, are refused.
func TestWriteRefuses(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []Column{{Name: "a", Float64: []float64{1}}, {Name: "b", Float64: []float64{1, 2}}}, nil); err == nil {
		t.Error("lengths: no error")
	}
	if err := Write(&buf, []Column{{Name: "a", Float64: []float64{1}}, {Name: "a", Float64: []float64{1}}}, nil); err == nil {
		t.Error("twice: no error")
	}
}

// A damaged file is an error wrapping ErrFile, never a panic.
func TestReadDamaged(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []Column{{Name: "a", Float64: []float64{1, 2, 3}}}, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, cut := range []int{0, 4, len(b) / 2, len(b) - 9} {
		if _, _, err := Read(bytes.NewReader(b[:cut]), int64(cut)); !errors.Is(err, ErrFile) {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}
}

// FuzzRead: any bytes read as a file give columns or an error, never a
// panic.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	_ = Write(&buf, []Column{{Name: "draw", Int64: []int64{0, 1}}, {Name: "v", Float64: []float64{1.5, math.NaN()}}}, []KeyValue{{"k", "v"}})
	f.Add(buf.Bytes())
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = Read(bytes.NewReader(b), int64(len(b)))
	})
}
