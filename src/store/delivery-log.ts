import { bulkDeliveries, type PlanState } from './delivery-bulk.js';
import type { ClaimInput, DeliveryRecord, DeliveryStatus, DeliveryTrigger } from './delivery-record.js';
import type { DeliveryWrites } from './delivery-writes.js';
import type { SqlDriver } from './sql.js';

// The delivery log: one row per (digest, slot, destination). The UNIQUE key makes a second send of the same slot
// impossible; `pending` is written before a send and `sent` (with the delivered briefing ids) after the platform
// confirms.

export type { ClaimInput, DeliveryRecord, DeliveryStatus, DeliveryTrigger } from './delivery-record.js';

export interface DeliveryLog {
  /** Runs `fn` in one transaction (one commit for many claims); rolled back if it throws. */
  batch<T>(fn: () => T): T;
  /** Inserts the row unless the slot already has one for this destination; returns the row either way. */
  claim(input: ClaimInput, nowMs: number): { record: DeliveryRecord; created: boolean };
  find(digest: string, slot: string, destination: string): DeliveryRecord | undefined;
  /** Counts a failed attempt (a successful one is counted by markSent). */
  recordAttempt(id: number, error: string | undefined, nowMs: number): void;
  /** Marks the row sent (counting that attempt) and the briefings delivered to that destination, atomically. */
  markSent(id: number, messageIds: readonly string[], nowMs: number): void;
  markFailed(id: number, error: string, permanent: boolean, nowMs: number): void;
  /**
   * Takes (or renews) the right to send this row until `nowMs + leaseMs`: true when the row is still owed and no other
   * holder's lease is running. Replicas sharing a database call it before each attempt, so a row is sent by one at a
   * time; markSent and markFailed release it.
   */
  takeAttempt(id: number, holder: string, nowMs: number, leaseMs: number): boolean;
  /** Rows still owed to their destination: pending, or failed with a transient error. Oldest first. */
  retryable(digest?: string): DeliveryRecord[];
  /** Briefings this destination already received from this digest. */
  deliveredIds(digest: string, destination: string): Set<string>;
  /** Briefings already promised to this destination by a row still being retried (not to be composed again). */
  owedIds(digest: string, destination: string): Set<string>;
  /** The cut-off of a destination's first digest; later runs never reach back before it. Stored on first call. */
  baseline(digest: string, destination: string, proposedSinceMs: number): number;
  /** The stored baseline, if any, without storing one (dry runs). */
  peekBaseline(digest: string, destination: string): number | undefined;
  /** The latest row per destination of a digest. */
  lastPerDestination(digest: string): DeliveryRecord[];
  /** The latest `sent` row per destination of a digest (`govai schedule`: a later no-op does not hide it). */
  lastSentPerDestination(digest: string): DeliveryRecord[];
  /** Destinations whose latest row failed, newest first (for `govai doctor`). */
  failures(): DeliveryRecord[];
  /** Marks a send attempt as begun (keeps the earliest time while the outcome stays unknown). */
  startAttempt(id: number, nowMs: number): void;
  /** The attempt's outcome is known and nothing was posted: a retry may post without looking first. */
  settleAttempt(id: number): void;
  /** Records a confirmed part's platform message id. */
  recordPart(id: number, index: number, messageId: string, nowMs: number): void;
  recordIncident(incident: Omit<StoreIncident, 'id'>): void;
  /** What planning reads for each destination of a slot, in a few statements (src/store/delivery-bulk.ts). */
  planState(digest: string, slot: string, destinations: readonly string[]): Map<string, PlanState>;
  /** How many of these (distinct) destinations have a row for the slot already. */
  claimedCount(digest: string, slot: string, destinations: readonly string[]): number;
  /** Stores first baselines where none exists yet; returns the stored baseline of each destination. */
  baselines(digest: string, proposed: ReadonlyMap<string, number>): Map<string, number>;
  /** claim() for many rows at once (one statement per few hundred); results in input order. */
  claimMany(inputs: readonly ClaimInput[], nowMs: number): Array<{ record: DeliveryRecord; created: boolean }>;
  /**
   * The per-send writes, asynchronous, when this log has its own (PostgreSQL: a connection pool). Absent: senders
   * wrap the synchronous methods (src/store/delivery-writes.ts).
   */
  readonly writes?: DeliveryWrites;
  /** Incidents at or after `sinceMs`, newest first. */
  incidents(sinceMs: number): StoreIncident[];
}

/** Something the delivery log could not record when it happened (e.g. "sent" while the disk was full). */
export type { PlanState } from './delivery-bulk.js';

export interface StoreIncident {
  id: number;
  at: number;
  destination?: string;
  error: string;
  detail: string;
}

interface Row {
  id: number;
  digest: string;
  slot: string;
  destination: string;
  status: DeliveryStatus;
  briefing_ids: string;
  attempts: number;
  permanent: number;
  error: string | null;
  message_ids: string | null;
  part_ids?: string | null;
  in_flight_since?: number | string | null;
  trigger: DeliveryTrigger;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

export function toRecord(r: Row): DeliveryRecord {
  return {
    id: r.id,
    digest: r.digest,
    slot: r.slot,
    destination: r.destination,
    status: r.status,
    briefingIds: JSON.parse(r.briefing_ids) as string[],
    attempts: r.attempts,
    permanent: r.permanent === 1,
    ...(r.error !== null ? { error: r.error } : {}),
    messageIds: r.message_ids ? (JSON.parse(r.message_ids) as string[]) : [],
    partIds: r.part_ids ? (JSON.parse(r.part_ids) as string[]) : [],
    ...(r.in_flight_since != null ? { inFlightSince: Number(r.in_flight_since) } : {}),
    trigger: r.trigger,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}),
  };
}

const OPEN = `status = 'pending' OR (status = 'failed' AND permanent = 0)`;

export function sqlDeliveryLog(sql: SqlDriver, writes?: DeliveryWrites): DeliveryLog {
  const byKey = (digest: string, slot: string, destination: string) =>
    sql.get<Row>('SELECT * FROM deliveries WHERE digest = ? AND slot = ? AND destination = ?', [
      digest,
      slot,
      destination,
    ]);
  const baselineGet = (digest: string, destination: string) =>
    sql.get<{ since_ms: number }>('SELECT since_ms FROM digest_baselines WHERE digest = ? AND destination = ?', [
      digest,
      destination,
    ])?.since_ms;

  return {
    ...bulkDeliveries(sql, toRecord),
    ...(writes ? { writes } : {}),
    batch: (fn) => sql.transaction(fn),
    claim(input, nowMs) {
      // The UNIQUE (digest, slot, destination) key is the claim: of several processes or replicas claiming the same
      // slot for the same destination, exactly one insert succeeds.
      const changes = sql.run(
        `INSERT INTO deliveries (digest, slot, destination, status, briefing_ids, trigger, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (digest, slot, destination) DO NOTHING`,
        [
          input.digest,
          input.slot,
          input.destination,
          input.status ?? 'pending',
          JSON.stringify(input.briefingIds),
          input.trigger,
          nowMs,
          nowMs,
        ],
      );
      return { record: toRecord(byKey(input.digest, input.slot, input.destination)!), created: changes === 1 };
    },
    find(digest, slot, destination) {
      const r = byKey(digest, slot, destination);
      return r ? toRecord(r) : undefined;
    },
    recordAttempt(id, error, nowMs) {
      sql.run('UPDATE deliveries SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?', [
        error ?? null,
        nowMs,
        id,
      ]);
    },
    markSent(id, messageIds, nowMs) {
      // No planning lock: marking one row sent never races a plan (the row is claimed already); one multi-row
      // insert for the delivered briefings keeps it to three statements (each a round trip on PostgreSQL).
      sql.transaction(
        () => {
          const row = sql.get<Row>('SELECT * FROM deliveries WHERE id = ?', [id]);
          if (!row) throw new Error(`delivery ${id} does not exist`);
          sql.run(
            `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, message_ids = ?, part_ids = ?, in_flight_since = NULL, error = NULL, permanent = 0, sent_at = ?, updated_at = ?, lease_holder = NULL, lease_until = NULL WHERE id = ?`,
            [JSON.stringify(messageIds), JSON.stringify(messageIds), nowMs, nowMs, id],
          );
          const ids = [...new Set(JSON.parse(row.briefing_ids) as string[])];
          if (ids.length > 0) {
            sql.run(
              `INSERT INTO delivered_briefings (digest, destination, briefing_id, delivery_id, delivered_at) VALUES ${ids.map(() => '(?, ?, ?, ?, ?)').join(', ')}
               ON CONFLICT DO NOTHING`,
              ids.flatMap((b) => [row.digest, row.destination, b, id, nowMs]),
            );
          }
        },
        { writeLock: false },
      );
    },
    markFailed(id, error, permanent, nowMs) {
      sql.run(
        `UPDATE deliveries SET status = 'failed', error = ?, permanent = ?, updated_at = ?, lease_holder = NULL, lease_until = NULL WHERE id = ?`,
        [error, permanent ? 1 : 0, nowMs, id],
      );
    },
    takeAttempt(id, holder, nowMs, leaseMs) {
      const taken = sql.run(
        `UPDATE deliveries SET lease_holder = ?, lease_until = ?
         WHERE id = ? AND (${OPEN}) AND (lease_until IS NULL OR lease_until <= ? OR lease_holder = ?)`,
        [holder, nowMs + leaseMs, id, nowMs, holder],
      );
      return taken === 1;
    },
    retryable(digest) {
      const rows =
        digest === undefined
          ? sql.all<Row>(`SELECT * FROM deliveries WHERE ${OPEN} ORDER BY created_at, id`)
          : sql.all<Row>(`SELECT * FROM deliveries WHERE digest = ? AND (${OPEN}) ORDER BY created_at, id`, [digest]);
      return rows.map(toRecord);
    },
    deliveredIds(digest, destination) {
      const rows = sql.all<{ briefing_id: string }>(
        'SELECT briefing_id FROM delivered_briefings WHERE digest = ? AND destination = ?',
        [digest, destination],
      );
      return new Set(rows.map((r) => r.briefing_id));
    },
    owedIds(digest, destination) {
      const rows = sql.all<{ briefing_ids: string }>(
        `SELECT briefing_ids FROM deliveries WHERE digest = ? AND destination = ? AND (${OPEN})`,
        [digest, destination],
      );
      return new Set(rows.flatMap((r) => JSON.parse(r.briefing_ids) as string[]));
    },
    baseline(digest, destination, proposedSinceMs) {
      const stored = baselineGet(digest, destination);
      if (stored !== undefined) return stored;
      sql.run('INSERT INTO digest_baselines (digest, destination, since_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
        digest,
        destination,
        proposedSinceMs,
      ]);
      return baselineGet(digest, destination)!;
    },
    peekBaseline(digest, destination) {
      return baselineGet(digest, destination);
    },
    lastPerDestination(digest) {
      return sql
        .all<Row>(
          `SELECT d.* FROM deliveries d WHERE d.digest = ? AND d.id = (
             SELECT id FROM deliveries x WHERE x.digest = d.digest AND x.destination = d.destination ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
           ORDER BY d.destination`,
          [digest],
        )
        .map(toRecord);
    },
    lastSentPerDestination(digest) {
      return sql
        .all<Row>(
          `SELECT d.* FROM deliveries d WHERE d.digest = ? AND d.id = (
             SELECT id FROM deliveries x WHERE x.digest = d.digest AND x.destination = d.destination AND x.status = 'sent'
             ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
           ORDER BY d.destination`,
          [digest],
        )
        .map(toRecord);
    },
    failures() {
      return sql
        .all<Row>(
          `SELECT d.* FROM deliveries d WHERE d.status = 'failed' AND d.id = (
             SELECT id FROM deliveries x WHERE x.digest = d.digest AND x.destination = d.destination AND x.status != 'skipped'
             ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
           ORDER BY d.updated_at DESC`,
        )
        .map(toRecord);
    },
    startAttempt(id, nowMs) {
      sql.run('UPDATE deliveries SET in_flight_since = COALESCE(in_flight_since, ?), updated_at = ? WHERE id = ?', [
        nowMs,
        nowMs,
        id,
      ]);
    },
    settleAttempt(id) {
      sql.run('UPDATE deliveries SET in_flight_since = NULL WHERE id = ?', [id]);
    },
    recordPart(id, index, messageId, nowMs) {
      sql.transaction(
        () => {
          const row = sql.get<{ part_ids: string | null }>('SELECT part_ids FROM deliveries WHERE id = ?', [id]);
          const parts = row?.part_ids ? (JSON.parse(row.part_ids) as string[]) : [];
          parts[index] = messageId;
          sql.run('UPDATE deliveries SET part_ids = ?, updated_at = ? WHERE id = ?', [
            JSON.stringify(parts),
            nowMs,
            id,
          ]);
        },
        { writeLock: false },
      );
    },
    recordIncident(incident) {
      sql.run('INSERT INTO store_incidents (at, destination, error, detail) VALUES (?, ?, ?, ?)', [
        incident.at,
        incident.destination ?? null,
        incident.error,
        incident.detail,
      ]);
    },
    incidents(sinceMs) {
      let rows: Array<{ id: number; at: number | string; destination: string | null; error: string; detail: string }>;
      try {
        rows = sql.all('SELECT * FROM store_incidents WHERE at >= ? ORDER BY at DESC, id DESC LIMIT 50', [sinceMs]);
      } catch (error) {
        // A read-only look (govai doctor) at a log an older govai wrote.
        if (/no such table|does not exist/.test((error as Error).message)) return [];
        throw error;
      }
      return rows.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        error: r.error,
        detail: r.detail,
        ...(r.destination ? { destination: r.destination } : {}),
      }));
    },
  };
}
