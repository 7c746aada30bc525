import pg from 'pg';
import { runAsWorker } from 'synckit';
import type { PgRequest, PgResponse } from './protocol.js';

// The PostgreSQL client, in a worker thread: the main thread blocks on each request (synckit: Atomics.wait on a
// shared buffer), so the store keeps the synchronous ports better-sqlite3 gives. One connection, one request at a
// time: that is also what makes a transaction (BEGIN ... COMMIT over several requests) safe.

// int8 columns (millisecond timestamps, ids) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

let client: pg.Client | undefined;
let broken: Error | undefined;

runAsWorker(async (req: PgRequest): Promise<PgResponse> => {
  try {
    switch (req.op) {
      case 'connect': {
        const c = new pg.Client({
          connectionString: req.url,
          connectionTimeoutMillis: req.connectTimeoutMs,
          statement_timeout: req.statementTimeoutMs,
          application_name: 'govai',
        });
        // A dropped connection is reported on the next request instead of crashing the worker.
        c.on('error', (error) => {
          broken = error;
        });
        await c.connect();
        client = c;
        broken = undefined;
        return { ok: true, rows: [], rowCount: 0 };
      }
      case 'query': {
        if (!client) return { ok: false, message: 'the database connection is closed' };
        if (broken) return { ok: false, message: `the database connection was lost (${broken.message})` };
        const result = await client.query(req.text, req.values as unknown[]);
        return { ok: true, rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? 0 };
      }
      case 'close': {
        const c = client;
        client = undefined;
        await c?.end().catch(() => undefined);
        return { ok: true, rows: [], rowCount: 0 };
      }
    }
  } catch (error) {
    const e = error as { message?: string; code?: string };
    return { ok: false, message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) };
  }
});
