import { describe, expect, it } from 'vitest';
import { extractInWorker, parseFeedInWorker, terminateAllWorkers, workersStarted } from '../../src/ingest/isolate.js';
import { rssFeed } from './helpers.js';

// Pages and feeds go to one warm worker thread while it is free (src/ingest/isolate.ts, worker-pool.ts), so items
// one after another pay one start-up, not one each; an item that arrives while it is busy gets a worker of its own,
// so a hostile item running out its budget holds nobody up; a stopping bot ends the warm worker too.

const BUDGET = { timeMs: 15_000, memoryMb: 256 };
const feed = (n: number) =>
  rssFeed(`Feed ${n}`, [
    {
      guid: `g${n}`,
      title: `Item ${n}`,
      link: `https://news.example/${n}`,
      pubDate: '2026-11-20T08:00:00Z',
      html: 'x',
    },
  ]);
const page = (body: string) => `<!doctype html><html><body><article><p>${body}</p></article></body></html>`;
const nested = `<!doctype html><html><body>${'<div>'.repeat(4_000)}<p>${'Agencies buy cloud. '.repeat(20)}</p>${'</div>'.repeat(4_000)}</body></html>`;
const ordinary = page('The agency published its inventory of AI use cases, with the dates of each review. '.repeat(4));

describe('the warm heavy-work worker', () => {
  it('serves items one after another on one worker', async () => {
    const before = workersStarted();
    for (let n = 1; n <= 3; n++) {
      const parsed = await parseFeedInWorker(feed(n), `https://news.example/feed-${n}.xml`, BUDGET);
      expect(parsed.items.map((i) => i.title)).toEqual([`Item ${n}`]);
    }
    const extracted = await extractInWorker(ordinary, 'https://news.example/page', BUDGET);
    expect(extracted.ok && extracted.page.body).toContain('inventory of AI use cases');
    // At most the warm worker itself (none if an earlier test in this thread started it).
    expect(workersStarted() - before).toBeLessThanOrEqual(1);
  });

  it('gives an item its own worker while the warm one is busy, and a stop ends both', async () => {
    const before = workersStarted();
    let hostileSettled = false;
    const hostile = extractInWorker(nested, 'https://news.example/nested', BUDGET).finally(
      () => (hostileSettled = true),
    );
    const quick = await extractInWorker(ordinary, 'https://news.example/quick', BUDGET);
    expect(quick.ok && quick.page.body).toContain('inventory of AI use cases');
    // Answered while the hostile page (over a minute of Readability) still runs: it did not wait its turn.
    expect(hostileSettled).toBe(false);
    expect(workersStarted() - before).toBeGreaterThanOrEqual(1);

    await terminateAllWorkers();
    expect(await hostile).toEqual({
      ok: false,
      message: 'the page https://news.example/nested was not processed: the bot is shutting down',
    });
    // The next item gets a new warm worker.
    const after = await parseFeedInWorker(feed(4), 'https://news.example/feed-4.xml', BUDGET);
    expect(after.items).toHaveLength(1);
  });
});
