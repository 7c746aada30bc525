import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messagesPath, rateLimited } from '../fakes/discord-payloads.js';
import { FAKE_IDS, slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
import { SEED_TITLE, waitFor } from '../helpers/seed.js';
import { forToken, type Harness, startHarness } from './harness.js';

// Rate limits, lost connections and a refused privileged intent, against the real discord.js client.

describe('discord publisher and gateway reliability', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => h?.close());

  it('a 429 with retry_after is waited out and the digest is delivered once', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    const path = messagesPath(channel);
    // discord.js waits the 429 out itself, on its own timers (no time port reaches it): a short one.
    h.fake.script({ method: 'POST', path, ...rateLimited(0.1) });
    const result = await h.adapter.publisher.publish(channel, {
      kind: 'notice',
      level: 'info',
      message: 'Weekly digest',
    });
    expect(result).toMatchObject({ ok: true });
    const posts = h.fake.messagesTo(path);
    expect(posts).toHaveLength(2); // the 429, then the one delivery
    expect(posts[1]!.body.content).toBe('Weekly digest');
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(90); // honoured retry_after (a lower bound, not a speed claim)
    if (result.ok) expect(result.messageIds).toHaveLength(1);
  });

  it('a very long rate limit comes back as a retryable failure with retryAfterMs instead of blocking', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    h.fake.script({
      method: 'POST',
      path: messagesPath(channel),
      ...rateLimited(3600),
    });
    const result = await h.adapter.publisher.publish(channel, { kind: 'notice', level: 'info', message: 'x' });
    expect(result).toMatchObject({ ok: false, permanent: false });
    if (!result.ok) expect(result.retryAfterMs).toBeGreaterThanOrEqual(3_500_000);
  });

  it('missing access (50001) and an unknown channel (10003) are permanent, clear and logged', async () => {
    const forbidden = snowflake();
    h.fake.ensureChannel(forbidden);
    h.fake.script({
      method: 'POST',
      path: messagesPath(forbidden),
      status: 403,
      body: { message: 'Missing Access', code: 50001 },
    });
    const denied = await h.adapter.publisher.publish(forbidden, { kind: 'notice', level: 'info', message: 'x' });
    expect(denied).toMatchObject({ ok: false, permanent: true });
    if (!denied.ok)
      expect(denied.message).toMatch(
        new RegExp(`discord channel ${forbidden}: the bot cannot see this channel \\(Missing Access 50001\\)`),
      );

    const missing = await h.adapter.publisher.publish('999999999999999999', {
      kind: 'notice',
      level: 'info',
      message: 'x',
    });
    expect(missing).toMatchObject({ ok: false, permanent: true });
    if (!missing.ok) expect(missing.message).toMatch(/does not exist \(Unknown Channel 10003\)/);
    expect(
      h.logs.filter(
        (l) => l.level === 50 && /discord publish failed: .*(Missing Access 50001|Unknown Channel 10003)/.test(l.msg),
      ),
    ).toHaveLength(2);
  });

  it('an idempotency key becomes the message nonce, enforced', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    await h.adapter.publisher.publish(
      channel,
      { kind: 'notice', level: 'info', message: 'x' },
      { idempotencyKey: 'weekly-2026-11-27' },
    );
    const [post] = h.fake.messagesTo(messagesPath(channel));
    expect(post!.body).toMatchObject({ nonce: 'weekly-2026-11-27', enforce_nonce: true });
  });

  it('a multi-part post gives every part its own nonce of at most 25 characters, all enforced', async () => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    const key = `g${'x'.repeat(24)}`; // the scheduler's key: 25 characters, the most Discord accepts
    const items = Array.from({ length: 25 }, (_, i) => ({
      briefingId: `b${i}`,
      title: `Story ${i}`,
      tldr: `${'word '.repeat(180)}${i}`,
      source: 'Wire',
      published: '2026-11-20',
    }));
    const result = await h.adapter.publisher.publish(
      channel,
      { kind: 'digest', title: 'Weekly', emptyMessage: 'none', digest: { items, overflow: [] } },
      { idempotencyKey: key },
    );
    expect(result.ok).toBe(true);
    const posts = h.fake.messagesTo(messagesPath(channel));
    expect(posts.length).toBeGreaterThan(1);
    const nonces = posts.map((p) => p.body.nonce as string);
    expect(nonces[0]).toBe(key);
    expect(new Set(nonces).size).toBe(posts.length);
    for (const p of posts) {
      expect(p.body.enforce_nonce).toBe(true);
      expect((p.body.nonce as string).length).toBeLessThanOrEqual(25);
    }
  });

  it('a dropped gateway connection is resumed (op 6) and the next command is not lost', async () => {
    const resumesBefore = h.fake.resumes.length;
    h.fake.dropConnection();
    // Dispatched while the bot is disconnected: the fake replays it after RESUME, as Discord does.
    const i = slashInteraction('summary');
    h.fake.dispatch('INTERACTION_CREATE', i);
    const [callback] = await waitFor(
      () => (forToken(h.fake, i.token).length > 0 ? forToken(h.fake, i.token) : undefined),
      15_000,
      'reply after resume',
    );
    expect(callback!.body.data.embeds[0].title).toBe(SEED_TITLE);
    expect(h.fake.resumes.length).toBe(resumesBefore + 1);
    expect(h.fake.resumes.at(-1)!.session_id).toMatch(/^session-/);
    expect(h.fake.identifies).toHaveLength(1); // resumed, not re-identified
  });
});

describe('discord without the Message Content intent (gateway close 4014)', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('falls back once to mentions and slash commands, with one clear warning, and no crash loop', async () => {
    h = await startHarness({ fake: { refuseMessageContent: true } });
    expect(h.adapter.runtime.degraded).toBe(true);
    const warnings = h.logs.filter((l) => l.level >= 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/Message Content intent is not enabled/);
    expect(warnings[0]!.msg).toMatch(/Developer Portal/);

    const i = slashInteraction('summary');
    h.fake.dispatch('INTERACTION_CREATE', i);
    await waitFor(() => (forToken(h!.fake, i.token).length > 0 ? true : undefined), 10_000, 'slash reply');

    const channel = snowflake();
    h.fake.ensureChannel(channel);
    const replies = () => h!.fake.messagesTo(messagesPath(channel));
    // Content is blanked without the intent, so a plain keyword question cannot be answered...
    h.fake.dispatch('MESSAGE_CREATE', userMessage('What is Constitutional AI?', { channelId: channel }));
    // ...but a mention still is.
    h.fake.dispatch(
      'MESSAGE_CREATE',
      userMessage(`<@${FAKE_IDS.bot}> what is Constitutional AI?`, { channelId: channel, mentionBot: true }),
    );
    await waitFor(() => (replies().length > 0 ? true : undefined), 10_000, 'mention answer');
    expect(replies()).toHaveLength(1);
    expect(JSON.stringify(replies()[0]!.body).replaceAll('**', '')).toContain(
      'builds specific behavioral rules into Claude',
    );

    expect(h.fake.identifies.map((x) => (x.intents & (1 << 15)) !== 0)).toEqual([true, false]);
    expect(h.fake.connections).toBe(2);
  }, 30_000);
});
