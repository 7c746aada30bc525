import { afterEach, describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { type BriefingPool, createBriefingPool } from '../../src/ingest/briefing-pool.js';

// Every briefing of the running bot is built in one long-lived worker (src/ingest/briefing-pool.ts; the compiled
// worker in dist/), under a time and memory budget per item: the same briefing as built inline, an item over its
// budget refused naming its file, and the next item still built (on a new worker).

const article = (id: string, body: string) => ({
  id,
  title: `Story ${id}`,
  source: 'wire',
  published: '2026-11-19',
  tags: [],
  keywords: [],
  qa: [],
  body,
});
const BODY = Array.from(
  { length: 6 },
  (_, i) =>
    `The treasury ledger office (TLO) reviewed audit plan ${i} with partners. Officials said the pilot ends soon.`,
).join('\n\n');

let pool: BriefingPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the briefing pool', () => {
  it('builds the same briefing as inline, item after item on one worker', async () => {
    pool = createBriefingPool({ timeMs: 15_000, memoryMb: 256 });
    const built = await Promise.all(['a', 'b', 'c'].map((id) => pool!.build(article(id, BODY), `${id}.md`)));
    expect(built.map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(JSON.stringify(built[1]))).toEqual(JSON.parse(JSON.stringify(buildBriefing(article('b', BODY)))));
  });

  it('refuses an item over its time budget naming the file, then builds the next one', async () => {
    pool = createBriefingPool({ timeMs: 1, memoryMb: 256 });
    await expect(pool.build(article('slow', BODY.repeat(50)), 'slow.md')).rejects.toThrow(
      /the briefing file slow\.md took longer than its budget of 0\.001 s/,
    );
    const relaxed = createBriefingPool({ timeMs: 15_000, memoryMb: 256 });
    try {
      expect((await relaxed.build(article('next', BODY), 'next.md')).id).toBe('next');
    } finally {
      await relaxed.close();
    }
  });
});
