#!/usr/bin/env bash
# The series of R MatchIt timings: growing prefixes of the 10k-1M data
# (about 1% treated), then the two full data sets, each under a 15-minute
# timeout. Usage: run.sh DATA_DIR (see matchit.R).
set -u
dir=${1:?data folder}
here=$(dirname "$0")
for rows in 101000 202000 404000; do
  timeout 900 Rscript "$here/matchit.R" "$dir" 10k-1M "$rows" 10 || echo "10k-1M $rows rows: stopped (exit $?)"
done
for args in "10k-1M 0 10" "1M-9M 0 1"; do
  set -- $args
  /usr/bin/time -f "%e s wall, %M KB peak" timeout 900 Rscript "$here/matchit.R" "$dir" "$1" "$2" "$3" || echo "$1: stopped after 900 s or failed (exit $?)"
done
