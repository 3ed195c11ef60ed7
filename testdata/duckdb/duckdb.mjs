// duckdb.mjs: a stand-in for the duckdb command-line shell, for machines
// that have Node.js and the @duckdb/node-api package but no duckdb binary.
// It reads a script from standard input as `duckdb < script` does, with
// the one dot command the recipe uses, `.read FILE`, and runs it in an
// in-memory database.
//
//   npm install --prefix /tmp/duckdb-npm @duckdb/node-api
//   SIB_DUCKDB_NODE_MODULES=/tmp/duckdb-npm/node_modules node testdata/duckdb/duckdb.mjs < script.sql
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const modules = process.env.SIB_DUCKDB_NODE_MODULES || '/tmp/duckdb-npm/node_modules';
const { DuckDBInstance } = createRequire(path.join(path.resolve(modules), 'x.js'))('@duckdb/node-api');

function expand(text) {
    return text.split('\n').map((line) => {
        const m = line.match(/^\.read\s+(\S+)\s*$/);
        return m ? expand(readFileSync(m[1], 'utf8')) : line;
    }).join('\n');
}

const script = expand(readFileSync(0, 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
try {
    await con.run(script);
} catch (e) {
    console.error(String(e.message || e));
    process.exit(1);
}
