import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/store/delivery-record.js';
import type { TakeQueue } from '../../src/store/delivery-writes.js';
import { type GroupStatement, groupCommit, NEXT_WINDOW_MAX } from '../../src/store/pg/group-commit.js';

// How many statements (each one flushed commit on PostgreSQL) the per-send writes cost: the batching itself, over a
// statement that applies the writes to rows in memory the way the SQL does (tests/store/delivery-bulk-contract.test.ts
// runs the real statement on a real server). Pins the figures the fan-out's speed rests on.

const row = (id: number): DeliveryRecord => ({
  id,
  digest: 'd',
  slot: 's',
  destination: `C${id}`,
  status: 'pending',
  briefingIds: ['a'],
  attempts: 0,
  permanent: false,
  messageIds: [],
  partIds: [],
  trigger: 'schedule',
  createdAt: 0,
  updatedAt: 0,
});

function database(count: number) {
  const rows = new Map(Array.from({ length: count }, (_, i) => [i, { ...row(i), holder: '' }]));
  const statements: Array<{ takes: number; sents: number; window: number; want: number }> = [];
  let running = 0;
  let maxRunning = 0;
  const statement: GroupStatement<DeliveryRecord> = async (takes, sents, next) => {
    statements.push({
      takes: takes.length,
      sents: sents.length,
      window: next?.window.length ?? 0,
      want: next?.want ?? 0,
    });
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, 2));
    running--;
    for (const s of sents) rows.get(s.id)!.status = 'sent';
    const free = (id: number, holder: string) => {
      const r = rows.get(id)!;
      return r.status === 'pending' && (r.holder === '' || r.holder === holder);
    };
    const taken: DeliveryRecord[] = [];
    const passed = new Map<number, DeliveryRecord>();
    for (const c of next?.window ?? []) {
      if (taken.length >= next!.want) break;
      if (free(c.id, next!.holder)) {
        rows.get(c.id)!.holder = next!.holder;
        taken.push(rows.get(c.id)!);
      } else passed.set(c.id, rows.get(c.id)!);
    }
    return {
      takes: new Map(takes.filter((t) => free(t.id, t.holder)).map((t) => [t, rows.get(t.id)!])),
      sents: new Set(sents),
      ...(next ? { next: { taken, passed } } : {}),
    };
  };
  return { rows, statements, statement, maxRunning: () => maxRunning };
}

function queueOf(records: DeliveryRecord[]) {
  let front = [...records];
  const passed: number[] = [];
  const queue: TakeQueue = {
    shift: (n) => front.splice(0, n),
    unshift: (rs) => {
      front = [...rs, ...front];
    },
    passed: (c) => passed.push(c.id),
    failed: (c, e) => {
      throw new Error(`${c.id}: ${String(e)}`);
    },
  };
  return { queue, passed };
}

describe('group commit of the per-send writes', () => {
  it('a fan-out of 8 workers costs one statement per round: the takes of a round, then sents and next takes', async () => {
    const db = database(40);
    const w = groupCommit(db.statement);
    const { queue } = queueOf([...db.rows.values()]);
    const got = await Promise.all(Array.from({ length: 8 }, () => w.next(queue, 'r1', 0, 60_000)));
    expect(got.map((r) => r!.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(db.statements).toEqual([{ takes: 0, sents: 0, window: 16, want: 8 }]);
    // Every worker marks its row sent and asks for its next one in the same turn: one statement for all 16 writes.
    const round = await Promise.all(
      got.flatMap((r) => [w.sent({ id: r!.id, messageIds: '[]', nowMs: 1 }), w.next(queue, 'r1', 1, 60_000)]),
    );
    expect(round.filter((x) => x === true)).toHaveLength(8);
    expect(db.statements).toHaveLength(2);
    expect(db.statements[1]).toEqual({ takes: 0, sents: 8, window: 16, want: 8 });
  });

  it('rows another replica already sent are passed over in a few statements, not one statement per few rows', async () => {
    const db = database(1_000);
    for (let i = 0; i < 900; i++) db.rows.get(i)!.status = 'sent';
    const w = groupCommit(db.statement);
    const { queue, passed } = queueOf([...db.rows.values()]);
    const got = await Promise.all(Array.from({ length: 8 }, () => w.next(queue, 'r2', 0, 60_000)));
    expect(got.map((r) => r!.id)).toEqual([900, 901, 902, 903, 904, 905, 906, 907]);
    expect(passed).toHaveLength(900);
    // The window grows with what the last statement passed over: 16, 80, 336 rows looked at, then the 568 left (was
    // 16, 48, 112, 240, 496: five statements).
    expect(db.statements.map((s) => s.window)).toEqual([16, 80, 336, 568]);
    expect(NEXT_WINDOW_MAX).toBe(1_024);
  });

  it('an empty queue answers at once without a statement; a take of a row being marked sent waits for that commit', async () => {
    const db = database(4);
    const w = groupCommit(db.statement);
    expect(await w.next(queueOf([]).queue, 'r1', 0, 60_000)).toBeUndefined();
    expect(db.statements).toEqual([]);
    const take = await w.take({ id: 1, holder: 'r1', untilMs: 60_000, nowMs: 0 });
    expect(take).toMatchObject({ id: 1 });
    // Its "sent" and a take of the same row in the same turn: two statements, one after the other (never together),
    // so the take reads the row as sent and is refused.
    const [sent, again] = await Promise.all([
      w.sent({ id: 1, messageIds: '[]', nowMs: 1 }),
      w.take({ id: 1, holder: 'r1', untilMs: 60_000, nowMs: 1 }),
    ]);
    expect([sent, again]).toEqual([true, undefined]);
    expect(db.statements.slice(1)).toEqual([
      { takes: 0, sents: 1, window: 0, want: 0 },
      { takes: 1, sents: 0, window: 0, want: 0 },
    ]);
    expect(db.maxRunning()).toBe(1);
  });
});
