-- aggregates.sql: participant records -> aggregates.csv for `sib outcomes`.
--
-- Turns a participant file in the format of docs/outcomes.md (one row per
-- participant and measurement period: id, group, cohort, period, one
-- column per metric, empty when not measured) into the group totals of
-- aggregates.csv: one row per metric, group, cohort and period. See
-- docs/duckdb.md for how to run it and what it matches.
--
-- Before reading this file, define two views (any reader will do: CSV,
-- Parquet, a database table):
--
--   participants: the participant records, every column as text is
--                 safest: read_csv(..., all_varchar = true) keeps cohort
--                 labels such as 007 as they are written;
--   metrics:      metrics.csv (only the metric and kind columns are used).
--
-- It checks the records as `sib outcomes` does (a check that fails stops
-- with an error naming the participant) and makes the table `aggregates`
-- (none when a check fails, so that the COPY below writes nothing then);
-- write it with
--
--   COPY aggregates TO 'aggregates.csv' (HEADER);

-- Numbers as sib reads them: written out, never with an exponent (DuckDB
-- writes doubles from 1e16 up, and below 1e-4, as 1e+16 and 1e-05).
CREATE OR REPLACE TEMP MACRO sib_plain(x) AS
    CASE
        WHEN x IS NULL THEN NULL
        WHEN x = 0 OR (abs(x) >= 1e-4 AND abs(x) < 1e15) THEN CAST(x AS VARCHAR)
        WHEN abs(x) >= 1e15 THEN printf('%.0f', x)
        ELSE printf('%.24f', x)
    END;

-- The metrics and their kinds, in the order of metrics.csv.
CREATE OR REPLACE TEMP VIEW sib_metrics AS
SELECT trim(metric) AS metric, lower(trim(kind)) AS kind, row_number() OVER () AS pos
FROM metrics;

-- The records as text, trimmed as sib trims every field; an empty value
-- is "not measured".
CREATE OR REPLACE TEMP VIEW sib_records AS
SELECT trim(CAST(COLUMNS(*) AS VARCHAR)) FROM participants;

-- One row per measured value: the metric columns (matched to metrics.csv
-- whatever their case, as sib matches them) unpivoted.
CREATE OR REPLACE TEMP VIEW sib_values AS
WITH long AS (
    UNPIVOT sib_records
    ON COLUMNS(* EXCLUDE (id, "group", cohort, period))
    INTO NAME sib_column VALUE sib_value
)
SELECT m.metric, m.kind, m.pos, l.id, l."group",
       NULLIF(l.cohort, '') AS cohort,
       CAST(l.period AS INTEGER) AS period,
       CAST(l.sib_value AS DOUBLE) AS x
FROM long AS l
JOIN sib_metrics AS m ON lower(l.sib_column) = lower(m.metric)
WHERE l.sib_value <> '';

-- The checks, one row per problem found; reading the view stops at the
-- first problem with error(). The aggregates table is made only when it
-- is empty: where sib outcomes would refuse the participant file, there
-- is no table to COPY.
CREATE OR REPLACE TEMP VIEW sib_problems AS
SELECT error(format('participants: no column for metric {} of metrics.csv', metric)) AS problem
FROM sib_metrics
WHERE lower(metric) NOT IN (SELECT lower(column_name) FROM (DESCRIBE participants))
UNION ALL
SELECT error(format('participants: a record with an empty id (group {}, cohort {}, period {})', "group", cohort, period))
FROM sib_records WHERE coalesce(id, '') = ''
UNION ALL
SELECT error(format('participants: an empty group label (id {}, period {})', id, period))
FROM sib_records WHERE coalesce("group", '') = ''
UNION ALL
SELECT error(format('participants: period {} of participant {}: expected a whole number from 0 (a year such as 2024)', period, id))
FROM sib_values WHERE period < 0
UNION ALL
SELECT error(format('participants: participant {}, period {}, metric {}: {} is not a {} value ({})', id, period, metric, x, kind,
    CASE kind WHEN 'binary' THEN '0 or 1' WHEN 'count' THEN 'a whole number from 0 to 10^9' ELSE 'zero or more days' END))
FROM sib_values
WHERE (kind = 'binary' AND x NOT IN (0, 1))
   OR (kind = 'count' AND (x < 0 OR x <> trunc(x) OR x > 1e9))
   OR (kind = 'duration' AND x < 0)
   OR abs(x) > 1e150
UNION ALL
SELECT error(format('participants: participant {} has {} records for period {}: a person is counted once a period', id, records, period))
FROM (
    SELECT id, CAST(period AS INTEGER) AS period, count(*) AS records
    FROM sib_records GROUP BY 1, 2 HAVING count(*) > 1
);

-- The group totals: n values; events (binary, count); for count also the
-- sum of squares, which trend and did use; sum and sd (divisor n - 1) for
-- duration and continuous. A cell with no measured values has no row (sib
-- refuses n = 0).
CREATE OR REPLACE TEMP TABLE aggregates AS
SELECT metric, "group", cohort, period,
       count(*) AS n,
       CASE WHEN kind IN ('binary', 'count') THEN sum(CAST(x AS BIGINT)) END AS events,
       CASE WHEN kind IN ('duration', 'continuous') THEN sib_plain(fsum(x)) END AS sum,
       CASE WHEN kind = 'count' THEN sum(CAST(x AS HUGEINT) * CAST(x AS HUGEINT)) END AS sum_sq,
       CASE WHEN kind IN ('duration', 'continuous') THEN sib_plain(coalesce(stddev_samp(x), 0)) END AS sd
FROM sib_values
WHERE NOT EXISTS (FROM sib_problems)
GROUP BY metric, kind, pos, "group", cohort, period
ORDER BY pos, "group", cohort NULLS FIRST, period;
