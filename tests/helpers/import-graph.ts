import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The import graph of src/ and the layer rules checked against it (tests/architecture.test.ts). The rules take
// plain edges, so a test can feed them a forbidden edge and see each one fail.

/**
 * Lower numbers sit lower. A module may import only modules of a lower layer: peers in one layer never import each
 * other (no adapter imports another; the scheduler and ingest know no adapter). Adapters, llm/model and teams have
 * their places before they exist, so a new folder starts inside the rules.
 */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  config: 1,
  log: 1,
  // The real time port (src/core/time.ts declares it): the wall clock and Node's timers, passed down from main.
  time: 1,
  store: 2,
  sources: 2,
  // The optional model providers (issue 14): they implement a core port, read config, log; app composes them.
  llm: 2,
  // The last-resort process handlers: log only; installed by main.
  process: 2,
  model: 2,
  app: 3,
  'adapters/console': 4,
  'adapters/slack': 4,
  'adapters/discord': 4,
  'adapters/teams': 4,
  schedule: 4,
  ingest: 4,
  doctor: 5,
  // The composition root: builds everything; nothing imports it.
  main: 6,
  cli: 7,
};

export interface ImportEdge {
  /** Repo-relative file paths (`src/app/context.ts`). */
  from: string;
  to: string;
}

export interface Violation {
  rule: 'layer' | 'unknown-module' | 'imports-main' | 'adapter-to-adapter' | 'cycle';
  detail: string;
}

/** `src/adapters/slack/app.ts` -> `adapters/slack`; `src/core/nlp/x.ts` -> `core`; `src/main.ts` -> `main`. */
export function moduleOf(file: string): string {
  const parts = file.replace(/^src\//, '').split('/');
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, '');
  if (parts[0] === 'adapters') return `adapters/${parts[1]}`;
  return parts[0]!;
}

export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re =
    /\b(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return specs;
}

export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative import between files of src/ (static, dynamic, re-exports, type-only: all count). */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of tsFiles(path.join(root, 'src'))) {
    const from = path.relative(root, file).split(path.sep).join('/');
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      edges.push({ from, to });
    }
  }
  return edges;
}

export function checkLayers(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const { from, to } of edges) {
    const a = moduleOf(from);
    const b = moduleOf(to);
    if (b === 'main')
      out.push({ rule: 'imports-main', detail: `${from} imports ${to}: nothing imports the composition root` });
    if (a === b) continue;
    const ra = LAYERS[a];
    const rb = LAYERS[b];
    if (ra === undefined || rb === undefined) {
      out.push({
        rule: 'unknown-module',
        detail: `${from} -> ${to}: give ${ra === undefined ? a : b} a layer in LAYERS`,
      });
      continue;
    }
    if (a.startsWith('adapters/') && b.startsWith('adapters/')) {
      out.push({ rule: 'adapter-to-adapter', detail: `${from} imports ${to}: adapters never import each other` });
    } else if (rb >= ra) {
      out.push({
        rule: 'layer',
        detail: `${from} (${a}, layer ${ra}) imports ${to} (${b}, layer ${rb}): layers only point down`,
      });
    }
  }
  return out;
}

/** Import cycles between files (Tarjan's strongly connected components); each cycle is reported once. */
export function findCycles(edges: readonly ImportEdge[]): Violation[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: Violation[] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (next.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop)
        out.push({ rule: 'cycle', detail: `import cycle: ${component.sort().join(' <-> ')}` });
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return out;
}
