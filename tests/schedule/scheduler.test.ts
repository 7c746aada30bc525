import { afterEach, describe, expect, it } from 'vitest';
import { nextRunTimes } from '../../src/schedule/cron-times.js';
import { runDigestSlot } from '../../src/schedule/digest-run.js';
import { createScheduler, type Scheduler } from '../../src/schedule/scheduler.js';
import { digestConfig, harness, idsOf, makeBriefing, type Harness } from './helpers.js';

const running: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function scheduler(h: Harness, digests: Parameters<typeof createScheduler>[0]['digests']): Scheduler {
  const s = createScheduler({ ...h.deps, digests, startTimers: false });
  running.push(s);
  return s;
}

describe('digest scheduler (injected clock, node-cron manual execution)', () => {
  it('fires at 09:00 New York time on both sides of the March daylight-saving change', async () => {
    const h = harness('2026-03-06T12:00:00Z');
    const digest = digestConfig({ id: 'morning', cron: '0 9 * * 1-5', timezone: 'America/New_York', to: ['console'] });
    // 09:00 EST is 14:00Z; after the switch on Sunday 8 March, 09:00 EDT is 13:00Z.
    expect(nextRunTimes(digest.cron, digest.timezone, h.clock.now, 3).map((d) => d.toISOString())).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
    h.briefings.push(makeBriefing('b-thu', '2026-03-05T10:00:00Z'));
    const s = scheduler(h, [digest]);
    s.start();
    await s.recovered;
    const task = s.task('morning')!;
    // node-cron's own matcher, with the same time zone, agrees: it would fire at 13:00Z on Monday, not at 14:00Z.
    expect(task.match(new Date('2026-03-09T13:00:00Z'))).toBe(true);
    expect(task.match(new Date('2026-03-09T14:00:00Z'))).toBe(false);

    h.clock.set('2026-03-06T14:00:00.300Z');
    await task.execute();
    h.briefings.push(makeBriefing('b-sat', '2026-03-07T10:00:00Z'));
    h.clock.set('2026-03-09T13:00:00.300Z');
    await task.execute();
    // An hour later (09:00 by the old offset) nothing is due: the 13:00Z slot is already done.
    h.clock.set('2026-03-09T14:00:00.300Z');
    await task.execute();

    const posts = h.publishers.console.posts;
    expect(posts.map((p) => idsOf(p.reply))).toEqual([['b-thu'], ['b-sat']]);
    expect(h.store.deliveries.lastPerDestination('morning').map((r) => [r.slot, r.status])).toEqual([
      ['2026-03-09T13:00:00.000Z', 'sent'],
    ]);
  });

  it('keeps 09:00 local through the autumn change in Paris, and skips a local time that does not exist', () => {
    expect(
      nextRunTimes('0 9 * * *', 'Europe/Paris', Date.parse('2026-10-24T00:00:00Z'), 2).map((d) => d.toISOString()),
    ).toEqual([
      '2026-10-24T07:00:00.000Z', // CEST, UTC+2
      '2026-10-25T08:00:00.000Z', // CET, UTC+1
    ]);
    // 02:30 does not exist in New York on 8 March 2026; node-cron's matcher skips it, and so do we.
    expect(
      nextRunTimes('30 2 * * *', 'America/New_York', Date.parse('2026-03-07T12:00:00Z'), 2).map((d) => d.toISOString()),
    ).toEqual(['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  it('with real node-cron timers, a scheduled run posts its exact slot', async () => {
    const h = harness(new Date().toISOString());
    h.briefings.push(makeBriefing('x', new Date(Date.now() - 3_600_000).toISOString()));
    const digest = digestConfig({ id: 'tick', cron: '* * * * * *', to: ['console'], catchUpMinutes: 0 });
    const s = createScheduler({ ...h.deps, clock: Date.now, digests: [digest], startTimers: true });
    running.push(s);
    s.start();
    await s.recovered;
    const end = Date.now() + 15_000;
    while (h.publishers.console.posts.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    // Later ticks before stop() find nothing new (skipped); exactly one row was sent.
    const sent = h.store
      .db!.prepare(`SELECT slot, trigger, briefing_ids FROM deliveries WHERE digest = 'tick' AND status = 'sent'`)
      .all() as Array<{ slot: string; trigger: string; briefing_ids: string }>;
    expect(sent.map((r) => [r.trigger, r.briefing_ids])).toEqual([['schedule', '["x"]']]);
    const row = sent[0];
    // The slot is the cron's own second (node-cron passes it), not whenever the callback happened to run.
    expect(row!.slot).toMatch(/T\d\d:\d\d:\d\d\.000Z$/);
    expect(h.publishers.console.posts).toHaveLength(1);
  });

  it('with whenEmpty: skip, runs without new briefings post nothing', async () => {
    const h = harness('2026-11-20T08:00:00Z');
    h.briefings.push(makeBriefing('only', '2026-11-19T08:00:00Z'));
    const digest = digestConfig({
      id: 'daily',
      cron: '0 9 * * *',
      timezone: 'UTC',
      to: ['console', 'discord:1234567'],
      whenEmpty: 'skip',
    });
    const s = scheduler(h, [digest]);
    s.start();
    await s.recovered;
    for (const day of ['20', '21', '22']) {
      h.clock.set(`2026-11-${day}T09:00:00.100Z`);
      await s.task('daily')!.execute();
    }
    expect(h.publishers.console.posts).toHaveLength(1);
    expect(h.publishers.discord.posts).toHaveLength(1);
    const rows = h.store
      .db!.prepare('SELECT slot, destination, status FROM deliveries ORDER BY slot, destination')
      .all();
    expect(rows).toEqual([
      { slot: '2026-11-20T09:00:00.000Z', destination: 'console', status: 'sent' },
      { slot: '2026-11-20T09:00:00.000Z', destination: 'discord:1234567', status: 'sent' },
      { slot: '2026-11-21T09:00:00.000Z', destination: 'console', status: 'skipped' },
      { slot: '2026-11-21T09:00:00.000Z', destination: 'discord:1234567', status: 'skipped' },
      { slot: '2026-11-22T09:00:00.000Z', destination: 'console', status: 'skipped' },
      { slot: '2026-11-22T09:00:00.000Z', destination: 'discord:1234567', status: 'skipped' },
    ]);
  });

  it('with whenEmpty: post, an empty run posts "nothing new"', async () => {
    const h = harness('2026-11-20T09:00:00Z');
    const digest = digestConfig({ id: 'daily', cron: '0 9 * * *', to: ['console'], whenEmpty: 'post' });
    await runDigestSlot(h.deps, digest, new Date('2026-11-20T09:00:00Z'), 'schedule');
    const [post] = h.publishers.console.posts;
    expect(post?.reply.kind === 'digest' && post.reply.digest.items.length === 0 && post.reply.emptyMessage).toMatch(
      /nothing new/i,
    );
  });

  it('sends each destination exactly the briefings it has not received, across runs and a late-added destination', async () => {
    const h = harness('2026-11-20T09:00:00Z');
    h.briefings.push(makeBriefing('a', '2026-11-19T01:00:00Z'), makeBriefing('b', '2026-11-19T02:00:00Z'));
    const first = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console'] });
    await runDigestSlot(h.deps, first, new Date('2026-11-20T09:00:00Z'), 'schedule');
    h.briefings.push(makeBriefing('c', '2026-11-20T12:00:00Z'));
    const widened = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console', 'slack:C0123456'] });
    h.clock.set('2026-11-21T09:00:00Z');
    await runDigestSlot(h.deps, widened, new Date('2026-11-21T09:00:00Z'), 'schedule');
    h.briefings.push(makeBriefing('d', '2026-11-21T12:00:00Z'));
    h.clock.set('2026-11-22T09:00:00Z');
    await runDigestSlot(h.deps, widened, new Date('2026-11-22T09:00:00Z'), 'schedule');

    expect(h.publishers.console.posts.map((p) => idsOf(p.reply).sort())).toEqual([['a', 'b'], ['c'], ['d']]);
    // The new destination starts with the last `digestDays` (7) of briefings, then only what is new.
    expect(h.publishers.slack.posts.map((p) => idsOf(p.reply).sort())).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('puts items beyond maxItems in the follow-up and records all of them as delivered', async () => {
    const h = harness('2026-11-20T09:00:00Z');
    for (let i = 1; i <= 7; i++) h.briefings.push(makeBriefing(`n${i}`, `2026-11-19T0${i}:00:00Z`));
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console'], maxItems: 3 });
    await runDigestSlot(h.deps, digest, new Date('2026-11-20T09:00:00Z'), 'schedule');
    const reply = h.publishers.console.posts[0]!.reply;
    if (reply.kind !== 'digest') throw new Error('expected a digest');
    expect(reply.digest.items.map((i) => i.briefingId)).toEqual(['n7', 'n6', 'n5']);
    expect(reply.digest.overflow.map((i) => i.briefingId)).toEqual(['n4', 'n3', 'n2', 'n1']);
    expect([...h.store.deliveries.deliveredIds('d', 'console')].sort()).toEqual([
      'n1',
      'n2',
      'n3',
      'n4',
      'n5',
      'n6',
      'n7',
    ]);
  });

  it('re-sends a delivery left pending by a crash, with the same briefings and key, once', async () => {
    const h = harness('2026-11-20T09:00:30Z');
    h.briefings.push(makeBriefing('x', '2026-11-19T01:00:00Z'), makeBriefing('y', '2026-11-19T02:00:00Z'));
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console', 'discord:1234567'], catchUpMinutes: 60 });
    // As the process left it: console was confirmed, discord was claimed (pending) and then the process died.
    const slot = '2026-11-20T09:00:00.000Z';
    const done = h.store.deliveries.claim(
      { digest: 'd', slot, destination: 'console', briefingIds: ['x', 'y'], trigger: 'schedule' },
      h.clock.now,
    );
    h.store.deliveries.markSent(done.record.id, ['m0'], h.clock.now);
    h.store.deliveries.claim(
      { digest: 'd', slot, destination: 'discord:1234567', briefingIds: ['x'], trigger: 'schedule' },
      h.clock.now,
    );
    const s = scheduler(h, [digest]);
    s.start();
    await s.recovered;
    expect(h.publishers.console.posts).toHaveLength(0);
    expect(h.publishers.discord.posts.map((p) => idsOf(p.reply))).toEqual([['x']]);
    expect(h.publishers.discord.posts[0]!.key).toMatch(/^g[\w-]{24}$/);
    expect(h.store.deliveries.find('d', slot, 'discord:1234567')?.status).toBe('sent');
    // The next run sends discord what the crashed run had not promised it.
    h.clock.set('2026-11-21T09:00:00Z');
    await s.task('d')!.execute();
    expect(h.publishers.discord.posts.map((p) => idsOf(p.reply))).toEqual([['x'], ['y']]);
    expect(h.publishers.console.posts).toHaveLength(0);
  });

  it('catches up a missed slot younger than catchUpMinutes, and skips (and logs) an older one', async () => {
    const young = harness('2026-11-20T09:40:00Z');
    young.briefings.push(makeBriefing('x', '2026-11-19T01:00:00Z'));
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console'], catchUpMinutes: 60 });
    const s1 = scheduler(young, [digest]);
    s1.start();
    await s1.recovered;
    expect(young.publishers.console.posts).toHaveLength(1);
    expect(young.store.deliveries.lastPerDestination('d')[0]).toMatchObject({
      slot: '2026-11-20T09:00:00.000Z',
      trigger: 'catch-up',
      status: 'sent',
    });

    const old = harness('2026-11-20T10:30:00Z');
    old.briefings.push(makeBriefing('x', '2026-11-19T01:00:00Z'));
    const s2 = scheduler(old, [digest]);
    s2.start();
    await s2.recovered;
    expect(old.publishers.console.posts).toHaveLength(0);
    const why = old.logs().find((l) => String(l.msg).includes('older than catchUpMinutes'));
    expect(why).toMatchObject({ digest: 'd', slot: '2026-11-20T09:00:00.000Z', ageMinutes: 90, catchUpMinutes: 60 });
    // The skipped slot's briefings are not lost: the next slot carries them.
    old.clock.set('2026-11-21T09:00:00Z');
    await s2.task('d')!.execute();
    expect(old.publishers.console.posts.map((p) => idsOf(p.reply))).toEqual([['x']]);
  });

  it('overlapping executions of one slot (timer, catch-up, manual) post once', async () => {
    const h = harness('2026-11-20T09:00:00.200Z');
    h.briefings.push(makeBriefing('x', '2026-11-19T01:00:00Z'));
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console', 'discord:1234567'] });
    const s = scheduler(h, [digest]);
    s.start();
    const task = s.task('d')!;
    await Promise.all([task.execute(), task.execute(), s.recovered, task.execute()]);
    await s.idle();
    expect(h.publishers.console.posts).toHaveLength(1);
    expect(h.publishers.discord.posts).toHaveLength(1);
  });

  it('a restart after a completed run posts nothing again', async () => {
    const h = harness('2026-11-20T09:00:00.500Z');
    h.briefings.push(makeBriefing('x', '2026-11-19T01:00:00Z'));
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['console', 'slack:C0123456'] });
    const s1 = scheduler(h, [digest]);
    s1.start();
    await s1.recovered;
    await s1.task('d')!.execute();
    await s1.stop();
    h.clock.set('2026-11-20T09:10:00Z');
    const s2 = scheduler(h, [digest]);
    s2.start();
    await s2.recovered;
    await s2.task('d')!.execute();
    expect(h.publishers.console.posts).toHaveLength(1);
    expect(h.publishers.slack.posts).toHaveLength(1);
  });
});
