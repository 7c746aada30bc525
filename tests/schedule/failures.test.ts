import { describe, expect, it } from 'vitest';
import { runDigestSlot } from '../../src/schedule/digest-run.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { digestConfig, harness, idsOf, makeBriefing } from './helpers.js';

const transient = (status: number) => ({ ok: false as const, permanent: false, message: `HTTP ${status}` });

describe('digest fan-out failures stay local', () => {
  it('serves the healthy destination at once, the 429 one after Retry-After, retries then reports the 500 one', async () => {
    const h = harness('2026-11-20T09:00:00Z', { platforms: ['discord', 'console'] });
    h.briefings.push(makeBriefing('a', '2026-11-19T01:00:00Z'), makeBriefing('b', '2026-11-19T02:00:00Z'));
    const t0 = h.clock.now;
    const discord = h.publishers.discord;
    discord.script('2222222', { ok: false, permanent: false, message: 'HTTP 429', retryAfterMs: 30_000 });
    discord.script('5555555', transient(500), transient(502), transient(500), transient(503));
    discord.script('4040404', { ok: false, permanent: true, message: 'Unknown Channel 10003' });
    const digest = digestConfig({
      id: 'd',
      cron: '0 9 * * *',
      to: ['discord:1111111', 'discord:2222222', 'discord:5555555', 'discord:4040404', 'slack:C0NOSLACK', 'console'],
    });
    const outcomes = await runDigestSlot(h.deps, digest, new Date(t0), 'schedule');

    const byDest = Object.fromEntries(outcomes.map((o) => [o.destination, o]));
    expect(byDest['discord:1111111']).toMatchObject({ status: 'sent', attempts: 1 });
    expect(byDest.console).toMatchObject({ status: 'sent', attempts: 1 });
    expect(byDest['discord:2222222']).toMatchObject({ status: 'sent', attempts: 2 });
    expect(byDest['discord:5555555']).toMatchObject({ status: 'failed', permanent: false, attempts: 4 });
    expect(byDest['discord:4040404']).toMatchObject({ status: 'failed', permanent: true, attempts: 1 });
    expect(byDest['slack:C0NOSLACK']).toMatchObject({ status: 'failed', permanent: true });

    // Healthy destinations were served before anyone waited; the rate-limited one not before its Retry-After.
    expect(discord.postsTo('1111111')[0]!.at).toBe(t0);
    expect(h.publishers.console.posts[0]!.at).toBe(t0);
    expect(discord.postsTo('2222222')[0]!.at).toBeGreaterThanOrEqual(t0 + 30_000);
    expect(discord.attempts.filter((a) => a.channelId === '5555555')).toHaveLength(4);
    expect(discord.attempts.filter((a) => a.channelId === '4040404')).toHaveLength(1);
    expect(h.clock.sleeps).toContain(30_000);

    // Reported: logged with the destination, and listed as failures (what `govai doctor` shows).
    const failures = h.store.deliveries.failures().map((f) => [f.destination, f.permanent, f.error]);
    expect(failures).toEqual(
      expect.arrayContaining([
        ['discord:5555555', false, 'HTTP 503'],
        ['discord:4040404', true, 'Unknown Channel 10003'],
        ['slack:C0NOSLACK', true, expect.stringContaining('slack is not configured')],
      ]),
    );
    const logged = h.logs().filter((l) => l.level === 50 && l.destination);
    expect(logged.map((l) => l.destination)).toEqual(
      expect.arrayContaining(['discord:5555555', 'discord:4040404', 'slack:C0NOSLACK']),
    );

    // Next run: the 500 destination (healed) gets the owed digest once, then only new items; nothing doubled.
    h.briefings.push(makeBriefing('c', '2026-11-20T12:00:00Z'));
    h.clock.set('2026-11-21T09:00:00Z');
    const s = createScheduler({ ...h.deps, digests: [digest], startTimers: false });
    s.start();
    await s.recovered;
    await s.task('d')!.execute();
    await s.stop();
    const received = (channel: string) =>
      discord
        .postsTo(channel)
        .flatMap((p) => idsOf(p.reply))
        .sort();
    expect(received('1111111')).toEqual(['a', 'b', 'c']);
    expect(received('2222222')).toEqual(['a', 'b', 'c']);
    expect(received('5555555')).toEqual(['a', 'b', 'c']);
    expect(discord.postsTo('5555555').map((p) => idsOf(p.reply).sort())).toEqual([['a', 'b'], ['c']]);
    // The permanently failing channel is not retried for the old slot; once fixed, nothing is lost: it gets all three.
    expect(received('4040404')).toEqual(['a', 'b', 'c']);
  });

  it('gives up a round when Retry-After is longer than the longest wait, and keeps the delivery owed', async () => {
    const h = harness('2026-11-20T09:00:00Z');
    h.briefings.push(makeBriefing('a', '2026-11-19T01:00:00Z'));
    h.publishers.slack.script('C0LIMITED', {
      ok: false,
      permanent: false,
      message: 'HTTP 429',
      retryAfterMs: 3_600_000,
    });
    const digest = digestConfig({ id: 'd', cron: '0 9 * * *', to: ['slack:C0LIMITED'] });
    const [outcome] = await runDigestSlot(h.deps, digest, new Date(h.clock.now), 'schedule');
    expect(outcome).toMatchObject({ status: 'failed', permanent: false, attempts: 1 });
    expect(h.clock.sleeps).toEqual([]);
    expect(h.store.deliveries.retryable('d').map((r) => r.destination)).toEqual(['slack:C0LIMITED']);
  });
});
