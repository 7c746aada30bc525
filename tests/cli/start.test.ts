import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAIN, runNode } from '../helpers/run-cli.js';
import { SEED_TITLE, tempProject, waitFor } from '../helpers/seed.js';

// `npm start` runs dist/main.js; with no Slack or Discord settings it opens the local console.
// Each case runs its own process in its own temp project (its own store: two bots on one database file would
// refuse each other), so they run side by side.
describe.concurrent('npm start without tokens: the local console', () => {
  const project = () => tempProject({ 'govai.config.yaml': 'triggers:\n  cooldownSeconds: 600\n' }).dir;

  it('prints the latest briefing and exits 0 when stdin is empty', async () => {
    const r = await runNode([MAIN], { cwd: project() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`# ${SEED_TITLE}`);
    expect(r.stdout).toContain('Key points:');
  });

  it('answers /govai commands and keyword questions from piped lines, then exits 0', async () => {
    const input = [
      '/govai ask What is Constitutional AI?',
      'What is Constitutional AI?',
      'What is Constitutional AI?',
      'lunch anyone?',
      '/govai list',
      '/govai frobnicate',
    ].join('\n');
    const r = await runNode([MAIN], { cwd: project(), input });
    expect(r.code).toBe(0);
    const answers = r.stdout.match(/^> .*builds specific behavioral rules into Claude.*$/gm) ?? [];
    // The command and the first keyword question answer; the repeat is inside the cooldown; lunch is silent.
    expect(answers).toHaveLength(2);
    expect(r.stdout).toContain('Why I answered: your message mentions “Constitutional AI”.');
    expect(r.stdout).toMatch(/anthropic-intelligence-agencies\s+2026-11-20/);
    expect(r.stdout).toContain('Unknown command "frobnicate"');
  });

  it('stops with one message naming every bad setting', async () => {
    const r = await runNode([MAIN], { cwd: project(), env: { SLACK_BOT_TOKEN: 'bad', DISCORD_TOKEN: 'x', PORT: 'x' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/govai cannot start; fix these settings:/);
    for (const v of ['SLACK_BOT_TOKEN', 'PORT']) expect(r.stderr).toContain(v);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('with SLACK_BOT_TOKEN alone stops before starting, naming the signing secret (the CLI can post without it)', async () => {
    const r = await runNode([MAIN], { cwd: project(), env: { SLACK_BOT_TOKEN: 'xoxb-alone', GOVAI_DB: ':memory:' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'govai cannot start; fix these settings:\n  - SLACK_SIGNING_SECRET: is missing (needed to verify ' +
        'requests from Slack in HTTP mode; set SLACK_APP_TOKEN instead for Socket Mode)\n',
    );
    expect(r.stdout).toBe(''); // not the console: the user asked for Slack
  });

  it('ends the console on Ctrl+C (SIGINT) with exit code 0, even while stdin stays open', async () => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: project(),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(
      () => (stdout.includes('Key points:') ? true : undefined),
      20_000,
      'the console to print the briefing',
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
