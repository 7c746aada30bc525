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

/**
 * Group commit: calls made while a statement of the same kind is running go together in the next one (one commit
 * for many sends' writes). Each caller still waits for the commit that holds its own write.
 */
function batcher<I, O>(run: (items: I[]) => Promise<Map<I, O>>, maxInFlight = 2, maxBatch = 200) {
  let queue: Array<{ item: I; resolve: (o: O | undefined) => void; reject: (e: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      inFlight++;
      run(batch.map((b) => b.item))
        .then(
          (out) => {
            for (const b of batch) b.resolve(out.get(b.item));
          },
          (error) => {
            for (const b of batch) b.reject(error);
          },
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };
  return (item: I) =>
    new Promise<O | undefined>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // The same turn's callers (a fan-out's workers) join this batch.
        setImmediate(flush);
      }
    });
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
  type Take = { id: number; holder: string; untilMs: number; nowMs: number };
  type Taken = Record<string, unknown> & { id: number; prev_in_flight: number | null; taken: boolean };
  // Takes many rows in one statement: the sub-select locks them in id order (no deadlock between replicas' batches)
  // and keeps each one's in_flight_since from before the write; rows not taken come back as they are.
  const take = batcher<Take, Taken>(async (items) => {
    const sorted = [...items].sort((a, b) => a.id - b.id);
    const r = await query(
      `WITH t AS (
         UPDATE deliveries d SET lease_holder = v.holder, lease_until = v.until_ms,
           in_flight_since = COALESCE(d.in_flight_since, v.now_ms), updated_at = v.now_ms
         FROM (SELECT id, in_flight_since AS prev FROM deliveries WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE) o,
           unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS v(id, holder, until_ms, now_ms)
         WHERE d.id = o.id AND v.id = d.id AND (${OPEN})
           AND (d.lease_until IS NULL OR d.lease_until <= v.now_ms OR d.lease_holder = v.holder)
         RETURNING d.*, o.prev AS prev_in_flight, true AS taken)
       SELECT * FROM t
       UNION ALL
       SELECT d.*, NULL::bigint AS prev_in_flight, false AS taken FROM deliveries d
       WHERE d.id = ANY($1::bigint[]) AND d.id NOT IN (SELECT id FROM t)`,
      [sorted.map((i) => i.id), sorted.map((i) => i.holder), sorted.map((i) => i.untilMs), sorted.map((i) => i.nowMs)],
    );
    const byId = new Map((r.rows as Taken[]).map((row) => [Number(row.id), row]));
    return new Map(items.map((i) => [i, byId.get(i.id)!] as const).filter(([, row]) => row !== undefined));
  });
  type Sent = { id: number; messageIds: string; nowMs: number };
  // Marks many rows sent and records their briefings as delivered, in one statement (one commit).
  const sent = batcher<Sent, true>(async (items) => {
    const r = await query(
      `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, message_ids, now_ms)),
       u AS (
         UPDATE deliveries d SET status = 'sent', attempts = d.attempts + 1, message_ids = v.message_ids,
           part_ids = v.message_ids, in_flight_since = NULL, error = NULL, permanent = 0, sent_at = v.now_ms,
           updated_at = v.now_ms, lease_holder = NULL, lease_until = NULL
         FROM v WHERE d.id = v.id RETURNING d.id, d.digest, d.destination, d.briefing_ids, v.now_ms),
       i AS (
         INSERT INTO delivered_briefings (digest, destination, briefing_id, delivery_id, delivered_at)
         SELECT DISTINCT u.digest, u.destination, b.value, u.id, u.now_ms
         FROM u, json_array_elements_text(u.briefing_ids::json) AS b(value)
         ON CONFLICT DO NOTHING)
       SELECT id FROM u`,
      [items.map((i) => i.id), items.map((i) => i.messageIds), items.map((i) => i.nowMs)],
    );
    const done = new Set((r.rows as Array<{ id: number }>).map((row) => Number(row.id)));
    return new Map(items.filter((i) => done.has(i.id)).map((i) => [i, true as const]));
  });
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
      const got = await take({ id: row.id, holder, untilMs: nowMs + leaseMs, nowMs });
      if (!got) return { taken: false };
      if (!got.taken) return { taken: false, record: record(got) };
      const { inFlightSince: _, ...rest } = record({ ...got, in_flight_since: null });
      return {
        taken: true,
        record: got.prev_in_flight == null ? rest : { ...rest, inFlightSince: Number(got.prev_in_flight) },
      };
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
      if (!(await sent({ id, messageIds: JSON.stringify(messageIds), nowMs })))
        throw new Error(`delivery ${id} does not exist`);
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
