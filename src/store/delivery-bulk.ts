import type { ClaimInput, DeliveryRecord } from './delivery-record.js';
import type { SqlDriver, SqlParams, SqlValue } from './sql.js';

// Planning one slot for many destinations in a few statements instead of several per destination: on PostgreSQL
// each statement is a round trip, so a 1,000-destination slot planned row by row spent seconds in the database.
// Same reads and the same UNIQUE-key claim as the one-destination methods; run inside the planning transaction.

/**
 * What planning a destination reads: its row for this slot, or else its baseline, what it received and what it is
 * owed (a destination with a row is not planned again, so those are not read for it).
 */
export interface PlanState {
  existing?: DeliveryRecord;
  baseline?: number;
  delivered: Set<string>;
  owed: Set<string>;
}

const OPEN = `status = 'pending' OR (status = 'failed' AND permanent = 0)`;
/**
 * Rows per statement (8 parameters each for a claim): under SQLite's 32,766 and PostgreSQL's 65,535 parameters; a
 * 1,000-destination slot is one statement per read (each a round trip on PostgreSQL).
 */
const CHUNK = 2_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** A row as claimMany inserted it (its 8 columns in `values`), the other columns at their defaults. */
function asInserted(id: number | string, values: readonly SqlValue[]): Record<string, unknown> {
  const [digest, slot, destination, status, briefingIds, trigger, createdAt, updatedAt] = values;
  return {
    id: Number(id),
    digest,
    slot,
    destination,
    status,
    briefing_ids: briefingIds,
    attempts: 0,
    permanent: 0,
    error: null,
    message_ids: null,
    trigger,
    created_at: createdAt,
    updated_at: updatedAt,
    sent_at: null,
    lease_holder: null,
    lease_until: null,
    part_ids: null,
    in_flight_since: null,
  };
}

export function bulkDeliveries(sql: SqlDriver, toRecord: (row: never) => DeliveryRecord) {
  const record = toRecord as (row: unknown) => DeliveryRecord;
  // PostgreSQL takes a list as one array parameter: a short statement to parse and plan, and one value to send,
  // instead of a placeholder per destination (8,000 for a 1,000-destination claim). SQLite has no arrays.
  const pg = sql.dialect === 'postgres';
  const among = (column: string, values: readonly string[]): [string, SqlParams] =>
    pg ? [`${column} = ANY(?::text[])`, [values]] : [`${column} IN (${marks(values.length)})`, values];
  return {
    planState(digest: string, slot: string, destinations: readonly string[]): Map<string, PlanState> {
      const state = new Map<string, PlanState>();
      const of = (d: string) => {
        let s = state.get(d);
        if (!s) {
          s = { delivered: new Set(), owed: new Set() };
          state.set(d, s);
        }
        return s;
      };
      for (const all of chunks([...new Set(destinations)])) {
        for (const d of all) of(d);
        const [inAll, allParams] = among('destination', all);
        for (const r of sql.all<{ destination: string }>(
          `SELECT * FROM deliveries WHERE digest = ? AND slot = ? AND ${inAll}`,
          [digest, slot, ...allParams],
        ))
          of(r.destination).existing = record(r);
        // A destination with a row for this slot is not planned again, so the rest is read only for those without:
        // a replica that finds the slot claimed by another reads it in one statement while holding the planning lock.
        const part = all.filter((d) => !state.get(d)!.existing);
        if (part.length === 0) continue;
        const [inPart, params] = among('destination', part);
        for (const r of sql.all<{ destination: string; since_ms: number | string }>(
          `SELECT destination, since_ms FROM digest_baselines WHERE digest = ? AND ${inPart}`,
          [digest, ...params],
        ))
          of(r.destination).baseline = Number(r.since_ms);
        // Owed before delivered: marking a row sent (and its briefings delivered, in one statement) does not wait for
        // the planning lock, and on PostgreSQL each of these reads sees what was committed when it began. Read the
        // other way round, a row sent between the two reads was in neither (not yet delivered, no longer owed), and
        // its briefings were planned again: a second post of them (the replica test caught it under load).
        for (const r of sql.all<{ destination: string; briefing_ids: string }>(
          `SELECT destination, briefing_ids FROM deliveries WHERE digest = ? AND ${inPart} AND (${OPEN})`,
          [digest, ...params],
        ))
          for (const id of JSON.parse(r.briefing_ids) as string[]) of(r.destination).owed.add(id);
        for (const r of sql.all<{ destination: string; briefing_id: string }>(
          `SELECT destination, briefing_id FROM delivered_briefings WHERE digest = ? AND ${inPart}`,
          [digest, ...params],
        ))
          of(r.destination).delivered.add(r.briefing_id);
      }
      return state;
    },

    claimedCount(digest: string, slot: string, destinations: readonly string[]): number {
      let n = 0;
      for (const part of chunks(destinations)) {
        const [inPart, params] = among('destination', part);
        const row = sql.get<{ n: number | string }>(
          `SELECT count(*) AS n FROM deliveries WHERE digest = ? AND slot = ? AND ${inPart}`,
          [digest, slot, ...params],
        );
        n += Number(row?.n ?? 0);
      }
      return n;
    },

    /** Stores these first baselines where none exists yet; returns the stored baseline of each destination. */
    baselines(digest: string, proposed: ReadonlyMap<string, number>): Map<string, number> {
      const out = new Map<string, number>();
      for (const part of chunks([...proposed])) {
        // The baselines stored now come back from the insert; only those another process stored first are read.
        const stored = pg
          ? sql.all<{ destination: string; since_ms: number | string }>(
              `INSERT INTO digest_baselines (digest, destination, since_ms)
               SELECT ?, v.d, v.s FROM unnest(?::text[], ?::bigint[]) AS v(d, s) ON CONFLICT DO NOTHING
               RETURNING destination, since_ms`,
              [digest, part.map(([d]) => d), part.map(([, since]) => since)],
            )
          : sql.all<{ destination: string; since_ms: number | string }>(
              `INSERT INTO digest_baselines (digest, destination, since_ms) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}
               ON CONFLICT DO NOTHING RETURNING destination, since_ms`,
              part.flatMap(([d, since]) => [digest, d, since]),
            );
        for (const r of stored) out.set(r.destination, Number(r.since_ms));
        const earlier = part.filter(([d]) => !out.has(d)).map(([d]) => d);
        if (earlier.length === 0) continue;
        const [inPart, params] = among('destination', earlier);
        for (const r of sql.all<{ destination: string; since_ms: number | string }>(
          `SELECT destination, since_ms FROM digest_baselines WHERE digest = ? AND ${inPart}`,
          [digest, ...params],
        ))
          out.set(r.destination, Number(r.since_ms));
      }
      return out;
    },

    /** claim() for many rows: one INSERT ... ON CONFLICT DO NOTHING RETURNING per chunk; results in input order. */
    claimMany(inputs: readonly ClaimInput[], nowMs: number): Array<{ record: DeliveryRecord; created: boolean }> {
      const byKey = new Map<string, { record: DeliveryRecord; created: boolean }>();
      const key = (i: { digest: string; slot: string; destination: string }) =>
        `${i.digest}\n${i.slot}\n${i.destination}`;
      for (const part of chunks(inputs)) {
        const columns = 'digest, slot, destination, status, briefing_ids, trigger, created_at, updated_at';
        const rows = part.map((i): SqlValue[] => [
          i.digest,
          i.slot,
          i.destination,
          i.status ?? 'pending',
          JSON.stringify(i.briefingIds),
          i.trigger,
          nowMs,
          nowMs,
        ]);
        // A new row is what was inserted with the columns' defaults, so only its id comes back: reading 1,000 whole
        // rows back (on PostgreSQL through the driver's worker thread) cost more than the insert itself.
        const conflict = 'ON CONFLICT (digest, slot, destination) DO NOTHING RETURNING id, digest, slot, destination';
        type Created = { id: number; digest: string; slot: string; destination: string };
        const created = pg
          ? sql.all<Created>(
              `INSERT INTO deliveries (${columns}) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],
               ?::text[], ?::text[], ?::bigint[], ?::bigint[]) ${conflict}`,
              Array.from({ length: 8 }, (_, c) => rows.map((r) => r[c]!)),
            )
          : sql.all<Created>(
              `INSERT INTO deliveries (${columns}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${conflict}`,
              rows.flat(),
            );
        const byInput = new Map(part.map((i, n) => [key(i), n]));
        for (const r of created) {
          const n = byInput.get(key(r));
          if (n === undefined) throw new Error(`claimed a delivery not asked for: ${r.destination}`);
          const rec = record(asInserted(r.id, rows[n]!));
          byKey.set(key(rec), { record: rec, created: true });
        }
        // Rows another process claimed first: read them (one statement per slot of the chunk).
        const missing = part.filter((i) => !byKey.has(key(i)));
        const bySlot = new Map<string, ClaimInput[]>();
        for (const i of missing)
          bySlot.set(`${i.digest}\n${i.slot}`, [...(bySlot.get(`${i.digest}\n${i.slot}`) ?? []), i]);
        for (const group of bySlot.values()) {
          const { digest, slot } = group[0]!;
          const [inGroup, params] = among(
            'destination',
            group.map((g) => g.destination),
          );
          for (const r of sql.all<unknown>(`SELECT * FROM deliveries WHERE digest = ? AND slot = ? AND ${inGroup}`, [
            digest,
            slot,
            ...params,
          ])) {
            const rec = record(r);
            byKey.set(key(rec), { record: rec, created: false });
          }
        }
      }
      return inputs.map((i) => {
        const found = byKey.get(key(i));
        if (!found) throw new Error(`delivery ${i.digest} ${i.slot} ${i.destination} was neither claimed nor found`);
        return found;
      });
    },
  };
}
