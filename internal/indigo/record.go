package indigo

import "encoding/json"

// Statuses a leaf may carry: the enumeration of the schema's
// object_with_value_*_and_status definitions (SANDBOX is allowed on
// whole items only, and sib does not use it).
const (
	Public   = "PUBLIC"
	Private  = "PRIVATE"
	Disputed = "DISPUTED"
)

// Text is a leaf with a string value.
type Text struct {
	Value  string `json:"value"`
	Status string `json:"status"`
}

// Number is a leaf with a number value, kept as its decimal text so that
// money has exactly two decimals and nothing else carries float noise.
type Number struct {
	Value  json.Number `json:"value"`
	Status string      `json:"status"`
}

// Project is an INDIGO 4.1.0 project record (schema/project.json): the
// parts sib can fill from a scenario and its run. Fields are in the
// schema's order.
type Project struct {
	Status                string           `json:"status"`
	Name                  *Text            `json:"name"`
	Dates                 Dates            `json:"dates"`
	OverallProjectFinance Finance          `json:"overall_project_finance"`
	Notes                 *Text            `json:"notes,omitempty"`
	Investments           []Investment     `json:"investments"`
	OutcomeMetrics        []OutcomeMetric  `json:"outcome_metrics"`
	OutcomePricings       []OutcomePricing `json:"outcome_pricings"`
	Transactions          []Transaction    `json:"transactions"`
	OutcomePaymentPlans   []PaymentPlan    `json:"outcome_payment_plans"`
	OutcomePayments       []OutcomePayment `json:"outcome_payments"`
}

// Dates are the project's key dates (dates).
type Dates struct {
	AnticipatedCompletionDate             *Text   `json:"anticipated_completion_date,omitempty"`
	StartDateOfServiceProvision           *Text   `json:"start_date_of_service_provision,omitempty"`
	AnticipatedEndDateOfServiceProvision  *Text   `json:"anticipated_end_date_of_service_provision,omitempty"`
	AnticipatedDurationOfServiceProvision *Number `json:"anticipated_duration_of_service_provision,omitempty"`
	Notes                                 string  `json:"notes,omitempty"`
}

// Finance is overall_project_finance.
type Finance struct {
	TotalInvestmentCommitment      *Commitment `json:"total_investment_commitment,omitempty"`
	MaximumPotentialOutcomePayment *Money      `json:"maximum_potential_outcome_payment_v2,omitempty"`
	Notes                          string      `json:"notes,omitempty"`
}

// Commitment is an investment commitment: a currency and an exact amount.
type Commitment struct {
	Currency *Text `json:"currency"`
	Amount   Range `json:"amount"`
}

// Range is an amount given exactly (min and max are for ranges sib does
// not model).
type Range struct {
	Exact *Number `json:"exact"`
}

// Money is an amount with its currency.
type Money struct {
	Currency *Text   `json:"currency,omitempty"`
	Amount   *Number `json:"amount"`
}

// Investment is one tranche (investments).
type Investment struct {
	ID                   string      `json:"id"`
	OrganisationID       *Text       `json:"organisation_id"`
	InvestmentCommitment *Commitment `json:"investment_commitment"`
	InvestmentType       *Text       `json:"investment_type"`
	Notes                string      `json:"notes,omitempty"`
	Status               string      `json:"status"`
}

// OutcomeMetric is one metric (outcome_metrics).
type OutcomeMetric struct {
	ID                  string  `json:"id"`
	Definition          *Text   `json:"definition"`
	TargetedNumber      *Number `json:"targeted_number_of_service_users_or_beneficiaries_total,omitempty"`
	UnitType            *Text   `json:"unit_type_of_targeted_service_users_or_beneficiaries,omitempty"`
	OutcomeMetricTarget *Text   `json:"outcome_metric_target,omitempty"`
	Notes               string  `json:"notes,omitempty"`
	Status              string  `json:"status"`
}

// OutcomePricing is one payment term (outcome_pricings).
type OutcomePricing struct {
	OutcomeMetricID  *Text     `json:"outcome_metric_id"`
	Currency         *Text     `json:"currency"`
	PricePerUnit     *Price    `json:"price_per_unit,omitempty"`
	MaximumPrice     *MaxPrice `json:"maximum_price_if_all_targets_achieved,omitempty"`
	PriceDescription *Text     `json:"price_description"`
	Notes            string    `json:"notes,omitempty"`
	Status           string    `json:"status"`
}

// Price is a price per unit.
type Price struct {
	Amount *Number `json:"amount"`
}

// MaxPrice is the maximum price if all targets are achieved; the schema
// has its amount as a string.
type MaxPrice struct {
	Amount *Text `json:"amount"`
}

// Period is a span of dates.
type Period struct {
	StartDate *Text `json:"start_date"`
	EndDate   *Text `json:"end_date"`
}

// PaymentPlan is one payer's planned outcome payments (outcome_payment_plans).
type PaymentPlan struct {
	ID     *Text  `json:"id"`
	Period Period `json:"period"`
	Status string `json:"status"`
	Notes  string `json:"notes,omitempty"`
}

// OutcomePayment is a planned outcome payment: one term's (one metric's)
// payment by one payer in one period (outcome_payments).
type OutcomePayment struct {
	OutcomePaymentPlanID    *Text  `json:"outcome_payment_plan_id"`
	OutcomeMetricID         *Text  `json:"outcome_metric_id"`
	Period                  Period `json:"period"`
	PayerOrganisationID     *Text  `json:"payer_organisation_id"`
	RecipientOrganisationID *Text  `json:"recipient_organisation_id"`
	Type                    *Text  `json:"type"`
	Money                   Money  `json:"money"`
	Status                  string `json:"status"`
	Notes                   string `json:"notes,omitempty"`
}

// Transaction is one modelled flow of money (transactions).
type Transaction struct {
	InvestmentID            *Text  `json:"investment_id,omitempty"`
	OutcomeMetricID         *Text  `json:"outcome_metric_id,omitempty"`
	Date                    *Text  `json:"date"`
	SendingOrganisationID   *Text  `json:"sending_organisation_id"`
	ReceivingOrganisationID *Text  `json:"receiving_organisation_id"`
	TransactionType         *Text  `json:"transaction_type"`
	Money                   Money  `json:"money"`
	Notes                   string `json:"notes,omitempty"`
	Status                  string `json:"status"`
}
