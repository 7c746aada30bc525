import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsBody } from '../../src/adapters/discord/commands.js';
import { runCli } from '../../src/cli/main.js';
import { COMMAND_SPECS } from '../../src/core/commands.js';
import { FAKE_IDS, startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.js';
import { tempProject } from '../helpers/seed.js';
import { startHarness } from './harness.js';

// `govai discord register` and register-on-start, against the fake REST API.

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const { dir } = tempProject();
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    env,
    cwd: dir,
  });
  return { code, out, err };
}

describe('discord command registration', () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    env = {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: FAKE_IDS.app,
      DISCORD_API_URL: fake.apiUrl,
      GOVAI_DB: ':memory:',
    };
  });
  afterAll(async () => fake?.close());

  it('`govai discord register --guild <id>` PUTs the command JSON to the guild route', async () => {
    const result = await cli(['discord', 'register', '--guild', FAKE_IDS.guild], env);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Registered \/govai for guild \d+ \(available now\)/);
    const [put] = fake.requests.filter((r) => r.method === 'PUT');
    expect(put!.path).toBe(`/api/v10/applications/${FAKE_IDS.app}/guilds/${FAKE_IDS.guild}/commands`);
    expect(put!.headers.authorization).toBe('Bot fake-token');
    expect(put!.body).toEqual(commandsBody());
    const govai = put!.body[0];
    expect(govai.name).toBe('govai');
    expect(govai.options.map((o: { name: string }) => o.name)).toEqual(COMMAND_SPECS.map((s) => s.name));
    const summary = govai.options.find((o: { name: string }) => o.name === 'summary');
    expect(summary.options[0]).toMatchObject({ name: 'briefing', type: 3, required: false, autocomplete: true });
    const ask = govai.options.find((o: { name: string }) => o.name === 'ask');
    expect(ask.options[0]).toMatchObject({ name: 'question', type: 3, required: true });
  });

  it('--global uses the application route', async () => {
    const result = await cli(['discord', 'register', '--global'], env);
    expect(result.code).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'PUT').at(-1)!.path).toBe(
      `/api/v10/applications/${FAKE_IDS.app}/commands`,
    );
  });

  it('says what is missing: no guild, no token, a bad guild id', async () => {
    expect((await cli(['discord', 'register'], env)).err).toMatch(
      /give --guild <id> \(or set DISCORD_GUILD_ID\), or --global/,
    );
    expect((await cli(['discord', 'register', '--guild', 'abc'], env)).err).toMatch(/--guild must be a numeric guild/);
    const noToken = await cli(['discord', 'register', '--global'], { GOVAI_DB: ':memory:' });
    expect(noToken.code).not.toBe(0);
    expect(noToken.err).toMatch(/set DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });

  it('npm start registers to DISCORD_GUILD_ID when discord.registerCommandsOnStart is true', async () => {
    const h = await startHarness({ config: 'discord:\n  registerCommandsOnStart: true\n' });
    try {
      const put = h.fake.requests.find((r) => r.method === 'PUT');
      expect(put?.path).toBe(`/api/v10/applications/${FAKE_IDS.app}/guilds/${FAKE_IDS.guild}/commands`);
    } finally {
      await h.close();
    }
  });
});
