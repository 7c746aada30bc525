import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkLayers,
  findCycles,
  type ImportEdge,
  importGraph,
  importsOf,
  LAYERS,
  moduleOf,
  tsFiles,
} from './helpers/import-graph.js';
import { REPO_ROOT } from './helpers/seed.js';

// The core is a pure library (MonitoRSS ADR-008, Chat SDK): no platform SDK, scheduler, file system,
// network or environment access. Adapters depend on the core, never the other way round.

const FORBIDDEN_IN_CORE = [
  /^@slack\//,
  /^discord\.js$/,
  /^@discordjs\//,
  /^node-cron$/,
  /^better-sqlite3$/,
  /^(node:)?(fs|fs\/promises|http|https|net|child_process|dgram|dns|os|worker_threads)$/,
  /^chokidar$/,
  /^pino$/,
  /^\.\.\/(adapters|app|cli|config|sources|store|schedule|ingest|log|doctor)\b/,
];

describe('architecture', () => {
  const coreDir = path.join(REPO_ROOT, 'src', 'core');
  const coreFiles = tsFiles(coreDir);

  it('finds the core files it guards', () => {
    expect(coreFiles.length).toBeGreaterThan(8);
  });

  it('keeps src/core free of platform, cron, fs, network and env access', () => {
    const violations: string[] = [];
    for (const file of coreFiles) {
      const source = readFileSync(file, 'utf8');
      for (const spec of importsOf(source)) {
        // A relative import that climbs out of src/core is also a violation.
        const climbs = spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(coreDir);
        if (climbs || FORBIDDEN_IN_CORE.some((re) => re.test(spec)))
          violations.push(`${path.relative(REPO_ROOT, file)} imports ${spec}`);
      }
      if (/\bprocess\.env\b/.test(source)) violations.push(`${path.relative(REPO_ROOT, file)} reads process.env`);
    }
    expect(violations).toEqual([]);
  });

  it('detects a forbidden import (the rule itself can fail)', () => {
    expect(
      importsOf("import { App } from '@slack/bolt';\nconst x = await import('node:fs');\nimport 'node:http';"),
    ).toEqual(['@slack/bolt', 'node:fs', 'node:http']);
    expect(FORBIDDEN_IN_CORE.some((re) => re.test('node:fs'))).toBe(true);
  });

  it('reads process.env only in src/config', () => {
    const offenders = tsFiles(path.join(REPO_ROOT, 'src'))
      .filter(
        (f) =>
          !f.includes(`${path.sep}config${path.sep}`) &&
          !f.endsWith(`${path.sep}main.ts`) &&
          !f.includes(`${path.sep}cli${path.sep}`),
      )
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });
});

/**
 * An adapter reads only its own slice of the settings: `ctx.config.file.<adapter>`, in its start.ts (the default of
 * `adapterSettings`, which main.ts passes). Anything else (`config.file.triggers`, another adapter's slice, a read in
 * a listener) is returned as an offence.
 */
function configFileReads(file: string, source: string): string[] {
  const adapter = /^src\/adapters\/([^/]+)\//.exec(file)?.[1];
  if (!adapter) return [];
  const code = source.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...code.matchAll(/\bconfig\.file\b(?:\.(\w+))?/g)]
    .filter((m) => !(file === `src/adapters/${adapter}/start.ts` && m[1] === adapter))
    .map((m) => `${file}: ${m[0]}`);
}

describe('adapters get their settings slice', () => {
  it('no adapter reads ctx.config.file beyond its own slice, in its start.ts', () => {
    const files = tsFiles(path.join(REPO_ROOT, 'src', 'adapters')).map((f) =>
      path.relative(REPO_ROOT, f).split(path.sep).join('/'),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => configFileReads(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')))).toEqual([]);
  });

  it('the rule fails on a read of another section, another slice, or outside start.ts', () => {
    expect(configFileReads('src/adapters/teams/start.ts', 'if (ctx.config.file.triggers.enabled) log();')).toEqual([
      'src/adapters/teams/start.ts: config.file.triggers',
    ]);
    expect(configFileReads('src/adapters/teams/start.ts', 'const f = { ...ctx.config.file };')).toHaveLength(1);
    expect(configFileReads('src/adapters/slack/start.ts', 'const d = ctx.config.file.discord;')).toHaveLength(1);
    expect(configFileReads('src/adapters/slack/listeners/x.ts', 'const s = ctx.config.file.slack;')).toHaveLength(1);
    expect(configFileReads('src/adapters/slack/start.ts', 'o.adapterSettings ?? ctx.config.file.slack')).toEqual([]);
    expect(configFileReads('src/adapters/slack/start.ts', '// not `ctx.config.file.triggers`')).toEqual([]);
    expect(configFileReads('src/app/context.ts', 'config.file.triggers')).toEqual([]);
  });
});

// The whole tree, layer by layer (tests/helpers/import-graph.ts holds the table):
// core < config, log < store, sources, llm/model < app < adapters/*, schedule, ingest < doctor < main < cli.
describe('layers of src/', () => {
  const edges = importGraph(REPO_ROOT);
  const edge = (from: string, to: string): ImportEdge[] => [{ from, to }];

  it('sees the whole tree', () => {
    expect(edges.length).toBeGreaterThan(150);
    const modules = new Set(
      tsFiles(path.join(REPO_ROOT, 'src')).map((f) => moduleOf(path.relative(REPO_ROOT, f).split(path.sep).join('/'))),
    );
    expect([...modules].filter((m) => LAYERS[m] === undefined)).toEqual([]);
    for (const m of [
      'core',
      'app',
      'adapters/slack',
      'adapters/discord',
      'adapters/console',
      'schedule',
      'ingest',
      'doctor',
      'main',
      'cli',
    ])
      expect(modules).toContain(m);
  });

  it('every import points down a layer, nothing imports main.ts, no adapter imports another', () => {
    expect(checkLayers(edges).map((v) => v.detail)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(findCycles(edges).map((v) => v.detail)).toEqual([]);
  });

  it('has a place for the Teams adapter and a model provider layer', () => {
    expect(LAYERS['adapters/teams']).toBe(LAYERS['adapters/slack']);
    expect(LAYERS.llm).toBeLessThan(LAYERS.app!);
    expect(checkLayers(edge('src/adapters/teams/start.ts', 'src/app/conversation.ts'))).toEqual([]);
    expect(checkLayers(edge('src/app/context.ts', 'src/llm/provider.ts'))).toEqual([]);
  });

  // Each rule can fail: fed one forbidden edge, it reports it.
  it.each([
    ['layer', 'src/schedule/start.ts', 'src/adapters/console/console-adapter.ts'],
    ['layer', 'src/app/context.ts', 'src/ingest/service.ts'],
    ['layer', 'src/ingest/feeds-check.ts', 'src/doctor/types.ts'],
    ['layer', 'src/schedule/digest-run.ts', 'src/ingest/service.ts'],
    ['layer', 'src/core/bot.ts', 'src/app/context.ts'],
    ['layer', 'src/store/store.ts', 'src/sources/repository.ts'],
    ['layer', 'src/llm/anthropic.ts', 'src/app/context.ts'],
    ['imports-main', 'src/adapters/slack/start.ts', 'src/main.ts'],
    ['imports-main', 'src/cli/main.ts', 'src/main.ts'],
    ['adapter-to-adapter', 'src/adapters/discord/render.ts', 'src/adapters/slack/escape.ts'],
    ['adapter-to-adapter', 'src/adapters/teams/render.ts', 'src/adapters/console/render-text.ts'],
    ['unknown-module', 'src/widgets/x.ts', 'src/core/bot.ts'],
  ] as const)('rule %s fails on %s -> %s', (rule, from, to) => {
    expect(checkLayers(edge(from, to)).map((v) => v.rule)).toContain(rule);
  });

  it('the cycle rule fails on a cycle (also through a third file, and a self-import)', () => {
    expect(
      findCycles([...edge('src/core/a.ts', 'src/core/b.ts'), ...edge('src/core/b.ts', 'src/core/a.ts')]),
    ).toHaveLength(1);
    const three = [
      ...edge('src/a.ts', 'src/b.ts'),
      ...edge('src/b.ts', 'src/c.ts'),
      ...edge('src/c.ts', 'src/a.ts'),
      ...edge('src/c.ts', 'src/d.ts'),
    ];
    expect(findCycles(three).map((v) => v.detail)).toEqual(['import cycle: src/a.ts <-> src/b.ts <-> src/c.ts']);
    expect(findCycles(edge('src/a.ts', 'src/a.ts'))).toHaveLength(1);
    expect(findCycles([...edge('src/a.ts', 'src/b.ts'), ...edge('src/b.ts', 'src/c.ts')])).toEqual([]);
  });

  it('reads lazy imports and re-exports as edges', () => {
    expect(
      importsOf(
        "const m = await import('../ingest/service.js');\nexport { x } from './y.js';\nexport type { Z } " +
          "from '../main.js';",
      ),
    ).toEqual(['../ingest/service.js', './y.js', '../main.js']);
  });
});
