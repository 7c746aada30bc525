import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore, StoreError } from '../../src/store/store.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'govai-store-'));

describe('SQLite store', () => {
  it('creates its directory and file on first start, migrated to the current schema version', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'govai.db');
    const store = openStore(file);
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    raw.close();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining([
        'cooldowns',
        'deliveries',
        'delivered_briefings',
        'digest_baselines',
        'seen_events',
        'thread_memory',
      ]),
    );
  });

  it('keeps deliveries, cooldowns, seen events and thread memory across a restart', () => {
    const file = path.join(tempDir(), 'govai.db');
    let now = Date.parse('2026-11-20T09:00:00Z');
    const first = openStore(file, { clock: () => now });
    const { record } = first.deliveries.claim(
      { digest: 'd', slot: 's1', destination: 'console', briefingIds: ['a', 'b'], trigger: 'schedule' },
      now,
    );
    first.deliveries.markSent(record.id, ['m1'], now);
    first.cooldowns.set('C1|il6', now + 600_000);
    expect(first.seenEvents.firstSeen('Ev1', now)).toBe(true);
    first.threads.set('C1:1700.1', 'briefing-1');
    first.close();

    now += 60_000;
    const second = openStore(file, { clock: () => now });
    expect(second.deliveries.find('d', 's1', 'console')).toMatchObject({
      status: 'sent',
      briefingIds: ['a', 'b'],
      messageIds: ['m1'],
    });
    expect([...second.deliveries.deliveredIds('d', 'console')].sort()).toEqual(['a', 'b']);
    expect(second.cooldowns.get('C1|il6')).toBe(Date.parse('2026-11-20T09:10:00Z'));
    expect(second.seenEvents.firstSeen('Ev1', now)).toBe(false);
    expect(second.threads.get('C1:1700.1')).toBe('briefing-1');
    second.close();
  });

  it('forgets event ids older than a day on start (pruning), and only those', () => {
    const file = path.join(tempDir(), 'govai.db');
    const t0 = Date.parse('2026-11-20T09:00:00Z');
    const first = openStore(file, { clock: () => t0 });
    first.seenEvents.firstSeen('old', t0);
    first.seenEvents.firstSeen('recent', t0 + 20 * 3_600_000);
    first.close();
    const later = t0 + 25 * 3_600_000;
    const second = openStore(file, { clock: () => later });
    expect(second.db!.prepare('SELECT id FROM seen_events ORDER BY id').all()).toEqual([{ id: 'recent' }]);
    second.close();
  });

  it('makes a second row for the same (digest, slot, destination) impossible', () => {
    const store = openStore(':memory:');
    const input = {
      digest: 'd',
      slot: '2026-11-20T09:00:00.000Z',
      destination: 'console',
      briefingIds: ['a'],
      trigger: 'schedule' as const,
    };
    const a = store.deliveries.claim(input, 1);
    const b = store.deliveries.claim({ ...input, briefingIds: ['other'] }, 2);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.record).toMatchObject({ id: a.record.id, briefingIds: ['a'] });
    expect(() =>
      store
        .db!.prepare(
          `INSERT INTO deliveries (digest, slot, destination, status, briefing_ids, trigger, created_at, updated_at) VALUES ('d', ?, 'console', 'pending', '[]', 'manual', 0, 0)`,
        )
        .run(input.slot),
    ).toThrow(/UNIQUE/);
  });

  it('tracks owed rows (pending, transient failures) apart from permanent failures', () => {
    const store = openStore(':memory:');
    const claim = (destination: string, ids: string[]) =>
      store.deliveries.claim({ digest: 'd', slot: 's', destination, briefingIds: ids, trigger: 'schedule' }, 1).record;
    const pending = claim('console', ['a']);
    const transient = claim('slack:C1', ['b']);
    const permanent = claim('slack:C2', ['c']);
    store.deliveries.markFailed(transient.id, 'HTTP 500', false, 2);
    store.deliveries.markFailed(permanent.id, 'channel_not_found', true, 3);
    expect(store.deliveries.retryable().map((r) => r.id)).toEqual([pending.id, transient.id]);
    expect([...store.deliveries.owedIds('d', 'slack:C1')]).toEqual(['b']);
    expect([...store.deliveries.owedIds('d', 'slack:C2')]).toEqual([]);
    expect(store.deliveries.failures().map((f) => [f.destination, f.permanent])).toEqual([
      ['slack:C2', true],
      ['slack:C1', false],
    ]);
  });

  it('refuses a corrupt database file with an error naming it, and leaves the file untouched', () => {
    const file = path.join(tempDir(), 'govai.db');
    const garbage = Buffer.from(
      'this is not a database, but it may be somebody\u2019s only copy of their delivery log\n'.repeat(100),
    );
    writeFileSync(file, garbage);
    expect(() => openStore(file)).toThrow(StoreError);
    expect(() => openStore(file)).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not a valid SQLite database`),
    );
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database file whose pages are damaged', () => {
    const file = path.join(tempDir(), 'govai.db');
    const store = openStore(file);
    for (let i = 0; i < 300; i++)
      store.deliveries.claim(
        { digest: 'd', slot: `s${i}`, destination: 'console', briefingIds: ['x'.repeat(200)], trigger: 'schedule' },
        i,
      );
    store.db!.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const bytes = readFileSync(file);
    // Keep the header (page 1) intact, scribble over the following pages.
    bytes.fill(0xa5, 4096 + 100, Math.min(bytes.length, 4096 * 6));
    writeFileSync(file, bytes);
    expect(() => openStore(file)).toThrow(/cannot use the database .*govai\.db/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('reports an unusable location clearly (a directory in its place, a file in the way of its directory)', () => {
    const dir = tempDir();
    const asDir = path.join(dir, 'db-is-a-dir');
    mkdirSync(asDir);
    expect(() => openStore(asDir)).toThrow(
      `cannot use the database ${asDir} (GOVAI_DB): it is a directory, not a file`,
    );
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    expect(() => openStore(path.join(blocker, 'govai.db'))).toThrow(
      /cannot use the database .*blocker\/govai\.db \(GOVAI_DB\): cannot create its directory/,
    );
  });

  it.runIf(process.platform === 'linux')(
    'reports a location where no file can be created (sysfs), even for root',
    () => {
      expect(() => openStore('/sys/govai-test.db')).toThrow(
        'cannot use the database /sys/govai-test.db (GOVAI_DB): the file cannot be opened for writing',
      );
    },
  );

  it('refuses a database written by a newer govai instead of guessing', () => {
    const file = path.join(tempDir(), 'govai.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(/schema version \d+ is newer than this govai understands/);
  });
});
