import type pg from 'pg';
import type { DeliveryRecord } from '../delivery-record.js';
import type { DeliveryWrites } from '../delivery-writes.js';
import { PgError } from './driver.js';

// The per-send writes of the delivery log on PostgreSQL, through a small pool on the main thread: a fan-out's sends
// overlap their round trips (the synchronous driver blocks the process for each). Every write is one statement, so
// it commits on its own and never holds a lock while waiting for this process (the synchronous driver's planning
// transaction can block the event loop without deadlocking these). The pool opens on first use, and node-postgres
// is imported then: a process on SQLite, or one that never sends, does not pay for loading it (about 50 ms).

let loadPg: Promise<typeof pg> | undefined;
const pgModule = (): Promise<typeof pg> =>
  (loadPg ??= import('pg').then(({ default: mod }) => {
    mod.types.setTypeParser(20, (v) => Number(v));
    return mod;
  }));

const OPEN = `d.status = 'pending' OR (d.status = 'failed' AND d.permanent = 0)`;

export interface PgWritesOptions {
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Connections at most (sends beyond it queue). */
  max?: number;
}

type Waiter<O> = { resolve: (o: O | undefined) => void; reject: (e: unknown) => void };

/**
 * Group commit: the takes and sent marks made while a statement is running go together in the next one, one statement
 * and one commit for both kinds (a sender's "sent" and the next send's take, issued in the same turn, share it). Each
 * caller still waits for the commit that holds its own write. A row asked for by both kinds at once keeps its take
 * for the following statement (one statement never updates a row twice).
 */
function batcher<T extends { id: number }, S extends { id: number }, TO, SO>(
  run: (takes: T[], sents: S[]) => Promise<{ takes: Map<T, TO>; sents: Map<S, SO> }>,
  maxInFlight = 2,
  maxBatch = 200,
) {
  let takes: Array<{ item: T } & Waiter<TO>> = [];
  let sents: Array<{ item: S } & Waiter<SO>> = [];
  let inFlight = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    while ((takes.length > 0 || sents.length > 0) && inFlight < maxInFlight) {
      const s = sents.slice(0, maxBatch);
      sents = sents.slice(s.length);
      const sentIds = new Set(s.map((x) => x.item.id));
      const t: typeof takes = [];
      const later: typeof takes = [];
      for (const x of takes) (t.length < maxBatch - s.length && !sentIds.has(x.item.id) ? t : later).push(x);
      takes = later;
      inFlight++;
      run(
        t.map((x) => x.item),
        s.map((x) => x.item),
      )
        .then(
          (out) => {
            for (const x of s) x.resolve(out.sents.get(x.item));
            for (const x of t) x.resolve(out.takes.get(x.item));
          },
          (error) => {
            for (const x of [...s, ...t]) x.reject(error);
          },
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      // The same turn's callers (a fan-out's workers) join this batch.
      setImmediate(flush);
    }
  };
  return {
    take: (item: T) =>
      new Promise<TO | undefined>((resolve, reject) => {
        takes.push({ item, resolve, reject });
        schedule();
      }),
    sent: (item: S) =>
      new Promise<SO | undefined>((resolve, reject) => {
        sents.push({ item, resolve, reject });
        schedule();
      }),
  };
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
    const { Pool } = await pgModule();
    if (closed) throw new PgError('the database connection is closed');
    if (!pool) {
      pool = new Pool({
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
  type Sent = { id: number; messageIds: string; nowMs: number };
  type Row = Record<string, unknown> & { id: number; kind: 'sent' | 'taken' | 'kept'; prev_in_flight: number | null };
  // One statement: marks rows sent (and their briefings delivered), then takes rows: a take locks only rows it can
  // take (still owed, lease free or its own), in id order, skipping rows another statement is writing (another
  // replica taking or marking it: in progress elsewhere), so takes never wait on each other nor deadlock, and a take
  // that finds nothing to take writes nothing (no flushed commit for a replica that finds the slot taken). Each taken
  // row keeps its in_flight_since from before; rows not taken come back as they are.
  const writes = batcher<Take, Sent, Row, true>(async (takes, sents) => {
    const t = [...takes].sort((a, b) => a.id - b.id);
    const r = await query(
      `WITH sv AS (SELECT * FROM unnest($5::bigint[], $6::text[], $7::bigint[]) AS v(id, message_ids, now_ms)),
       s AS (
         UPDATE deliveries d SET status = 'sent', attempts = d.attempts + 1, message_ids = sv.message_ids,
           part_ids = sv.message_ids, in_flight_since = NULL, error = NULL, permanent = 0, sent_at = sv.now_ms,
           updated_at = sv.now_ms, lease_holder = NULL, lease_until = NULL
         FROM sv WHERE d.id = sv.id RETURNING d.*),
       sb AS (
         INSERT INTO delivered_briefings (digest, destination, briefing_id, delivery_id, delivered_at)
         SELECT DISTINCT s.digest, s.destination, b.value, s.id, s.updated_at
         FROM s, json_array_elements_text(s.briefing_ids::json) AS b(value)
         ON CONFLICT DO NOTHING),
       tv AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS v(id, holder, until_ms, now_ms)),
       o AS (
         SELECT d.id, d.in_flight_since AS prev FROM deliveries d JOIN tv ON tv.id = d.id
         WHERE (${OPEN}) AND (d.lease_until IS NULL OR d.lease_until <= tv.now_ms OR d.lease_holder = tv.holder)
         ORDER BY d.id FOR UPDATE OF d SKIP LOCKED),
       t AS (
         UPDATE deliveries d SET lease_holder = tv.holder, lease_until = tv.until_ms,
           in_flight_since = COALESCE(d.in_flight_since, tv.now_ms), updated_at = tv.now_ms
         FROM o, tv WHERE d.id = o.id AND tv.id = d.id
         RETURNING d.*, o.prev AS prev_in_flight)
       SELECT 'sent' AS kind, s.*, NULL::bigint AS prev_in_flight FROM s
       UNION ALL
       SELECT 'taken' AS kind, t.* FROM t
       UNION ALL
       SELECT 'kept' AS kind, d.*, NULL::bigint AS prev_in_flight FROM deliveries d
       WHERE d.id = ANY($1::bigint[]) AND d.id NOT IN (SELECT id FROM t)`,
      [
        t.map((i) => i.id),
        t.map((i) => i.holder),
        t.map((i) => i.untilMs),
        t.map((i) => i.nowMs),
        sents.map((i) => i.id),
        sents.map((i) => i.messageIds),
        sents.map((i) => i.nowMs),
      ],
    );
    const rows = r.rows as Row[];
    const sentIds = new Set(rows.filter((x) => x.kind === 'sent').map((x) => Number(x.id)));
    const byId = new Map(rows.filter((x) => x.kind !== 'sent').map((x) => [Number(x.id), x]));
    return {
      takes: new Map(takes.flatMap((i) => (byId.has(i.id) ? [[i, byId.get(i.id)!] as const] : []))),
      sents: new Map(sents.filter((i) => sentIds.has(i.id)).map((i) => [i, true as const])),
    };
  });
  return {
    grouped: true,
    async find(digest, slot, destination) {
      const r = await query('SELECT * FROM deliveries WHERE digest = $1 AND slot = $2 AND destination = $3', [
        digest,
        slot,
        destination,
      ]);
      return r.rows[0] ? record(r.rows[0]) : undefined;
    },
    async takeAndStart(row, holder, nowMs, leaseMs) {
      const got = await writes.take({ id: row.id, holder, untilMs: nowMs + leaseMs, nowMs });
      if (!got) return { taken: false };
      const { kind: _kind, prev_in_flight: _prev, ...fields } = got;
      if (got.kind !== 'taken') return { taken: false, record: record(fields) };
      const { inFlightSince: _, ...rest } = record({ ...fields, in_flight_since: null });
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
      if (!(await writes.sent({ id, messageIds: JSON.stringify(messageIds), nowMs })))
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
