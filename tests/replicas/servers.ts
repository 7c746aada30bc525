import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';

/** A real PostgreSQL and the fake Slack Web API for one replica test file, started before and stopped after it. */
export function useReplicaServers(options: { slack?: boolean } = {}): { pg: TestPostgres; slack: FakeSlackApi } {
  const servers = {} as { pg: TestPostgres; slack: FakeSlackApi };
  beforeAll(async () => {
    const [pg, slack] = await Promise.all([
      startTestPostgres(),
      options.slack === false ? Promise.resolve(undefined) : startFakeSlackApi(),
    ]);
    servers.pg = pg;
    if (slack) servers.slack = slack;
  }, 120_000);
  afterAll(async () => {
    await servers.slack?.close();
    await servers.pg?.stop();
  }, 60_000);
  return servers;
}

/** The environment of one replica: the shared database, its own name, and a SQLite path of its own it must not use. */
export function replicaEnv(
  databaseUrl: string,
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    GOVAI_CONSOLE: '0',
    GOVAI_DATABASE_URL: databaseUrl,
    GOVAI_DB: path.join(mkdtempSync(path.join(tmpdir(), `govai-${name}-`)), 'govai.db'),
    GOVAI_REPLICA_ID: name,
    LOG_LEVEL: 'info',
    ...extra,
  };
}
