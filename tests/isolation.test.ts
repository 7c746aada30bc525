import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsFiles } from './helpers/import-graph.js';
import { REPO_ROOT } from './helpers/seed.js';

// vitest.config.ts runs every test file with `isolate: false`: files in one worker share one module graph and one
// process. That is safe only while no test changes what the next file in the same worker would see: module mocks,
// stubbed globals or env, fake timers, writes to process.env, a changed working directory.
const SHARED_STATE: ReadonlyArray<[string, RegExp]> = [
  ['vi.mock', /\bvi\.(mock|doMock|hoisted)\s*\(/],
  ['vi.stub', /\bvi\.(stubEnv|stubGlobal)\s*\(/],
  ['fake timers', /\bvi\.useFakeTimers\s*\(/],
  ['process.env write', /\bprocess\.env(\.\w+|\[[^\]]+\])\s*(=(?!=)|\+=|\?\?=|\|\|=)/],
  ['process.env delete', /\bdelete\s+process\.env\b/],
  ['Object.assign(process.env)', /Object\.assign\(\s*process\.env\b/],
  ['process.chdir', /\bprocess\.chdir\s*\(/],
  // Emitting a signal runs every listener in the worker, the test runner's too (its SIGTERM one exits the worker).
  ['process.emit of a signal', /\bprocess\.emit\(\s*['"`]SIG/],
];

function sharedStateUses(file: string, source: string): string[] {
  const code = source.replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');
  return SHARED_STATE.filter(([, re]) => re.test(code)).map(([what]) => `${file}: ${what}`);
}

describe('unit files can share a worker (isolate: false)', () => {
  it(
    'no test mocks modules, stubs globals or env, fakes timers, writes process.env, changes directory or ' +
      'emits signals',
    () => {
      const files = tsFiles(path.join(REPO_ROOT, 'tests'))
        .map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'))
        .filter((f) => f !== 'tests/isolation.test.ts');
      expect(files.length).toBeGreaterThan(100);
      expect(files.flatMap((f) => sharedStateUses(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')))).toEqual([]);
    },
  );

  it('the rule fails on each of them, and passes reads and comments', () => {
    const bad = [
      "vi.mock('../../src/log/logger.js');",
      "vi.stubEnv('TZ', 'UTC');",
      'vi.useFakeTimers();',
      "process.env.GOVAI_DB = '/tmp/x';",
      "process.env['SLACK_BOT_TOKEN'] = 'x';",
      'delete process.env.TZ;',
      'Object.assign(process.env, extra);',
      "process.chdir('/tmp');",
      "process.emit('SIGTERM', 'SIGTERM');",
    ];
    for (const line of bad) expect(sharedStateUses('tests/x.test.ts', line), line).toHaveLength(1);
    const fine = [
      'const path = process.env.PATH ?? "";',
      "if (process.env.GOVAI_TEST_DATABASE_URL === '') skip();",
      '// never process.env.X = 1 here',
      'env: { PATH: process.env.PATH ?? "", ...options.env },',
    ];
    for (const line of fine) expect(sharedStateUses('tests/x.test.ts', line), line).toEqual([]);
  });
});
