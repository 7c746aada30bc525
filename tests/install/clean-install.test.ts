// `npm install` on a fresh clone must print no warning from govai's own tree: no package that
// rejects the Node version (EBADENGINE), no install script npm has not been told to run
// (allowScripts), and none of the bench-only peers, which live in bench/package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const BENCH_PEERS = ['lexrank', 'node-summarizer', 'ts-textrank'];

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a, b, c];
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Enough of semver ranges for the `engines.node` forms in the lock: `||`, `>=`, `>`, `<`, `<=`, `^`, `~`, `x`, `*`. */
function admits(range: string, version: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) => {
    const parts = alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return parts.every((part) => {
      if (part === '*' || part === 'x') return true;
      const m = /^(>=|<=|>|<|\^|~|=)?v?([\dx.]+)$/.exec(part);
      if (!m) throw new Error(`unsupported range part ${part} in ${range}`);
      const op = m[1] ?? '=';
      const raw = m[2]!;
      const fields = raw.split('.').filter((p) => p !== 'x' && p !== '');
      const w = parse(raw);
      if (op === '>=') return cmp(v, w) >= 0;
      if (op === '>') return cmp(v, w) > 0;
      if (op === '<=') return cmp(v, w) <= 0;
      if (op === '<') return cmp(v, w) < 0;
      if (op === '^') return v[0] === w[0] && cmp(v, w) >= 0;
      if (op === '~') return v[0] === w[0] && v[1] === w[1] && cmp(v, w) >= 0;
      return fields.every((f, i) => v[i] === Number(f));
    });
  });
}

describe('a fresh npm install', () => {
  const lock = json('package-lock.json') as {
    packages: Record<string, { engines?: unknown; hasInstallScript?: boolean; dev?: boolean }>;
  };
  const pkg = json('package.json') as { engines: { node: string }; allowScripts: Record<string, boolean> };
  const entries = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));

  it('the range reader itself can fail', () => {
    expect(admits('0.8.x || 0.9.x || 0.10.x', '20.20.2')).toBe(false);
    expect(admits('>= 0.10', '20.20.2')).toBe(true);
    expect(admits('^20.19.0 || >=22.12.0', '20.18.0')).toBe(false);
    expect(admits('^20.19.0 || >=22.12.0', '22.12.0')).toBe(true);
    expect(admits('20.x || 22.x', '24.1.0')).toBe(false);
  });

  it.each([process.version, `v${pkg.engines.node.replace(/^>=\s*/, '')}`])(
    'no package in the tree rejects Node %s (EBADENGINE)',
    (version) => {
      const rejecting = entries
        .filter(([, meta]) => typeof meta.engines === 'object' && meta.engines !== null && 'node' in meta.engines)
        .filter(([, meta]) => !admits(String((meta.engines as { node: string }).node), version))
        .map(([path, meta]) => `${path} (node ${(meta.engines as { node: string }).node})`);
      expect(rejecting).toEqual([]);
    },
  );

  it('every package with an install script is approved in allowScripts', () => {
    const unapproved = entries
      .filter(([, meta]) => meta.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .filter((name) => pkg.allowScripts[name] !== true);
    expect(unapproved).toEqual([]);
  });

  it('the bench-only peers are not installed by the root package; bench/package.json has them', () => {
    const installed = entries.map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(installed.filter((name) => BENCH_PEERS.includes(name) || name === 'unfluff' || name === 'wordpos')).toEqual(
      [],
    );
    const bench = json('bench/package.json') as { dependencies: Record<string, string> };
    expect(Object.keys(bench.dependencies).sort()).toEqual(BENCH_PEERS);
    const benchLock = json('bench/package-lock.json') as { packages: Record<string, unknown> };
    for (const peer of BENCH_PEERS) expect(benchLock.packages[`node_modules/${peer}`]).toBeDefined();
  });

  it('npm run bench still measures the peers: the summarize suite asks for them and its child loads each one', async () => {
    // The runner installs bench/package.json's peers before a suite that exports `peers = true` (bench/lib/peers.mjs).
    const suite = (await import(join(ROOT, 'bench', 'suites', 'summarize.mjs'))) as { peers?: boolean };
    expect(suite.peers).toBe(true);
    expect(readFileSync(join(ROOT, 'bench', 'run.mjs'), 'utf8')).toMatch(/if \(mod\.peers\) ensurePeers\(\);/);
    // The child resolves them from bench/lib, so from bench/node_modules, where ensurePeers puts them.
    const child = readFileSync(join(ROOT, 'bench', 'lib', 'summarize-child.mjs'), 'utf8');
    for (const peer of BENCH_PEERS) expect(child).toContain(`require('${peer}')`);
  });
});
