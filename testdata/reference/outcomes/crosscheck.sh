#!/usr/bin/env bash
# Scale cross-check of `sib outcomes` against R.
#
#   testdata/reference/outcomes/crosscheck.sh [ROWS] [SEED]      (default ROWS 20000)
#
# 1. crosscheck.R writes a random participants folder of about ROWS rows and R's expected.csv
#    into a temporary folder (kept when KEEP=1, and always when a value differs);
# 2. `go run ./cmd/sib outcomes --format csv --table effects` runs on it from the repository root;
# 3. every value of expected.csv is compared with the CLI's effects table:
#    |go - r| <= 1e-6 |r| + 1e-9; an empty cell matches NA. The CLI's df must be empty where
#    expected.csv has no df row; kind, better, method and unit must agree with metrics.csv;
#    every (metric, cohort) row must be in both.
# Prints the number of values compared and every mismatch; exits 1 on a mismatch.
set -euo pipefail

ROWS="${1:-20000}"
SEED="${2:-20250611}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sib-crosscheck.XXXXXX")"
DATA="$TMP/folder"
keep=0
cleanup() { if [ "$keep" = 1 ] || [ "${KEEP:-0}" = 1 ]; then echo "kept: $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

now() { date +%s.%N; }
t0=$(now)
Rscript "$HERE/crosscheck.R" "$ROWS" "$DATA" "$SEED"
t1=$(now)
mv "$DATA/expected.csv" "$TMP/expected.csv" # keep the input folder free of unknown .csv files
if ! (cd "$ROOT" && go run ./cmd/sib outcomes --format csv --table effects "$DATA") \
    >"$TMP/effects.csv" 2>"$TMP/stderr.txt"; then
  keep=1
  echo "sib outcomes failed:"; cat "$TMP/stderr.txt"; exit 1
fi
t2=$(now)
if [ -s "$TMP/stderr.txt" ]; then echo "sib outcomes stderr:"; cat "$TMP/stderr.txt"; fi

set +e
Rscript --vanilla - "$TMP/expected.csv" "$TMP/effects.csv" "$DATA/metrics.csv" <<'EOF'
options(warn = 1)
a <- commandArgs(trailingOnly = TRUE)
rd <- function(f) read.csv(f, colClasses = "character", na.strings = character(0), check.names = FALSE)
ex <- rd(a[1]); mt <- rd(a[3])
# the CLI's CSV starts with "# key: value" lines saying how it was made
go <- read.csv(a[2], colClasses = "character", na.strings = character(0), check.names = FALSE, comment.char = "#")
bad <- character(0)
add <- function(...) bad <<- c(bad, sprintf(...))

key_go <- paste(go$metric, go$cohort, sep = "\r")
if (anyDuplicated(key_go)) add("duplicate rows in the CLI output: %s",
                               paste(unique(key_go[duplicated(key_go)]), collapse = " "))
key_ex <- unique(paste(ex$metric, ex$cohort, sep = "\r"))
for (k in setdiff(key_ex, key_go)) add("missing in the CLI output: %s", sub("\r", " / ", k))
for (k in setdiff(key_go, key_ex)) add("extra row in the CLI output: %s", sub("\r", " / ", k))

# numbers: every expected value, and df empty where R has no df row
num <- function(s) suppressWarnings(ifelse(s == "" | s == "NA", NA_real_, as.numeric(s)))
cmp <- ex
cmp$row <- match(paste(ex$metric, ex$cohort, sep = "\r"), key_go)
cmp <- cmp[!is.na(cmp$row), ] # rows missing in the CLI output are reported above
nodf <- setdiff(key_go[key_go %in% key_ex], with(ex[ex$quantity == "df", ], paste(metric, cohort, sep = "\r")))
cmp <- rbind(cmp[, c("metric", "cohort", "quantity", "value", "row")],
             if (length(nodf)) data.frame(metric = sub("\r.*", "", nodf), cohort = sub(".*\r", "", nodf),
                                          quantity = "df", value = "NA", row = match(nodf, key_go)))
gov <- mapply(function(q, r) if (q %in% names(go)) go[[q]][r] else NA_character_, cmp$quantity, cmp$row)
if (anyNA(gov)) stop("quantity not in the CLI output: ", paste(unique(cmp$quantity[is.na(gov)]), collapse = " "))
if (any(grepl("(?i)nan|inf", gov, perl = TRUE))) add("NaN or Inf in the CLI output")
r <- num(cmp$value); g <- num(gov)
ok <- (is.na(r) & is.na(g)) | (!is.na(r) & !is.na(g) & abs(g - r) <= 1e-6 * abs(r) + 1e-9)
for (i in which(!ok))
  add("%s / %s / %s: go %s, r %s, |diff| %.3g, rel %.3g", cmp$metric[i], cmp$cohort[i], cmp$quantity[i],
      if (gov[i] == "") "(empty)" else gov[i], cmp$value[i], abs(g[i] - r[i]), abs(g[i] - r[i]) / abs(r[i]))

# labels
m <- mt[match(go$metric, mt$metric), ]
nlab <- 0
for (q in c("kind", "better", "method", "unit")) {
  want <- if (q == "better") m$direction else m[[q]]
  nlab <- nlab + length(want)
  for (i in which(is.na(want) | go[[q]] != want))
    add("%s / %s / %s: go %s, metrics.csv %s", go$metric[i], go$cohort[i], q, go[[q]][i], want[i])
}
cat(sprintf("compared %d values (%d from expected.csv, %d empty-df checks) and %d labels in %d rows; %d mismatches\n",
            nrow(cmp), nrow(ex), length(nodf), nlab, nrow(go), length(bad)))
both <- which(!is.na(r) & !is.na(g))
if (length(both)) {
  u <- abs(g[both] - r[both]) / (1e-6 * abs(r[both]) + 1e-9)
  i <- both[which.max(u)]
  cat(sprintf("closest to the tolerance: %s / %s / %s: go %s, r %s (%.3g of the tolerance)\n",
              cmp$metric[i], cmp$cohort[i], cmp$quantity[i], gov[i], cmp$value[i], max(u)))
}
if (length(bad)) { cat(bad, sep = "\n"); quit(status = 1) }
EOF
rc=$?
set -e
t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v s="$(wc -c <"$DATA/participants.csv")" 'BEGIN {
  printf "time: R generate + expected %.1fs, go run %.1fs, compare %.1fs; participants.csv %d bytes\n", b - a, c - b, d - c, s }'
if [ "$rc" != 0 ]; then keep=1; echo "MISMATCH"; exit 1; fi
echo "OK"
