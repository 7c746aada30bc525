import { afterAll, beforeAll } from 'vitest';
import { createFeedPoller, type FeedSettings } from '../../src/ingest/feed-poller.js';
import { memoryFeedState, type FeedStateStore } from '../../src/ingest/feed-state.js';
import { createIngester } from '../../src/ingest/ingester.js';
import { createBriefingRepository } from '../../src/sources/repository.js';
import { manualTime } from '../helpers/manual-time.js';
import {
  captureLogger,
  fixture,
  html,
  longHtml,
  startFixtureServer,
  tempDir,
  testPolicy,
  type FixtureServer,
  type RssItem,
} from './helpers.js';

// What the feed-polling tests share: one fixture server per test file (a live binding, set in beforeAll), a feed
// route that honours conditional requests, and a poller over a fresh briefings folder on a manual clock.

export let server: FixtureServer;

/** Call once at the top of a test file: starts the fixture server (with two outlet pages) around its tests. */
export function useFeedServer(): void {
  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/pages/state-a', html(fixture('story-outlet-a.html')));
    server.route('/pages/state-b', html(fixture('story-outlet-b.html')));
  });
  afterAll(() => server.close());
}

export const T0 = Date.parse('2026-11-26T12:00:00Z');

/** A feed route with a version (ETag) that honours If-None-Match like a well-behaved server. */
export function versionedFeed(pathname: string, initial: string, type = 'application/rss+xml') {
  const feed = { body: initial, version: 1, conditional: true, status: 200 };
  server.route(pathname, (req, res) => {
    if (feed.status !== 200) return void res.writeHead(feed.status).end('server error');
    const etag = `"v${feed.version}"`;
    if (feed.conditional && req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': type, etag, 'last-modified': new Date(T0).toUTCString() }).end(feed.body);
  });
  return {
    set(body: string) {
      feed.body = body;
      feed.version++;
    },
    fail(status: number) {
      feed.status = status;
    },
    ignoreConditional() {
      feed.conditional = false;
    },
  };
}

export async function setup(feeds: FeedSettings[], store: FeedStateStore = memoryFeedState()) {
  const tmp = await tempDir();
  const repository = createBriefingRepository({ dir: tmp.dir });
  await repository.reload();
  const { logger, lines } = captureLogger();
  const ingester = createIngester({
    dir: tmp.dir,
    policy: testPolicy(),
    existing: () => repository.library().briefings,
    afterWrite: () => repository.reload(),
    logger,
  });
  const time = manualTime({ startMs: T0 });
  const poller = createFeedPoller({ feeds, ingester, store, policy: testPolicy(), logger, time });
  return { ...tmp, repository, ingester, poller, time, store, lines };
}

export const feedOf = (url: string, over: Partial<FeedSettings> = {}): FeedSettings => ({
  url,
  every: '15m',
  tags: ['feeds'],
  backfill: 5,
  maxItemsPerPoll: 20,
  ...over,
});
export const item = (n: number, day: number, topic = `Topic${n}`): RssItem => ({
  guid: `item-${n}`,
  title: `Item ${n}: ${topic}`,
  link: `https://news.example/items/${n}?utm_source=rss`,
  pubDate: `2026-11-${String(day).padStart(2, '0')}T08:00:00Z`,
  html: longHtml(topic),
});
