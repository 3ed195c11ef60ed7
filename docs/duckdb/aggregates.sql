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
        -- 17 significant digits, in at most 30 digits (sib's limit)
        ELSE format('{:.{}f}', x, least(28, 16 - CAST(floor(log10(abs(x))) AS INTEGER)))
    END;

-- The metrics and their kinds, in the order of metrics.csv.
CREATE OR REPLACE TEMP VIEW sib_metrics AS
SELECT trim(metric) AS metric, lower(trim(kind)) AS kind, row_number() OVER () AS pos
FROM metrics;

-- The columns, checked first: a column for each metric, and no column
-- that is neither a metric nor id, group, cohort, period or note. The
-- table is made only when there is no problem (it stays empty).
CREATE OR REPLACE TEMP TABLE sib_column_problems AS
SELECT error(format('participants: no column for metric {} of metrics.csv', metric)) AS problem
FROM sib_metrics
WHERE lower(metric) NOT IN (SELECT lower(column_name) FROM (DESCRIBE participants))
UNION ALL
SELECT error(format('participants: column {} is not a metric of metrics.csv (nor id, group, cohort, period or note)', column_name))
FROM (DESCRIBE participants)
WHERE lower(column_name) NOT IN ('id', 'group', 'cohort', 'period', 'note')
  AND lower(column_name) NOT IN (SELECT lower(metric) FROM sib_metrics);

-- The records as text, trimmed as sib trims every field; an empty value
-- is "not measured".
CREATE OR REPLACE TEMP VIEW sib_records AS
SELECT * FROM (SELECT trim(CAST(COLUMNS(*) AS VARCHAR)) FROM participants)
-- a row of separators alone is passed over, as sib passes over it (the
-- id, almost always there, spares DuckDB the concat)
WHERE id <> '' OR concat(*COLUMNS(*)) <> '';

-- The metric columns as numbers, NULL where not measured; a note column
-- is passed over, as sib passes over it.
CREATE OR REPLACE TEMP VIEW sib_numbers AS
SELECT "group", NULLIF(cohort, '') AS cohort, CAST(period AS INTEGER) AS period,
       CAST(NULLIF(COLUMNS(c -> lower(c) NOT IN ('id', 'group', 'cohort', 'period', 'note')), '') AS DOUBLE)
FROM sib_records;

-- One pass over the records: for each group, cohort and period, a struct
-- of totals per metric column. fsum adds with Kahan-Babuska compensation,
-- so sums of whole values (events; their squares for count metrics) are
-- exact; stddev_samp uses Welford's update. The order in which DuckDB's
-- threads combine their partial totals can change a sum's last digit and
-- an sd's 14th or 15th significant digit, far below the 10 that sib
-- prints. The other fields count the values sib refuses for some kind:
-- not 0 or 1, negative, not whole or above 10^9, above 1e150.
CREATE OR REPLACE TEMP TABLE sib_wide AS
SELECT "group", cohort, period,
       struct_pack(
           n := count(COLUMNS(* EXCLUDE ("group", cohort, period))),
           total := fsum(COLUMNS(* EXCLUDE ("group", cohort, period))),
           total_sq := fsum(COLUMNS(* EXCLUDE ("group", cohort, period)) * COLUMNS(* EXCLUDE ("group", cohort, period))),
           sd := stddev_samp(COLUMNS(* EXCLUDE ("group", cohort, period))),
           not01 := count_if(COLUMNS(* EXCLUDE ("group", cohort, period)) NOT IN (0, 1)),
           negative := count_if(COLUMNS(* EXCLUDE ("group", cohort, period)) < 0),
           notwhole := count_if(COLUMNS(* EXCLUDE ("group", cohort, period)) <> trunc(COLUMNS(* EXCLUDE ("group", cohort, period)))
                                OR COLUMNS(* EXCLUDE ("group", cohort, period)) > 1e9),
           huge := count_if(abs(COLUMNS(* EXCLUDE ("group", cohort, period))) > 1e150)
       )
FROM sib_numbers
GROUP BY "group", cohort, period;

-- One row per metric, group, cohort and period with values: the metric
-- columns (matched to metrics.csv whatever their case, as sib matches
-- them) unpivoted.
CREATE OR REPLACE TEMP TABLE sib_cells AS
WITH long AS (
    UNPIVOT sib_wide
    ON COLUMNS(* EXCLUDE ("group", cohort, period))
    INTO NAME sib_column VALUE t
)
SELECT m.metric, m.kind, m.pos, l."group", l.cohort, l.period, unnest(l.t)
FROM long AS l
JOIN sib_metrics AS m ON lower(l.sib_column) = lower(m.metric)
WHERE l.t.n > 0;

-- What sib outcomes would refuse, one row per problem. The record checks
-- need a second pass over the records: an empty id or group label, and
-- the same participant twice in one period (sib counts a person once a
-- period).
CREATE OR REPLACE TEMP TABLE sib_problems AS
SELECT CAST(problem AS VARCHAR) AS problem FROM sib_column_problems
UNION ALL
SELECT format('participants: metric {} ({}), group {}, cohort {}, period {}: values other than {}: {}',
    metric, kind, "group", coalesce(cohort, ''), period,
    CASE kind WHEN 'binary' THEN '0 or 1' WHEN 'count' THEN 'whole numbers from 0 to 10^9' WHEN 'duration' THEN 'days, zero or more' ELSE 'numbers up to 1e150' END,
    bad)
FROM (
    SELECT *, huge + CASE kind
        WHEN 'binary' THEN not01
        WHEN 'count' THEN greatest(negative, notwhole)
        WHEN 'duration' THEN negative
        ELSE 0 END AS bad
    FROM sib_cells
)
WHERE bad > 0
UNION ALL
SELECT format('participants: metric {}, group {}, cohort {}, period {}: the sum of squares {} is too large to add exactly (above 2^53)',
    metric, "group", coalesce(cohort, ''), period, total_sq)
FROM sib_cells WHERE kind IN ('binary', 'count') AND total_sq > 9007199254740992
UNION ALL
SELECT format('participants: period {}: expected a whole number from 0 (a year such as 2024)', period)
FROM sib_cells WHERE period < 0
UNION ALL
SELECT CASE
    WHEN coalesce(id, '') = '' THEN format('participants: a record with an empty id (period {})', period)
    WHEN empty_group THEN format('participants: participant {}, period {}: an empty group label', id, period)
    ELSE format('participants: participant {} has {} records for period {}: a person is counted once a period', id, records, period)
    END
FROM (
    SELECT id, CAST(period AS INTEGER) AS period, count(*) AS records,
           bool_or(coalesce("group", '') = '') AS empty_group
    FROM sib_records GROUP BY 1, 2
)
WHERE records > 1 OR coalesce(id, '') = '' OR empty_group;


-- Stop at the first problem: this table is made only when there is none.
CREATE OR REPLACE TEMP TABLE sib_checked AS
SELECT error(min(problem)) AS problem FROM sib_problems HAVING count(*) > 0;

-- The rows of aggregates.csv, made only when the checks passed: n
-- values; events (binary, count); for count also the sum of squares,
-- which trend and did use; sum and sd (divisor n - 1) for duration and
-- continuous. A cell with no measured values has no row (sib refuses
-- n = 0).
CREATE OR REPLACE TEMP TABLE aggregates AS
SELECT metric, "group", cohort, period, n,
       CASE WHEN kind IN ('binary', 'count') THEN CAST(total AS BIGINT) END AS events,
       CASE WHEN kind IN ('duration', 'continuous') THEN sib_plain(total) END AS sum,
       CASE WHEN kind = 'count' THEN CAST(total_sq AS BIGINT) END AS sum_sq,
       CASE WHEN kind IN ('duration', 'continuous') THEN sib_plain(coalesce(sd, 0)) END AS sd
FROM sib_cells
WHERE (SELECT count(*) FROM sib_checked) = 0
ORDER BY pos, "group", cohort NULLS FIRST, period;
