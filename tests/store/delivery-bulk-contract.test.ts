import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryWrites } from '../../src/store/delivery-writes.js';
import { WARM_CONNECTIONS } from '../../src/store/pg/delivery-writes.js';
import { type GovaiStore, openStore } from '../../src/store/store.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';

// The delivery log's bulk planning reads and claims, and its asynchronous per-send writes, on both engines: the same
// answers as the one-row methods (tests/store/store-contract.test.ts), whichever engine and path serves them.

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
}, 120_000);
afterAll(async () => pg?.stop(), 60_000);

const engines: Record<'sqlite' | 'postgres', () => Promise<string>> = {
  sqlite: async () => path.join(mkdtempSync(path.join(tmpdir(), 'govai-bulk-')), 'govai.db'),
  postgres: () => pg.newDatabase(),
};

const SLOT = '2026-12-01T09:00:00.000Z';
const input = (destination: string, briefingIds = ['a', 'b'], slot = SLOT) => ({
  digest: 'morning',
  slot,
  destination,
  briefingIds,
  trigger: 'schedule' as const,
});

describe.each(Object.keys(engines) as (keyof typeof engines)[])(
  'delivery log bulk and async writes on %s',
  (engine) => {
    let location: string;
    const stores: GovaiStore[] = [];
    const open = () => {
      const s = openStore(location);
      stores.push(s);
      return s;
    };
    beforeAll(async () => {
      location = await engines[engine]();
    });
    afterAll(() => {
      for (const s of stores) s.close();
    });

    it('claims many rows at once: new ones created, rows claimed before (by another process) returned as they are', () => {
      const a = open();
      const b = open();
      const earlier = b.deliveries.claim(input('C2', ['x']), 500).record;
      const made = a.deliveries.batch(() =>
        a.deliveries.claimMany([input('C1'), input('C2'), input('C3', [], SLOT)], 1_000),
      );
      expect(made.map((m) => [m.record.destination, m.created])).toEqual([
        ['C1', true],
        ['C2', false],
        ['C3', true],
      ]);
      expect(made[1]!.record).toEqual(earlier);
      expect(made[0]!.record).toEqual(b.deliveries.find('morning', SLOT, 'C1'));
      // A new row comes back as a read of it finds it (claimMany builds it from what it inserted).
      expect(made[2]!.record).toEqual(b.deliveries.find('morning', SLOT, 'C3'));
      // A second bulk claim creates nothing.
      expect(a.deliveries.claimMany([input('C1'), input('C3')], 2_000).map((m) => m.created)).toEqual([false, false]);
      // Over one statement's worth of rows.
      const many = Array.from({ length: 2_100 }, (_, i) => input(`M${i}`, ['a'], '2026-12-02T09:00:00.000Z'));
      const all = a.deliveries.claimMany(many, 3_000);
      expect(all.map((m) => m.record.destination)).toEqual(many.map((m) => m.destination));
      expect(new Set(all.map((m) => m.record.id)).size).toBe(2_100);
    });

    it('counts the destinations that have a row for the slot (whether anything is left to plan)', () => {
      const s = open();
      s.deliveries.claimMany([input('N1'), input('N2'), input('N3', ['a'], '2026-12-05T09:00:00.000Z')], 1_000);
      expect(s.deliveries.claimedCount('morning', SLOT, ['N1', 'N2', 'N4'])).toBe(2);
      expect(s.deliveries.claimedCount('morning', '2026-12-05T09:00:00.000Z', ['N1', 'N3'])).toBe(1);
      expect(s.deliveries.claimedCount('evening', SLOT, ['N1'])).toBe(0);
      expect(s.deliveries.claimedCount('morning', SLOT, [])).toBe(0);
    });

    it('reads what planning needs for many destinations, the same as the one-destination reads', () => {
      const s = open();
      const d = (n: number) => `P${n}`;
      const sent = s.deliveries.claim(input(d(1), ['a', 'b'], '2026-11-30T09:00:00.000Z'), 1_000).record;
      s.deliveries.markSent(sent.id, ['m1'], 1_100);
      s.deliveries.claim(input(d(2), ['c'], '2026-11-30T09:00:00.000Z'), 1_000); // still owed
      const here = s.deliveries.claim(input(d(3), ['e']), 1_200).record;
      s.deliveries.baseline('morning', d(1), 42);
      const state = s.deliveries.planState('morning', SLOT, [d(1), d(2), d(3), d(4), d(1)]);
      expect([...state.keys()]).toEqual([d(1), d(2), d(3), d(4)]);
      expect(state.get(d(1))).toEqual({ baseline: 42, delivered: new Set(['a', 'b']), owed: new Set() });
      expect(state.get(d(2))).toEqual({ delivered: new Set(), owed: new Set(['c']) });
      // A destination with a row for this slot is not planned again: only that row is read for it.
      expect(state.get(d(3))).toEqual({ existing: here, delivered: new Set(), owed: new Set() });
      expect(s.deliveries.owedIds('morning', d(3))).toEqual(new Set(['e']));
      for (const n of [1, 2]) {
        expect(state.get(d(n))!.delivered).toEqual(s.deliveries.deliveredIds('morning', d(n)));
        expect(state.get(d(n))!.owed).toEqual(s.deliveries.owedIds('morning', d(n)));
      }
      // First baselines are stored once; a stored one is kept.
      const stored = s.deliveries.baselines(
        'morning',
        new Map([
          [d(1), 99],
          [d(4), 77],
        ]),
      );
      expect(stored).toEqual(
        new Map([
          [d(1), 42],
          [d(4), 77],
        ]),
      );
      expect(s.deliveries.peekBaseline('morning', d(4))).toBe(77);
    });

    it('takes a row and marks its send begun in one write; a running lease or a sent row is not taken', async () => {
      const s = open();
      const other = open();
      const w = deliveryWrites(s.deliveries);
      const w2 = deliveryWrites(other.deliveries);
      const { record } = s.deliveries.claim(input('T1', ['a', 'b']), 1_000);
      const taken = await w.takeAndStart(record, 'r1', 2_000, 60_000);
      expect(taken).toMatchObject({ taken: true, record: { id: record.id, status: 'pending' } });
      expect(taken.record!.inFlightSince).toBeUndefined(); // as it was before this attempt
      expect(s.deliveries.find('morning', SLOT, 'T1')!.inFlightSince).toBe(2_000);
      // Not taken while r1's lease runs: the row comes back as it is now.
      const refused = await w2.takeAndStart(record, 'r2', 3_000, 60_000);
      expect(refused).toMatchObject({ taken: false, record: { id: record.id, inFlightSince: 2_000 } });
      // Renewed by its holder: the earlier begin time is kept, and reported.
      expect((await w.takeAndStart(record, 'r1', 4_000, 60_000)).record!.inFlightSince).toBe(2_000);
      // Taken over once the lease ran out: the new holder learns an attempt may have posted.
      const over = await w2.takeAndStart(record, 'r2', 64_001, 60_000);
      expect(over).toMatchObject({ taken: true, record: { inFlightSince: 2_000 } });
      await w2.markSent(record.id, ['m1'], 65_000);
      expect(s.deliveries.find('morning', SLOT, 'T1')).toMatchObject({
        status: 'sent',
        attempts: 1,
        messageIds: ['m1'],
        sentAt: 65_000,
      });
      expect(s.deliveries.find('morning', SLOT, 'T1')!.inFlightSince).toBeUndefined();
      expect(s.deliveries.deliveredIds('morning', 'T1')).toEqual(new Set(['a', 'b']));
      expect(await w.takeAndStart(record, 'r1', 200_000, 60_000)).toMatchObject({
        taken: false,
        record: { status: 'sent' },
      });
      // Many at once (one statement on PostgreSQL): each caller gets its own row.
      const rows = s.deliveries.claimMany(
        Array.from({ length: 30 }, (_, i) => input(`B${i}`)),
        300_000,
      );
      const takes = await Promise.all(rows.map((r) => w.takeAndStart(r.record, 'r1', 300_000, 60_000)));
      expect(takes.map((t) => [t.taken, t.record?.destination])).toEqual(rows.map((r) => [true, r.record.destination]));
      await Promise.all(rows.map((r, i) => w.markSent(r.record.id, [`m${i}`], 301_000)));
      for (const [i, r] of rows.entries())
        expect(s.deliveries.find('morning', SLOT, r.record.destination)).toMatchObject({
          status: 'sent',
          messageIds: [`m${i}`],
        });
      await expect(w.markSent(987_654, ['m'], 1)).rejects.toThrow(/987654 does not exist/);
    });

    it('a "sent" and takes issued in the same turn: the sent row is not taken again, the other row is taken', async () => {
      const s = open();
      const w = deliveryWrites(s.deliveries);
      const [a, b] = s.deliveries.claimMany([input('P1'), input('P2')], 1_000).map((m) => m.record);
      expect((await w.takeAndStart(a!, 'r1', 1_100, 60_000)).taken).toBe(true);
      // What a fan-out worker does: marks its row sent and, in the same turn, takes its next one.
      const [, again, next] = await Promise.all([
        w.markSent(a!.id, ['m1'], 1_200),
        w.takeAndStart(a!, 'r1', 1_200, 60_000),
        w.takeAndStart(b!, 'r1', 1_200, 60_000),
      ]);
      expect(again).toMatchObject({ taken: false, record: { status: 'sent' } });
      expect(next).toMatchObject({ taken: true, record: { destination: 'P2' } });
      expect(s.deliveries.find('morning', SLOT, 'P1')).toMatchObject({ status: 'sent', messageIds: ['m1'] });
      expect(s.deliveries.find('morning', SLOT, 'P2')!.inFlightSince).toBe(1_200);
    });

    it('takes the next rows of a queue in its order, passing over rows sent or held elsewhere', async () => {
      const s = open();
      const other = open();
      const w = deliveryWrites(s.deliveries);
      const rows = s.deliveries
        .claimMany(
          Array.from({ length: 12 }, (_, i) => input(`Q${i}`, ['a'], '2026-12-03T09:00:00.000Z')),
          1_000,
        )
        .map((m) => m.record);
      // Another replica sent Q1 and Q2 and is sending Q4 (its lease runs); Q6 was begun earlier by this holder.
      const ow = deliveryWrites(other.deliveries);
      for (const r of [rows[1]!, rows[2]!, rows[4]!])
        expect((await ow.takeAndStart(r, 'r2', 1_500, 60_000)).taken).toBe(true);
      await ow.markSent(rows[1]!.id, ['x1'], 1_600);
      await ow.markSent(rows[2]!.id, ['x2'], 1_600);
      expect((await w.takeAndStart(rows[6]!, 'r1', 1_700, 60_000)).taken).toBe(true);
      const order = [...rows.slice(1), rows[0]!]; // this replica starts at Q1, wrapping round
      const passed: Array<[string, string]> = [];
      let front = [...order];
      const queue = {
        shift: (n: number) => front.splice(0, n),
        unshift: (records: readonly (typeof rows)[number][]) => {
          front = [...records, ...front];
        },
        passed: (c: (typeof rows)[number], now: (typeof rows)[number] | undefined) =>
          passed.push([c.destination, now?.status ?? 'missing']),
        failed: (c: (typeof rows)[number], error: unknown) => {
          throw new Error(`${c.destination} failed: ${String(error)}`);
        },
      };
      // Three workers ask in the same turn: each gets its own row, the first free ones in the queue's order (which
      // worker gets which is not fixed).
      const first = await Promise.all([1, 2, 3].map(() => w.takeNext(queue, 'r1', 2_000, 60_000)));
      const got = new Map(first.map((r) => [r!.destination, r!]));
      expect([...got.keys()].sort()).toEqual(['Q3', 'Q5', 'Q6']);
      expect(passed.sort()).toEqual([
        ['Q1', 'sent'],
        ['Q2', 'sent'],
        ['Q4', 'pending'],
      ]);
      // Taken as before the take: Q6's earlier begin time is reported (an attempt may have posted), its lease renewed.
      expect(got.get('Q6')!.inFlightSince).toBe(1_700);
      expect(got.get('Q3')!.inFlightSince).toBeUndefined();
      expect(s.deliveries.find('morning', '2026-12-03T09:00:00.000Z', 'Q3')).toMatchObject({ inFlightSince: 2_000 });
      // The rest, one by one, then nothing: every row either taken once or passed over once.
      const rest: string[] = [];
      for (let r = await w.takeNext(queue, 'r1', 3_000, 60_000); r; r = await w.takeNext(queue, 'r1', 3_000, 60_000))
        rest.push(r.destination);
      expect(rest).toEqual(['Q7', 'Q8', 'Q9', 'Q10', 'Q11', 'Q0']);
      expect(front).toEqual([]);
      expect(await w.takeNext(queue, 'r1', 3_000, 60_000)).toBeUndefined();
      // The other replica finds only its own row still owed to it (taken again, begun before) and writes nothing else.
      const before = other.deliveries.find('morning', '2026-12-03T09:00:00.000Z', 'Q0');
      front = [...rows];
      passed.length = 0;
      expect(await ow.takeNext(queue, 'r2', 4_000, 60_000)).toMatchObject({ destination: 'Q4', inFlightSince: 1_500 });
      expect(await ow.takeNext(queue, 'r2', 4_000, 60_000)).toBeUndefined();
      expect(passed.map(([d]) => d)).toEqual(rows.filter((_, i) => i !== 4).map((r) => r.destination));
      expect(other.deliveries.find('morning', '2026-12-03T09:00:00.000Z', 'Q0')).toEqual(before);
    });

    it('records failed attempts, settles and fails rows asynchronously, as the synchronous methods do', async () => {
      const s = open();
      const w = deliveryWrites(s.deliveries);
      const { record } = s.deliveries.claim(input('F1'), 1_000);
      await w.startAttempt(record.id, 1_500);
      await w.recordAttempt(record.id, 'HTTP 500', 1_600);
      expect(await w.find('morning', SLOT, 'F1')).toMatchObject({
        attempts: 1,
        error: 'HTTP 500',
        inFlightSince: 1_500,
      });
      await w.settleAttempt(record.id);
      await w.markFailed(record.id, 'channel_not_found', true, 1_700);
      const failed = (await w.find('morning', SLOT, 'F1'))!;
      expect(failed).toMatchObject({ status: 'failed', permanent: true, error: 'channel_not_found' });
      expect(failed.inFlightSince).toBeUndefined();
      expect(await w.find('morning', SLOT, 'nobody')).toBeUndefined();
      expect(s.deliveries.retryable('morning').map((r) => r.id)).not.toContain(record.id);
    });
  },
);

describe('PostgreSQL takes never wait on a row another replica is writing', () => {
  it('a row locked by another transaction is left to it (not taken, answered at once), then taken once free', async () => {
    const location = await pg.newDatabase();
    const s = openStore(location);
    const other = new Client({ connectionString: location });
    await other.connect();
    try {
      const { record } = s.deliveries.claim(input('L1'), 1_000);
      const w = deliveryWrites(s.deliveries);
      // Another replica's statement holds the row (as its take or "sent" would, mid-commit).
      await other.query('BEGIN');
      await other.query('SELECT id FROM deliveries WHERE id = $1 FOR UPDATE', [record.id]);
      const refused = await w.takeAndStart(record, 'r1', 2_000, 60_000);
      expect(refused).toMatchObject({ taken: false, record: { id: record.id, status: 'pending' } });
      await other.query('COMMIT');
      expect(await w.takeAndStart(record, 'r1', 3_000, 60_000)).toMatchObject({ taken: true });
      expect(s.deliveries.find('morning', SLOT, 'L1')!.inFlightSince).toBe(3_000);
    } finally {
      await other.end();
      s.close();
    }
  });
});

describe('delivery log sends on PostgreSQL, ahead of the first slot', () => {
  it('prepare() opens the send connections with the group statement parsed, and they stay open', async () => {
    const location = await pg.newDatabase();
    const s = openStore(location);
    const other = new Client({ connectionString: location });
    await other.connect();
    const ready = async () => {
      const r = await other.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'govai' AND state = 'idle' AND query LIKE 'WITH sv AS%'`,
      );
      return r.rows[0].n as number;
    };
    try {
      expect(await ready()).toBe(0);
      await deliveryWrites(s.deliveries).prepare?.();
      // Each connection a fan-out's statements run on at once ran the statement (with no rows: nothing written).
      expect(await ready()).toBe(WARM_CONNECTIONS);
      expect((await other.query('SELECT count(*)::int AS n FROM deliveries')).rows[0].n).toBe(0);
      const { record } = s.deliveries.claim(input('W1'), 1_000);
      const w = deliveryWrites(s.deliveries);
      expect(await w.takeAndStart(record, 'r1', 2_000, 60_000)).toMatchObject({ taken: true });
      await w.markSent(record.id, ['m1'], 2_100);
      expect(s.deliveries.find('morning', SLOT, 'W1')).toMatchObject({ status: 'sent', messageIds: ['m1'] });
      expect(await ready()).toBe(WARM_CONNECTIONS);
    } finally {
      await other.end();
      s.close();
    }
  });
});
