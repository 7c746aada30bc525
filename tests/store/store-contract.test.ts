import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GovaiStore, openStore, StoreError } from '../../src/store/store.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { unusedPort } from '../helpers/net.js';

// One contract for every store, run on both engines: SQLite (a file) and a real PostgreSQL server. A behaviour that
// holds on one and not the other fails here.

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
}, 120_000);
afterAll(async () => pg?.stop(), 60_000);

const engines: Record<'sqlite' | 'postgres', () => Promise<string>> = {
  sqlite: async () => path.join(mkdtempSync(path.join(tmpdir(), 'govai-store-')), 'govai.db'),
  postgres: () => pg.newDatabase(),
};

const claim = (destination = 'C1', slot = '2026-12-01T09:00:00.000Z', briefingIds = ['a', 'b']) => ({
  digest: 'morning',
  slot,
  destination,
  briefingIds,
  trigger: 'schedule' as const,
});

describe.each(Object.keys(engines) as (keyof typeof engines)[])('store contract on %s', (engine) => {
  let location: string;
  const open = (clock?: () => number): GovaiStore => openStore(location, clock ? { clock } : {});
  beforeAll(async () => {
    location = await engines[engine]();
  });

  it('claims a (digest, slot, destination) once; the second claim gets the same row', () => {
    const store = open();
    try {
      const first = store.deliveries.claim(claim('C-once'), 1_000);
      const again = store.deliveries.claim(claim('C-once', undefined, ['other']), 2_000);
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.record).toEqual(first.record);
      expect(again.record.briefingIds).toEqual(['a', 'b']);
      expect(store.engine).toBe(engine);
    } finally {
      store.close();
    }
  });

  it('marks sent with message ids and records the delivered briefings; owed and retryable follow the status', () => {
    const store = open();
    try {
      const { record } = store.deliveries.claim(claim('C-sent'), 1_000);
      expect(store.deliveries.owedIds('morning', 'C-sent')).toEqual(new Set(['a', 'b']));
      expect(store.deliveries.retryable('morning').map((r) => r.id)).toContain(record.id);
      store.deliveries.recordAttempt(record.id, 'timeout', 1_500);
      store.deliveries.markSent(record.id, ['m1', 'm2'], 2_000);
      const sent = store.deliveries.find('morning', record.slot, 'C-sent')!;
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, messageIds: ['m1', 'm2'], sentAt: 2_000 });
      expect(sent.error).toBeUndefined();
      expect(store.deliveries.deliveredIds('morning', 'C-sent')).toEqual(new Set(['a', 'b']));
      expect(store.deliveries.owedIds('morning', 'C-sent').size).toBe(0);
      expect(store.deliveries.retryable('morning').map((r) => r.id)).not.toContain(record.id);
    } finally {
      store.close();
    }
  });

  it('keeps transient failures owed and permanent ones out; failures() lists the latest failed row per destination', () => {
    const store = open();
    try {
      const t = store.deliveries.claim(claim('C-transient'), 1_000).record;
      const p = store.deliveries.claim(claim('C-permanent'), 1_000).record;
      store.deliveries.markFailed(t.id, 'HTTP 500', false, 3_000);
      store.deliveries.markFailed(p.id, 'channel_not_found', true, 4_000);
      const retry = store.deliveries.retryable().map((r) => r.id);
      expect(retry).toContain(t.id);
      expect(retry).not.toContain(p.id);
      const failures = store.deliveries.failures().filter((r) => r.destination.startsWith('C-'));
      expect(failures.map((r) => [r.destination, r.permanent, r.error])).toEqual([
        ['C-permanent', true, 'channel_not_found'],
        ['C-transient', false, 'HTTP 500'],
      ]);
    } finally {
      store.close();
    }
  });

  it('lets one holder at a time send a row: a running lease blocks others, an expired one is taken over', () => {
    const store = open();
    try {
      const { record } = store.deliveries.claim(claim('C-lease'), 1_000);
      expect(store.deliveries.takeAttempt(record.id, 'r1', 1_000, 60_000)).toBe(true);
      expect(store.deliveries.takeAttempt(record.id, 'r2', 30_000, 60_000)).toBe(false);
      expect(store.deliveries.takeAttempt(record.id, 'r1', 30_000, 60_000)).toBe(true); // renewal
      expect(store.deliveries.takeAttempt(record.id, 'r2', 89_999, 60_000)).toBe(false);
      expect(store.deliveries.takeAttempt(record.id, 'r2', 90_000, 60_000)).toBe(true); // r1 died: taken over
      store.deliveries.markSent(record.id, ['m'], 91_000);
      expect(store.deliveries.takeAttempt(record.id, 'r3', 200_000, 60_000)).toBe(false); // sent: nothing to take
    } finally {
      store.close();
    }
  });

  it('keeps feed state per URL, shared by every process on the database', () => {
    const a = open();
    const b = open();
    try {
      a.feedStates.set('https://example.gov/feed.xml', { initialized: true, seen: ['x'], failures: 0 });
      a.feedStates.set('https://example.gov/feed.xml', { initialized: true, seen: ['x', 'y'], failures: 1 });
      expect(b.feedStates.get('https://example.gov/feed.xml')).toEqual({
        initialized: true,
        seen: ['x', 'y'],
        failures: 1,
      });
      expect(b.feedStates.get('https://example.gov/other.xml')).toBeUndefined();
      expect(b.feedStates.all().map(([url]) => url)).toContain('https://example.gov/feed.xml');
    } finally {
      a.close();
      b.close();
    }
  });

  it('gives a named lease to one holder at a time; it expires or is released for the next', () => {
    const a = open();
    const b = open();
    try {
      expect(a.leases.acquire('feed-poller', 'r1', 1_000, 10_000)).toBe(true);
      expect(b.leases.acquire('feed-poller', 'r2', 2_000, 10_000)).toBe(false);
      expect(b.leases.holder('feed-poller', 2_000)).toBe('r1');
      expect(a.leases.acquire('feed-poller', 'r1', 9_000, 10_000)).toBe(true); // renewed to 19 000
      expect(b.leases.acquire('feed-poller', 'r2', 15_000, 10_000)).toBe(false);
      expect(b.leases.acquire('feed-poller', 'r2', 19_000, 10_000)).toBe(true); // r1 stopped renewing
      b.leases.release('feed-poller', 'r1'); // not r1's any more: no effect
      expect(a.leases.holder('feed-poller', 20_000)).toBe('r2');
      b.leases.release('feed-poller', 'r2');
      expect(a.leases.holder('feed-poller', 20_000)).toBeUndefined();
      expect(a.leases.acquire('feed-poller', 'r1', 20_000, 10_000)).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  it('rolls a batch back when it throws: nothing it claimed remains', () => {
    const store = open();
    try {
      expect(() =>
        store.deliveries.batch(() => {
          store.deliveries.claim(claim('C-rollback'), 1_000);
          throw new Error('planning failed');
        }),
      ).toThrow('planning failed');
      expect(store.deliveries.find('morning', claim().slot, 'C-rollback')).toBeUndefined();
      const kept = store.deliveries.batch(() => store.deliveries.claim(claim('C-commit'), 1_000));
      expect(store.deliveries.find('morning', claim().slot, 'C-commit')?.id).toBe(kept.record.id);
    } finally {
      store.close();
    }
  });

  it('stores a destination baseline once and lists the latest row per destination', () => {
    const store = open();
    try {
      expect(store.deliveries.peekBaseline('evening', 'C9')).toBeUndefined();
      expect(store.deliveries.baseline('evening', 'C9', 5_000)).toBe(5_000);
      expect(store.deliveries.baseline('evening', 'C9', 9_000)).toBe(5_000);
      store.deliveries.claim({ ...claim('C9', '2026-12-01T18:00:00.000Z'), digest: 'evening' }, 1_000);
      const later = store.deliveries.claim({ ...claim('C9', '2026-12-02T18:00:00.000Z'), digest: 'evening' }, 2_000);
      expect(store.deliveries.lastPerDestination('evening').map((r) => r.id)).toEqual([later.record.id]);
    } finally {
      store.close();
    }
  });

  it('keeps cooldowns, seen events, thread memory and Teams conversations across a reopen', () => {
    const now = 1_800_000_000_000;
    const first = open(() => now);
    first.cooldowns.set('C1:term', now + 60_000);
    first.cooldowns.set('C1:term', now + 120_000);
    expect(first.seenEvents.firstSeen('Ev1', now)).toBe(true);
    expect(first.seenEvents.firstSeen('Ev1', now)).toBe(false);
    first.threads.set('C1:1700.1', 'seed');
    first.threads.set('C1:1700.1', 'other');
    first.teamsConversations.upsert({
      conversationId: '19:abc',
      reference: { serviceUrl: 'https://smba', channelId: 'msteams', conversation: { id: '19:abc' }, bot: { id: 'b' } },
      kind: 'channel',
      label: 'Policy / General',
      updatedAt: now,
    });
    first.teamsConversations.upsert({
      conversationId: '19:abc',
      reference: {
        serviceUrl: 'https://smba2',
        channelId: 'msteams',
        conversation: { id: '19:abc' },
        bot: { id: 'b' },
      },
      kind: 'channel',
      updatedAt: now + 1,
    });
    first.teamsConversations.markRemoved('19:abc', now + 2);
    first.close();

    const second = open(() => now + 1_000);
    try {
      expect(second.cooldowns.get('C1:term')).toBe(now + 120_000);
      expect(second.cooldowns.get('C1:none')).toBeUndefined();
      expect(second.seenEvents.firstSeen('Ev1', now + 1_000)).toBe(false);
      expect(second.threads.get('C1:1700.1')).toBe('other');
      const teams = second.teamsConversations.get('19:abc')!;
      expect(teams).toMatchObject({ label: 'Policy / General', updatedAt: now + 1, removedAt: now + 2 });
      expect(teams.reference.serviceUrl).toBe('https://smba2');
      expect(second.teamsConversations.list().map((c) => c.conversationId)).toEqual(['19:abc']);
    } finally {
      second.close();
    }
  });

  it('keeps the latest Teams consent verdict per team or chat, and its label once known', () => {
    const first = open();
    first.teamsConsent.record({
      scope: 'team:19:a',
      label: 'Policy',
      state: 'unknown',
      reason: 'HTTP 500',
      checkedAt: 5,
    });
    first.teamsConsent.record({
      scope: 'team:19:a',
      state: 'not-granted',
      reason: 'not among its grants',
      checkedAt: 9,
    });
    first.teamsConsent.record({ scope: 'chat:19:c', state: 'granted', reason: 'evidence', checkedAt: 7 });
    first.close();
    const second = open();
    try {
      expect(second.teamsConsent.list()).toEqual([
        { scope: 'chat:19:c', state: 'granted', reason: 'evidence', checkedAt: 7 },
        { scope: 'team:19:a', label: 'Policy', state: 'not-granted', reason: 'not among its grants', checkedAt: 9 },
      ]);
    } finally {
      second.close();
    }
  });

  it('two processes on one database agree: a claim or an event seen by one is seen by the other', () => {
    const a = open();
    const b = open();
    try {
      expect(a.deliveries.claim(claim('C-shared'), 1_000).created).toBe(true);
      expect(b.deliveries.claim(claim('C-shared'), 1_001).created).toBe(false);
      expect(b.seenEvents.firstSeen('Ev-shared', 1_000)).toBe(true);
      expect(a.seenEvents.firstSeen('Ev-shared', 1_000)).toBe(false);
      a.cooldowns.set('shared', 99);
      expect(b.cooldowns.get('shared')).toBe(99);
    } finally {
      a.close();
      b.close();
    }
  });

  it('keeps model summaries per (content hash, model, prompt version) and adds up model tokens per day', () => {
    const key = { contentHash: 'h1', model: 'anthropic:m', promptVersion: 1 };
    const summary = {
      model: 'anthropic:m',
      tldr: 'T',
      tldrParagraphs: [1],
      points: [{ text: 'P', paragraphs: [2, 3] }],
    };
    const first = open();
    first.summaries.put(key, 'b1', { status: 'ready', summary, createdAt: 1_700_000_000_000 });
    first.summaries.put({ ...key, promptVersion: 2 }, 'b1', {
      status: 'rejected',
      detail: 'unsupported',
      createdAt: 5,
    });
    first.modelUsage.record('2026-12-02', 'anthropic:m', { inputTokens: 100, outputTokens: 20 }, true);
    first.modelUsage.record('2026-12-02', 'anthropic:m', { inputTokens: 50, outputTokens: 0 }, false);
    first.close();
    const second = open();
    try {
      expect(second.summaries.get(key)).toEqual({ status: 'ready', summary, createdAt: 1_700_000_000_000 });
      expect(second.summaries.get({ ...key, promptVersion: 2 })).toMatchObject({
        status: 'rejected',
        detail: 'unsupported',
      });
      expect(second.summaries.get({ ...key, model: 'bedrock:m' })).toBeUndefined();
      expect(second.summaries.counts()).toEqual({ ready: 1, rejected: 1 });
      expect(second.modelUsage.tokensOn('2026-12-02')).toBe(170);
      expect(second.modelUsage.tokensOn('2026-12-03')).toBe(0);
      expect(second.modelUsage.day('2026-12-02')).toEqual([
        { model: 'anthropic:m', inputTokens: 150, outputTokens: 20, calls: 2, failedCalls: 1 },
      ]);
    } finally {
      second.close();
    }
  });

  it('forgets event ids older than a day when it opens, and only those', () => {
    const day = 24 * 3_600_000;
    const t0 = 1_800_000_000_000;
    const first = open(() => t0);
    first.seenEvents.firstSeen('old', t0);
    first.seenEvents.firstSeen('recent', t0 + day);
    first.close();
    const second = open(() => t0 + day + 1_000);
    try {
      expect(second.seenEvents.firstSeen('old', t0 + day + 1_000)).toBe(true);
      expect(second.seenEvents.firstSeen('recent', t0 + day + 1_000)).toBe(false);
    } finally {
      second.close();
    }
  });
});

describe('PostgreSQL specifics', () => {
  it('has the same tables and columns as the SQLite schema', async () => {
    const sqlite = openStore(await engines.sqlite());
    const postgres = openStore(await pg.newDatabase());
    try {
      const fromSqlite = sqlite.sql
        .all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .map(
          (t) =>
            `${t.name}(${sqlite.sql
              .all<{ name: string }>(`PRAGMA table_info(${t.name})`)
              .map((c) => c.name)
              .sort()
              .join(',')})`,
        );
      const fromPg = postgres.sql
        .all<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name != 'govai_schema' ORDER BY table_name",
        )
        .map((t) => {
          const cols = postgres.sql.all<{ column_name: string }>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?",
            [t.table_name],
          );
          return `${t.table_name}(${cols
            .map((c) => c.column_name)
            .sort()
            .join(',')})`;
        });
      expect(fromPg).toEqual(fromSqlite);
    } finally {
      sqlite.close();
      postgres.close();
    }
  });

  it('names GOVAI_DATABASE_URL, and never the password, when the server cannot be reached', async () => {
    const port = await unusedPort();
    const url = `postgres://govai:s3cret-pass@127.0.0.1:${port}/govai`;
    let error: unknown;
    try {
      openStore(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as Error).message;
    expect(message).toContain('GOVAI_DATABASE_URL');
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toMatch(/ECONNREFUSED|connect/);
    expect(message).not.toContain('s3cret-pass');
  });

  it('a second replica opening a migrated database finds it current (one version row, no second migration)', async () => {
    const url = await pg.newDatabase();
    const a = openStore(url);
    const b = openStore(url);
    try {
      expect(b.sql.get<{ version: number }>('SELECT version FROM govai_schema')?.version).toBeGreaterThan(0);
      expect(b.sql.all('SELECT version FROM govai_schema')).toHaveLength(1);
      expect(a.deliveries.claim(claim('C-m'), 1).created).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });
});
