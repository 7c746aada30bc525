import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from 'discord.js';
import { createDiscordPublisher } from '../../src/adapters/discord/publisher.js';
import { createSlackPublisher } from '../../src/adapters/slack/publisher.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { createLibrary } from '../../src/core/library.js';
import { makeDeliveriesCheck } from '../../src/doctor/deliveries-check.js';
import { createDeliveryGuard } from '../../src/schedule/delivery-guard.js';
import { createDestinationRouter } from '../../src/schedule/destinations.js';
import { digestReply } from '../../src/schedule/digest-plan.js';
import { type DigestRunDeps, retryOwed, runDigestSlot } from '../../src/schedule/digest-run.js';
import { manualTime } from '../helpers/manual-time.js';
import type { DeliveryLog } from '../../src/store/delivery-log.js';
import { storeFileCheck } from '../../src/store/file-identity.js';
import { openStore } from '../../src/store/store.js';
import { startFakeDiscord } from '../fakes/fake-discord.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { startChatGate } from './chat-gate.js';
import { captureLogger, digestConfig, harness, makeBriefing } from './helpers.js';

// Exactly once when the answer is slow, when a multi-part post breaks half way, when the disk is full and when the
// database disappears: the real Slack publisher (Web API client over HTTP) against the fake Slack API, which keeps
// message metadata and serves conversations.history / conversations.replies like Slack.

let fake: FakeSlackApi | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SLOT = new Date('2026-11-20T09:00:00Z');

/** How a slot runs here: on the wall clock, three attempts, backoffs waited on a manual clock that jumps ahead. */
function runDeps(
  store: ReturnType<typeof openStore>,
  library: ReturnType<typeof createLibrary>,
  publishers: Parameters<typeof createDestinationRouter>[0],
  logger: ReturnType<typeof captureLogger>['logger'],
): DigestRunDeps {
  return {
    deliveries: store.deliveries,
    library: () => library,
    router: createDestinationRouter(publishers, logger),
    clock: () => Date.now(),
    sleep: manualTime({ auto: true }).sleep,
    logger,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 10_000 },
    digestDays: 30,
    concurrency: 4,
  };
}

function slackDeps(
  api: FakeSlackApi,
  options: { timeoutMs?: number; briefings?: number; maxItems?: number; apiUrl?: string } = {},
) {
  const { logger, lines } = captureLogger();
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: options.apiUrl ?? api.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 5_000,
  });
  const slack = createSlackPublisher(client, logger, { minIntervalMs: 0, backoffMs: 10, transientAttempts: 2 });
  const store = openStore(':memory:');
  const library = createLibrary(
    Array.from({ length: options.briefings ?? 2 }, (_, i) =>
      makeBriefing(`b${i}`, `2026-11-19T${String(i % 24).padStart(2, '0')}:00:00Z`),
    ),
  );
  const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['slack:C0000001'], maxItems: options.maxItems ?? 10 });
  const deps = runDeps(store, library, { slack }, logger);
  return { deps, digest, store, lines, library };
}

const topLevel = (api: FakeSlackApi, channel = 'C0000001') =>
  api.posts.filter((p) => p.channel === channel && !p.thread_ts);

describe('a Slack answer slower than the client timeout', () => {
  it('is an uncertain outcome, found in conversations.history by its metadata, and never posted twice', async () => {
    fake = await startFakeSlackApi();
    // Slack accepts the post but answers after 1.5 s; the client gives up at 300 ms.
    fake.slowAnswers('chat.postMessage', 1, 1_500);
    const { deps, digest, store, lines } = slackDeps(fake, { timeoutMs: 300 });
    const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');

    expect(topLevel(fake)).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'sent', messageIds: [topLevel(fake)[0]!.ts] });
    // The digest carries its delivery key in message metadata.
    expect(topLevel(fake)[0]!.metadata).toEqual({
      event_type: 'govai_digest',
      event_payload: expect.objectContaining({ key: expect.stringMatching(/^g/), part: 0 }),
    });
    const history = fake.calls.filter((c) => c.method === 'conversations.history');
    expect(history).toHaveLength(1);
    expect(history[0]!.params).toMatchObject({ channel: 'C0000001', include_all_metadata: 'true' });
    expect(Number(history[0]!.params.oldest)).toBeGreaterThan(0);
    expect(store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')).toMatchObject({ status: 'sent' });
    expect(lines().some((l) => /not confirmed \(it may have arrived\)/.test(String(l.msg)))).toBe(true);
    expect(lines().some((l) => l.foundOnPlatform === true)).toBe(true);
  });

  it('a pending row left by a crash is looked up before it is posted again', async () => {
    fake = await startFakeSlackApi();
    const { deps, digest, store } = slackDeps(fake);
    await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(topLevel(fake)).toHaveLength(1);
    // As if the process died after Slack accepted the post but before "sent" was written.
    const row = store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')!;
    store
      .db!.prepare(
        `UPDATE deliveries SET status = 'pending', sent_at = NULL, in_flight_since = ?, part_ids = NULL WHERE id = ?`,
      )
      .run(Date.now() - 1_000, row.id);
    store.db!.prepare('DELETE FROM delivered_briefings').run();
    const outcomes = await retryOwed(deps, [digest]);
    expect(outcomes).toEqual([expect.objectContaining({ status: 'sent', messageIds: [topLevel(fake)[0]!.ts] })]);
    expect(topLevel(fake)).toHaveLength(1);
  });

  it('a pending row whose lookup fails is not re-sent blindly', async () => {
    fake = await startFakeSlackApi();
    const { deps, digest, store } = slackDeps(fake);
    store.deliveries.claim(
      {
        digest: 'd',
        slot: SLOT.toISOString(),
        destination: 'slack:C0000001',
        briefingIds: ['b0'],
        trigger: 'schedule',
      },
      Date.now(),
    );
    const row = store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')!;
    store.deliveries.startAttempt(row.id, Date.now() - 1_000);
    fake.serverError('conversations.history', 10);
    const outcomes = await retryOwed(deps, [digest]);
    expect(outcomes).toEqual([expect.objectContaining({ status: 'failed', permanent: false })]);
    expect(fake.posts).toHaveLength(0);
    expect(store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')!.inFlightSince).toBeDefined();
  });
});

describe('a multi-part digest', () => {
  it('resumes after its last confirmed part (into the same thread) instead of posting it all again', async () => {
    fake = await startFakeSlackApi();
    // The first part passes; every later post in this run gets a 500 (certainly not posted).
    const gate = await startChatGate(fake.apiUrl, (_channel, n) => (n === 1 ? 'pass' : '500'));
    try {
      const { deps, digest, store, library } = slackDeps(fake, { briefings: 6, maxItems: 2, apiUrl: gate.apiUrl });
      const parts = renderSlack(digestReply(library, digest, ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']), {
        continuation: 'thread',
      });
      expect(parts.length).toBeGreaterThan(1);
      const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
      expect(outcome).toMatchObject({ status: 'failed', permanent: false });
      const row = store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')!;
      const parent = topLevel(fake);
      expect(parent).toHaveLength(1);
      expect(row.partIds).toEqual([parent[0]!.ts]);
      expect(row.inFlightSince).toBeUndefined();

      gate.decide = () => 'pass';
      const later = await retryOwed(deps, [digest]);
      expect(later).toEqual([expect.objectContaining({ status: 'sent' })]);
      expect(topLevel(fake)).toHaveLength(1);
      expect(fake.posts.filter((p) => p.thread_ts === parent[0]!.ts)).toHaveLength(parts.length - 1);
      expect(fake.posts).toHaveLength(parts.length);
    } finally {
      await gate.close();
    }
  });

  it('after a certain failure, a later unanswered part is looked up in the thread of the confirmed first part', async () => {
    fake = await startFakeSlackApi();
    // Gate: part 1 passes, then two 500s (one certain failure), then everything passes.
    const gate = await startChatGate(fake.apiUrl, (_channel, n) => (n === 2 || n === 3 ? '500' : 'pass'));
    try {
      const { deps, digest, library } = slackDeps(fake, {
        briefings: 6,
        maxItems: 2,
        apiUrl: gate.apiUrl,
        timeoutMs: 300,
      });
      const parts = renderSlack(digestReply(library, digest, ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']), {
        continuation: 'thread',
      }).length;
      // At the fake: part 1 answered at once, part 2 (after the 500s) posted but answered too late.
      fake.slowAnswers('chat.postMessage', 1, 0);
      fake.slowAnswers('chat.postMessage', 1, 1_500);
      const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
      expect(outcome).toMatchObject({ status: 'sent' });
      expect(topLevel(fake)).toHaveLength(1);
      expect(fake.posts).toHaveLength(parts);
      const replies = fake.calls.filter((c) => c.method === 'conversations.replies');
      expect(replies.length).toBeGreaterThan(0);
      expect(replies[0]!.params.ts).toBe(topLevel(fake)[0]!.ts);
    } finally {
      await gate.close();
    }
  });

  it('an unanswered later part is found in the thread (conversations.replies) and not posted again', async () => {
    fake = await startFakeSlackApi();
    const { deps, digest, library } = slackDeps(fake, { briefings: 6, maxItems: 2, timeoutMs: 300 });
    const parts = renderSlack(digestReply(library, digest, ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']), {
      continuation: 'thread',
    }).length;
    expect(parts).toBeGreaterThan(1);
    // Part 1 is answered at once; part 2 is posted but answered only after the client gave up.
    fake.slowAnswers('chat.postMessage', 1, 0);
    fake.slowAnswers('chat.postMessage', 1, 1_500);
    const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(outcome).toMatchObject({ status: 'sent' });
    expect(fake.posts).toHaveLength(parts);
    expect(topLevel(fake)).toHaveLength(1);
    expect(fake.calls.some((c) => c.method === 'conversations.replies')).toBe(true);
  });
});

/** A fault injector at the port: the real SQLite log, whose writes fail with SQLITE_FULL while `full` is set. */
function fullDisk(log: DeliveryLog) {
  const state = { full: false };
  const fail = () => {
    throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  };
  const writes = ['markSent', 'recordAttempt', 'markFailed', 'recordPart', 'recordIncident', 'startAttempt'] as const;
  const wrapped = { ...log } as DeliveryLog;
  for (const name of writes) {
    const real = log[name] as (...a: unknown[]) => unknown;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      state.full && (name === 'markSent' || name === 'recordIncident' || name === 'recordAttempt')
        ? fail()
        : real(...args);
  }
  return { log: wrapped, state };
}

describe('recording "sent" fails (disk full)', () => {
  it('logs it as what it is, stops sends to that destination until the store is writable, never posts twice', async () => {
    const h = harness('2026-11-20T09:00:00Z');
    h.briefings.push(makeBriefing('a', '2026-11-19T01:00:00Z'));
    const disk = fullDisk(h.store.deliveries);
    const deps: DigestRunDeps = { ...h.deps, deliveries: disk.log };
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['slack:C0000001', 'discord:100001'] });
    disk.state.full = true;
    const first = await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(first.map((o) => o.status)).toEqual(['sent', 'sent']);
    // Five more runs while the disk stays full (the bot used to post the same digest each time).
    for (let i = 0; i < 5; i++) {
      h.clock.now += 8_000;
      await retryOwed(deps, [digest]);
      await runDigestSlot(deps, digest, SLOT, 'schedule');
    }
    expect(h.publishers.slack.postsTo('C0000001')).toHaveLength(1);
    expect(h.publishers.discord.postsTo('100001')).toHaveLength(1);
    const logs = h.logs();
    expect(
      logs.filter((l) => /recording it as sent failed/.test(String(l.msg)) && /SQLITE_FULL/.test(String(l.error))),
    ).toHaveLength(2);
    expect(logs.some((l) => /sends are stopped until the database can be written/.test(String(l.msg)))).toBe(true);
    expect(logs.some((l) => /nothing was sent/.test(String(l.msg)))).toBe(false);

    // Space is freed: the posts are recorded as sent (with an incident), and nothing is posted again.
    disk.state.full = false;
    h.clock.now += 60_000;
    const after = await retryOwed(deps, [digest]);
    expect(after.map((o) => o.status)).toEqual(['already', 'already']);
    await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(h.publishers.slack.postsTo('C0000001')).toHaveLength(1);
    expect(h.store.deliveries.find('d', SLOT.toISOString(), 'slack:C0000001')).toMatchObject({ status: 'sent' });
    expect(
      h.store.deliveries
        .incidents(0)
        .map((i) => i.destination)
        .sort(),
    ).toEqual(['discord:100001', 'slack:C0000001']);
    // A later slot goes out normally.
    h.briefings.push(makeBriefing('b', '2026-11-20T10:00:00Z'));
    const next = await runDigestSlot(deps, digest, new Date('2026-11-21T09:00:00Z'), 'schedule');
    expect(next.map((o) => o.status)).toEqual(['sent', 'sent']);
  });

  it('govai doctor shows the incident and a disk too full to record sends', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govai-full-'));
    dirs.push(dir);
    const dbPath = path.join(dir, 'govai.db');
    const store = openStore(dbPath);
    store.deliveries.recordIncident({
      at: Date.parse('2026-11-20T09:00:00Z'),
      destination: 'slack:C0000001',
      error: 'SQLITE_FULL: database or disk is full',
      detail: 'posted at 2026-11-20T09:00:00.000Z but recording it as sent failed',
    });
    store.close();
    const ctx = {
      config: { dbPath, file: { digests: [digestConfig({ id: 'd', cron: '0 9 * * *', to: ['slack:C0000001'] })] } },
    } as unknown as Parameters<ReturnType<typeof makeDeliveriesCheck>['run']>[0];
    const check = makeDeliveriesCheck({ freeBytes: () => 100 * 1024, now: () => Date.parse('2026-11-21T00:00:00Z') });
    const findings = await check.run(ctx);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          area: 'database',
          status: 'fail',
          message: expect.stringMatching(/only 100 KB free .* stops sending digests/),
        }),
        expect.objectContaining({
          area: 'digest -> slack:C0000001',
          status: 'warn',
          message: expect.stringMatching(/recording a digest as sent failed \(SQLITE_FULL/),
        }),
      ]),
    );
  });
});

describe('the database file disappears under the running bot', () => {
  it('is noticed before the next send: nothing more is sent, and it is logged loudly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govai-gone-'));
    dirs.push(dir);
    const dbPath = path.join(dir, 'govai.db');
    const store = openStore(dbPath);
    const h = harness('2026-11-20T09:00:00Z', { store });
    h.briefings.push(makeBriefing('a', '2026-11-19T01:00:00Z'));
    const guard = createDeliveryGuard({
      deliveries: store.deliveries,
      clock: h.clock.clock,
      logger: h.deps.logger,
      storeFile: storeFileCheck(dbPath),
    });
    const deps = { ...h.deps, guard };
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['slack:C0000001'] });
    expect((await runDigestSlot(deps, digest, SLOT, 'schedule'))[0]).toMatchObject({ status: 'sent' });
    for (const f of ['', '-wal', '-shm']) rmSync(dbPath + f, { force: true });
    h.briefings.push(makeBriefing('b', '2026-11-20T10:00:00Z'));
    const next = await runDigestSlot(deps, digest, new Date('2026-11-21T09:00:00Z'), 'schedule');
    expect(next[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/was deleted while the bot was running/),
    });
    expect(h.publishers.slack.postsTo('C0000001')).toHaveLength(1);
    expect(h.logs().some((l) => l.level === 60 && /digest sends are stopped/.test(String(l.msg)))).toBe(true);
    store.close();
  });
});

describe('a Discord post that times out', () => {
  async function discordDeps(options: { retries: number; nonceWindowMs?: number }) {
    const discord = await startFakeDiscord(
      options.nonceWindowMs !== undefined ? { nonceWindowMs: options.nonceWindowMs } : {},
    );
    discord.ensureChannel('111111111111');
    const client = new Client({ intents: [], rest: { api: discord.apiUrl, timeout: 300, retries: options.retries } });
    client.rest.setToken('discord-test-token');
    const { logger, lines } = captureLogger();
    const publisher = createDiscordPublisher(client, logger);
    const store = openStore(':memory:');
    const library = createLibrary([
      makeBriefing('a', '2026-11-19T01:00:00Z'),
      makeBriefing('b', '2026-11-19T02:00:00Z'),
    ]);
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['discord:111111111111'] });
    const deps = runDeps(store, library, { discord: publisher }, logger);
    return {
      discord,
      deps,
      digest,
      store,
      lines,
      close: async () => {
        await client.destroy();
        await discord.close();
      },
    };
  }

  it('is re-sent by discord.js with the same nonce, which Discord deduplicates within its window', async () => {
    const t = await discordDeps({ retries: 1 });
    try {
      t.discord.slowPosts(1, 1_500);
      const [outcome] = await runDigestSlot(t.deps, t.digest, SLOT, 'schedule');
      expect(outcome).toMatchObject({ status: 'sent' });
      const posts = t.discord.messagesTo(/\/channels\/111111111111\/messages$/);
      expect(posts.length).toBe(2);
      expect(new Set(posts.map((p) => (p.body as { nonce?: string }).nonce)).size).toBe(1);
      expect(t.discord.created('111111111111')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('an unanswered send older than the nonce window is found in recent channel messages, not posted again', async () => {
    const t = await discordDeps({ retries: 0, nonceWindowMs: 0 });
    try {
      t.discord.slowPosts(1, 1_500);
      const [outcome] = await runDigestSlot(t.deps, t.digest, SLOT, 'schedule');
      expect(outcome).toMatchObject({ status: 'sent', messageIds: [t.discord.created('111111111111')[0]!.id] });
      expect(t.discord.created('111111111111')).toHaveLength(1);
      expect(t.lines().some((l) => l.foundOnPlatform === true)).toBe(true);
      // A crash-interrupted row on restart (nonce long expired): looked up, recorded, nothing posted.
      const row = t.store.deliveries.find('d', SLOT.toISOString(), 'discord:111111111111')!;
      t.store
        .db!.prepare(`UPDATE deliveries SET status = 'pending', in_flight_since = ?, part_ids = NULL WHERE id = ?`)
        .run(Date.now() - 60_000, row.id);
      const again = await retryOwed(t.deps, [t.digest]);
      expect(again).toEqual([expect.objectContaining({ status: 'sent' })]);
      expect(t.discord.created('111111111111')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
