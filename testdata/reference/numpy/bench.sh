#!/bin/sh
# bench.sh: times the numpy model (model.py --draws N) against `sib simulate` on the
# Estonian deal, interleaved, and prints the ratios numpy / engine, round by round and
# their median. The engine runs on two workers and on one; numpy on one thread, as it is.
#
#   testdata/reference/numpy/bench.sh [DRAWS [ROUNDS]]     (defaults 1000000 and 5)
#
# SIB names the engine's binary (default: builds ./cmd/sib into a temporary folder from
# the checkout this script is in). Each round runs the three commands once, in a rotating
# order (numpy, two workers, one worker; then two, one, numpy; ...), after a warm-up round,
# so that a drift in the machine's speed falls on all three alike. Times are whole-process
# wall and CPU (user + system) seconds from /usr/bin/time. On a shared machine quote the
# median ratios, not the times. Needs python3-numpy and python3-scipy (/usr/bin/python3).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
draws=${1:-1000000}
rounds=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "${SIB:-}" ]; then
	(cd "$root" && go build -o "$tmp/sib" ./cmd/sib)
	SIB=$tmp/sib
fi
scen=$root/testdata/estonia/scenario
unc=$root/testdata/estonia/uncertainty

run() { # run NAME: one timed run, appending "NAME wall cpu" to $tmp/times
	case $1 in
	numpy) set -- numpy env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
		/usr/bin/python3 "$here/model.py" --draws "$draws" ;;
	engine2) set -- engine2 "$SIB" simulate --noise=false --draws "$draws" --seed 1 --workers 2 \
		--output investors.irr,state.net --format csv "$scen" "$unc" ;;
	engine1) set -- engine1 "$SIB" simulate --noise=false --draws "$draws" --seed 1 --workers 1 \
		--output investors.irr,state.net --format csv "$scen" "$unc" ;;
	esac
	name=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
		cat "$tmp/err" >&2
		exit 1
	}
	awk -v n="$name" '{ printf "%s %s %.2f\n", n, $1, $2 + $3 }' "$tmp/t" >>"$tmp/times"
}

echo "draws: $draws, rounds: $rounds (+1 warm-up), engine: $SIB"
for name in numpy engine2 engine1; do run "$name"; done
: >"$tmp/times"
i=0
while [ "$i" -lt "$rounds" ]; do
	case $((i % 3)) in
	0) order="numpy engine2 engine1" ;;
	1) order="engine2 engine1 numpy" ;;
	2) order="engine1 numpy engine2" ;;
	esac
	for name in $order; do run "$name"; done
	i=$((i + 1))
done

# Round by round: the three runs of a round are the lines 3r+1..3r+3.
awk '
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ w[$1] = $2; c[$1] = $3 }
NR % 3 == 0 {
	r++
	printf "round %d: wall s numpy %.2f, engine 2 workers %.2f, 1 worker %.2f; cpu s %.2f, %.2f, %.2f\n", r, w["numpy"], w["engine2"], w["engine1"], c["numpy"], c["engine2"], c["engine1"]
	r2[r] = w["numpy"] / w["engine2"]; r1[r] = w["numpy"] / w["engine1"]
	c2[r] = c["numpy"] / c["engine2"]; c1[r] = c["numpy"] / c["engine1"]
	wn[r] = w["numpy"]; we2[r] = w["engine2"]; we1[r] = w["engine1"]
}
END {
	printf "median wall s: numpy %.2f, engine 2 workers %.2f, engine 1 worker %.2f\n", median(wn, r), median(we2, r), median(we1, r)
	printf "numpy / engine, wall (median of the rounds): 2 workers %.2fx, 1 worker %.2fx\n", median(r2, r), median(r1, r)
	printf "numpy / engine, cpu  (median of the rounds): 2 workers %.2fx, 1 worker %.2fx\n", median(c2, r), median(c1, r)
}' "$tmp/times"
