#!/bin/sh
# Compares sib claims' owed table and the payments table's paid and
# outstanding columns with owed_review.py, to the cent, on the bundled
# youth example and three variants built from it in a temporary folder:
#   recoveries  advance before the start, recoveries netting below 0 (moj), a huge overpayment (dwp)
#   nopayers    no payers.csv: the contract's payer alone, a recovery
#   half        half-year periods, the contract ending on 2018-02-10 (within its last period),
#               ATTITUDE left to the contract's payer, a recovery
# at several --as-of days and without one. Writes out/<case>-<day>.csv (the reference's
# output); exit 1 on any difference.
# usage: run.sh [SIB] (default /tmp/sibe: go build -o /tmp/sibe ./cmd/sib)
set -e
SIB=${1:-/tmp/sibe}
cd "$(dirname "$0")/../../.."
D=testdata/youth-employment-claims
R=testdata/reference/review-owed
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p $R/out
mkdir $T/recoveries $T/nopayers $T/half
cp $D/*.csv $T/recoveries/; cp $D/*.csv $T/nopayers/; cp $D/*.csv $T/half/
cat > $T/recoveries/paid.csv <<'CSV'
date,payer,amount,reference
2015-01-01,cabinet_office,1000000.00,advance
2016-01-01,dwp,-500.00,recovery
2016-02-01,moj,-999999.99,big recovery
2016-03-01,moj,100.00,
2016-03-02,dwp,99999999.99,
CSV
rm $T/nopayers/payers.csv
printf 'date,payer,amount\n2016-01-01,cabinet_office,5000\n2016-02-01,cabinet_office,-100.5\n2017-01-01,cabinet_office,3000000\n' > $T/nopayers/paid.csv
sed -i 's/^end,2018-03-31/end,2018-02-10/; s/^period,quarter/period,half/' $T/half/contract.csv
grep -v '^ATTITUDE' $D/payers.csv > $T/half/payers.csv
printf 'date,payer,amount\n2016-01-01,cabinet_office,5000\n2016-02-01,dwp,500000\n2017-02-01,moj,-100\n2018-02-01,cabinet_office,3000000\n' > $T/half/paid.csv
fail=0; n=0
for c in youth recoveries nopayers half; do
  if [ $c = youth ]; then F=$D; else F=$T/$c; fi
  for day in 2015-03-31 2015-04-01 2015-08-14 2016-06-30 2016-11-15 2016-11-30 2016-12-31 2017-03-31 2018-02-10 2018-03-31 2018-06-01 none; do
    if [ $day = none ]; then a=""; else a="--as-of $day"; fi
    $SIB claims $a --format csv --table claims $F 2>/dev/null > $T/claims.csv
    /usr/bin/python3 $R/owed_review.py $F $T/claims.csv $day > $R/out/$c-$day.csv
    { $SIB claims $a --format csv --table owed $F 2>/dev/null | grep -v '^#'; echo;
      $SIB claims $a --format csv --table payments $F 2>/dev/null | grep -v '^#'; } > $T/got.csv
    n=$((n + 1))
    if ! cmp -s $T/got.csv $R/out/$c-$day.csv; then echo "$c $day: DIFFER"; diff $T/got.csv $R/out/$c-$day.csv | head -20; fail=1; fi
  done
done
echo "$n runs compared; values: $(cat $R/out/*.csv | grep -v '^payer,\|^period,\|^$' | tr ',' '\n' | grep -c '^-\?[0-9]*\.[0-9][0-9]$') amounts"
exit $fail
