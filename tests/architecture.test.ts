import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/seed.js';

// The core is a pure library (MonitoRSS ADR-008, Chat SDK): no platform SDK, scheduler, file system,
// network or environment access. Adapters depend on the core, never the other way round.

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

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

function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/\b(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return specs;
}

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
        if (climbs || FORBIDDEN_IN_CORE.some((re) => re.test(spec))) violations.push(`${path.relative(REPO_ROOT, file)} imports ${spec}`);
      }
      if (/\bprocess\.env\b/.test(source)) violations.push(`${path.relative(REPO_ROOT, file)} reads process.env`);
    }
    expect(violations).toEqual([]);
  });

  it('detects a forbidden import (the rule itself can fail)', () => {
    expect(importsOf("import { App } from '@slack/bolt';\nconst x = await import('node:fs');\nimport 'node:http';")).toEqual(['@slack/bolt', 'node:fs', 'node:http']);
    expect(FORBIDDEN_IN_CORE.some((re) => re.test('node:fs'))).toBe(true);
  });

  it('reads process.env only in src/config', () => {
    const offenders = tsFiles(path.join(REPO_ROOT, 'src'))
      .filter((f) => !f.includes(`${path.sep}config${path.sep}`) && !f.endsWith(`${path.sep}main.ts`) && !f.includes(`${path.sep}cli${path.sep}`))
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });
});
