package outcomes

import (
	"bytes"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/synth"
)

func readSynth(t *testing.T, data []byte, opt LoadOptions) *Study {
	t.Helper()
	s := &Study{}
	require.NoError(t, s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile))
	require.NoError(t, s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, opt))
	return s
}

// TestChunkBoundaries cuts the same file into chunks of many sizes, down
// to one byte, with workers from 1 to 4: the cells, their counts and event
// totals must not change, nor (beyond rounding) their means and variances.
func TestChunkBoundaries(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, synth.Participants(&buf, 600, 7))
	// A quoted record with a newline inside, and CRLF line ends, on the way.
	data := strings.Replace(buf.String(), "\nP17,", "\n\"P\n17\",", 1)
	data = strings.Replace(data, "\n", "\r\n", 100)
	want := readSynth(t, []byte(data), LoadOptions{Workers: 1, chunkSize: 1 << 30})
	for _, size := range []int{1, 2, 3, 17, 64, 1000, 4096, 65536} {
		for _, w := range []int{1, 2, 4} {
			got := readSynth(t, []byte(data), LoadOptions{Workers: w, chunkSize: size})
			require.Equal(t, want.Cells(), got.Cells(), "chunk %d", size)
			for _, c := range want.Cells() {
				a, b := want.Summary(c), got.Summary(c)
				assert.Equal(t, a.N, b.N)
				assert.Equal(t, a.Events, b.Events)
				assert.InDelta(t, a.Mean, b.Mean, 1e-9*math.Abs(a.Mean)+1e-12, "chunk %d %v", size, c)
				assert.InDelta(t, a.M2, b.M2, 1e-9*a.M2+1e-9, "chunk %d %v", size, c)
			}
		}
	}
}

// TestWorkersIdentical: for a fixed chunk size the summaries are the same
// bit for bit whatever the number of workers.
func TestWorkersIdentical(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, synth.Participants(&buf, 20000, 3))
	one := readSynth(t, buf.Bytes(), LoadOptions{Workers: 1, chunkSize: 10000})
	for _, w := range []int{2, 3, 8} {
		got := readSynth(t, buf.Bytes(), LoadOptions{Workers: w, chunkSize: 10000})
		for _, c := range one.Cells() {
			require.Equal(t, one.Summary(c), got.Summary(c), "workers %d, %v", w, c)
		}
	}
}

// TestErrorIsFirstInFile: with many chunks in flight, the error reported
// is the first in the file, whatever the workers.
func TestErrorIsFirstInFile(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, synth.Participants(&buf, 5000, 3))
	lines := strings.Split(buf.String(), "\n")
	lines[4000] = strings.Replace(lines[4000], "treatment", "treatmnet", 1)
	lines[4000] = strings.Replace(lines[4000], "control", "contrl", 1)
	lines[2500] = lines[2500] + ",extra"
	data := []byte(strings.Join(lines, "\n"))
	for _, w := range []int{1, 2, 4} {
		s := &Study{}
		require.NoError(t, s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile))
		err := s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, LoadOptions{Workers: w, chunkSize: 512})
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), "participants.csv:2501:9: 9 fields, but the header has 8"), err.Error())
	}
}

func TestFastFloat(t *testing.T) {
	for _, s := range []string{"0", "1", "-0", "17", "9123.45", "-1234.56", "0.1", "123456789012345", "1.00000000000001", "99999.99"} {
		got, ok := fastFloat([]byte(s))
		require.True(t, ok, s)
		want, _ := strconv.ParseFloat(s, 64)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{"", "-", ".5", "5.", "1e5", "1,5", "+1", "1.2.3", "1234567890123456", "NaN", "0x10"} {
		_, ok := fastFloat([]byte(s))
		assert.False(t, ok, s)
	}
}

func TestSummaryMerge(t *testing.T) {
	// Merging the summaries of two halves gives the summary of the whole:
	// mean 5, sum of squared deviations 32 (by hand: deviations −3 … 4).
	a, b := SummaryOf(2, 4, 4), SummaryOf(4, 5, 5, 7, 9)
	m := a.Merge(b)
	assert.Equal(t, int64(8), m.N)
	assert.InDelta(t, 5, m.Mean, 1e-15)
	assert.InDelta(t, 32, m.M2, 1e-12)
	assert.InDelta(t, 32.0/7, m.Var(), 1e-12)
	assert.Equal(t, int64(40), m.Events)
	// Large values close together keep their variance.
	big := SummaryOf(1e9+1, 1e9+2, 1e9+3)
	assert.InDelta(t, 2, big.M2, 1e-6)
}

func TestNewcombeTextbook(t *testing.T) {
	// Newcombe (1998), Statistics in Medicine 17:873, Table II, method 10:
	// 56/70 − 48/80 = 0.2000, interval 0.0524 to 0.3339; 9/10 − 3/10:
	// 0.1705 to 0.8090; 5/56 − 0/29: −0.0381 to 0.1926.
	z := zQuantile(0.95)
	for _, tc := range []struct {
		x1, n1, x2, n2 int64
		lo, hi         float64
	}{{56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090}, {5, 56, 0, 29, -0.0381, 0.1926}} {
		lo, hi := newcombe(tc.x1, tc.n1, tc.x2, tc.n2, z)
		assert.InDelta(t, tc.lo, lo, 0.00005)
		assert.InDelta(t, tc.hi, hi, 0.00005)
	}
}

func TestExactTests(t *testing.T) {
	// R 4.2.2, sprintf("%.10g"): binom.test(3, 20, 0.4)$p.value,
	// binom.test(15, 20, 0.4)$p.value, poisson.test(2, 1, 6.3)$p.value and
	// poisson.test(12, 1, 6.3)$p.value (r·T = 6.3).
	assert.InDelta(t, 0.02242703814, binomTestP(3, 20, 0.4), 1e-11)
	assert.InDelta(t, 0.00213557402, binomTestP(15, 20, 0.4), 1e-11)
	assert.InDelta(t, 0.1061260034, poissonTestP(2, 6.3), 1e-10)
	assert.InDelta(t, 0.0411392037, poissonTestP(12, 6.3), 1e-10)
	assert.Equal(t, 1.0, poissonTestP(0, 0))
	assert.Equal(t, 0.0, poissonTestP(3, 0))
}

func TestLargeDegreesOfFreedom(t *testing.T) {
	// R 4.2.2: qt(0.975, 2e6), qt(0.975, 1e9), 2 * pt(-2.5, 3e6), and
	// power.t.test(n = 1e7, delta = 0.001, sd = 1)$power. gonum's own t
	// distribution is off by 1e-7 at 1e9 degrees of freedom (caught in
	// review).
	assert.InDelta(t, 1.95996517067637, tQuantile(0.95, 2e6), 1e-13)
	assert.InDelta(t, 1.95996398691232, tQuantile(0.95, 1e9), 1e-13)
	assert.InDelta(t, 0.0124193836016698, twoSidedP(2.5, 3e6), 1e-13)
	p, err := Design{Kind: Continuous, SD: 1}.PowerAt(0.001, 1e7, 1e7)
	require.NoError(t, err)
	assert.InDelta(t, 0.608765861815658, p, 1e-9)
}

func TestSummaryHugeWholeValues(t *testing.T) {
	// Whole values too large to count exactly are averaged as floats, not
	// summed in an int64 that overflows (caught in review).
	vals := make([]float64, 1100)
	for i := range vals {
		vals[i] = 9e15 + float64(i%2)
	}
	s := SummaryOf(vals...)
	assert.InDelta(t, 9e15+0.5, s.Mean, 2)
}

// TestDuplicateRecords: a participant with two records in one period is
// an error naming both lines (caught in a walkthrough: the person was
// counted twice), wherever the chunks fall; the same id in two periods is
// a panel, and fine.
func TestDuplicateRecords(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, synth.Participants(&buf, 3000, 5))
	lines := strings.Split(buf.String(), "\n")
	f := strings.Split(lines[10], ",")
	period, err := strconv.Atoi(f[3])
	require.NoError(t, err)
	f[3] = strconv.Itoa(period + 1) // the same participant, a year later
	panel := strings.Join(f, ",")
	ok := append(slices.Clone(lines[:len(lines)-1]), panel, "")
	for _, size := range []int{64, 1000, 1 << 20} {
		readSynth(t, []byte(strings.Join(ok, "\n")), LoadOptions{Workers: 2, chunkSize: size})
	}
	dup := append(slices.Clone(lines[:len(lines)-1]), "  "+lines[2800], "")
	for _, size := range []int{64, 1000, 1 << 20} {
		for _, w := range []int{1, 3} {
			s := &Study{}
			require.NoError(t, s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile))
			err := s.ReadParticipants(bytes.NewReader([]byte(strings.Join(dup, "\n"))), ParticipantsFile, LoadOptions{Workers: w, chunkSize: size})
			require.Error(t, err)
			assert.Equal(t, `participants.csv:3002:1: id: invalid input: participant "P2800" has a second record for period `+
				strings.Split(lines[2800], ",")[3]+` (the first is on line 2801): one record per participant and measurement period, or the participant is counted twice`, tail(err))
		}
	}
	// A reader that cannot be read again still gets the error, without
	// the lines.
	s := &Study{}
	require.NoError(t, s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile))
	err = s.ReadParticipants(io.MultiReader(strings.NewReader(strings.Join(dup, "\n"))), ParticipantsFile, LoadOptions{})
	require.ErrorIs(t, err, ErrInput)
	assert.Contains(t, err.Error(), "a participant has two records in the same period")
}

// TestDuplicateFromOffset: a reader that did not start at the beginning
// of its file is read again from where it started (caught in review: a
// panic).
func TestDuplicateFromOffset(t *testing.T) {
	r := strings.NewReader("# exported\n#\nid,group,cohort,period,reoffend,reconvictions,custody_days,earnings\n" +
		"a,treatment,A,2025,0,0,0,1\nb,control,A,2025,1,0,0,1\na,treatment,A,2025,1,0,0,1\n")
	_, _ = r.Seek(13, io.SeekStart)
	s := &Study{}
	require.NoError(t, s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile))
	err := s.ReadParticipants(r, ParticipantsFile, LoadOptions{})
	require.Error(t, err)
	assert.Equal(t, `participants.csv:4:1: id: invalid input: participant "a" has a second record for period 2025 (the first is on line 2): one record per participant and measurement period, or the participant is counted twice`, tail(err))
}
