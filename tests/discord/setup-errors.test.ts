import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/start.js';
import { createAppContext } from '../../src/app/context.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { runNode, MAIN } from '../helpers/run-cli.js';
import { unusedPort } from '../helpers/net.js';
import { tempProject } from '../helpers/seed.js';

// Start-up and `govai discord register` failures name the setting to fix: DISCORD_API_URL (with the URL) when the
// API cannot be reached, DISCORD_TOKEN on 401, DISCORD_APPLICATION_ID / DISCORD_GUILD_ID when registration is refused.

const TOKEN = 'secret-token-never-printed';

async function start(apiUrl: string): Promise<Error> {
  const { dir } = tempProject();
  const loaded = loadConfig(
    { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.app, DISCORD_API_URL: apiUrl, GOVAI_DB: ':memory:' },
    dir,
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const ctx = await createAppContext({ config: loaded.config, logger: createLogger('silent') });
  return startDiscord(ctx, loaded.config.env.discord!).then(
    async (adapter) => {
      await adapter.stop();
      throw new Error('startDiscord should have failed');
    },
    (error: Error) => error,
  );
}

async function register(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(['discord', 'register', ...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    env: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: FAKE_IDS.app, GOVAI_DB: ':memory:', ...env },
    cwd: tempProject().dir,
  });
  return { code, out, err };
}

describe('Discord start-up errors name the setting', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => fake?.close());

  it('an unreachable API names DISCORD_API_URL and the URL', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}/api`;
    const error = await start(url);
    expect(error.message).toContain(`cannot reach the Discord API at ${url}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toMatch(/check DISCORD_API_URL \(http:\/\/127\.0\.0\.1:\d+\/api\)/);
  }, 30_000);

  it('a rejected token names DISCORD_TOKEN and never prints it', async () => {
    fake.script({
      method: 'GET',
      path: /\/gateway\/bot$/,
      status: 401,
      body: { message: '401: Unauthorized', code: 0 },
    });
    const error = await start(fake.apiUrl);
    expect(error.message).toMatch(/Discord rejected the bot token \(401\): check DISCORD_TOKEN/);
    expect(error.message).not.toContain(TOKEN);
    expect(fake.identifies).toHaveLength(0);
  }, 30_000);

  it('`node dist/main.js` prints the unreachable API as one line naming DISCORD_API_URL, exit 1', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}/api`;
    const { dir } = tempProject();
    const r = await runNode([MAIN], {
      cwd: dir,
      env: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: FAKE_IDS.app,
        DISCORD_API_URL: url,
        GOVAI_DB: ':memory:',
        GOVAI_CONSOLE: '0',
        LOG_LEVEL: 'silent',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^govai: cannot reach the Discord API at ${url.replace(/[.]/g, '\\.')} .*check DISCORD_API_URL`),
      ),
    ]);
    expect(r.stderr).not.toContain(TOKEN);
  }, 40_000);
});

describe('`govai discord register` errors name the setting', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => fake?.close());

  it('a connection failure is not "Discord refused": it names DISCORD_API_URL and the URL', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}/api`;
    const r = await register(['--global'], { DISCORD_API_URL: url });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^govai discord register: cannot reach the Discord API at ${url.replace(/[.]/g, '\\.')} \\(connect ` +
          `ECONNREFUSED [^)]*\\): check DISCORD_API_URL`,
      ),
    );
    expect(r.err).not.toMatch(/refused the registration/);
  }, 30_000);

  it('401 names DISCORD_TOKEN', async () => {
    fake.script({ method: 'PUT', path: /\/commands$/, status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const r = await register(['--global'], { DISCORD_API_URL: fake.apiUrl });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^govai discord register: Discord rejected the bot token \(401\): check DISCORD_TOKEN/);
    expect(r.err).not.toContain(TOKEN);
  });

  it('403 Missing Access on a guild names DISCORD_GUILD_ID and the guild', async () => {
    fake.script({
      method: 'PUT',
      path: /\/guilds\/\d+\/commands$/,
      status: 403,
      body: { message: 'Missing Access', code: 50001 },
    });
    const r = await register(['--guild', FAKE_IDS.guild], { DISCORD_API_URL: fake.apiUrl });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `Discord answered 403 (50001: Missing Access): the application is not in guild ${FAKE_IDS.guild}: ` +
        `check DISCORD_GUILD_ID`,
    );
  });

  it('404 Unknown Guild from DISCORD_GUILD_ID names DISCORD_GUILD_ID', async () => {
    fake.script({
      method: 'PUT',
      path: /\/guilds\/\d+\/commands$/,
      status: 404,
      body: { message: 'Unknown Guild', code: 10004 },
    });
    const r = await register([], { DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: '999999999999999999' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('the application is not in guild 999999999999999999: check DISCORD_GUILD_ID');
  });

  it('404 Unknown Application and 403 on the global route name DISCORD_APPLICATION_ID', async () => {
    fake.script({
      method: 'PUT',
      path: /\/commands$/,
      status: 404,
      body: { message: 'Unknown Application', code: 10002 },
    });
    const notFound = await register(['--global'], { DISCORD_API_URL: fake.apiUrl });
    expect(notFound.code).toBe(1);
    expect(notFound.err).toContain(
      `Discord answered 404 (10002: Unknown Application): check DISCORD_APPLICATION_ID (${FAKE_IDS.app})`,
    );
    fake.script({ method: 'PUT', path: /\/commands$/, status: 403, body: { message: 'Missing Access', code: 50001 } });
    const forbidden = await register(['--global'], { DISCORD_API_URL: fake.apiUrl });
    expect(forbidden.err).toMatch(/Discord answered 403 \(50001: Missing Access\): check DISCORD_APPLICATION_ID/);
  });
});
