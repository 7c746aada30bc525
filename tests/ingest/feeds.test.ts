import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedPoller } from '../../src/ingest/feed-poller.js';
import { jsonFileFeedState, memoryFeedState } from '../../src/ingest/feed-state.js';
import { feedOf, item, server, setup, T0, useFeedServer, versionedFeed } from './feed-harness.js';
import { fixture, html, longHtml, rssFeed, startFixtureServer, tempDir, testPolicy } from './helpers.js';

useFeedServer();

describe('feed polling', () => {
  it('backfills on the first run, then new items reach the next digest exactly once; 304 is honoured', async () => {
    const feed = versionedFeed('/bulletin.xml', fixture('rss.xml'));
    const f = feedOf(server.url('/bulletin.xml'), { backfill: 2 });
    const { repository, poller, time, cleanup } = await setup([f]);
    try {
      const first = await poller.pollFeed(f);
      expect(first).toMatchObject({ status: 'ok', duplicates: 0 });
      expect(first.ingested).toEqual([
        'nist-publishes-draft-profile-for-generative-ai-risk',
        'energy-department-funds-ai-for-grid-forecasting',
      ]);
      const nist = repository.library().get('nist-publishes-draft-profile-for-generative-ai-risk');
      expect(nist).toMatchObject({
        source: 'Agency AI Bulletin',
        url: 'https://bulletin.example/2026/nist-genai-profile',
        tags: ['feeds'],
        published: '2026-11-24T15:00:00.000Z',
      });
      expect(nist?.paragraphs[0]).toContain('published a draft profile that maps the risks');

      // The scheduler's view: a digest excludes what was delivered before.
      const delivered = new Set<string>();
      const deliver = () => {
        const d = repository.library().digest({ since: '2026-10-01', maxItems: 25, exclude: delivered });
        for (const i of [...d.items, ...d.overflow]) delivered.add(i.briefingId);
        return [...d.items, ...d.overflow].map((i) => i.briefingId);
      };
      expect(deliver()).toEqual([
        'nist-publishes-draft-profile-for-generative-ai-risk',
        'energy-department-funds-ai-for-grid-forecasting',
      ]);

      // Not due yet: nothing is fetched.
      const before = server.requests.length;
      expect(await poller.pollDue()).toEqual([]);
      expect(server.requests.length).toBe(before);

      // Unchanged feed: a conditional GET answered 304, nothing parsed or ingested.
      await time.advance(15 * 60_000);
      const [unchanged] = await poller.pollDue();
      expect(unchanged).toMatchObject({ status: 'not-modified', ingested: [] });
      expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
      expect(server.requests.at(-1)?.headers['if-modified-since']).toBe(new Date(T0).toUTCString());

      // A new item is published.
      feed.set(
        fixture('rss.xml').replace(
          '<item>',
          `<item><title>FTC warns about AI voice ` +
            `clones</title><link>https://bulletin.example/2026/ftc-voice</link><guid>bulletin-1002</guid><pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate><content:encoded><![CDATA[${longHtml('Voiceclone')}]]></content:encoded></item><item>`,
        ),
      );
      await time.advance(15 * 60_000);
      const [next] = await poller.pollDue();
      expect(next?.ingested).toEqual(['ftc-warns-about-ai-voice-clones']);
      expect(deliver()).toEqual(['ftc-warns-about-ai-voice-clones']);
      expect(deliver()).toEqual([]);
      // The old item the backfill left out never comes back.
      expect(repository.library().briefings.map((b) => b.id)).not.toContain('older-item-from-last-month');
    } finally {
      await cleanup();
    }
  });

  it('re-running the same feed ingests nothing new, across a restart too', async () => {
    const feed = versionedFeed('/rerun.xml', rssFeed('Rerun', [item(1, 20), item(2, 21)]));
    feed.ignoreConditional(); // a server without ETag support: the seen-list alone must prevent duplicates
    const f = feedOf(server.url('/rerun.xml'));
    const tmp = await tempDir('govai-state-');
    const stateFile = path.join(tmp.dir, 'data', 'feeds-state.json');
    const { repository, ingester, poller, time, cleanup } = await setup([f], jsonFileFeedState(stateFile));
    try {
      expect((await poller.pollFeed(f)).ingested).toHaveLength(2);
      await time.advance(3_600_000);
      expect(await poller.pollFeed(f)).toMatchObject({ status: 'ok', ingested: [], duplicates: 0 });
      // A restart: a new poller reading the state file.
      const saved = JSON.parse(await readFile(stateFile, 'utf8'));
      expect(saved.feeds[f.url]).toMatchObject({ initialized: true, failures: 0 });
      expect(saved.feeds[f.url].seen.sort()).toEqual(['item-1', 'item-2']);
      const restarted = createFeedPoller({
        feeds: [f],
        ingester,
        store: jsonFileFeedState(stateFile),
        policy: testPolicy(),
        time,
      });
      expect((await restarted.pollFeed(f)).ingested).toEqual([]);
      // Even with the state lost, the canonical URLs already in briefings/ stop a second copy.
      const amnesiac = createFeedPoller({
        feeds: [f],
        ingester,
        store: memoryFeedState(),
        policy: testPolicy(),
        time,
      });
      expect(await amnesiac.pollFeed(f)).toMatchObject({ ingested: [], duplicates: 2 });
      expect(repository.library().briefings).toHaveLength(2);
    } finally {
      await cleanup();
      await tmp.cleanup();
    }
  });

  it('parses Atom: HTML titles become text, fragments leave the URL, the author is kept', async () => {
    versionedFeed('/civic.atom', fixture('atom.xml'), 'application/atom+xml');
    const f = feedOf(server.url('/civic.atom'), { tags: [] });
    const { repository, poller, cleanup } = await setup([f]);
    try {
      const r = await poller.pollFeed(f);
      expect(r.ingested).toEqual(['omb-sets-ai-inventory-deadline']);
      const b = repository.library().get('omb-sets-ai-inventory-deadline');
      expect(b).toMatchObject({
        title: 'OMB sets AI inventory deadline',
        source: 'Civic Tech Notes',
        url: 'https://civic.example/notes/omb-inventory',
        published: '2026-11-25T10:00:00.000Z',
      });
      const file = await readFile(path.join(repository.dir, 'omb-sets-ai-inventory-deadline.md'), 'utf8');
      expect(file).toContain('author: "Rosa Nguyen"');
    } finally {
      await cleanup();
    }
  });

  it('backs off a feed that returns 500 and recovers when it is back', async () => {
    const feed = versionedFeed('/flaky.xml', rssFeed('Flaky', [item(10, 22)]));
    feed.fail(500);
    const f = feedOf(server.url('/flaky.xml'), { every: '5m' });
    const { poller, time, store, repository, lines, cleanup } = await setup([f]);
    try {
      const first = await poller.pollFeed(f);
      expect(first.status).toBe('error');
      expect(first.error).toContain('answered HTTP 500');
      const s1 = store.get(f.url)!;
      expect(s1.failures).toBe(1);
      const delay1 = s1.nextAttemptAt! - time.now();
      expect(delay1).toBeGreaterThan(5 * 60_000); // longer than the normal interval
      expect(lines().some((l) => l.level === 40 && String(l.msg).includes('feed failed') && l.feed === f.url)).toBe(
        true,
      );

      // During the backoff the feed is left alone, even though its normal interval has passed.
      await time.advance(5 * 60_000 + 1);
      const count = server.requests.filter((r) => r.path === '/flaky.xml').length;
      expect(await poller.pollDue()).toEqual([]);
      expect(server.requests.filter((r) => r.path === '/flaky.xml').length).toBe(count);

      // Still failing at the retry: the next delay is longer.
      await time.advance(s1.nextAttemptAt! - time.now());
      const [second] = await poller.pollDue();
      expect(second?.status).toBe('error');
      const s2 = store.get(f.url)!;
      expect(s2.failures).toBe(2);
      expect(s2.nextAttemptAt! - time.now()).toBeGreaterThan(delay1);

      // The server recovers: the next due poll ingests and resets the backoff.
      feed.fail(200);
      await time.advance(s2.nextAttemptAt! - time.now());
      const [third] = await poller.pollDue();
      expect(third).toMatchObject({ status: 'ok', ingested: ['item-10-topic10'] });
      const s3 = store.get(f.url)!;
      expect(s3).toMatchObject({ failures: 0, nextAttemptAt: time.now() + 5 * 60_000 });
      expect(s3.lastError).toBeUndefined();
      expect(repository.library().briefings).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });

  it('a broken or unreachable feed never stops the others', async () => {
    server.route('/not-a-feed.xml', html('<html><body>This is a web page, not a feed</body></html>'));
    versionedFeed('/good.xml', rssFeed('Good', [item(20, 23)]));
    const closed = await startFixtureServer();
    const closedUrl = closed.url('/closed.xml');
    await closed.close();
    const feeds = [feedOf(server.url('/not-a-feed.xml')), feedOf(closedUrl), feedOf(server.url('/good.xml'))];
    const { poller, repository, lines, cleanup } = await setup(feeds);
    try {
      const reports = await poller.pollDue();
      expect(reports.map((r) => r.status)).toEqual(['error', 'error', 'ok']);
      expect(reports[0]?.error).toContain('is not an RSS, Atom or JSON feed');
      expect(reports[1]?.error).toMatch(/could not be reached \(ECONNREFUSED\)/);
      expect(repository.library().briefings.map((b) => b.id)).toEqual(['item-20-topic20']);
      expect(
        lines()
          .filter((l) => String(l.msg).startsWith('feed failed'))
          .map((l) => String(l.feed))
          .sort(),
      ).toEqual([feeds[0]!.url, feeds[1]!.url].sort());
    } finally {
      await cleanup();
    }
  });

  it('caps the items per poll and picks the rest up on the next polls', async () => {
    const feed = versionedFeed('/busy.xml', rssFeed('Busy', [item(30, 1)]));
    const f = feedOf(server.url('/busy.xml'), { backfill: 0, maxItemsPerPoll: 2 });
    const { poller, time, repository, cleanup } = await setup([f]);
    try {
      expect((await poller.pollFeed(f)).ingested).toEqual([]); // backfill 0: history is skipped
      feed.set(rssFeed('Busy', [item(30, 1), item(31, 10), item(32, 11), item(33, 12), item(34, 13), item(35, 14)]));
      const r1 = await poller.pollFeed(f);
      expect(r1).toMatchObject({ ingested: ['item-35-topic35', 'item-34-topic34'], deferred: 3 });
      // Deferred items make the feed due again soon, not after the full interval.
      expect(r1.nextAttemptAt - time.now()).toBeLessThanOrEqual(60_000);
      await time.advance(r1.nextAttemptAt - time.now());
      expect((await poller.pollDue())[0]).toMatchObject({
        ingested: ['item-33-topic33', 'item-32-topic32'],
        deferred: 1,
      });
      await time.advance(60_000);
      expect((await poller.pollDue())[0]).toMatchObject({ ingested: ['item-31-topic31'], deferred: 0 });
      expect(repository.library().briefings).toHaveLength(5);
    } finally {
      await cleanup();
    }
  });
});
