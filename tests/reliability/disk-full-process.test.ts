import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { govai, MAIN } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// The disk fills while a digest is being posted, through the real process (`node dist/main.js`) and a real
// mechanism: the fake Slack carries the posts out and holds its answers; meanwhile the bot's file-size limit is
// lowered to 1 KB (prlimit on the running process; SIGXFSZ is ignored, inherited across exec, so every write at an
// offset past the limit fails with EFBIG, which SQLite reports as an I/O error, SQLITE_IOERR). The answers then
// arrive: each digest is in its channel once, the log says "posted, but recording it as sent failed" (never
// "nothing was sent" for that run), `govai doctor` (another process) shows the running bot's stop, and the next runs
// send nothing to those destinations. The digest runs every second (node-cron's six-field syntax, which the
// config accepts), so the next run comes a second after the failure instead of at the next minute; the status file
// doctor reads is written as the stop happens, so doctor shows it on its first run.

const CHANNELS = ['C0000000021', 'C0000000022'];
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
});

const lines = (stderr: string) =>
  stderr.split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('the disk fills between a digest post and its record (real process)', () => {
  it('posts each digest once, logs it as posted-but-unrecorded, and stops sends to those destinations', async () => {
    const fake = await startFakeSlackApi();
    cleanups.push(() => fake.close());
    const answers = fake.holdAnswers('chat.postMessage', CHANNELS.length);
    const project = tempProject();
    const config = path.join(project.dir, 'full.config.yaml');
    writeFileSync(
      config,
      `digestDays: 365\ndigests:\n  - id: full\n    cron: "* * * * * *"\n    timezone: UTC\n    to: ` +
        `[${CHANNELS.map((c) => `slack:${c}`).join(', ')}]\n    catchUpMinutes: 60\n`,
    );
    const env = {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-full-test',
      SLACK_SIGNING_SECRET: 'full-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      GOVAI_CONSOLE: '0',
      GOVAI_DB: path.join(project.dir, 'state', 'govai.db'),
      GOVAI_BRIEFINGS_DIR: project.briefingsDir,
      GOVAI_CONFIG: config,
      LOG_LEVEL: 'info',
    };
    // `exec` keeps the pid: the limit is set on the bot itself.
    const child = spawn('bash', ['-c', 'trap "" XFSZ; exec "$0" "$1"', process.execPath, MAIN], {
      cwd: project.dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
    });
    await waitFor(() => (fake.posts.length >= CHANNELS.length ? true : undefined), 30_000, 'both posts').catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${stderr}`);
      },
    );
    // The posts are in the channels, their answers not yet back: the disk "fills" now.
    execFileSync('prlimit', ['--pid', String(child.pid), '--fsize=1024:unlimited']);
    answers.release();

    const unrecorded = () =>
      lines(stderr).filter((l) => /digest was posted, but recording it as sent failed/.test(String(l.msg)));
    await waitFor(
      () => (unrecorded().length >= CHANNELS.length ? true : undefined),
      20_000,
      'the posted-but-unrecorded lines',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    expect(
      unrecorded()
        .map((l) => l.destination)
        .sort(),
    ).toEqual(CHANNELS.map((c) => `slack:${c}`));
    expect(String(unrecorded()[0]!.error)).toMatch(/SQLITE_(IOERR|FULL)/);
    // The run that posted never says it sent nothing (a later run, whose own record cannot be written, may).
    const posted = unrecorded()[0]!.slot;
    expect(lines(stderr).filter((l) => l.slot === posted && /nothing was sent/.test(String(l.msg)))).toEqual([]);

    // govai doctor, a separate process: the stop lives in the bot's memory, and in its status file beside the database.
    const doctor = await waitFor(
      async () => {
        const r = await govai(['doctor'], { cwd: project.dir, env });
        return /the running bot \(pid \d+\) stopped digest sends here/.test(r.stdout + r.stderr) ? r : undefined;
      },
      20_000,
      'govai doctor to show the stop',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    const out = doctor.stdout + doctor.stderr;
    for (const channel of CHANNELS) expect(out).toContain(`digest -> slack:${channel}`);
    expect(out).toMatch(/recording it as sent failed \(SQLITE_(IOERR|FULL)/);
    expect(doctor.code).not.toBe(0);

    // The next run: those destinations get nothing, and the log says why.
    await waitFor(
      () => (/not sent: the delivery log cannot be written/.test(stderr) ? true : undefined),
      20_000,
      'the next run stopped by the guard',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    for (const channel of CHANNELS) expect(fake.posts.filter((p) => p.channel === channel)).toHaveLength(1);
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
  }, 90_000);
});
