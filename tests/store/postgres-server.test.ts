import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usesPostgres } from '../helpers/postgres-server.js';
import { REPO_ROOT } from '../helpers/seed.js';

// The run's PostgreSQL server starts as the run begins only when a file of the run will ask for it
// (tests/helpers/postgres-server.ts): the files that reach postgres.ts, directly or through a helper.

const file = (f: string) => path.join(REPO_ROOT, f);

describe('which runs start the PostgreSQL server early', () => {
  it('a file that imports postgres.ts, or a helper that does, needs it', () => {
    expect(usesPostgres([file('tests/store/plan-race.test.ts')])).toBe(true);
    // Through tests/replicas/servers.ts.
    expect(usesPostgres([file('tests/replicas/socket-mode.test.ts')])).toBe(true);
    expect(usesPostgres([file('tests/time.test.ts'), file('tests/store/plan-race.test.ts')])).toBe(true);
  });

  it('files that never reach it (nor does src/) do not', () => {
    expect(usesPostgres([file('tests/time.test.ts')])).toBe(false);
    expect(usesPostgres([file('tests/slack/model-answers.test.ts'), file('tests/store/postgres-server.test.ts')])).toBe(
      false,
    );
    expect(usesPostgres([])).toBe(false);
  });
});
