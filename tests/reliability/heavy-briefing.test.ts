import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefingInWorker } from '../../src/ingest/isolate.js';
import { createBriefingRepository, HEAVY_ARTICLE_CHARS } from '../../src/sources/repository.js';

// A briefing file too long to build on the event loop is built in a worker thread under the ingest budget: over
// budget it is refused with a problem naming the file, and every other briefing is still served.

const file = (id: string, title: string, body: string) =>
  `---\nid: ${id}\ntitle: "${title}"\nsource: "test wire"\npublished: 2026-11-20\n---\n\n${body}\n`;

function folder() {
  const dir = mkdtempSync(path.join(tmpdir(), 'govai-heavy-'));
  writeFileSync(path.join(dir, 'small.md'), file('small', 'Small story', 'The small agency bought one server.'));
  const sentence = 'The large agency reviewed cloud contracts for classified workloads across many regions. ';
  const body = sentence.repeat(Math.ceil((HEAVY_ARTICLE_CHARS * 3) / sentence.length));
  writeFileSync(path.join(dir, 'huge.md'), file('huge', 'Huge story', body));
  return dir;
}

describe('long briefing files are built off the event loop, under the budget', () => {
  it('refuses a file over budget by name and serves the rest', async () => {
    const dir = folder();
    const repo = createBriefingRepository({
      dir,
      buildHeavy: (article, f) => buildBriefingInWorker(article, f, { timeMs: 1, memoryMb: 256 }),
    });
    const report = await repo.reload();
    expect(repo.library().briefings.map((b) => b.id)).toEqual(['small']);
    const problem = report.problems.find((p) => p.file === path.join(dir, 'huge.md'));
    expect(problem?.message).toMatch(/huge\.md/);
  });

  it('builds it in the worker when it fits the budget', async () => {
    const dir = folder();
    const built: string[] = [];
    const repo = createBriefingRepository({
      dir,
      buildHeavy: async (article, f) => {
        built.push(path.basename(f));
        return buildBriefingInWorker(article, f, { timeMs: 60_000, memoryMb: 512 });
      },
    });
    await repo.reload();
    expect(built).toEqual(['huge.md']);
    expect(
      repo
        .library()
        .briefings.map((b) => b.id)
        .sort(),
    ).toEqual(['huge', 'small']);
    expect(repo.library().get('huge')!.tldr.length).toBeGreaterThan(0);
  }, 60_000);
});
