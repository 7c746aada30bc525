// Cold start of `npm start` (node dist/main.js) with no platform configured: stdin is empty, so the
// console adapter prints the latest briefing and exits. Times to first output and to exit, median of 5.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ms, ROOT } from '../lib/common.mjs';

export const name = 'startup';

function once() {
  const home = mkdtempSync(join(tmpdir(), 'govai-bench-'));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstOutput;
    const env = {
      ...process.env,
      GOVAI_DB: join(home, 'govai.db'),
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      DISCORD_TOKEN: '',
      DISCORD_APPLICATION_ID: '',
    };
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => {
      firstOutput ??= performance.now() - t0;
    });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ code, firstOutput: firstOutput ?? Number.NaN, exit: performance.now() - t0 });
    });
  });
}

export async function run() {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await once());
  const codes = [...new Set(runs.map((r) => r.code))].join(',');
  return [
    {
      title: 'Cold start: `node dist/main.js < /dev/null` (console only, seed briefings)',
      columns: ['measure', 'median of 5', 'min', 'exit code'],
      rows: [
        [
          'to first output (briefing printed: ready)',
          ms(median(runs.map((r) => r.firstOutput))),
          ms(Math.min(...runs.map((r) => r.firstOutput))),
          codes,
        ],
        ['to exit', ms(median(runs.map((r) => r.exit))), ms(Math.min(...runs.map((r) => r.exit))), codes],
      ],
      notes: [
        'Slack and Discord are off (their env vars emptied), so neither SDK is loaded; GOVAI_DB points at a fresh temporary file.',
      ],
    },
  ];
}
