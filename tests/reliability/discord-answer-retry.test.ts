import { type ManualTime, manualTime } from '../helpers/manual-time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesPath, rateLimited } from '../fakes/discord-payloads.js';
import { snowflake, userMessage } from '../fakes/fake-discord.js';
import { type Harness, startHarness } from '../discord/harness.js';

// Issue #11: a keyword answer on Discord was dropped after ten 500s (discord.js retries three times, then
// throws) or a 429 with a long retry-after, and the rate-limit failure was logged with an empty message
// (discord.js's RateLimitError has none). Through the real discord.js client against the fake Discord.

describe('discord keyword answers under errors', () => {
  let h: Harness;
  let time: ManualTime;
  beforeAll(async () => {
    // The answer's retry waits on a manual clock that jumps ahead on its own: no wall-clock backoff.
    time = manualTime({ auto: true, startMs: Date.now() });
    h = await startHarness({ config: 'triggers:\n  cooldownSeconds: 0\n', time });
  }, 30_000);
  afterAll(async () => h?.close());

  it('ten 500s in a row: the answer is retried with backoff and posted once', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    const path = messagesPath(channel);
    for (let i = 0; i < 10; i++)
      h.fake.script({ method: 'POST', path, status: 500, body: { message: 'boom', code: 0 } });
    const asked = userMessage('Can someone explain what Constitutional AI is?', { channelId: channel });
    const started = time.now();
    h.fake.dispatch('MESSAGE_CREATE', asked);
    const outcome = await h.outcome(asked.id, 30_000);
    expect(outcome.posted).toMatchObject({ ok: true });
    expect(h.fake.messagesTo(path)).toHaveLength(11);
    expect(h.fake.created(channel)).toHaveLength(1);
    // discord.js retried some 500s itself; govai backed off between the rest (500 ms, doubling) on the manual clock.
    expect(time.now() - started).toBeGreaterThanOrEqual(500);
  }, 40_000);

  it('a 429 longer than the bounded wait is given up with a message that says so', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    const path = messagesPath(channel);
    h.fake.script({ method: 'POST', path, ...rateLimited(3600) });
    const asked = userMessage('Can someone explain what Constitutional AI is?', { channelId: channel });
    h.fake.dispatch('MESSAGE_CREATE', asked);
    const outcome = await h.outcome(asked.id, 20_000);
    expect(outcome.posted).toMatchObject({ ok: false });
    const message = outcome.posted && !outcome.posted.ok ? outcome.posted.message : '';
    expect(message).toMatch(/rate limited by Discord for 360[01] s/);
    expect(message).toMatch(/waits at most 120 s/);
    const logged = h.logs.find((l) => l.msg === 'could not post the answer') as { error?: string } | undefined;
    expect(logged?.error).toMatch(/rate limited by Discord/);
  }, 30_000);
});
