package claims

// Reason is what became of a record: accepted, partly paid, or rejected
// for a reason. Its zero value is Accepted.
type Reason uint8

// The reasons, in the order the reconciliation lists them. A record is
// checked for them in this order, and the first that applies is its
// reason: unknown participant, unknown outcome, no evidence, evidence
// type, below minimum, not verified, after the end, ramp-up, window, deadline (the
// record alone); prerequisite missing, prerequisite later, too soon,
// duplicate, max claims (the participant's records of the outcome); then
// the caps.
const (
	Accepted            Reason = iota // paid in full
	CapPartly                         // paid in part: a cap was reached
	Cap                               // nothing paid: a cap had been reached
	Duplicate                         // the outcome was already claimed for the participant (claimable once, or twice on one day)
	MaxClaims                         // claimed more often than the rate card allows
	PrerequisiteMissing               // a prerequisite outcome was never achieved
	PrerequisiteLater                 // a prerequisite outcome was achieved after this one
	TooSoon                           // achieved less than the rate card's min_after after its prerequisites
	Window                            // achieved after the window from the participant's start
	Deadline                          // claimed after the claim deadline
	AfterEnd                          // achieved after the contract's end
	RampUp                            // achieved in the ramp-up period, in which outcomes do not pay
	NotVerified                       // status other than verified
	BelowMinimum                      // the count is below the rate card's min_count for the outcome, or missing
	EvidenceType                      // the evidence type is not one the rate card accepts for the outcome
	NoEvidence                        // no evidence reference
	UnknownOutcome                    // the outcome is not on the rate card
	UnknownParticipant                // the participant is not in participants.csv
	numReasons
)

var reasonCodes = [numReasons]string{"accepted", "cap_partly", "cap", "duplicate", "max_claims", "prerequisite_missing",
	"prerequisite_later", "too_soon", "window", "deadline", "after_end", "ramp_up", "not_verified", "below_minimum", "evidence_type", "no_evidence", "unknown_outcome", "unknown_participant"}

var reasonTexts = [numReasons]string{"accepted: paid in full", "partly paid: a cap was reached", "rejected: a cap had been reached",
	"rejected: already claimed", "rejected: claimed more often than the rate card allows",
	"rejected: a prerequisite was never achieved", "rejected: a prerequisite was achieved later",
	"rejected: achieved too soon after its prerequisites",
	"rejected: achieved after the window from the participant's start", "rejected: claimed after the deadline",
	"rejected: achieved after the contract's end", "rejected: achieved in the ramp-up period",
	"rejected: not verified", "rejected: below the minimum count", "rejected: an evidence type the rate card does not accept", "rejected: no evidence reference", "rejected: outcome not on the rate card",
	"rejected: participant unknown"}

// String returns the reason's code, as the outputs write it
// ("prerequisite_later").
func (r Reason) String() string {
	if r < numReasons {
		return reasonCodes[r]
	}
	return "reason(?)"
}

// Text describes the reason in words.
func (r Reason) Text() string {
	if r < numReasons {
		return reasonTexts[r]
	}
	return ""
}

// Paid reports whether a claim of this reason is paid, in full or in
// part.
func (r Reason) Paid() bool { return r == Accepted || r == CapPartly }

// Reasons lists every reason in order.
func Reasons() []Reason {
	out := make([]Reason, numReasons)
	for i := range out {
		out[i] = Reason(i)
	}
	return out
}
