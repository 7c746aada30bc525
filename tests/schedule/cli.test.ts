import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/store/store.js';
import { SEED_TITLE, tempProject } from '../helpers/seed.js';
import { manualTime } from '../helpers/manual-time.js';

// The CLI in-process with its own IO (what `govai ...` runs), against a temp project and database.

// The CLI's clock: a manual one from the real now, stepped, never slept on.
const time = manualTime({ startMs: Date.now() });

async function govai(args: string[], env: Record<string, string>, cwd: string) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([]),
    env: { GOVAI_CONSOLE: '0', LOG_LEVEL: 'silent', ...env },
    cwd,
    time,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function project(config: string) {
  const p = tempProject({ 'govai.config.yaml': config });
  const db = path.join(p.dir, 'data', 'govai.db');
  return { cwd: p.dir, db, env: { GOVAI_DB: db } };
}

// digestDays: a destination's first digest reaches back 30 days, so the seed briefing (2026-11-20) is in it.
const CONFIG = `digestDays: 30
digests:
  - id: morning
    cron: "0 9 * * 1-5"
    timezone: America/New_York
    to: [console, discord:112233445566778899]
    catchUpMinutes: 30
  - id: evening
    cron: "30 18 * * *"
    timezone: Europe/Paris
    to: [console]
`;

describe('govai schedule', () => {
  it(
    'lists each digest with its next three runs in its time zone, and "never" before any delivery, without ' +
      'creating the database',
    async () => {
      const p = project(CONFIG);
      const r = await govai(['schedule'], p.env, p.cwd);
      expect(r.code).toBe(0);
      expect(r.stdout.match(/\d{4}-\d\d-\d\d 09:00 E[SD]T \(America\/New_York\)/g)).toHaveLength(3);
      expect(r.stdout.match(/\d{4}-\d\d-\d\d 18:30 (?:CES?T|GMT\+[12]) \(Europe\/Paris\)/g)).toHaveLength(3);
      expect(r.stdout).toMatch(/discord:112233445566778899\s+never/);
      expect(existsSync(p.db)).toBe(false);
      const json = JSON.parse((await govai(['schedule', '--format', 'json'], p.env, p.cwd)).stdout);
      expect(json[0]).toMatchObject({ id: 'morning', timezone: 'America/New_York' });
      expect(json[0].next).toHaveLength(3);
      const local = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      for (const n of json[0].next as string[])
        expect(local.format(new Date(n))).toMatch(/^(Mon|Tue|Wed|Thu|Fri),? 09:00$/);
    },
  );

  it('says clearly when the database is corrupt', async () => {
    const p = project(CONFIG);
    await govai(['digest', '--to', 'console', '--now'], p.env, p.cwd);
    writeFileSync(p.db, 'garbage'.repeat(1000));
    const r = await govai(['schedule'], p.env, p.cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot use the database ${p.db} (GOVAI_DB)`);
  });
});

describe('govai digest --to/--now/--dry-run', () => {
  it('--dry-run prints what would be sent and writes nothing', async () => {
    const p = project(CONFIG);
    const r = await govai(['digest', '--to', 'console', '--dry-run'], p.env, p.cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- morning -> console: would send 1 briefing');
    expect(r.stdout).toContain(SEED_TITLE);
    expect(existsSync(p.db)).toBe(false);
  });

  it('--now sends once, is recorded like a scheduled run, and the next --now has nothing new', async () => {
    const p = project(CONFIG);
    const first = await govai(['digest', '--to', 'console', '--now'], p.env, p.cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(SEED_TITLE);
    expect(first.stderr).toContain('sent morning to console: 1 briefing');
    const store = openStore(p.db, { readonly: true });
    expect(store.deliveries.lastPerDestination('morning')).toEqual([
      expect.objectContaining({
        destination: 'console',
        status: 'sent',
        trigger: 'manual',
        briefingIds: ['anthropic-intelligence-agencies'],
      }),
    ]);
    store.close();

    await time.advance(1_000); // a new second: a new manual slot
    const second = await govai(['digest', '--to', 'console', '--now'], p.env, p.cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain(SEED_TITLE);
    expect(second.stderr).toContain('skipped console: nothing new');
    const dry = await govai(['digest', '--to', 'console', '--dry-run'], p.env, p.cwd);
    expect(dry.stdout).toContain('nothing new, would skip');

    const listed = await govai(['schedule'], p.env, p.cwd);
    expect(listed.stdout).toMatch(/console\s+(sent 1 briefing|skipped, nothing new) \(slot .*, manual\)/);
  });

  it('a destination whose platform is not configured fails clearly and shows up in govai doctor', async () => {
    const p = project(CONFIG);
    const r = await govai(['digest', '--to', 'discord:112233445566778899', '--now'], p.env, p.cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Discord is not configured');
    expect(r.stderr).toMatch(/FAILED discord:112233445566778899: discord is not configured/i);
    const doctor = await govai(['doctor'], p.env, p.cwd);
    expect(doctor.stdout).toMatch(
      /\[FAIL\] digest morning -> discord:112233445566778899: cannot deliver .*discord is not configured/i,
    );
    expect(doctor.stdout).toContain('fix: set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  });

  it('rejects a malformed destination, naming the option', async () => {
    const p = project(CONFIG);
    const r = await govai(['digest', '--to', 'matrix:general', '--now'], p.env, p.cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^govai digest: --to must be "console", "slack:<channel id>"/);
  });

  it(
    'every bad --to/--digest value is one line naming the flag and the expected form, exit 2, even with no ' +
      'digests configured',
    async () => {
      const empty = project('digestDays: 30\n');
      const configured = project(CONFIG);
      const cases: Array<[typeof empty, string[], RegExp]> = [
        // No digests configured: the ad-hoc digest used to be built from the raw value and dumped a ZodError.
        [
          empty,
          ['--to', 'matrix:general', '--now'],
          /^govai digest: --to must be "console", "slack:<channel id>" \(e\.g\. slack:C0123456789\), "discord:<channel id>" or "teams:<conversation id>" \(e\.g\. teams:19:abc@thread\.tacv2\) \(got "matrix:general"\)$/,
        ],
        [empty, ['--to', '', '--dry-run'], /^govai digest: --to must be "console", .*\(got ""\)$/],
        [
          empty,
          ['--to', 'slack:general', '--now'],
          /^govai digest: --to must be "console", .*\(got "slack:general"\)$/,
        ],
        [
          configured,
          ['--to', 'discord:abc', '--dry-run'],
          /^govai digest: --to must be "console", .*\(got "discord:abc"\)$/,
        ],
        [
          empty,
          ['--digest', 'Morning Digest', '--now'],
          /^govai digest: --digest must be a digest id from govai\.config\.yaml \(lowercase letters, digits and dashes, e\.g\. morning\) \(got "Morning Digest"\)$/,
        ],
        [
          configured,
          ['--digest', 'nightly', '--dry-run'],
          /^govai digest: --digest "nightly" is not a configured digest id \(configured: morning, evening\)$/,
        ],
        [
          empty,
          ['--digest', 'nightly', '--to', 'console', '--now'],
          /^govai digest: --digest "nightly" is not a configured digest id \(configured: none\)$/,
        ],
      ];
      for (const [p, args, message] of cases) {
        const r = await govai(['digest', ...args], p.env, p.cwd);
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
        expect(r.stderr.trimEnd(), args.join(' ')).toMatch(message);
        expect(r.stderr).not.toMatch(/ZodError|"code":|unexpected error/);
        expect(existsSync(p.db)).toBe(false);
      }
    },
  );

  it('without the new flags, still prints briefings since a date', async () => {
    const p = project(CONFIG);
    const r = await govai(['digest', '--since', '2026-01-01'], p.env, p.cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(SEED_TITLE);
    expect(existsSync(p.db)).toBe(false);
  });
});
