import type pg from 'pg';
import type { DeliveryRecord } from '../delivery-record.js';
import type { DeliveryWrites } from '../delivery-writes.js';
import { PgError } from './driver.js';
import { GROUP_IN_FLIGHT, groupCommit, type NextDone } from './group-commit.js';

// The per-send writes of the delivery log on PostgreSQL, through a small pool on the main thread: a fan-out's sends
// overlap their round trips (the synchronous driver blocks the process for each). Every write is one statement, so
// it commits on its own and never holds a lock while waiting for this process (the synchronous driver's planning
// transaction can block the event loop without deadlocking these). The pool opens on first use, and node-postgres
// is imported then: a process on SQLite, or one that never sends, does not pay for loading it (about 50 ms). The
// takes and "sent" marks go through one prepared statement (group-commit.ts batches them): parsed and planned once
// per connection, not once per round of sends.

/** The prepared statement's name (one text for it, always). */
export const GROUP_STATEMENT = 'govai_delivery_group';

let loadPg: Promise<typeof pg> | undefined;
const pgModule = (): Promise<typeof pg> =>
  (loadPg ??= import('pg').then(({ default: mod }) => {
    mod.types.setTypeParser(20, (v) => Number(v));
    return mod;
  }));

/**
 * Still owed (pending, or failed and not permanent), for rows looked up by id: written so that the planner cannot
 * match it to the partial index deliveries_open (which serves start-up recovery). It did, whenever the table had no
 * statistics yet (a fresh table, or a slot's rows just claimed) or in the prepared statement's generic plan, and then
 * each statement read every open row of the table to find the few it asked for by id (a 1,000-row slot: 1,000 rows
 * per statement).
 */
const OPEN = `CASE d.status WHEN 'pending' THEN true WHEN 'failed' THEN d.permanent = 0 ELSE false END`;
const FREE = (holder: string, now: string) =>
  `d.lease_until IS NULL OR d.lease_until <= ${now} OR d.lease_holder = ${holder}`;

/**
 * One statement for a round of sends. It marks rows sent (and their briefings delivered), then takes rows: the rows
 * asked for one by one ($1-$4: lease renewals, retries) and, for takeNext, the first $12 rows of a window of
 * candidates ($8, in its order) for one holder. A take locks only rows it can take (still owed, lease free or its
 * own) and skips, with SKIP LOCKED, a row another statement is writing (another replica taking or marking it: in
 * progress elsewhere), so takes never wait on each other nor deadlock, and a take that finds nothing to take writes
 * nothing (no flushed commit for a replica that finds the slot taken). A taken row keeps its in_flight_since from
 * before; rows asked for and not taken come back as they are ('kept'), and the window's rows passed over before
 * its last taken one ('passed'; all of them when fewer than $12 were taken) with their status. Rows come back as one
 * JSON value each, and only where the caller needs the whole row: a replica is told of every row the others sent,
 * and parsing each of those in full cost it more than the rest of its fan-out's reading.
 */
const GROUP_SQL = `WITH sv AS (SELECT * FROM unnest($5::bigint[], $6::text[], $7::bigint[]) AS v(id, message_ids, now_ms)),
  s AS (
    UPDATE deliveries d SET status = 'sent', attempts = d.attempts + 1, message_ids = sv.message_ids,
      part_ids = sv.message_ids, in_flight_since = NULL, error = NULL, permanent = 0, sent_at = sv.now_ms,
      updated_at = sv.now_ms, lease_holder = NULL, lease_until = NULL
    FROM sv WHERE d.id = sv.id AND d.id = ANY($5::bigint[]) RETURNING d.*),
  sb AS (
    INSERT INTO delivered_briefings (digest, destination, briefing_id, delivery_id, delivered_at)
    SELECT DISTINCT s.digest, s.destination, b.value, s.id, s.updated_at
    FROM s, json_array_elements_text(s.briefing_ids::json) AS b(value)
    ON CONFLICT DO NOTHING),
  tv AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS v(id, holder, until_ms, now_ms)),
  o AS (
    SELECT d.id, d.in_flight_since AS prev FROM deliveries d JOIN tv ON tv.id = d.id
    WHERE d.id = ANY($1::bigint[]) AND ${OPEN} AND (${FREE('tv.holder', 'tv.now_ms')})
    ORDER BY d.id FOR UPDATE OF d SKIP LOCKED),
  t AS (
    UPDATE deliveries d SET lease_holder = tv.holder, lease_until = tv.until_ms,
      in_flight_since = COALESCE(d.in_flight_since, tv.now_ms), updated_at = tv.now_ms
    FROM o, tv WHERE d.id = o.id AND tv.id = d.id
    RETURNING d.*, o.prev AS prev_in_flight),
  no AS (
    SELECT d.id, array_position($8::bigint[], d.id) AS ord, d.in_flight_since AS prev FROM deliveries d
    WHERE d.id = ANY($8::bigint[]) AND ${OPEN} AND (${FREE('$9::text', '$10::bigint')})
    ORDER BY 2 LIMIT $12::int FOR UPDATE OF d SKIP LOCKED),
  n AS (
    UPDATE deliveries d SET lease_holder = $9::text, lease_until = $11::bigint,
      in_flight_since = COALESCE(d.in_flight_since, $10::bigint), updated_at = $10::bigint
    FROM no WHERE d.id = no.id
    RETURNING d.*, no.prev AS prev_in_flight, no.ord)
  SELECT 'sent' AS kind, s.id, NULL AS status, NULL::int AS permanent, NULL::json AS row FROM s
  UNION ALL
  SELECT 'taken', t.id, t.status, t.permanent, to_json(t) FROM t
  UNION ALL
  SELECT 'kept', d.id, d.status, d.permanent, to_json(d) FROM deliveries d
  WHERE d.id = ANY($1::bigint[]) AND d.id NOT IN (SELECT id FROM t)
  UNION ALL
  SELECT 'next', n.id, n.status, n.permanent, to_json(n) FROM n
  UNION ALL
  SELECT 'passed', d.id, d.status, d.permanent, NULL FROM deliveries d
  WHERE d.id = ANY($8::bigint[]) AND d.id NOT IN (SELECT id FROM n)
    AND ((SELECT count(*) FROM n) < $12::int OR array_position($8::bigint[], d.id) < (SELECT max(n.ord) FROM n))`;

/** The group statement's parameters for no rows at all (prepare() runs it so). */
const NO_ROWS: unknown[] = [[], [], [], [], [], [], [], [], '', 0, 0, 0];

/** Connections opened ahead of the first slot and kept: as many as group commit runs statements at once. */
export const WARM_CONNECTIONS = GROUP_IN_FLIGHT;

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
  const poolOf = async (): Promise<pg.Pool> => {
    if (closed) throw new PgError('the database connection is closed');
    const { Pool } = await pgModule();
    if (closed) throw new PgError('the database connection is closed');
    if (!pool) {
      pool = new Pool({
        connectionString: url,
        max: options.max ?? 8,
        // The connections prepare() opened stay open between slots (idle ones above these close after 10 s).
        min: WARM_CONNECTIONS,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
        statement_timeout: options.statementTimeoutMs ?? 15_000,
        application_name: 'govai',
        allowExitOnIdle: true,
      });
      // An idle connection dropped by the server is replaced on the next query; it must not crash the process.
      pool.on('error', () => undefined);
    }
    return pool;
  };
  const pgError = (error: unknown) => {
    const e = error as { message?: string; code?: string };
    return new PgError(e.message ?? String(error), e.code);
  };
  const query = async (text: string, values: unknown[], name?: string) => {
    const p = await poolOf();
    try {
      return await p.query(name ? { name, text, values } : { text, values });
    } catch (error) {
      throw pgError(error);
    }
  };
  const run = async (text: string, values: unknown[]) => {
    await query(text, values);
  };
  type Row = {
    kind: 'sent' | 'taken' | 'kept' | 'next' | 'passed';
    id: number;
    status: DeliveryRecord['status'] | null;
    permanent: number | null;
    /** The whole row (with prev_in_flight and ord where taken), for taken, kept and next rows. */
    row: (Record<string, unknown> & { prev_in_flight?: number | null; ord?: number }) | null;
  };
  const fields = (row: Row) => {
    const { prev_in_flight: _prev, ord: _ord, ...rest } = row.row ?? {};
    return rest;
  };
  /** A row this statement took, as it was before (its in_flight_since from before the take). */
  const asTaken = (row: Row): DeliveryRecord => {
    const { inFlightSince: _, ...rest } = record({ ...fields(row), in_flight_since: null });
    const prev = row.row?.prev_in_flight;
    return prev == null ? rest : { ...rest, inFlightSince: Number(prev) };
  };
  const writes = groupCommit<Row>(async (takes, sents, next) => {
    const t = [...takes].sort((a, b) => a.id - b.id);
    const r = await query(
      GROUP_SQL,
      [
        t.map((i) => i.id),
        t.map((i) => i.holder),
        t.map((i) => i.untilMs),
        t.map((i) => i.nowMs),
        sents.map((i) => i.id),
        sents.map((i) => i.messageIds),
        sents.map((i) => i.nowMs),
        next?.window.map((c) => c.id) ?? [],
        next?.holder ?? '',
        next?.nowMs ?? 0,
        next?.untilMs ?? 0,
        next?.want ?? 0,
      ],
      GROUP_STATEMENT,
    );
    const rows = r.rows as Row[];
    const sentIds = new Set(rows.filter((x) => x.kind === 'sent').map((x) => Number(x.id)));
    const byId = new Map(rows.filter((x) => x.kind === 'taken' || x.kind === 'kept').map((x) => [Number(x.id), x]));
    const passedRows = new Map(rows.filter((x) => x.kind === 'passed').map((x) => [Number(x.id), x]));
    const done: NextDone = {
      taken: rows
        .filter((x) => x.kind === 'next')
        .sort((a, b) => Number(a.row?.ord) - Number(b.row?.ord))
        .map(asTaken),
      // A row passed over: as planned, with its status now (what the fan-out's outcome and log say of it).
      passed: new Map(
        (next?.window ?? []).flatMap((c) => {
          const x = passedRows.get(c.id);
          return x ? [[c.id, { ...c, status: x.status!, permanent: Number(x.permanent) === 1 }] as const] : [];
        }),
      ),
    };
    return {
      takes: new Map(takes.flatMap((i) => (byId.has(i.id) ? [[i, byId.get(i.id)!] as const] : []))),
      sents: new Set(sents.filter((i) => sentIds.has(i.id))),
      ...(next ? { next: done } : {}),
    };
  });
  return {
    grouped: true,
    async prepare() {
      // Connected and the group statement parsed and planned on each connection the sends use at once, before the
      // first slot: a fan-out's first statement does not wait for a connection (TCP, SCRAM authentication) and its
      // parse. Run with empty lists, the statement writes nothing (no transaction id, no commit to flush).
      const p = await poolOf();
      const clients: pg.PoolClient[] = [];
      try {
        for (let i = 0; i < WARM_CONNECTIONS; i++) clients.push(await p.connect());
        await Promise.all(clients.map((c) => c.query({ name: GROUP_STATEMENT, text: GROUP_SQL, values: NO_ROWS })));
      } catch (error) {
        throw pgError(error);
      } finally {
        for (const c of clients) c.release();
      }
    },
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
      if (got.kind !== 'taken') return { taken: false, record: record(fields(got)) };
      return { taken: true, record: asTaken(got) };
    },
    takeNext: (queue, holder, nowMs, leaseMs) => writes.next(queue, holder, nowMs, nowMs + leaseMs),
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
