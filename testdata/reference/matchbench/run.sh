#!/usr/bin/env bash
# The measurements of results.txt. Usage: run.sh DATA_DIR (about 2 GB free).
# Each step under /usr/bin/time: CPU (user + sys) is the measure to compare
# on a shared machine; wall time depends on the load.
set -eu
dir=${1:?data folder}
here=$(cd "$(dirname "$0")" && pwd)
repo=$here/../../..
t="/usr/bin/time -f %e_s_wall,_%U_s_user,_%S_s_sys,_%M_KB_peak"
cd "$repo"
go test -c -o "$dir/matching.test" ./outcomes/matching
go build -o "$dir/sib" ./cmd/sib
"$dir/matching.test" -test.run TestWriteRunBenchData -matchbench.data "$dir"
for c in 10k-1M-k10 1M-9M-k1; do
  $t "$dir/matching.test" -test.run '^$' -test.bench "BenchmarkRun/$c" -test.benchtime 3x
  $t "$dir/sib" match "$dir/$c" > "$dir/$c.txt"
  $t timeout 1800 Rscript "$here/glm.R" "$dir/$c/covariates.csv" || echo "glm $c: failed or stopped (exit $?)"
done
