import { describe, expect, it } from 'vitest';
import { createFeedPoller } from '../../src/ingest/feed-poller.js';
import { manualTime } from '../helpers/manual-time.js';
import { memoryFeedState } from '../../src/ingest/feed-state.js';
import { createIngester } from '../../src/ingest/ingester.js';
import { createBriefingRepository } from '../../src/sources/repository.js';
import { feedOf, item, server, setup, T0, useFeedServer, versionedFeed } from './feed-harness.js';
import { rssFeed, tempDir, testPolicy, waitFor, type RssItem } from './helpers.js';

useFeedServer();

describe('feed polling: pages and timers', () => {
  it('fetches the page of summary-only items, and groups the same story from two outlets in the digest', async () => {
    const summaryItem = (guid: string, title: string, link: string, pubDate: string): RssItem => ({
      guid,
      title,
      link,
      pubDate,
      html: 'Short summary only.',
    });
    versionedFeed(
      '/wire-a.xml',
      rssFeed('Capitol Wire', [
        summaryItem(
          'a1',
          'State Department pilots AI translation for consular services',
          server.url('/pages/state-a'),
          '2026-11-25T09:00:00Z',
        ),
      ]),
    );
    versionedFeed(
      '/wire-b.xml',
      rssFeed('Gov Ledger', [
        summaryItem(
          'b1',
          'State Dept tests AI translation at embassies',
          server.url('/pages/state-b'),
          '2026-11-25T13:00:00Z',
        ),
      ]),
    );
    versionedFeed('/other.xml', rssFeed('Other', [item(40, 24, 'Unrelated')]));
    const feeds = [
      feedOf(server.url('/wire-a.xml')),
      feedOf(server.url('/wire-b.xml')),
      feedOf(server.url('/other.xml')),
    ];
    const { poller, repository, cleanup } = await setup(feeds);
    try {
      const reports = await poller.pollDue();
      expect(reports.flatMap((r) => r.ingested)).toHaveLength(3);
      const a = repository.library().briefings.find((b) => b.source === 'Capitol Wire')!;
      expect(a.paragraphs.join(' ')).toContain('six embassies and consulates');
      const digest = repository.library().digest({ since: '2026-11-01' });
      expect(digest.items).toHaveLength(2);
      const story = digest.items.find((i) => i.briefingId === a.id);
      expect(story?.alsoReportedBy).toEqual([
        expect.objectContaining({ source: 'Gov Ledger', url: server.url('/pages/state-b') }),
      ]);
    } finally {
      await cleanup();
    }
  });

  it('start() polls on a timer and stop() ends it', async () => {
    versionedFeed('/timer.xml', rssFeed('Timer', [item(50, 20)]));
    const f = feedOf(server.url('/timer.xml'), { every: '1h' });
    const tmp = await tempDir();
    const repository = createBriefingRepository({ dir: tmp.dir });
    const ingester = createIngester({
      dir: tmp.dir,
      policy: testPolicy(),
      existing: () => repository.library().briefings,
      afterWrite: () => repository.reload(),
    });
    // A manual clock and timer (tests/helpers/manual-time.ts): "an hour later" is a step, not a sleep.
    const time = manualTime({ startMs: T0 });
    const feedRequests = () => server.requests.filter((r) => r.path === '/timer.xml').length;
    const poller = createFeedPoller({
      feeds: [f],
      ingester,
      store: memoryFeedState(),
      policy: testPolicy(),
      time,
    });
    const HOUR = 3_600_000;
    try {
      poller.start();
      // The first poll runs at once; when it is done the loop waits on the timer.
      await waitFor(
        () => time.pending(),
        (n) => n === 1,
      );
      expect(feedRequests()).toBe(1);
      expect(repository.library().briefings.map((b) => b.id)).toEqual(['item-50-topic50']);

      // An hour later the timer polls again and re-arms.
      await time.advance(HOUR + 1_000);
      await waitFor(
        () => feedRequests(),
        (n) => n === 2,
      );
      await waitFor(
        () => time.pending(),
        (n) => n === 1,
      );

      // stop() while a poll may be in flight: it waits for that poll, and the loop does not re-arm.
      await time.advance(HOUR + 1_000);
      await poller.stop();
      expect(feedRequests()).toBe(3);
      expect(time.pending()).toBe(0);

      // Hours past the interval: no timer left to run, so no poll and no request.
      await time.advance(5 * HOUR);
      expect(feedRequests()).toBe(3);

      // stop() while the loop waits on its timer: the timer is cleared, so nothing polls later either.
      poller.start();
      await waitFor(
        () => time.pending(),
        (n) => n === 1,
      );
      expect(feedRequests()).toBe(4);
      await poller.stop();
      expect(time.pending()).toBe(0);
      await time.advance(5 * HOUR);
      expect(feedRequests()).toBe(4);
      expect(repository.library().briefings).toHaveLength(1);
    } finally {
      await poller.stop();
      await tmp.cleanup();
    }
  });
});
