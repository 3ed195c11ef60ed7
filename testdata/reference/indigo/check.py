#!/usr/bin/env python3
"""Independent check of sib indigo's records (issue 18, item 5).

Validates the CLI's golden records against the INDIGO 4.1.0 schema with
Python's jsonschema (Draft7Validator, pip jsonschema 4.26; a second implementation beside the
Go tests' santhosh-tekuri/jsonschema), and adds up the records' money to
compare with what `sib run` prints (the totals below are from
`sib run --format csv --table state|tranches testdata/estonia/scenario`).
Run from the repository root; writes check.txt beside this file.
"""
import json
import pathlib
from collections import defaultdict
from decimal import Decimal

import jsonschema

here = pathlib.Path(__file__).parent
schema = json.loads((here / "project.json").read_text())
v = jsonschema.Draft7Validator(schema)
golden = pathlib.Path("cmd/sib/testdata/golden")
out = []
for name in ["indigo-estonia.stdout", "indigo-small-private-set.stdout", "indigo-mhep-enfield.stdout", "indigo-cap-groups.stdout"]:
    rec = json.loads((golden / name).read_text(), parse_float=Decimal)
    errs = sorted(e.message for e in v.iter_errors(json.loads((golden / name).read_text())))
    out.append(f"{name}: {len(errs)} schema errors")
    out.extend("  " + e for e in errs)
    cap = rec["overall_project_finance"].get("maximum_potential_outcome_payment_v2")
    if cap:
        out.append(f"  maximum potential outcome payment: {cap['amount']['value']} {cap['currency']['value']}")
    by_payer = defaultdict(Decimal)
    for p in rec["outcome_payments"]:
        by_payer[p["payer_organisation_id"]["value"]] += p["money"]["amount"]["value"]
    for payer in sorted(by_payer):
        out.append(f"  outcome payments {payer}: {by_payer[payer]}")
    flows = defaultdict(Decimal)
    for t in rec["transactions"]:
        key = (t.get("investment_id", {}).get("value", "-"), t["transaction_type"]["value"])
        flows[key] += t["money"]["amount"]["value"]
    for k in sorted(flows):
        out.append(f"  transactions {k[0]} {k[1]}: {flows[k]}")

# A broken record must fail: a leaf's status SANDBOX.
rec = json.loads((golden / "indigo-estonia.stdout").read_text())
rec["dates"]["start_date_of_service_provision"]["status"] = "SANDBOX"
out.append(f"broken record: {len(list(v.iter_errors(rec)))} schema errors")
(here / "check.txt").write_text("\n".join(out) + "\n")
print("\n".join(out))
