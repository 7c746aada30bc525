import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTeams } from '../../src/adapters/teams/render.js';
import { createLibrary } from '../../src/core/library.js';
import { makeDeliveriesCheck } from '../../src/doctor/deliveries-check.js';
import { createDestinationRouter } from '../../src/schedule/destinations.js';
import { digestReply } from '../../src/schedule/digest-plan.js';
import { type DigestRunDeps, retryOwed, runDigestSlot } from '../../src/schedule/digest-run.js';
import { gate, ioTurns } from '../helpers/gate.js';
import { manualTime } from '../helpers/manual-time.js';
import { captureLogger, digestConfig, makeBriefing } from '../schedule/helpers.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

// Teams digests through the real Agents SDK (CloudAdapter.continueConversation -> the fake Bot Connector): the
// connector cannot be asked what a bot posted, so a post that got no answer is never re-sent on a guess, and a digest
// that fails between its parts resumes after the last confirmed part (each part's activity id is recorded).

const CONVERSATION = '19:uncertain@thread.tacv2';
const DEST = `teams:${CONVERSATION}`;
const SLOT = new Date('2026-11-20T09:00:00Z');

let h: TeamsHarness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(options: { briefings?: number; maxItems?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'govai-teams-'));
  dirs.push(dir);
  const dbPath = path.join(dir, 'govai.db');
  h = await startTeamsHarness({ sendTimeoutMs: 300, dbPath });
  h.running.conversations.upsert(h.fake.channelConversation(CONVERSATION));
  const { logger, lines } = captureLogger();
  const library = createLibrary(
    Array.from({ length: options.briefings ?? 2 }, (_, i) => makeBriefing(`b${i}`, `2026-11-19T0${i}:00:00Z`)),
  );
  const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: [DEST], maxItems: options.maxItems ?? 10 });
  const deps: DigestRunDeps = {
    deliveries: h.store.deliveries,
    library: () => library,
    router: createDestinationRouter({ teams: h.running.publisher }, logger),
    clock: () => Date.now(),
    sleep: manualTime({ auto: true }).sleep,
    logger,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 10_000 },
    digestDays: 30,
    concurrency: 2,
  };
  const posts = () => h!.fake.posts.filter((p) => p.conversationId === CONVERSATION);
  return { h, deps, digest, library, lines, posts, dbPath };
}

describe('a Teams digest post that gets no answer', () => {
  it('stays uncertain: not re-sent by the retries, the next run or a restart; logged and shown by govai doctor', async () => {
    const { h, deps, digest, lines, posts, dbPath } = await setup();
    const late = gate();
    h.fake.hold = late.promise;
    // The connector takes the first post but answers only after the bot's 300 ms timeout (when the test opens it).
    h.fake.script.set(CONVERSATION, (n) => (n === 1 ? 'hang' : undefined));
    const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(outcome).toMatchObject({ status: 'failed', permanent: false });
    expect(posts()).toHaveLength(1);
    const row = h.store.deliveries.find('d', SLOT.toISOString(), DEST)!;
    expect(row.status).toBe('pending');
    expect(row.inFlightSince).toBeDefined();
    expect(lines().some((l) => /Teams cannot be asked whether it arrived: not re-sent/.test(String(l.msg)))).toBe(true);

    // The next run (or a restart's recovery) leaves it alone too.
    const again = await retryOwed(deps, [digest]);
    expect(again).toEqual([expect.objectContaining({ status: 'failed' })]);
    // The late answer arrives and changes nothing.
    late.open();
    await h.fake.waitFor(() => (h.fake.lateAnswers === 1 ? true : undefined), 5_000, 'the late answer');
    await ioTurns();
    expect(posts()).toHaveLength(1);
    expect(h.store.deliveries.find('d', SLOT.toISOString(), DEST)!.inFlightSince).toBeDefined();

    // govai doctor, a separate reader of the same database file.
    const findings = await makeDeliveriesCheck({ freeBytes: () => 1e9 }).run({
      config: { dbPath, file: { digests: [digest] } },
    } as never);
    const finding = findings.find((f) => f.area === `digest d -> ${DEST}`);
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/not re-sent automatically/);
    expect(finding?.fix).toMatch(/govai digest --uncertain delivered .*--uncertain resend/);
  });

  it('a reply the connector refused (an answer came) is no uncertainty: it is retried and posted once', async () => {
    const { h, deps, digest, posts } = await setup();
    h.fake.script.set(CONVERSATION, (n) => (n === 1 ? 503 : undefined));
    const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(outcome).toMatchObject({ status: 'sent' });
    expect(posts()).toHaveLength(1);
  });
});

describe('a Teams digest that fails between its parts', () => {
  it('records each part as it is confirmed and resumes after the last confirmed one, not from the start', async () => {
    const { h, deps, digest, library, posts } = await setup({ briefings: 6, maxItems: 2 });
    const messages = renderTeams(digestReply(library, digest, ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']));
    expect(messages.length).toBeGreaterThan(1);
    // The first part is accepted; every later post of this run gets a 500 (an answer: certainly not posted).
    let failing = true;
    h.fake.script.set(CONVERSATION, (n) => (n > 1 && failing ? 500 : undefined));
    const [outcome] = await runDigestSlot(deps, digest, SLOT, 'schedule');
    expect(outcome).toMatchObject({ status: 'failed', permanent: false });
    expect(posts()).toHaveLength(1);
    const row = h.store.deliveries.find('d', SLOT.toISOString(), DEST)!;
    expect(row.partIds).toEqual(['m1']);
    expect(row.inFlightSince).toBeUndefined();

    failing = false;
    const later = await retryOwed(deps, [digest]);
    expect(later).toEqual([expect.objectContaining({ status: 'sent' })]);
    // Part 1 once, then the rest: no part twice.
    expect(posts()).toHaveLength(messages.length);
    const summaries = posts().map((p) => p.activity.summary);
    expect(new Set(summaries.map((s, i) => `${i}:${String(s)}`)).size).toBe(messages.length);
    expect(h.store.deliveries.find('d', SLOT.toISOString(), DEST)!.messageIds).toHaveLength(messages.length);
  });

  it('a later part that gets no answer leaves the confirmed ones recorded and the rest unsent until resolved', async () => {
    const { h, deps, digest, posts } = await setup({ briefings: 6, maxItems: 2 });
    const late = gate();
    h.fake.hold = late.promise;
    h.fake.script.set(CONVERSATION, (n) => (n === 2 ? 'hang' : undefined));
    await runDigestSlot(deps, digest, SLOT, 'schedule');
    await retryOwed(deps, [digest]);
    late.open();
    await h.fake.waitFor(() => (h.fake.lateAnswers === 1 ? true : undefined), 5_000, 'the late answer');
    await ioTurns();
    expect(posts()).toHaveLength(2);
    const row = h.store.deliveries.find('d', SLOT.toISOString(), DEST)!;
    expect(row.partIds).toEqual(['m1']);
    expect(row.inFlightSince).toBeDefined();
  });
});
