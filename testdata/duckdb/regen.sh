#!/bin/sh
# Rewrites the aggregates.csv files of testdata/duckdb with the DuckDB
# recipe (docs/duckdb/aggregates.sql), from the repository's root:
#
#   sh testdata/duckdb/regen.sh
#
# with the duckdb shell on PATH, or else Node.js and @duckdb/node-api
# (see duckdb.mjs). TestDuckDBAggregates checks the result without DuckDB.
set -eu
if command -v duckdb >/dev/null 2>&1; then
	run() { duckdb -bail; }
else
	run() { node testdata/duckdb/duckdb.mjs; }
fi
aggregate() { # participants folder, aggregates folder
	run <<SQL
CREATE VIEW participants AS FROM read_csv('$1/participants.csv', all_varchar = true);
CREATE VIEW metrics AS FROM read_csv('$1/metrics.csv', all_varchar = true);
.read docs/duckdb/aggregates.sql
COPY aggregates TO '$2/aggregates.csv' (HEADER);
SQL
	for f in metrics.csv cohorts.csv adjustments.csv decay.csv; do
		if [ -f "$1/$f" ]; then cp "$1/$f" "$2/$f"; fi
	done
}
mkdir -p testdata/duckdb/estonia testdata/duckdb/mixed-aggregates
aggregate testdata/estonia/outcomes testdata/duckdb/estonia
aggregate testdata/duckdb/mixed testdata/duckdb/mixed-aggregates
