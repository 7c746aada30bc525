import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plural } from '../../src/core/plural.js';
import { REPO_ROOT } from '../helpers/seed.js';

// Issue 13 item 5: "1 briefing(s)", "7 problem(s)" become real plurals, in every message govai prints.

/** Template-string counts written as `${n} thing(s)` or `thing(s) ${list}` in a source file's text. */
function lazyPlurals(source: string): string[] {
  return [...source.matchAll(/`[^`\n]*\b[a-z]+\(s\)[^`\n]*`/g)].map((m) => m[0]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('plurals', () => {
  it('puts the noun in the right number', () => {
    expect(plural(1, 'briefing')).toBe('1 briefing');
    expect(plural(0, 'problem')).toBe('0 problems');
    expect(plural(7, 'problem')).toBe('7 problems');
    expect(plural(2, 'story', 'stories')).toBe('2 stories');
  });

  it('no message in src/ counts with "(s)"', () => {
    // The rule can fail: it finds the forms this issue removed (source text, so the `${}` are meant literally).
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source code, not a template
    expect(lazyPlurals('io.stderr.write(`${failed} line(s) skipped\\n`);')).toHaveLength(1);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source code, not a template
    expect(lazyPlurals('message: `unknown field(s) ${keys}`')).toHaveLength(1);
    expect(lazyPlurals('// a comment about item(s)')).toEqual([]);
    const found = sourceFiles(path.join(REPO_ROOT, 'src')).flatMap((file) =>
      lazyPlurals(readFileSync(file, 'utf8')).map((hit) => `${path.relative(REPO_ROOT, file)}: ${hit}`),
    );
    expect(found).toEqual([]);
  });
});
