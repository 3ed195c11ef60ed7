package outcomes

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodFolder is a small valid outcomes folder; each bad-input case
// replaces one file ("" leaves a file out).
var goodFolder = map[string]string{
	MetricsFile: `metric,kind,direction,method,treatment,comparison,baseline,pre,post,unit
reoffend,binary,lower,comparison,treatment,control,,,,share
reconvictions,count,lower,comparison,treatment,control,,,,
earnings,continuous,higher,comparison,treatment,control,,,,EUR
`,
	ParticipantsFile: `id,group,cohort,period,reoffend,reconvictions,earnings
a1,treatment,2024,2025,0,0,9000
a2,treatment,2024,2025,1,2,7000.5
a3,treatment,2024,2025,0,0,8000
b1,control,2024,2025,1,1,6000
b2,control,2024,2025,1,3,7500
b3,control,2024,2025,0,0,
b4,control,2024,2025,,1,5000
`,
}

func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if body == "" {
			continue
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

func estimateFolder(t *testing.T, override map[string]string) (*Result, error) {
	t.Helper()
	files := map[string]string{}
	for k, v := range goodFolder {
		files[k] = v
	}
	for k, v := range override {
		files[k] = v
	}
	s, err := Load(writeFolder(t, files), LoadOptions{})
	if err != nil {
		return nil, err
	}
	return Estimate(context.Background(), s, Options{})
}

func TestLoadGood(t *testing.T) {
	res, err := estimateFolder(t, nil)
	require.NoError(t, err)
	require.Len(t, res.Effects, 6) // 3 metrics × (cohort 2024, pooled)
	e := res.Effects[0]
	// By hand: treatment 1/3 reoffended, control 2/3 (b4 not measured).
	assert.Equal(t, "reoffend", e.Metric)
	assert.InDelta(t, 1.0/3, e.Observed, 1e-15)
	assert.InDelta(t, 2.0/3, e.Baseline, 1e-15)
	assert.InDelta(t, 1.0/3, e.Effect, 1e-15)
	assert.InDelta(t, 0.5, e.Relative, 1e-15)
	// Earnings: treatment mean (9000 + 7000.5 + 8000)/3 = 8000.1667,
	// control (6000 + 7500 + 5000)/3 = 6166.6667.
	e = res.Effects[4]
	assert.Equal(t, "earnings", e.Metric)
	assert.InDelta(t, 24000.5/3-18500.0/3, e.Effect, 1e-9)
}

func TestLoadSemicolonExcel(t *testing.T) {
	// A spreadsheet saved in an Estonian locale: BOM, semicolons, decimal
	// commas, CRLF line ends, a note column.
	res, err := estimateFolder(t, map[string]string{
		MetricsFile: "\ufeffmetric;kind;direction;method;comparison;note\r\nearnings;continuous;higher;comparison;control;tulu\r\n",
		ParticipantsFile: "id;group;cohort;period;earnings\r\na1;treatment;2024;2025;9000\r\na2;treatment;2024;2025;7000,5\r\na3;treatment;2024;2025;8000\r\n" +
			"b1;control;2024;2025;6000\r\nb2;control;2024;2025;7500\r\nb4;control;2024;2025;5000\r\n",
	})
	require.NoError(t, err)
	assert.InDelta(t, 24000.5/3-18500.0/3, res.Effects[0].Effect, 1e-9)
}

func TestLoadQuotedRecords(t *testing.T) {
	// Quoted fields, one with a newline, go through encoding/csv and keep
	// their line numbers.
	res, err := estimateFolder(t, map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile],
		"a3,treatment", "\"a\n3\",\"treatment\"", 1)})
	require.NoError(t, err)
	assert.Equal(t, int64(3), res.Effects[0].NTreatment)
	_, err = estimateFolder(t, map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile],
		"a2,treatment,2024,2025,1", "\"a\n2\",treatment,2024,2025,7", 1)})
	require.Error(t, err)
	assert.Equal(t, "participants.csv:3:5: reoffend: value out of range \"7\": a binary metric's value is 0 or 1", tail(err))
}

// tail shows an error as the command line does: without the temporary
// folder and the package prefixes.
func tail(err error) string {
	msg := strings.TrimPrefix(err.Error(), "outcomes: ")
	msg = strings.ReplaceAll(msg, ": outcomes: ", ": ")
	return regexp.MustCompile(`/tmp/[^\s:]*?/\d+/?`).ReplaceAllString(msg, "")
}

const aggHeader = "metric,group,cohort,period,n,events,exposure,sum,sum_sq,sd\n"

func TestLoadBad(t *testing.T) {
	noParticipants := map[string]string{ParticipantsFile: ""}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range m {
			out[a] = b
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		// Every case the issue names.
		{"group with no members (aggregates n = 0)", with(noParticipants, AggregatesFile, aggHeader+
			"reoffend,treatment,2024,2025,0,0,,,,\n"),
			"aggregates.csv:2:5: n: group with no members: n is 0: a group with no members cannot be measured; leave the row out", ErrNoMembers},
		{"group with no members (no control records)", map[string]string{ParticipantsFile: "id,group,cohort,period,reoffend,reconvictions,earnings\na1,treatment,2024,2025,0,0,9000\na2,treatment,2024,2025,1,0,9000\n"},
			"metrics.csv:2: metric reoffend, cohort 2024: group with no members: the comparison group control has no values for this cohort", ErrNoMembers},
		{"misspelt cohort without cohorts.csv", map[string]string{ParticipantsFile: "id,group,cohort,period,reoffend,reconvictions,earnings\na1,treatment,2024,2025,0,0,9000\na2,treatment,2204,2025,1,0,9000\nc1,control,2024,2025,1,1,8000\nc2,control,2024,2025,0,1,8000\n"},
			"metrics.csv:2: metric reoffend, cohort 2204: group with no members: the comparison group control has no values for this cohort (a misspelt cohort? without cohorts.csv any label in the data starts a cohort: list the cohorts there to have a misspelt one named where it is)", ErrNoMembers},
		{"binary baseline rate above 1", map[string]string{MetricsFile: "metric,kind,direction,method,baseline\nreoffend,binary,lower,fixed,1.2\n"},
			"metrics.csv:2:5: baseline: value out of range: metric reoffend: baseline rate 1.2 is outside [0,1]", ErrRange},
		{"binary rate above 1 in aggregates", with(noParticipants, AggregatesFile, aggHeader+"reoffend,treatment,2024,2025,10,11,,,,\n"),
			"aggregates.csv:2:6: events: value out of range: 11 events among 10 participants: a binary metric's rate must be in [0,1]", ErrRange},
		{"negative count", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a2,treatment,2024,2025,1,2", "a2,treatment,2024,2025,1,-2", 1)},
			"participants.csv:3:6: reconvictions: negative value -2: a count is zero or more", nil},
		{"negative count in aggregates", with(noParticipants, AggregatesFile, aggHeader+"reconvictions,treatment,2024,2025,10,-3,,,,\n"),
			"aggregates.csv:2:6: events: negative value -3: expected the number of events, zero or more", nil},
		{"fractional count", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a2,treatment,2024,2025,1,2", "a2,treatment,2024,2025,1,2.5", 1)},
			"participants.csv:3:6: reconvictions: invalid number \"2.5\": a count is a whole number", nil},
		{"unknown group", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "b2,control", "b2,contrl", 1)},
			"participants.csv:6:2: group: unknown name: group \"contrl\" is not named in metrics.csv: expected treatment or control", ErrUnknown},
		{"binary value not 0/1", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a3,treatment,2024,2025,0", "a3,treatment,2024,2025,0.5", 1)},
			"participants.csv:4:5: reoffend: value out of range \"0.5\": a binary metric's value is 0 or 1", ErrRange},
		{"binary value yes", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a3,treatment,2024,2025,0", "a3,treatment,2024,2025,yes", 1)},
			"participants.csv:4:5: reoffend: invalid number \"yes\": a binary metric's value is 0 or 1", nil},
		{"cohort that does not exist", map[string]string{CohortsFile: "cohort\n2024\n", ParticipantsFile: goodFolder[ParticipantsFile] + "a9,treatment,2026,2025,0,0,1\n"},
			"participants.csv:9:3: cohort: unknown name: cohort \"2026\" is not in cohorts.csv", ErrUnknown},
		{"listed cohort without records", map[string]string{CohortsFile: "cohort\n2024\n2025\n"},
			"cohorts.csv:3:1: cohort: group with no members: cohort \"2025\" has no treatment records", ErrNoMembers},
		{"metric named like a fixed column", map[string]string{MetricsFile: "metric,kind,direction,method,comparison\nperiod,binary,lower,comparison,control\n"},
			"metrics.csv:2:1: metric: invalid input: metric name \"period\" is a column of participants.csv already", ErrInput},
		{"comparison cohort without treatment", map[string]string{ParticipantsFile: goodFolder[ParticipantsFile] + "b9,control,2023,2025,0,0,1\n"},
			"participants.csv:9:3: cohort: unknown name: the comparison group control has cohort \"2023\", which the treatment group treatment of metric reoffend does not have (a misspelt cohort? a comparison record with an empty cohort serves every cohort)", ErrUnknown},
		{"comparison cohort without treatment (aggregates)", with(noParticipants, AggregatesFile, aggHeader+"reoffend,treatment,2024,2025,10,1,,,,\nreoffend,control,2042,2025,10,1,,,,\n"),
			"aggregates.csv:3:3: cohort: unknown name: the comparison group control has cohort \"2042\", which the treatment group treatment of metric reoffend does not have (a misspelt cohort? a comparison record with an empty cohort serves every cohort)", ErrUnknown},
		{"deadweight above 1", map[string]string{AdjustmentsFile: "metric,deadweight\nreoffend,1.5\n"},
			"adjustments.csv:2:2: deadweight: value out of range: 1.5 is outside [0,1]: expected a share such as 0.25", ErrRange},
		{"attribution below 0", map[string]string{AdjustmentsFile: "metric,attribution\nreoffend,-0.1\n"},
			"adjustments.csv:2:2: attribution: value out of range: -0.1 is outside [0,1]: expected a share such as 0.25", ErrRange},
		{"decay factor above 1", map[string]string{DecayFile: "metric,year,factor\nreoffend,1,1\nreoffend,2,1.4\n"},
			"decay.csv:3:3: factor: value out of range: factor 1.4 is outside [0,1]: expected the share of the effect present in that year", ErrRange},

		// More.
		{"treatment cohort empty", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a1,treatment,2024", "a1,treatment,", 1)},
			"participants.csv:2:3: cohort: empty value: expected the cohort of this treatment-group record (only comparison records may leave it empty, to serve every cohort)", nil},
		{"empty id", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a1,", ",", 1)},
			"participants.csv:2:1: id: empty value: expected the participant's identifier", nil},
		{"period not a number", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a1,treatment,2024,2025", "a1,treatment,2024,y2025", 1)},
			"participants.csv:2:4: period: invalid number \"y2025\": expected a period, a whole number such as 2024", nil},
		{"too many fields", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "7000.5", "7000,5", 1)},
			"participants.csv:3:8: 8 fields, but the header has 7: a comma inside a value splits it in two in a comma-separated file (a decimal comma, 12,5, or a comma in a note): write 12.5, put the value in quotes, or save the file with semicolons", nil},
		{"missing metric column", map[string]string{ParticipantsFile: "id,group,cohort,period,reoffend,reconvictions\n"},
			"participants.csv:1: missing column \"earnings\": the header row must name id, group, cohort, period, reoffend, reconvictions, earnings", nil},
		{"unknown metric in aggregates", with(noParticipants, AggregatesFile, aggHeader+"reoffended,treatment,2024,2025,10,1,,,,\n"),
			"aggregates.csv:2:1: metric: unknown name: metric \"reoffended\" is not in metrics.csv", ErrUnknown},
		{"aggregates row twice", with(noParticipants, AggregatesFile, aggHeader+"reoffend,treatment,2024,2025,10,1,,,,\nreoffend,treatment,2024,2025,10,1,,,,\n"),
			"aggregates.csv:3:1: metric: invalid input: metric reoffend, group treatment, cohort \"2024\", period 2025 is given twice (also line 2)", ErrInput},
		{"aggregates sum_sq too small", with(noParticipants, AggregatesFile, aggHeader+"earnings,treatment,2024,2025,2,,,10,20,\n"),
			"aggregates.csv:2:9: sum_sq: value out of range: sum_sq 20 is less than sum²/n = 50: not the sum of squares of these values", ErrRange},
		{"aggregates without sd", with(noParticipants, AggregatesFile, aggHeader+"earnings,treatment,2024,2025,2,,,10,,\n"),
			"aggregates.csv:2:10: sd: empty value: expected sd or sum_sq", nil},
		{"binary with a sum", with(noParticipants, AggregatesFile, aggHeader+"reoffend,treatment,2024,2025,2,1,,1,,\n"),
			"aggregates.csv:2:8: sum: invalid input: not used for a binary metric (give n and events); leave it empty", ErrInput},
		{"both participants and aggregates", map[string]string{AggregatesFile: aggHeader},
			"aggregates.csv: invalid input: give participants.csv or aggregates.csv, not both (the same people would be counted twice)", ErrInput},
		{"no data", noParticipants,
			": invalid input: the folder needs participants.csv (one row per participant) or aggregates.csv (group totals)", ErrInput},
		{"misspelt file", map[string]string{"adjustment.csv": "metric\n"},
			"adjustment.csv: unknown name: not an input file of an outcomes folder (metrics.csv; participants.csv or aggregates.csv; optionally cohorts.csv, adjustments.csv and decay.csv); rename it (did you mean adjustments.csv?), or move it out of the folder", ErrUnknown},
		{"unknown kind", map[string]string{MetricsFile: "metric,kind,direction,method,comparison\nreoffend,rate,lower,comparison,control\n"},
			"metrics.csv:2:2: kind: invalid input \"rate\": expected binary, count, duration or continuous", ErrInput},
		{"fixed without baseline", map[string]string{MetricsFile: "metric,kind,direction,method\nreoffend,binary,lower,fixed\n"},
			"metrics.csv:2: baseline: invalid input: method fixed needs the contractual baseline level", ErrInput},
		{"comparison without a comparison group", map[string]string{MetricsFile: "metric,kind,direction,method\nreoffend,binary,lower,comparison\n"},
			"metrics.csv:2: comparison: invalid input: metric reoffend: method comparison needs a comparison group", ErrInput},
		{"trend with one pre-period", map[string]string{MetricsFile: "metric,kind,direction,method,comparison,pre\nreoffend,binary,lower,trend,control,2020\n"},
			"metrics.csv:2:6: pre: invalid input: metric reoffend: a trend needs at least two pre-periods (for one, use method historical)", ErrInput},
		{"did without post", map[string]string{MetricsFile: "metric,kind,direction,method,comparison,pre\nreoffend,binary,lower,did,control,2020\n"},
			"metrics.csv:2: post: invalid input: metric reoffend: method did needs the post-period(s)", ErrInput},
		{"overlapping periods", map[string]string{MetricsFile: "metric,kind,direction,method,comparison,pre,post\nreoffend,binary,lower,did,control,2020-2024,2024\n"},
			"metrics.csv:2:6: pre: invalid input: metric reoffend: pre-periods 2020-2024 and post-periods 2024 overlap", ErrInput},
		{"bad period range", map[string]string{MetricsFile: "metric,kind,direction,method,comparison,pre\nreoffend,binary,lower,historical,control,2024-2020\n"},
			"metrics.csv:2:6: pre: invalid input \"2024-2020\": the range ends before it starts", ErrInput},
		{"metric twice", map[string]string{MetricsFile: goodFolder[MetricsFile] + "reoffend,binary,lower,comparison,treatment,control,,,,\n"},
			"metrics.csv:5:1: metric: invalid input: metric reoffend is defined twice (also line 2; names are compared whatever their case)", ErrInput},
		{"metric names differing in case (found by fuzzing)", map[string]string{MetricsFile: goodFolder[MetricsFile] + "Reoffend,binary,lower,comparison,treatment,control,,,,\n"},
			"metrics.csv:5:1: metric: invalid input: metric Reoffend is defined twice (also line 2; names are compared whatever their case)", ErrInput},
		{"adjustment for an unknown metric", map[string]string{AdjustmentsFile: "metric,deadweight\nreoffending,0.1\n"},
			"adjustments.csv:2:1: metric: unknown name: metric \"reoffending\" is not in metrics.csv", ErrUnknown},
		{"decay with a gap", map[string]string{DecayFile: "metric,year,factor\nreoffend,1,1\nreoffend,3,0.5\n"},
			"decay.csv:3:2: year: invalid input: year 3 of metric reoffend: expected year 2 (years run 1, 2, ... without gaps, in order)", ErrInput},
		{"decay and drop-off", map[string]string{AdjustmentsFile: "metric,drop_off\nreoffend,0.2\n", DecayFile: "metric,year,factor\nreoffend,1,1\n"},
			"decay.csv:2:1: metric: invalid input: metric reoffend has a drop_off in adjustments.csv and a decay profile here: give one", ErrInput},
		{"constant values", map[string]string{MetricsFile: "metric,kind,direction,method,comparison\nearnings,continuous,higher,comparison,control\n",
			ParticipantsFile: "id,group,cohort,period,earnings\na,treatment,1,1,5\nb,treatment,1,1,5\nc,control,1,1,5\nd,control,1,1,5\n"},
			"metrics.csv:2: metric earnings, cohort 1: effect cannot be estimated: both groups' values are constant: the interval is undefined", ErrEstimate},
		{"not UTF-8", map[string]string{ParticipantsFile: goodFolder[ParticipantsFile] + "\xe4,treatment,2024,2025,0,0,1\n"},
			"participants.csv:9:1: not UTF-8 text: save the file as \"CSV UTF-8\" (a spreadsheet's plain \"CSV\" may use a local code page)", nil},
		{"thousands separator in a semicolon file", map[string]string{ParticipantsFile: "id;group;cohort;period;reoffend;reconvictions;earnings\na1;treatment;2024;2025;0;0;9.000\n"},
			"participants.csv:2:7: earnings: invalid number \"9.000\": a point here looks like a thousands separator, which is not allowed: write the number without it (5500 or 5500,25), or with a decimal comma (5,5)", nil},
		{"quote error in the first field (caught in review: a panic)", map[string]string{ParticipantsFile: goodFolder[ParticipantsFile] + "O\"Brien,treatment,2024,2025,0,0,1\n"},
			"participants.csv:9: bare \" in non-quoted-field: a quote inside a value needs the whole value in quotes and the quote doubled (\"the \"\"contractual\"\" rate\"), or no quote at all", nil},
		{"file cut off inside a quote (caught in review: a panic)", map[string]string{ParticipantsFile: goodFolder[ParticipantsFile] + "\"a9,treatment,2024,2025,0,0,1\n"},
			"participants.csv:9: extraneous or missing \" in quoted-field: a quote inside a value needs the whole value in quotes and the quote doubled (\"the \"\"contractual\"\" rate\"), or no quote at all", nil},
		{"value in a column without a name (caught in review)", map[string]string{ParticipantsFile: strings.Replace(
			strings.Replace(goodFolder[ParticipantsFile], "earnings\n", "earnings,\n", 1), "9000\n", "9000,junk\n", 1)},
			"participants.csv:2:8: unknown column: a value in a column with no name in the header", nil},
		{"count above 10^9", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a2,treatment,2024,2025,1,2", "a2,treatment,2024,2025,1,2000000000", 1)},
			"participants.csv:3:6: reconvictions: value out of range \"2000000000\": a count of events per participant above 10^9", ErrRange},
		{"exposure with did (caught in review: ignored)", map[string]string{ParticipantsFile: "", MetricsFile: "metric,kind,direction,method,comparison,pre,post\nc,count,lower,did,control,2023,2024\n",
			AggregatesFile: aggHeader + "c,treatment,A,2024,100,50,200,,,\n"},
			"aggregates.csv:2:7: exposure: invalid input: method did models a count per participant, not per unit of exposure; leave exposure empty", ErrInput},
		{"a percentage for a rate (caught in a walkthrough)", map[string]string{MetricsFile: "metric,kind,direction,method,baseline\nreoffend,binary,lower,fixed,42\n"},
			"metrics.csv:2:5: baseline: value out of range: metric reoffend: baseline rate 42 is outside [0,1] (a percentage? write 0.42 for 42%)", ErrRange},
		{"a percent sign (caught in a walkthrough)", map[string]string{AdjustmentsFile: "metric,deadweight\nreoffend,20%\n"},
			"adjustments.csv:2:2: deadweight: invalid number \"20%\": write a percentage as a share: 0.42 for 42%", nil},
		{"NA for a missing value (caught in a walkthrough)", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "9000", "NA", 1)},
			"participants.csv:2:7: earnings: invalid number \"NA\": leave the cell empty for a missing value", nil},
		{"an exponent (caught in a walkthrough)", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "9000", "9e+03", 1)},
			"participants.csv:2:7: earnings: invalid number \"9e+03\": expected a decimal number with a point, such as 1234.56 (written out, without an exponent: 100000, not 1e+05)", nil},
		{"an en dash in a range (caught in a walkthrough)", map[string]string{MetricsFile: "metric,kind,direction,method,comparison,pre\nreoffend,binary,lower,historical,control,2019\u20132022\n"},
			"metrics.csv:2:6: pre: invalid input \"2019\u20132022\": write a range with a hyphen (2019-2022), not a dash (spreadsheets may replace one with the other)", ErrInput},
		{"NA in a binary column (caught in review)", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a3,treatment,2024,2025,0", "a3,treatment,2024,2025,NA", 1)},
			"participants.csv:4:5: reoffend: invalid number \"NA\": leave the cell empty for a missing value", nil},
		{"same id in two groups (caught in review)", map[string]string{ParticipantsFile: goodFolder[ParticipantsFile] + "a1,control,2024,2025,0,0,1\n"},
			"participants.csv:9:1: id: invalid input: participant \"a1\" is in group control here and in group treatment on line 2, both for period 2025: a participant belongs to one group (if the groups' ids come from different registers, make them distinct, such as T1 and C1)", ErrInput},
		{"duplicate behind a BOM and a quoted header (caught in review)", map[string]string{ParticipantsFile: "\ufeff\"id\",\"group\",\"cohort\",\"period\",\"reoffend\",\"reconvictions\",\"earnings\"\n" +
			strings.SplitN(goodFolder[ParticipantsFile], "\n", 2)[1] + "\"b2\", \"control\",2024,2025,1,3,7500\n"},
			"participants.csv:9:1: id: invalid input: participant \"b2\" has a second record for period 2025 (the first is on line 6): one record per participant and measurement period, or the participant is counted twice", ErrInput},
		{"reserved cohort label", map[string]string{ParticipantsFile: strings.Replace(goodFolder[ParticipantsFile], "a1,treatment,2024", "a1,treatment,pooled", 1)},
			"participants.csv:2:3: cohort: invalid input: cohort \"pooled\" is reserved for the effect over all cohorts", ErrInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := estimateFolder(t, tc.files)
			require.Error(t, err)
			assert.Equal(t, tc.want, tail(err))
			if tc.is != nil {
				assert.True(t, errors.Is(err, tc.is), "errors.Is(%v, %v)", err, tc.is)
			}
		})
	}
}

func TestZeroBaselineEvents(t *testing.T) {
	// No events in the control group: the absolute effect is defined, the
	// relative one is not, and nothing is NaN but the relative fields.
	res, err := estimateFolder(t, map[string]string{
		MetricsFile:      "metric,kind,direction,method,comparison\nreconvictions,count,lower,comparison,control\nreoffend,binary,lower,comparison,control\n",
		ParticipantsFile: "id,group,cohort,period,reconvictions,reoffend\na,treatment,1,1,1,0\nb,treatment,1,1,0,0\nc,control,1,1,0,0\nd,control,1,1,0,0\n",
	})
	require.NoError(t, err)
	e := res.Effects[0]
	assert.InDelta(t, -0.5, e.Effect, 1e-15)
	assert.True(t, math.IsNaN(e.Relative) && math.IsNaN(e.RelativeLow) && math.IsNaN(e.RelativeHigh))
	for _, x := range []float64{e.SE, e.Low, e.High, e.P} {
		assert.False(t, math.IsNaN(x) || math.IsInf(x, 0))
	}
	// R: poisson.test(c(1, 0), c(2, 2))$p.value = 1.
	assert.InDelta(t, 1, e.P, 1e-12)
	// No events at all: no difference, p = 1 (as Fisher's exact test).
	e = res.Effects[2]
	assert.Equal(t, "reoffend", e.Metric)
	assert.Equal(t, 0.0, e.Effect)
	assert.Equal(t, 1.0, e.P)
	assert.NotEmpty(t, res.Warnings)
}

// TestCohortWarnings: a cohort a metric leaves out, and a tiny cohort (a
// misspelt label), are flagged, since both change a pooled figure (caught
// in a walkthrough).
func TestCohortWarnings(t *testing.T) {
	many := &strings.Builder{}
	many.WriteString("id,group,cohort,period,reoffend,reconvictions,earnings\n")
	for i := range 40 {
		fmt.Fprintf(many, "t%d,treatment,2024,2025,%d,%d,%d\nc%d,control,2024,2025,%d,%d,%d\n", i, i%2, i%3, 9000+i, i, (i+1)%2, i%4, 8000+i)
		fmt.Fprintf(many, "u%d,treatment,2025,2026,%d,%d,%d\nd%d,control,2025,2026,%d,%d,%d\n", i, i%2, i%3, 9000+i, i, (i+1)%2, i%4, 8000+i)
	}
	many.WriteString("x1,treatment,2O24,2025,1,0,\nx2,control,,2025,1,0,9000\n")
	res, err := estimateFolder(t, map[string]string{
		MetricsFile: "metric,kind,direction,method,comparison,post\nreoffend,binary,lower,comparison,control,2025\n" +
			"reconvictions,count,lower,comparison,control,2025-2026\nearnings,continuous,higher,comparison,control,2025-2026\n",
		ParticipantsFile: many.String(),
	})
	require.NoError(t, err)
	warned := func(w string) bool {
		return slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.Contains(s, w) })
	}
	assert.True(t, warned("metric reoffend: cohort \"2025\" has treatment values, but none in period 2025: it is left out of this metric and of its pooled row (check post in "), "%q", res.Warnings)
	assert.True(t, warned(`metric reconvictions: cohort "2O24" has only 1 of the 81 treatment values (a misspelt cohort? list the cohorts in cohorts.csv to catch that)`), "%q", res.Warnings)

	// The comparison group measured where the treatment group is not: the
	// message points at post, not at a misspelt cohort.
	_, err = estimateFolder(t, map[string]string{
		MetricsFile:      "metric,kind,direction,method,comparison,pre,post\nearnings,continuous,higher,did,control,2023,2025\n",
		ParticipantsFile: "id,group,cohort,period,earnings\na,treatment,A,2023,1\nb,treatment,A,2023,2\nc,treatment,A,2026,3\nd,treatment,A,2026,5\ne,control,A,2023,1\nf,control,A,2023,2\ng,control,A,2025,1\nh,control,A,2025,4\n",
	})
	require.Error(t, err)
	assert.Equal(t, `participants.csv:8:3: cohort: group with no members: the treatment group treatment has cohort "A", but no values of metric earnings in period 2025, where the comparison group control has them (check post in metrics.csv)`, tail(err))
}
