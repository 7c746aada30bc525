import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBriefingsDir } from '../../src/sources/briefings-dir.js';
import { createBriefingRepository } from '../../src/sources/repository.js';

function dirWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'govai-src-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const ok = (id: string, title = `Title ${id}`) =>
  `---\nid: ${id}\ntitle: ${title}\nsource: Wire\npublished: 2026-11-0${id.length % 9}\n---\n\nThe agency ` +
  `signed a cloud contract. It covers IL6 workloads.\n`;

describe('loadBriefingsDir', () => {
  it('serves the good files and reports each bad one with its file and field', async () => {
    const dir = dirWith({
      'a.md': ok('a'),
      'b-malformed.md': '---\nid: [oops\n---\n\ntext\n',
      'c-no-title.md': '---\nid: c\nsource: Wire\npublished: 2026-11-01\n---\n\ntext\n',
      'd-empty.md': '---\nid: d\ntitle: D\nsource: Wire\npublished: 2026-11-01\n---\n\n',
      'e-binary.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0x10]),
      'f-huge.md': `---\nid: f\ntitle: F\nsource: Wire\npublished: 2026-11-01\n---\n\n${'lorem ipsum '.repeat(440_000)}`,
      'g.md': ok('g'),
      'notes.txt': 'not a briefing',
    });
    const { articles, problems } = await loadBriefingsDir(dir);
    expect(articles.map((a) => a.id)).toEqual(['a', 'g']);
    const byFile = Object.fromEntries(problems.map((p) => [path.basename(p.file), `${p.field}: ${p.message}`]));
    expect(byFile['b-malformed.md']).toMatch(/^front matter: is not valid YAML/);
    expect(byFile['c-no-title.md']).toMatch(/^title:/);
    expect(byFile['d-empty.md']).toMatch(/^body: is empty/);
    expect(byFile['e-binary.md']).toMatch(/binary/);
    expect(byFile['f-huge.md']).toMatch(/too large \(5\.0 MB/);
    expect(Object.keys(byFile)).toHaveLength(5);
  });

  it('reports a duplicate id instead of serving two briefings under one id', async () => {
    const { articles, problems } = await loadBriefingsDir(dirWith({ 'x1.md': ok('x'), 'x2.md': ok('x') }));
    expect(articles).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({ field: 'id', message: expect.stringMatching(/already used by x1\.md/) }),
    ]);
  });

  it('reports a missing directory as a problem, not a crash', async () => {
    const { articles, problems } = await loadBriefingsDir('/nonexistent/govai');
    expect(articles).toEqual([]);
    expect(problems[0]).toMatchObject({ field: 'directory', message: 'does not exist' });
  });
});

describe('briefing repository', () => {
  it('keeps the last good version of a file that breaks, and picks up changes', async () => {
    const dir = dirWith({ 'a.md': ok('a', 'First title') });
    const repo = createBriefingRepository({ dir });
    await repo.reload();
    expect(repo.library().get('a')?.title).toBe('First title');
    writeFileSync(path.join(dir, 'a.md'), ok('a', 'Second title'));
    const changed = await repo.reload();
    expect(changed.changed).toEqual(['a']);
    expect(repo.library().get('a')?.title).toBe('Second title');
    writeFileSync(path.join(dir, 'a.md'), '---\nid: a\n---\n\nbroken');
    const broken = await repo.reload();
    expect(broken.problems.map((p) => p.field).sort()).toEqual(['published', 'source', 'title']);
    expect(repo.library().get('a')?.title).toBe('Second title');
  });

  it('reads again only files changed since their last read, even an edit of the same size right after it', async () => {
    const dir = dirWith({ 'a.md': ok('a', 'Title AAAA'), 'b.md': ok('b') });
    const repo = createBriefingRepository({ dir });
    await repo.reload();
    const before = repo.library();
    // Nothing changed: nothing re-read, nothing reported, the same library served.
    expect(await repo.reload()).toEqual({ added: [], changed: [], removed: [], problems: [] });
    expect(repo.library()).toBe(before);
    // Same size, written at once: its stat (change time in nanoseconds, inode) still tells it apart.
    writeFileSync(path.join(dir, 'a.md'), ok('a', 'Title BBBB'));
    expect((await repo.reload()).changed).toEqual(['a']);
    expect(repo.library().get('a')?.title).toBe('Title BBBB');
    // Rewritten with the same content: not a change.
    writeFileSync(path.join(dir, 'b.md'), ok('b'));
    expect((await repo.reload()).changed).toEqual([]);
    // A broken file is reported on every reload, not only on the one after it broke.
    writeFileSync(path.join(dir, 'a.md'), '---\nid: a\n---\n\nbroken');
    expect((await repo.reload()).problems.length).toBeGreaterThan(0);
    expect((await repo.reload()).problems.length).toBeGreaterThan(0);
    expect(repo.library().get('a')?.title).toBe('Title BBBB');
  });
});
