package csvio

import "testing"

func TestLastRecordEnd(t *testing.T) {
	for _, c := range []struct {
		buf  string
		want int
	}{
		{"", -1},
		{"a,b", -1},
		{"a,b\n", 4},
		{"a,b\nc,d", 4},
		{"a,\"x\ny\"\nc", 8},   // the newline inside quotes does not end a record
		{"a,\"x\ny", -1},       // an open quote: no record ends
		{"a,\"\"\"\"\nb\n", 9}, // doubled quotes inside a quoted field
	} {
		if got := LastRecordEnd([]byte(c.buf)); got != c.want {
			t.Errorf("LastRecordEnd(%q) = %d, want %d", c.buf, got, c.want)
		}
	}
}

func TestBlankFields(t *testing.T) {
	if !BlankFields([][]byte{[]byte(""), []byte("  "), []byte("\t")}) {
		t.Error("blank fields not blank")
	}
	if BlankFields([][]byte{[]byte(""), []byte(" x ")}) {
		t.Error("a field with a value counted blank")
	}
	if !BlankFields(nil) {
		t.Error("no fields: blank")
	}
}
