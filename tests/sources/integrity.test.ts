import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBriefingRepository } from '../../src/sources/repository.js';
import { SEED_BRIEFING } from '../helpers/seed.js';
import { tempDir } from '../ingest/helpers.js';

// Issue 11, "briefings that cannot be hijacked".
const seed = () => readFile(SEED_BRIEFING, 'utf8');
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function project() {
  const t = await tempDir('govai-integrity-');
  cleanup = t.cleanup;
  return t.dir;
}

describe('briefing integrity', () => {
  it('keeps the first served briefing when a new file reuses its id and sorts earlier, also after a restart', async () => {
    const dir = await project();
    await writeFile(path.join(dir, 'original.md'), await seed());
    const repo = createBriefingRepository({ dir });
    await repo.reload();
    // The copy must be born after the original. File times tick coarsely (a few ms), so rewrite it until it is.
    const copy = path.join(dir, 'aaa-copy.md');
    const born = async (f: string) => {
      const s = await stat(f);
      return s.birthtimeMs || s.mtimeMs;
    };
    do {
      await rm(copy, { force: true });
      await writeFile(copy, (await seed()).replace(/^title: .*$/m, 'title: "Hijacked"'));
    } while ((await born(copy)) <= (await born(path.join(dir, 'original.md'))));
    const report = await repo.reload();
    expect(repo.library().briefings.map((b) => b.title)).toEqual([
      'Anthropic in talks to supply Claude to U.S. intelligence agencies',
    ]);
    expect(report.problems).toEqual([expect.objectContaining({ file: path.join(dir, 'aaa-copy.md'), field: 'id' })]);
    // A restart (a new repository over the same files) keeps the same owner: birth order, not file name.
    const restarted = createBriefingRepository({ dir });
    await restarted.reload();
    expect(restarted.library().briefings[0]!.title).not.toBe('Hijacked');
  });

  it('refuses a publication date more than a day in the future, and says so', async () => {
    const dir = await project();
    await writeFile(path.join(dir, 'future.md'), (await seed()).replace(/^published: .*$/m, 'published: 9999-12-31'));
    const repo = createBriefingRepository({ dir });
    const report = await repo.reload();
    expect(repo.library().briefings).toHaveLength(0);
    expect(report.problems[0]).toMatchObject({ file: path.join(dir, 'future.md'), field: 'published' });
    expect(report.problems[0]!.message).toContain('more than a day in the future');
  });

  it('reads a UTF-16 file with a byte-order mark instead of refusing it as binary', async () => {
    const dir = await project();
    const text = await seed();
    await writeFile(path.join(dir, 'le.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = Buffer.from(text.replace('id: anthropic-intelligence-agencies', 'id: be-copy'), 'utf16le').swap16();
    await writeFile(path.join(dir, 'be.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const repo = createBriefingRepository({ dir });
    const report = await repo.reload();
    expect(report.problems).toEqual([]);
    expect(
      repo
        .library()
        .briefings.map((b) => b.id)
        .sort(),
    ).toEqual(['anthropic-intelligence-agencies', 'be-copy']);
  });
});
