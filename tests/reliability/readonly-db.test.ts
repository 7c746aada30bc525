import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, runNode } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

// Issue #11: a read-only database stopped start-up with "attempt to write a readonly database", naming no file
// (SQLite opens a read-only file for reading without a word; the first write came later, outside the store's
// error translation). Through the real process. As root, chmod does not stop writes, so the file is made
// read-only with a read-only bind mount in a private mount namespace (`unshare -rm`); otherwise chmod 0444.
const root = process.getuid?.() === 0;
const canUnshare = root && spawnSync('unshare', ['-rm', 'true']).status === 0;

describe('read-only database', () => {
  it.skipIf(root && !canUnshare)('start-up stops with a message naming the file and GOVAI_DB', async () => {
    const { dir } = tempProject();
    mkdirSync(path.join(dir, 'data'));
    const db = path.join(dir, 'data', 'govai.db');
    const env = { GOVAI_DB: db };
    const created = await runNode([MAIN, 'list'], { cwd: dir, env });
    expect(created.code).toBe(0);
    expect(existsSync(db)).toBe(true);

    let result: Awaited<ReturnType<typeof runNode>>;
    if (canUnshare) {
      const script = 'mount --bind -o ro "$1" "$1" && exec "$2" "$3" list';
      const child = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', db, process.execPath, MAIN], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      result = { code: child.status, stdout: child.stdout, stderr: child.stderr };
    } else {
      chmodSync(db, 0o444);
      chmodSync(path.dirname(db), 0o555);
      try {
        result = await runNode([MAIN, 'list'], { cwd: dir, env });
      } finally {
        chmodSync(path.dirname(db), 0o755);
      }
    }
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(db);
    expect(result.stderr).toContain('GOVAI_DB');
    expect(result.stderr).toMatch(/read-only/);
  });
});
