import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { createBriefingRepository } from '../../src/sources/repository.js';
import { openStore } from '../../src/store/store.js';
import { SEED_BRIEFING } from '../helpers/seed.js';
import { tempDir } from '../ingest/helpers.js';

// Issue #11: the last good version of a broken briefing file was lost on restart (it lived only in memory).
// Now its parsed content is kept in the store (last_good_briefings, by path) and served while the file is broken.
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('last good version across a restart', () => {
  it('a file broken while the bot was down still serves its last good version, with a log line and a problem', async () => {
    const t = await tempDir('govai-last-good-');
    cleanup = t.cleanup;
    const dir = path.join(t.dir, 'briefings');
    await mkdir(dir);
    const file = path.join(dir, 'seed.md');
    await writeFile(file, await readFile(SEED_BRIEFING, 'utf8'));
    const dbFile = path.join(t.dir, 'govai.db');

    const store = openStore(dbFile);
    const first = createBriefingRepository({ dir, lastGood: store.lastGoodBriefings });
    await first.reload();
    const served = first.library().briefings.map((b) => b.id);
    expect(served).toHaveLength(1);
    store.close();

    // While the bot is down, the file is broken (front matter cut off).
    await writeFile(file, '---\nid: [unclosed\n');

    const reopened = openStore(dbFile);
    const lines: string[] = [];
    const logger = createLogger('info', {
      write: (l: string) => void lines.push(l),
    } as unknown as NodeJS.WritableStream);
    const restarted = createBriefingRepository({ dir, logger, lastGood: reopened.lastGoodBriefings });
    const report = await restarted.reload();
    expect(restarted.library().briefings.map((b) => b.id)).toEqual(served);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems[0]).toMatchObject({ file });
    expect(report.problems[0]!.message).toContain('last good version is served');
    expect(lines.some((l) => l.includes('serving its last good version from the store') && l.includes(file))).toBe(
      true,
    );

    // Fixed again: the new content replaces the stored copy.
    await writeFile(file, (await readFile(SEED_BRIEFING, 'utf8')).replace(/^title: .*$/m, 'title: "Fixed title"'));
    await restarted.reload();
    expect(restarted.library().briefings[0]!.title).toBe('Fixed title');
    expect((reopened.lastGoodBriefings.get(file) as { title: string }).title).toBe('Fixed title');
    reopened.close();
  });
});
