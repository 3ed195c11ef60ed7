package scenario_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

// onceShareMsg is the message of an effect above 1 outcome a participant
// on a metric counted once and paid once a participant (checkOnceShare).
func onceShareMsg(param, value, metric string) string {
	return "sib: value out of range: claims once pays each participant once at most, and " + param + " = " + value +
		" is more outcomes than participants (metric " + metric + " is counted once a participant): the state's savings would count them all, the payments one a participant; give the effect as a share of the participants (0.15 for 15%), or claims repeat for a count of events"
}

// TestOnceShare: a rate card claimable once a participant on a metric
// counted once a participant pays for a share of the participants, so an
// effect above 1 is refused: by Load at the term's claims cell, by Build
// at the term, and after Set by CheckValues. A count of events counted
// once (claims repeat) and a yearly rate claimable once (a cap on claims
// over several years) may exceed 1.
func TestOnceShare(t *testing.T) {
	payments := "term,metric,payer,basis,price,claims\njobs,employment,welfare,outcomes,3000,once\n"
	for _, tc := range []struct {
		name, metrics, payments, msg string
	}{
		{"pooled effect", "metric,cohort,per,from,to,effect\nemployment,,once,1,4,1.5\n", payments,
			"payments.csv:2:6: claims: " + onceShareMsg("outcome.employment.effect", "1.5", "employment")},
		{"cohort effect", "metric,cohort,per,from,to,effect\nemployment,,once,1,4,0.3\nemployment,c2,,,,15\n", payments,
			"payments.csv:2:6: claims: " + onceShareMsg("outcome.employment.c2.effect", "15", "employment")},
		{"events counted once, claims repeat", "metric,cohort,per,from,to,effect\nemployment,,once,1,4,1.5\n",
			"term,metric,payer,basis,price,claims\njobs,employment,welfare,outcomes,3000,repeat\n", ""},
		{"a yearly rate, claims once", "metric,cohort,per,from,to,effect\nemployment,,year,1,8,1.5\n", payments, ""},
		{"a share", "metric,cohort,per,from,to,effect\nemployment,,once,1,4,1\n", payments, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := scenarioDir(t, map[string]string{scenario.MetricsFile: tc.metrics, scenario.PaymentsFile: tc.payments,
				scenario.AvoidedFile: "metric,service,units\nemployment,benefit_month,6\n", scenario.TiersFile: absent})
			_, err := scenario.Load(dir)
			if tc.msg == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, scenario.ErrRange)
			// A positioned message leaves out the package prefix.
			assert.EqualError(t, err, filepath.Join(dir, strings.Replace(tc.msg, "claims: sib: ", "claims: ", 1)))
		})
	}

	// Set, then CheckValues.
	dir := scenarioDir(t, map[string]string{scenario.MetricsFile: "metric,cohort,per,from,to,effect\nemployment,,once,1,4,0.3\n", scenario.PaymentsFile: payments,
		scenario.AvoidedFile: "metric,service,units\nemployment,benefit_month,6\n", scenario.TiersFile: absent})
	s, err := scenario.Load(dir)
	require.NoError(t, err)
	require.NoError(t, s.Set("outcome.employment.effect", 1.25))
	err = s.CheckValues()
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.EqualError(t, err, "term jobs: "+onceShareMsg("outcome.employment.effect", "1.25", "employment"))

	// Build.
	var b scenario.Builder
	lit := small(&b)
	lit.Metrics[0].Per = scenario.Once
	lit.Metrics[0].Effect = b.Value(1.1)
	lit.Terms[0].Once = true
	_, err = b.Build(*lit)
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.EqualError(t, err, "Terms[0]: claims: "+onceShareMsg("outcome.m.effect", "1.1", "m"))
}
