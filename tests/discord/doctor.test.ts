import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { discordCheck } from '../../src/doctor/discord-check.js';
import { DOCTOR_CHECKS } from '../../src/doctor/checks.js';
import { silentLogger } from '../../src/log/logger.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/fake-discord.js';
import { tempProject } from '../helpers/seed.js';

// `govai doctor` for Discord against the fake REST API: what is wrong, and what to do about it.

const FORBIDDEN = '500000000000000001';
const MISSING = '500000000000000002';

async function run(fake: FakeDiscord, env: Record<string, string> = {}, config?: string) {
  const channels = [FAKE_IDS.channel, FORBIDDEN, MISSING].map((c) => `"discord:${c}"`).join(', ');
  const { dir } = tempProject({
    'govai.config.yaml': config ?? `digests:\n  - id: weekly\n    cron: "0 9 * * 1"\n    to: [${channels}]\n`,
  });
  const loaded = loadConfig(
    {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: FAKE_IDS.app,
      DISCORD_GUILD_ID: FAKE_IDS.guild,
      DISCORD_API_URL: fake.apiUrl,
      GOVAI_DB: ':memory:',
      ...env,
    },
    dir,
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
  return discordCheck.run(ctx);
}

describe('govai doctor: discord', () => {
  let fake: FakeDiscord | undefined;
  const start = async (options: FakeDiscordOptions = {}) => (fake = await startFakeDiscord(options));
  afterEach(async () => fake?.close());

  it('is one of the doctor checks', () => {
    expect(DOCTOR_CHECKS).toContain(discordCheck);
  });

  it('checks the token, the application, the intent, registration and every configured channel', async () => {
    const f = await start({ forbiddenChannels: [FORBIDDEN], applicationFlags: 0 });
    const findings = await run(f);
    const by = (area: string) => findings.find((x) => x.area === area);
    expect(by('discord token')).toMatchObject({ status: 'ok' });
    expect(by('discord application')).toMatchObject({ status: 'ok' });
    expect(by('discord intents')).toMatchObject({ status: 'warn' });
    expect(by('discord intents')!.fix).toMatch(/Message Content Intent/);
    expect(by('discord commands')).toMatchObject({ status: 'warn' });
    expect(by('discord commands')!.fix).toMatch(/govai discord register/);
    expect(by(`discord channel ${FAKE_IDS.channel}`)).toMatchObject({ status: 'ok' });
    expect(by(`discord channel ${FORBIDDEN}`)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/Missing Access 50001/),
    });
    expect(by(`discord channel ${FORBIDDEN}`)!.fix).toMatch(/View Channel/);
    expect(by(`discord channel ${MISSING}`)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/Unknown Channel 10003/),
    });
    expect(f.requests.find((r) => r.path === '/api/v10/users/@me')!.headers.authorization).toBe('Bot fake-token');
  });

  it('says the intent is fine when enabled, and when the token is rejected says how to fix it', async () => {
    const f = await start({ applicationFlags: 1 << 19 });
    const ok = await run(f, {}, 'triggers:\n  cooldownSeconds: 60\n');
    expect(ok.find((x) => x.area === 'discord intents')).toMatchObject({ status: 'ok' });
    f.script({ method: 'GET', path: /\/users\/@me$/, status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const bad = await run(f, {}, 'triggers:\n  cooldownSeconds: 60\n');
    expect(bad).toEqual([
      expect.objectContaining({ area: 'discord token', status: 'fail', fix: expect.stringMatching(/Reset Token/) }),
    ]);
  });

  it('flags a wrong DISCORD_APPLICATION_ID', async () => {
    const f = await start();
    const findings = await run(
      f,
      { DISCORD_APPLICATION_ID: '123456789012345678' },
      'triggers:\n  cooldownSeconds: 60\n',
    );
    expect(findings.find((x) => x.area === 'discord application')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/belongs to application/),
    });
  });
});
