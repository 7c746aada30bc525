import pg from 'pg';
import type { DeliveryRecord } from '../delivery-record.js';
import type { DeliveryWrites } from '../delivery-writes.js';
import { PgError } from './driver.js';

// The per-send writes of the delivery log on PostgreSQL, through a small pool on the main thread: a fan-out's sends
// overlap their round trips (the synchronous driver blocks the process for each). Every write is one statement, so
// it commits on its own and never holds a lock while waiting for this process (the synchronous driver's planning
// transaction can block the event loop without deadlocking these). The pool opens on first use.

pg.types.setTypeParser(20, (v) => Number(v));

const OPEN = `d.status = 'pending' OR (d.status = 'failed' AND d.permanent = 0)`;

export interface PgWritesOptions {
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Connections at most (sends beyond it queue). */
  max?: number;
}

export function pgDeliveryWrites(
  url: string,
  toRecord: (row: never) => DeliveryRecord,
  options: PgWritesOptions = {},
): DeliveryWrites & { close(): void } {
  const record = toRecord as (row: unknown) => DeliveryRecord;
  let pool: pg.Pool | undefined;
  let closed = false;
  const query = async (text: string, values: unknown[]) => {
    if (closed) throw new PgError('the database connection is closed');
    if (!pool) {
      pool = new pg.Pool({
        connectionString: url,
        max: options.max ?? 8,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
        statement_timeout: options.statementTimeoutMs ?? 15_000,
        application_name: 'govai',
        allowExitOnIdle: true,
      });
      // An idle connection dropped by the server is replaced on the next query; it must not crash the process.
      pool.on('error', () => undefined);
    }
    try {
      return await pool.query(text, values);
    } catch (error) {
      const e = error as { message?: string; code?: string };
      throw new PgError(e.message ?? String(error), e.code);
    }
  };
  const run = async (text: string, values: unknown[]) => {
    await query(text, values);
  };
  return {
    async find(digest, slot, destination) {
      const r = await query('SELECT * FROM deliveries WHERE digest = $1 AND slot = $2 AND destination = $3', [
        digest,
        slot,
        destination,
      ]);
      return r.rows[0] ? record(r.rows[0]) : undefined;
    },
    async takeAndStart(row, holder, nowMs, leaseMs) {
      // The sub-select locks the row and keeps its in_flight_since from before this write.
      const r = await query(
        `UPDATE deliveries d SET lease_holder = $1, lease_until = $2,
           in_flight_since = COALESCE(d.in_flight_since, $3), updated_at = $3
         FROM (SELECT id, in_flight_since AS prev FROM deliveries WHERE id = $4 FOR UPDATE) o
         WHERE d.id = o.id AND (${OPEN}) AND (d.lease_until IS NULL OR d.lease_until <= $3 OR d.lease_holder = $1)
         RETURNING d.*, o.prev AS prev_in_flight`,
        [holder, nowMs + leaseMs, nowMs, row.id],
      );
      const taken = r.rows[0] as { prev_in_flight: number | null } | undefined;
      if (!taken) return undefined;
      const { inFlightSince: _, ...rest } = record({ ...taken, in_flight_since: null });
      return taken.prev_in_flight == null ? rest : { ...rest, inFlightSince: Number(taken.prev_in_flight) };
    },
    startAttempt: (id, nowMs) =>
      run('UPDATE deliveries SET in_flight_since = COALESCE(in_flight_since, $1), updated_at = $2 WHERE id = $3', [
        nowMs,
        nowMs,
        id,
      ]),
    settleAttempt: (id) => run('UPDATE deliveries SET in_flight_since = NULL WHERE id = $1', [id]),
    recordAttempt: (id, error, nowMs) =>
      run('UPDATE deliveries SET attempts = attempts + 1, error = $1, updated_at = $2 WHERE id = $3', [
        error ?? null,
        nowMs,
        id,
      ]),
    async markSent(id, messageIds, nowMs) {
      // One statement: the row marked sent and its briefings recorded as delivered commit together.
      const ids = JSON.stringify(messageIds);
      const r = await query(
        `WITH u AS (
           UPDATE deliveries SET status = 'sent', attempts = attempts + 1, message_ids = $1, part_ids = $2,
             in_flight_since = NULL, error = NULL, permanent = 0, sent_at = $3, updated_at = $3,
             lease_holder = NULL, lease_until = NULL
           WHERE id = $4 RETURNING id, digest, destination, briefing_ids),
         i AS (
           INSERT INTO delivered_briefings (digest, destination, briefing_id, delivery_id, delivered_at)
           SELECT DISTINCT u.digest, u.destination, b.value, u.id, $5::bigint
           FROM u, json_array_elements_text(u.briefing_ids::json) AS b(value)
           ON CONFLICT DO NOTHING)
         SELECT count(*)::int AS n FROM u`,
        [ids, ids, nowMs, id, nowMs],
      );
      if ((r.rows[0] as { n: number }).n !== 1) throw new Error(`delivery ${id} does not exist`);
    },
    markFailed: (id, error, permanent, nowMs) =>
      run(
        `UPDATE deliveries SET status = 'failed', error = $1, permanent = $2, updated_at = $3, lease_holder = NULL, lease_until = NULL WHERE id = $4`,
        [error, permanent ? 1 : 0, nowMs, id],
      ),
    close() {
      if (closed) return;
      closed = true;
      // Ends once the queries still running return; idle connections never hold the process open.
      void pool?.end().catch(() => undefined);
    },
  };
}
