import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/seed.js';
import { runNode } from '../helpers/run-cli.js';

// Issue #11, deliverable 1: the last-resort boundary the running bot installs (src/main.ts). In a real Node process
// (a child: a test must not raise process-level events in the runner): an unhandled rejection is logged and the
// process keeps serving; an uncaught exception is logged at fatal level, the orderly stop runs, and the process
// exits with code 70 for its supervisor, also when the stop hangs (bounded by FATAL_STOP_MS, or the `stopMs` given).
// Each case is its own process in its own folder, so they run side by side.

const dist = (p: string) => pathToFileURL(path.join(REPO_ROOT, 'dist', p)).href;

function script(body: string): string {
  return `
import { installLastResort } from '${dist('process/last-resort.js')}';
import { createLogger } from '${dist('log/logger.js')}';
const logger = createLogger('info', process.stderr);
${body}
`;
}

const run = (body: string) =>
  runNode(['--input-type=module', '-e', script(body)], { cwd: mkdtempSync(path.join(tmpdir(), 'govai-lr-')) });
const logLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string });

describe.concurrent('the last-resort boundary (real process)', () => {
  it('an unhandled rejection is logged and the process keeps serving', async () => {
    const r = await run(`
installLastResort(logger, { exit: (code) => { console.log('exit ' + code); process.exit(code); } });
Promise.reject(new Error('nobody awaited this'));
setTimeout(() => { console.log('still serving'); process.exit(0); }, 200);
`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('still serving');
    expect(r.stdout).not.toContain('exit 70');
    const line = logLines(r.stderr).find((l) => l.msg.startsWith('unhandled promise rejection'));
    expect(line?.level).toBe(50);
    expect(r.stderr).toContain('nobody awaited this');
  });

  it('an uncaught exception is logged (fatal), the stop runs, and the process exits with code 70', async () => {
    const r = await run(`
installLastResort(logger, { stop: async () => { console.log('stopped'); } });
setTimeout(() => { throw new Error('half way through'); }, 10);
setTimeout(() => { console.log('should not get here'); }, 10_000);
`);
    expect(r.code).toBe(70);
    expect(r.stdout).toContain('stopped');
    expect(r.stdout).not.toContain('should not get here');
    const line = logLines(r.stderr).find((l) => l.msg.startsWith('uncaught exception'));
    expect(line?.level).toBe(60);
    expect(r.stderr).toContain('half way through');
  });

  it('exits with code 70 even when the orderly stop never finishes', async () => {
    const r = await run(`
installLastResort(logger, { stop: () => new Promise(() => { console.log('stop hangs'); }), stopMs: 100 });
setTimeout(() => { throw new Error('boom'); }, 10);
setInterval(() => undefined, 1_000);
`);
    expect(r.code).toBe(70);
    expect(r.stdout).toContain('stop hangs');
  });
});
