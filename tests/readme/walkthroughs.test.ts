import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, MAIN, runNode } from '../helpers/run-cli.js';
import { REPO_ROOT, tempProject } from '../helpers/seed.js';

// The README's walkthroughs match the output byte for byte where they show it. Every ```text block whose lines
// start with `$ npx govai ...` or `$ printf '...' | npm start` is run here, offline, in a fresh copy of the project,
// and the lines after each command must be exactly what it prints. A line that is only `...` stands for lines the
// README leaves out (the briefing `npm start` prints first); everything else is compared as is.

interface Walkthrough {
  line: number;
  command: string;
  expected: string[];
}

function walkthroughs(readme: string): Walkthrough[] {
  const out: Walkthrough[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```text') continue;
    let j = i + 1;
    let current: Walkthrough | undefined;
    for (; j < lines.length && lines[j] !== '```'; j++) {
      const l = lines[j]!;
      if (l.startsWith('$ ')) {
        current = { line: j + 1, command: l.slice(2), expected: [] };
        out.push(current);
      } else current?.expected.push(l);
    }
    for (const w of out) while (w.expected.length > 0 && w.expected.at(-1) === '') w.expected.pop();
    i = j;
  }
  return out;
}

/** Splits `govai ask "What is IL6?"` like a POSIX shell would (double and single quotes, no expansions). */
function shellWords(s: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of s.matchAll(re)) words.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return words;
}

async function run(command: string, cwd: string): Promise<string> {
  const piped = /^printf '((?:[^'])*)' \| npm start$/.exec(command);
  if (piped) {
    const input = piped[1]!.replace(/\\n/g, '\n');
    return (await runNode([MAIN], { cwd, input, env: { GOVAI_DB: ':memory:' } })).stdout;
  }
  const words = shellWords(command);
  if (words[0] === 'npx' && words[1] === 'govai')
    return (await runNode([BIN, ...words.slice(2)], { cwd, env: { GOVAI_DB: ':memory:' } })).stdout;
  throw new Error(`the README walkthrough runs "${command}", which this test does not know how to run`);
}

/** Whether `actual` is `expected` with each `...` line standing for zero or more lines. */
function matches(expected: string[], actual: string[]): boolean {
  const gap = (l: string) => l.trim() === '...';
  const go = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (gap(expected[e]!)) {
      for (let k = a; k <= actual.length; k++) if (go(e + 1, k)) return true;
      return false;
    }
    return a < actual.length && actual[a] === expected[e] && go(e + 1, a + 1);
  };
  return go(0, 0);
}

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const shown = walkthroughs(README);

describe('README walkthroughs', () => {
  it('has walkthroughs to check', () => {
    expect(shown.map((w) => w.command)).toEqual(
      expect.arrayContaining(['npx govai summary', 'npx govai ask "What is IL6?"']),
    );
  });

  // Each walkthrough is a process of its own in a temp project of its own: side by side.
  for (const w of shown) {
    it.concurrent(`README.md:${w.line} ${w.command}`, async () => {
      const { dir } = tempProject();
      const actual = (await run(w.command, dir)).replace(/\n+$/, '').split('\n');
      if (!matches(w.expected, actual)) expect(actual.join('\n')).toBe(w.expected.join('\n'));
    });
  }

  it('the gap marker only skips lines, it never hides a difference', () => {
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'e'])).toBe(false);
    expect(matches(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(shellWords(`govai ask "What is \\"IL6\\"?" 'x y'`)).toEqual(['govai', 'ask', 'What is "IL6"?', 'x y']);
  });
});
