import { createSyncFn } from 'synckit';
import type { SqlDriver, SqlParams } from '../sql.js';
import type { PgRequest, PgResponse } from './protocol.js';

/** A PostgreSQL error (or a lost connection), with the server's SQLSTATE code when there is one. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

export interface PgDriverOptions {
  connectTimeoutMs?: number;
  /** Server-side limit per statement; the main thread also gives up after this plus a margin. */
  statementTimeoutMs?: number;
}

/** Every outermost transaction takes this advisory lock first: the same one-writer-plans-at-a-time rule as SQLite's
 * BEGIN IMMEDIATE, across replicas, so two processes planning a digest never read the same "not yet sent" state. */
export const WRITE_LOCK_KEY = 0x67_6f_76_61; // "gova"

function workerFile(): string {
  // Compiled: worker.js sits next to this file. Under vitest (src/*.ts) the compiled copy in dist/ is used.
  const here = new URL('./worker.js', import.meta.url);
  if (!here.pathname.includes('/src/')) return here.pathname;
  return new URL('../../../dist/store/pg/worker.js', import.meta.url).pathname;
}

/** `?` placeholders to PostgreSQL's `$1, $2...`, leaving quoted literals alone. */
export function toPgPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL URL in GOVAI_DATABASE_URL';
  }
}

export function openPgDriver(url: string, options: PgDriverOptions = {}): SqlDriver {
  const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
  const call = createSyncFn<(req: PgRequest) => Promise<PgResponse>>(workerFile(), {
    timeout: statementTimeoutMs + 5_000,
  });
  const send = (req: PgRequest): PgResponse & { ok: true } => {
    const res = call(req);
    if (!res.ok) throw new PgError(res.message, res.code);
    return res;
  };
  send({ op: 'connect', url, connectTimeoutMs: options.connectTimeoutMs ?? 10_000, statementTimeoutMs });
  const texts = new Map<string, string>();
  const query = (sql: string, params: SqlParams = []) => {
    let text = texts.get(sql);
    if (text === undefined) {
      text = toPgPlaceholders(sql);
      texts.set(sql, text);
    }
    return send({ op: 'query', text, values: params });
  };
  let depth = 0;
  let closed = false;
  return {
    dialect: 'postgres',
    location: redactUrl(url),
    run: (sql, params) => query(sql, params).rowCount,
    get: <T>(sql: string, params?: SqlParams) => query(sql, params).rows[0] as T | undefined,
    all: <T>(sql: string, params?: SqlParams) => query(sql, params).rows as T[],
    transaction<T>(fn: () => T, options: { writeLock?: boolean } = {}): T {
      const savepoint = `govai_sp_${depth}`;
      if (depth === 0) {
        query('BEGIN');
        if (options.writeLock !== false) query('SELECT pg_advisory_xact_lock(?)', [WRITE_LOCK_KEY]);
      } else query(`SAVEPOINT ${savepoint}`);
      depth++;
      try {
        const result = fn();
        depth--;
        query(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        depth--;
        try {
          query(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        } catch {
          // The connection is gone; the server rolls the transaction back itself.
        }
        throw error;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      call({ op: 'close' });
    },
  };
}
