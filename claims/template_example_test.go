package claims_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/sib-engine/sib/claims"
)

// WriteTemplate writes the header of records.csv from the rate card
// alone: participants.csv is not read.
func ExampleContract_WriteTemplate() {
	c, err := claims.Load("../testdata/youth-employment-claims", claims.LoadOptions{RateCardOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	c.WriteTemplate(os.Stdout)
	// Output:
	// participant,outcome,achieved,evidence,status,claimed
}

// Generate draws participants and records from achievement rates; a
// fraction of the records is made invalid on purpose. The same seed gives
// the same files.
func ExampleContract_Generate() {
	c, err := claims.Load("../testdata/youth-employment-claims", claims.LoadOptions{RateCardOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	var parts, recs bytes.Buffer
	st, err := c.Generate(&parts, &recs, claims.GenerateOptions{Participants: 3, Seed: 1,
		Rates: map[string]float64{"EMPLOY": 0.9, "SUSTAIN13": 0.9, "SUSTAIN26": 0.9}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Participants, "participants,", st.Records, "records")
	fmt.Print(strings.SplitAfter(recs.String(), "\n")[0])
	// Output:
	// 3 participants, 12 records
	// participant,outcome,achieved,evidence,status,claimed
}
