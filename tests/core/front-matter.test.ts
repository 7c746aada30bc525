import { describe, expect, it } from 'vitest';
import { formatBriefingFile, parseBriefingFile } from '../../src/core/front-matter.js';

const good = (fm: string, body = 'Some article text.') => `---\n${fm}\n---\n\n${body}\n`;
const base = 'id: x-1\ntitle: A title\nsource: Example News\npublished: 2026-11-01';

describe('parseBriefingFile', () => {
  it('parses valid front matter and body', () => {
    const r = parseBriefingFile(
      good(`${base}\ntags: [a, b]\nurl: https://example.com/a\nqa:\n  - q: What?\n    a: That.`),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article).toMatchObject({
      id: 'x-1',
      title: 'A title',
      tags: ['a', 'b'],
      url: 'https://example.com/a',
      keywords: [],
    });
    expect(r.article.qa).toEqual([{ q: 'What?', a: 'That.' }]);
  });

  it('reads a scalar tags: or keywords: as a one-item list', () => {
    const r = parseBriefingFile(good(`${base}\ntags: procurement\nkeywords: IL6`));
    expect(r.ok && r.article).toMatchObject({ tags: ['procurement'], keywords: ['IL6'] });
    expect(parseBriefingFile(good(`${base}\ntags: 7`)).ok).toBe(false);
  });

  it('reports malformed YAML as a front matter problem', () => {
    const r = parseBriefingFile(good('id: [unclosed\ntitle: x'));
    expect(r).toMatchObject({ ok: false, problems: [{ field: 'front matter' }] });
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/not valid YAML/);
  });

  it('names every failing field at once (missing title, bad id, bad url)', () => {
    const r = parseBriefingFile(good('id: Bad Id!\nsource: S\npublished: 2026-11-01\nurl: not a url'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.problems.map((p) => p.field).sort();
    expect(fields).toEqual(['id', 'title', 'url']);
    // Messages read as plain English after the field name, not as validator jargon.
    expect(r.problems).toContainEqual({ field: 'title', message: 'is required' });
    expect(r.problems).toContainEqual({ field: 'url', message: 'must be an http or https URL' });
    const date = parseBriefingFile(good('id: x\ntitle: T\nsource: S\npublished: yesterday'));
    expect(date).toMatchObject({
      ok: false,
      problems: [{ field: 'published', message: expect.stringMatching(/^must be an ISO date such as/) }],
    });
  });

  it('rejects an empty body', () => {
    const r = parseBriefingFile(good(base, '   '));
    expect(r).toMatchObject({ ok: false, problems: [{ field: 'body', message: expect.stringMatching(/empty/) }] });
  });

  it('rejects a file without front matter and binary content', () => {
    expect(parseBriefingFile('just text')).toMatchObject({ ok: false, problems: [{ field: 'front matter' }] });
    expect(parseBriefingFile('---\u0000\u0001binary')).toMatchObject({
      ok: false,
      problems: [{ field: 'file', message: expect.stringMatching(/binary/) }],
    });
  });

  it('rejects an article over the size limit with its size', () => {
    const r = parseBriefingFile(good(base, 'word '.repeat(1_100_000)));
    expect(r).toMatchObject({ ok: false, problems: [{ field: 'file', message: expect.stringMatching(/too large/) }] });
  });

  it('round-trips through formatBriefingFile', () => {
    const r = parseBriefingFile(good(`${base}\ntags: [t]\nkeywords: [IL6]`, 'Body: with "quotes" and --- dashes.'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = parseBriefingFile(formatBriefingFile(r.article));
    expect(again).toEqual(r);
  });
});
