import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { idempotencyKey } from '../../src/schedule/digest-run.js';
import { standalonePublisher, type StandalonePublisher } from '../../src/cli/platform-publishers.js';
import { manualTime } from '../helpers/manual-time.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { tempProject } from '../helpers/seed.js';
import { captureLogger, slotThroughPublishers } from './helpers.js';

// Digests to Discord through the publisher `govai digest --now` builds (discord.js REST, no gateway), against the
// fake Discord REST API: a healthy channel, a rate-limited one and a missing one.

let fake: FakeDiscord | undefined;
let standalone: StandalonePublisher | undefined;
afterEach(async () => {
  await standalone?.close();
  await fake?.close();
});

describe('digests to Discord channels', () => {
  it('posts once per channel without pings, waits out a 429, and records a missing channel as permanent', async () => {
    fake = await startFakeDiscord();
    fake.ensureChannel('111111111111');
    fake.ensureChannel('222222222222');
    fake.script({
      method: 'POST',
      path: /\/channels\/222222222222\/messages$/,
      status: 429,
      // discord.js waits a 429 out itself, on its own timers (no time port reaches it): a short one, so the test
      // does not sit through a second of it.
      body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' },
    });
    const loaded = loadConfig(
      {
        DISCORD_TOKEN: 'discord-test-token',
        DISCORD_APPLICATION_ID: '100000000000000002',
        DISCORD_API_URL: fake.apiUrl,
      },
      tempProject().dir,
    );
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const { logger } = captureLogger();
    const made = await standalonePublisher('discord', loaded.config, logger);
    if ('unavailable' in made) throw new Error(made.unavailable);
    standalone = made;
    // The scheduler's Retry-After wait on a manual clock that jumps ahead on its own: no wall-clock wait.
    const time = manualTime({ auto: true });
    const { store, run } = slotThroughPublishers(
      ['discord:111111111111', 'discord:222222222222', 'discord:999999999999'],
      { discord: made.publisher },
      { logger, sleep: time.sleep, attempts: 2 },
    );
    const { by } = await run();
    expect(by['discord:111111111111']).toMatchObject({ status: 'sent' });
    expect(by['discord:222222222222']).toMatchObject({ status: 'sent' });
    expect(by['discord:999999999999']).toMatchObject({
      status: 'failed',
      permanent: true,
      error: expect.stringContaining('does not exist'),
    });

    const posted = (id: string) =>
      fake!.messagesTo(new RegExp(`/channels/${id}/messages$`)).filter((r) => r.method === 'POST');
    const accepted = (id: string) =>
      fake!.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${id}/messages`));
    expect(posted('111111111111').length).toBeGreaterThanOrEqual(1);
    // The rate-limited channel: the refused request, then the same message once more.
    expect(accepted('222222222222').length).toBe(posted('111111111111').length + 1);
    for (const r of [...posted('111111111111'), ...posted('222222222222')])
      expect(r.body.allowed_mentions).toMatchObject({ parse: [] });
    expect(JSON.stringify(posted('111111111111'))).toContain('Story a');
    expect(store.deliveries.failures().map((f) => [f.destination, f.permanent])).toEqual([
      ['discord:999999999999', true],
    ]);

    // The scheduler's idempotency key reaches Discord as the message nonce, enforced, so a re-sent post (here the
    // one refused with 429; after a crash, the same slot again) is deduplicated by Discord instead of doubled.
    const records = store.deliveries.lastPerDestination('d');
    const keys = ['111111111111', '222222222222'].map((id) => {
      const record = records.find((r) => r.destination === `discord:${id}`)!;
      const key = idempotencyKey(record);
      expect(key).toMatch(/^g[\w-]{24}$/);
      expect(accepted(id).length).toBeGreaterThanOrEqual(1);
      for (const r of accepted(id)) expect(r.body).toMatchObject({ nonce: key, enforce_nonce: true });
      return key;
    });
    expect(new Set(keys).size).toBe(2);
  });
});
