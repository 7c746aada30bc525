import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractInWorker, parseFeedInWorker } from '../../src/ingest/isolate.js';
import { MAX_FEED_ITEMS, parseFeedItems } from '../../src/ingest/feed-items.js';
import { spawnMain } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';
import { html, rssFeed, send, startFixtureServer, waitFor, type FixtureServer } from './helpers.js';

// Issue 11: one hostile page or feed must not freeze the bot. Readability over 4,000 nested <div>s runs for over a
// minute on the main thread; now it runs in a worker with a time budget, and the bot keeps answering.

const nestedDivs = (n: number) =>
  `<!doctype ` +
  `html><html><head><title>Nested</title></head><body>${'<div>'.repeat(n)}<p>${'Agencies buy cloud services for classified work. '.repeat(8)}</p>${'</div>'.repeat(n)}</body></html>`;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/hostile.html', html(nestedDivs(4_000)));
  server.route(
    '/hostile.xml',
    send(
      rssFeed('Hostile', [
        {
          guid: 'h1',
          title: 'A page that never ends',
          link: server.url('/hostile.html'),
          pubDate: '2026-01-05T10:00:00Z',
          html: 'short',
        },
      ]),
      'application/rss+xml',
    ),
  );
});
afterAll(() => server.close());

/** The longest gap between 20 ms ticks while `work` runs: how long the event loop was blocked. */
async function maxLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; gapMs: number }> {
  let last = performance.now();
  let gap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 20);
  try {
    const result = await work();
    return { result, gapMs: gap };
  } finally {
    clearInterval(tick);
  }
}

describe('budgets for page extraction and feed parsing (worker threads)', () => {
  it('refuses a page over its time budget, naming it, while the event loop stays free', async () => {
    const url = 'https://example.org/nested';
    const { result, gapMs } = await maxLoopGap(() =>
      // Readability needs over a minute here: a half-second budget refuses it as surely as the default would.
      extractInWorker(nestedDivs(4_000), url, { timeMs: 500, memoryMb: 128 }),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toBe(
      `the page ${url} took longer than its budget of 0.5 s to process; refused`,
    );
    expect(gapMs).toBeLessThan(500);
  }, 30_000);

  it('refuses a feed over its memory budget, naming it', async () => {
    const items = Array.from(
      { length: 20_000 },
      (_, i) => `<item><title>t${i}</title><guid>g${i}</guid><description>${'x'.repeat(400)}</description></item>`,
    ).join('');
    const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`;
    // The text alone is 8 MB; parsing it into objects does not fit 16 MB of heap.
    await expect(
      parseFeedInWorker(text.repeat(1), 'https://example.org/big.xml', { timeMs: 20_000, memoryMb: 16 }),
    ).rejects.toThrow(
      /the feed https:\/\/example\.org\/big\.xml (needed more than its memory budget of 16 MB|could not be processed)/,
    );
  }, 30_000);

  it('still extracts an ordinary page in a worker', async () => {
    const result = await extractInWorker(nestedDivs(3), 'https://example.org/ok');
    expect(result.ok && result.page.body).toContain('Agencies buy cloud services');
  }, 30_000);

  it('refuses an entity-laden (billion laughs) feed and reports malformed XML instead of an empty feed', () => {
    const laughs =
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss ` +
      `version="2.0"><channel><title>&lol2;</title><item><title>&lol2;</title><description>&lol2;</description></item></channel></rss>`;
    expect(() => parseFeedItems(laughs, 'https://example.org/lol.xml')).toThrow(
      'https://example.org/lol.xml declares XML entities',
    );
    const broken =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</item></channel></rss>';
    expect(() => parseFeedItems(broken, 'https://example.org/broken.xml')).toThrow(
      /https:\/\/example\.org\/broken\.xml is malformed XML \(line 1/,
    );
  });

  it('cuts a 100,000-item feed to the first items before building objects', () => {
    const items = Array.from(
      { length: 100_000 },
      (_, i) => `<item><title>Item ${i}</title><guid>g${i}</guid><description>d</description></item>`,
    ).join('');
    const feed = parseFeedItems(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>${items}</channel></rss>`,
      'https://example.org/huge.xml',
    );
    expect(feed.items).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.items[0]!.title).toBe('Item 0');
  });
});

describe('the real process (dist/main.js) with a feed linking to a hostile page', () => {
  it('starts at once, keeps answering while ingesting, and stops on SIGTERM within seconds', async () => {
    const { dir } = tempProject({
      'govai.config.yaml':
        `admins: [console]\nfetch:\n  allowPrivateNetworks: true\nfeeds:\n  - url: ` +
        `${server.url('/hostile.xml')}\n    every: 1h\n`,
    });
    const started = Date.now();
    const bot = spawnMain(
      dir,
      { GOVAI_CONSOLE: '1', GOVAI_DB: path.join(dir, 'data', 'govai.db'), LOG_LEVEL: 'info' },
      { stdin: true },
    );
    const { child, exited } = bot;
    try {
      await waitFor(
        () => bot.stderr(),
        (s) => s.includes('watching briefings and feeds'),
        20_000,
      );
      // Mid-ingest: the hostile page has been fetched and is being extracted.
      await waitFor(
        () => server.requests.filter((r) => r.path === '/hostile.html').length,
        (n) => n > 0,
        20_000,
      );
      const startupMs = Date.now() - started;
      const mark = bot.stdout().length;
      const asked = Date.now();
      child.stdin?.write('/govai list\n');
      await waitFor(
        () => bot.stdout().slice(mark),
        (s) => s.includes('anthropic-intelligence-agencies'),
        10_000,
      );
      const answerMs = Date.now() - asked;
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const stopMs = Date.now() - signalled;
      expect(code).toBe(0);
      // Generous bounds for a shared CI machine; before the fix the page alone held the process for over a minute.
      expect(startupMs).toBeLessThan(15_000);
      expect(answerMs).toBeLessThan(5_000);
      expect(stopMs).toBeLessThan(5_000);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
