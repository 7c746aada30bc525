import type { SqlParams } from '../sql.js';

// Messages between the PostgreSQL driver (main thread) and its worker. Failures are values: an Error thrown across
// the worker boundary would lose its `code`.

export type PgRequest =
  | { op: 'connect'; url: string; connectTimeoutMs: number; statementTimeoutMs: number }
  | { op: 'query'; text: string; values: SqlParams }
  | { op: 'close' };

export type PgResponse =
  | { ok: true; rows: Record<string, unknown>[]; rowCount: number }
  | { ok: false; message: string; code?: string };
