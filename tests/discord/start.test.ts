import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { FAKE_IDS, slashInteraction, startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { SEED_TITLE, tempProject, waitFor } from '../helpers/seed.js';
import { forToken } from './harness.js';

// The composition root: `npm start` (main) starts the Discord adapter when DISCORD_TOKEN and
// DISCORD_APPLICATION_ID are set, and /govai works end to end.

describe('main starts Discord when configured', () => {
  let fake: FakeDiscord;
  let running: Promise<number>;
  const stop = new AbortController();
  beforeAll(async () => {
    fake = await startFakeDiscord();
    const { dir } = tempProject();
    running = main({
      cwd: dir,
      env: {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: FAKE_IDS.app,
        DISCORD_API_URL: fake.apiUrl,
        GOVAI_DB: ':memory:',
        GOVAI_CONSOLE: '0',
        LOG_LEVEL: 'silent',
      },
      stop: stop.signal,
    });
  });
  afterAll(async () => {
    // The stop option, not process.emit('SIGTERM'): in a shared worker that would run the runner's own listener too.
    stop.abort();
    expect(await running).toBe(0);
    await fake.close();
  }, 30_000);

  it('connects to the gateway and answers /govai summary', async () => {
    await waitFor(() => (fake.identifies.length > 0 ? true : undefined), 15_000, 'IDENTIFY');
    const i = slashInteraction('summary');
    fake.dispatch('INTERACTION_CREATE', i);
    const [callback] = await waitFor(
      () => (forToken(fake, i.token).length > 0 ? forToken(fake, i.token) : undefined),
      15_000,
      'reply',
    );
    expect(callback!.body.data.embeds[0].title).toBe(SEED_TITLE);
  });
});
