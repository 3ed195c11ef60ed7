#!/bin/sh
# Regenerates the hand-made regression inputs of hostile_test.go from the
# bundled examples. Each folder is named after the defect of issue 12 it
# caught; see README.md. Run from this folder: sh gen.sh
set -eu
ex=../../../../testdata

fresh() { rm -rf "$1"; mkdir -p "$1"; }

# Issue 12, defect 7: a misspelt driver name in drivers.csv silently moved a
# service's overhead to other services (exit 0).
fresh misspelt-driver
cp -r "$ex/estonia/costing" misspelt-driver/costing
sed -i '2s/^staff_fte,/staff_ftx,/' misspelt-driver/costing/drivers.csv

# Defect 10: `costing,.` in scenario.csv was blamed on avoided.csv.
fresh costing-dot
cp -r "$ex/preschool/scenario" costing-dot/scenario
printf 'costing,.,the scenario folder itself is not a costing folder\n' >> costing-dot/scenario/scenario.csv

# Defect 9: "an amount is too large for the ledger (over 10 trillion)" named
# no file, line or parameter.
fresh ledger-limit
cp -r "$ex/preschool/scenario" ledger-limit/scenario
sed -i '2s/,1500,/,90000000000000,/' ledger-limit/scenario/delivery.csv

# Defect 10: a number of over 30 digits got "expected a decimal number with a
# point" instead of naming the limit.
fresh forty-digits
cp -r "$ex/estonia/costing" forty-digits/costing
sed -i '2s/,1680073.61,/,1234567890123456789012345678901234567890,/' forty-digits/costing/ledger.csv
