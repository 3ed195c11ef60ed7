// Reads sib's shard values files (DIR/*/shard.parquet) and a
// --draws-out Parquet file (DIR/draws.parquet) with DuckDB, independently
// of sib's own reader, and prints what TestShardValuesDuckDBNode checks
// against sib merge: the draws, the mean IRR over the draws that have one,
// the number without, and the median of state.net_gross by R's type 7
// (DuckDB's quantile_cont). Run: node duckdb_check.mjs DIR, with
// @duckdb/node-api installed (npm install @duckdb/node-api@1.5.6-r.1).
import { DuckDBInstance } from '@duckdb/node-api';
const dir = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const q = async (sql) => (await c.runAndReadAll(sql)).getRowObjects();
const num = (k, v) => (typeof v === 'bigint' ? Number(v) : v);
const [a] = await q(`select count(*) as n, min(draw) as lo, max(draw) as hi, count(distinct draw) as distinct_draws,
  avg("investors.irr") filter (where not isnan("investors.irr")) as mean_irr,
  count(*) filter (where isnan("investors.irr")) as missing_irr,
  quantile_cont("state.net_gross", 0.5) as p50_state
  from read_parquet('${dir}/*/shard.parquet')`);
const [b] = await q(`select count(*) as n from read_parquet('${dir}/draws.parquet')`);
const [m] = await q(`select decode(value) as v from parquet_kv_metadata('${dir}/draws.parquet') where decode(key) = 'sib.seed'`);
console.log(JSON.stringify({ shards: a, draws_out_rows: b.n, draws_out_seed: m.v }, num));
