import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { loadConfig, parseConfigText } from '../../src/config/load.js';

describe('environment', () => {
  it('runs with no variables at all (the console default)', () => {
    const r = parseEnv({});
    expect(r).toMatchObject({
      ok: true,
      value: { dbPath: './data/govai.db', briefingsDir: './briefings', console: 'auto' },
    });
    if (r.ok) expect(r.value.slack).toBeUndefined();
  });

  it('reports every problem at once, each naming its variable', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: 'nope', DISCORD_TOKEN: 'x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const named = r.problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'PORT', 'LOG_LEVEL']));
  });

  it('reports inconsistent platform settings together', () => {
    const r = parseEnv({ SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DISCORD_APPLICATION_ID', 'SLACK_BOT_TOKEN']);
  });

  it('needs SLACK_SIGNING_SECRET to start in HTTP mode only: Socket Mode (SLACK_APP_TOKEN) has no request to verify', () => {
    const socket = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.ok).toBe(true);
    if (socket.ok) {
      expect(socket.value.startProblems).toBeUndefined();
      expect(socket.value.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1' });
      expect(socket.value.slack?.signingSecret).toBeUndefined();
    }
    const http = parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(http.ok).toBe(true);
    if (http.ok) {
      expect(http.value.slack).toBeUndefined();
      expect(http.value.startProblems).toEqual([
        'SLACK_SIGNING_SECRET: is missing (needed to verify requests from Slack in HTTP mode; ' +
          'set SLACK_APP_TOKEN instead for Socket Mode)',
      ]);
    }
  });

  it('never echoes a secret value in a problem', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: 'secret-value-123', SLACK_SIGNING_SECRET: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join(' ')).not.toContain('secret-value-123');
  });

  it('says a Discord id is 17 to 20 digits, and checks that', () => {
    for (const id of ['123', '1234567890123456', '123456789012345678901', '12345678901234567x']) {
      const r = parseEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: id, DISCORD_GUILD_ID: id });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.problems).toEqual([
          'DISCORD_APPLICATION_ID: must be the application id, 17 to 20 digits (Developer Portal > General ' +
            'Information > Application ID)',
          'DISCORD_GUILD_ID: must be the guild (server) id, 17 to 20 digits (right-click the server > Copy Server ID)',
        ]);
    }
    for (const id of ['12345678901234567', '12345678901234567890'])
      expect(parseEnv({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: id, DISCORD_GUILD_ID: id })).toMatchObject({
        ok: true,
        value: { discord: { applicationId: id, guildId: id } },
      });
  });

  it('enables Slack and Discord when their variables are complete', () => {
    const r = parseEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      PORT: '4000',
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '123456789012345678',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        slack: { port: 4000, apiUrl: 'http://127.0.0.1:9/api/' },
        discord: { applicationId: '123456789012345678' },
      },
    });
  });
});

describe('config file', () => {
  it('names the field path of every problem', () => {
    const r = parseConfigText(
      'digests:\n  - id: morning\n    cron: "not a cron"\n    timezone: Mars/Base\n    to: ' +
        '[slack:lowercase]\ntriggers:\n  cooldownSeconds: -1\nbogus: 1\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('digests.0.cron: "not a cron" is not a valid cron expression');
    expect(text).toContain('digests.0.timezone: "Mars/Base" is not an IANA time zone');
    expect(text).toContain('digests.0.to.0:');
    expect(text).toContain('triggers.cooldownSeconds:');
    expect(text).toContain('unknown field "bogus"');
    const feed = parseConfigText('feeds:\n  - url: ftp://example.com/feed.xml\n');
    expect(feed).toEqual({ ok: false, problems: ['govai.config.yaml: feeds.0.url: must be an http or https URL'] });
  });

  it('applies defaults', () => {
    const r = parseConfigText('digests:\n  - id: m\n    cron: "0 9 * * 1-5"\n    to: [console]\n');
    expect(r).toMatchObject({
      ok: true,
      value: {
        digests: [{ timezone: 'UTC', maxItems: 5, whenEmpty: 'skip', catchUpMinutes: 60 }],
        triggers: { cooldownSeconds: 600, requireQuestion: true },
      },
    });
  });

  it('loadConfig reads GOVAI_CONFIG and reports a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govai-cfg-'));
    writeFileSync(path.join(dir, 'custom.yaml'), 'triggers:\n  terms: [IL6]\n');
    const r = loadConfig({ GOVAI_CONFIG: 'custom.yaml' }, dir);
    expect(r).toMatchObject({
      ok: true,
      config: { file: { triggers: { terms: ['IL6'] } }, briefingsDir: path.join(dir, 'briefings') },
    });
    expect(loadConfig({ GOVAI_CONFIG: 'missing.yaml' }, dir)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^GOVAI_CONFIG: the file .* does not exist/)],
    });
  });

  it('reads a .env file in the working directory; the real environment wins', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govai-dotenv-'));
    writeFileSync(
      path.join(dir, '.env'),
      '# comment\nSLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET="quoted secret"\nPORT=4100\n',
    );
    const fromFile = loadConfig({}, dir);
    expect(fromFile).toMatchObject({
      ok: true,
      config: { env: { slack: { botToken: 'xoxb-from-file', signingSecret: 'quoted secret', port: 4100 } } },
    });
    const overridden = loadConfig({ PORT: '4200' }, dir);
    expect(overridden).toMatchObject({ ok: true, config: { env: { slack: { port: 4200 } } } });
    writeFileSync(path.join(dir, '.env'), 'SLACK_BOT_TOKEN=not-a-bot-token\n');
    const bad = loadConfig({}, dir);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/SLACK_BOT_TOKEN: must start with "xoxb-"/);
  });
});
