package claims

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FieldsFile is the documentation of records.csv that WriteFieldDoc
// writes beside a template.
const FieldsFile = "records-fields.md"

// RecordColumns returns the header of records.csv for the contract: every
// column Validate reads, evidence_type only when an outcome of the rate
// card lists evidence types, count only when one has a min_count.
func (c *Contract) RecordColumns() []string {
	cols := []string{"participant", "outcome", "achieved", "evidence", "status", "claimed"}
	if c.hasEvidenceTypes() {
		cols = append(cols, "evidence_type")
	}
	if c.hasMinCount() {
		cols = append(cols, "count")
	}
	return cols
}

func (c *Contract) hasMinCount() bool {
	for _, o := range c.Outcomes {
		if o.MinCount > 0 {
			return true
		}
	}
	return false
}

func (c *Contract) hasEvidenceTypes() bool {
	for _, o := range c.Outcomes {
		if len(o.EvidenceTypes) > 0 {
			return true
		}
	}
	return false
}

// WriteTemplate writes an empty records.csv: its header alone, as
// RecordColumns gives it.
func (c *Contract) WriteTemplate(w io.Writer) error {
	_, err := io.WriteString(w, strings.Join(c.RecordColumns(), ",")+"\n")
	return err
}

// WriteFieldDoc writes the documentation of records.csv for the contract,
// in Markdown: each column (required or not, its format, the rules the
// validator applies to it), each outcome of the rate card with its rules,
// and the reason codes of rejections, in the order they are checked.
func (c *Contract) WriteFieldDoc(w io.Writer) error {
	bw := bufio.NewWriter(w)
	s := &c.Settings
	name := s.Name
	if name == "" {
		name = "the contract"
	}
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# Outcome records for %s\n\n", mdCell(name))
	p("How to fill `records.csv`, one row per outcome record. Written from the contract and the rate card\n")
	p("by `sib claims --template`; `sib claims` checks the records by these rules. The contract runs\n")
	p("from %s to %s", s.Start, s.End)
	if s.Currency != "" {
		p("; prices are in %s", s.Currency)
	}
	p(".\n\n")
	p("The file is CSV, comma- or semicolon-separated, UTF-8, with the header below (columns in any\n")
	p("order; a `note` column is ignored). Dates are `YYYY-MM-DD` and must exist (not 2026-02-30).\n\n")
	p("## Columns\n\n")
	p("| column | required | format | rules |\n| --- | --- | --- | --- |\n")
	p("| `participant` | yes | text | an `id` of participants.csv; another id is rejected (`unknown_participant`) |\n")
	p("| `outcome` | yes | code | a code of the rate card (below); another code is rejected (`unknown_outcome`) |\n")
	p("| `achieved` | yes | date | the day the outcome was achieved: on or after the participant's start (else the file is refused)%s |\n", c.achievedRules())
	p("| `evidence` | yes | text | the evidence reference; an empty value is rejected (`no_evidence`) |\n")
	p("| `status` | no | `verified`, `pending`, `queried` or `withdrawn` | only `verified` pays (`not_verified`); without the column every record is verified; another value refuses the file |\n")
	p("| `claimed` | no | date | the day the claim was made, on or after `achieved` (else the file is refused); empty: the day achieved%s |\n", c.claimedRules())
	if c.hasEvidenceTypes() {
		p("| `evidence_type` | when the outcome lists evidence types | code | one of the outcome's evidence types (below), in any case; another or none is rejected (`evidence_type`) |\n")
	}
	if c.hasMinCount() {
		p("| `count` | when the outcome has a minimum count | number of 0 or more (`16`, `16.5`) | the measured quantity the evidence shows, at least the outcome's minimum count (below); a smaller count or none is rejected (`below_minimum`); ignored for the other outcomes; not a number refuses the file |\n")
	}
	p("\n## Outcomes\n\n")
	p("A record pays the price on the day achieved, once per participant unless `claimable` says more.\n\n")
	counts := c.hasMinCount()
	p("| code | outcome | price | claimable | prerequisites | at least | window | claim by | cap group | evidence types |")
	if counts {
		p(" min count |")
	}
	p("\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	if counts {
		p(" --- |")
	}
	p("\n")
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		claimable := "once"
		if o.MaxClaims > 1 {
			claimable = "up to " + strconv.Itoa(o.MaxClaims) + " times"
		}
		after, window, by, group := "", "", "", ""
		if o.MinAfterDays > 0 {
			after = fmt.Sprintf("%d days after", o.MinAfterDays)
		}
		if o.WindowMonths > 0 {
			window = fmt.Sprintf("%d months from start", o.WindowMonths)
		}
		switch {
		case o.Deadline != NoDate:
			by = o.Deadline.String()
		case s.Deadline != NoDate:
			by = s.Deadline.String()
		}
		if o.CapGroup != "" {
			group = fmt.Sprintf("%s (%s a participant)", o.CapGroup, fmtCents(c.Caps.Participant[o.CapGroup]))
		}
		p("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |", o.Code, mdCell(o.Name), priceText(o), claimable,
			strings.Join(o.Prerequisites, ", "), after, window, by, mdCell(group), strings.Join(o.EvidenceTypes, ", "))
		if counts {
			mc := ""
			if o.MinCount > 0 {
				mc = formatCount(o.MinCount)
			}
			p(" %s |", mc)
		}
		p("\n")
	}
	p("\n## What becomes of a record\n\n")
	p("Each record is checked in this order; the first reason that applies is its reason. Rejected\n")
	p("records are results (`sib claims` exits 0); a file that cannot be read is refused with its line\n")
	p("and column.\n\n")
	p("| order | reason | meaning |\n| --- | --- | --- |\n")
	for k, r := range checkOrder() {
		p("| %d | `%s` | %s |\n", k+1, r, r.Text())
	}
	return bw.Flush()
}

// checkOrder lists the reasons in the order a record is checked for
// them (as records.go and validate.go apply them): the checks of the
// record alone, those that need the participant's other records, the
// caps, and acceptance.
func checkOrder() []Reason {
	return []Reason{UnknownParticipant, UnknownOutcome, NoEvidence, EvidenceType, BelowMinimum, NotVerified, AfterEnd, RampUp, Window, Deadline,
		PrerequisiteMissing, PrerequisiteLater, TooSoon, Duplicate, MaxClaims, Cap, CapPartly, Accepted}
}

// achievedRules lists the contract's rules on the day achieved.
func (c *Contract) achievedRules() string {
	s := &c.Settings
	out := fmt.Sprintf("; on or before the contract's end, %s (`after_end`)", s.End)
	if s.RampUpUntil != NoDate {
		out += fmt.Sprintf("; after the ramp-up, which ends %s (`ramp_up`)", s.RampUpUntil)
	}
	out += "; within the outcome's window from the participant's start (`window`); on or after its prerequisites (`prerequisite_missing`, `prerequisite_later`), and at least the days the rate card says after them (`too_soon`)"
	return out
}

// claimedRules lists the deadlines on the day claimed.
func (c *Contract) claimedRules() string {
	if c.Settings.Deadline != NoDate {
		return fmt.Sprintf("; on or before the outcome's deadline, else the contract's, %s (`deadline`)", c.Settings.Deadline)
	}
	for _, o := range c.Outcomes {
		if o.Deadline != NoDate {
			return "; on or before the outcome's deadline (`deadline`)"
		}
	}
	return ""
}

// priceText writes an outcome's prices with their date ranges.
func priceText(o *Outcome) string {
	if len(o.Prices) == 1 {
		return fmtCents(o.Prices[0].Cents)
	}
	var parts []string
	for k, pr := range o.Prices {
		switch {
		case k == 0:
			parts = append(parts, fmt.Sprintf("%s to %s", fmtCents(pr.Cents), pr.To))
		default:
			parts = append(parts, fmt.Sprintf("%s from %s", fmtCents(pr.Cents), pr.From))
		}
	}
	return strings.Join(parts, "; ")
}

// mdCell escapes a table cell's pipes.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
