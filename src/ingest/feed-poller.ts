import type { Time, TimerHandle } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import { canonicalUrl } from '../core/dedupe.js';
import type { FeedConfig } from '../config/file-schema.js';
import type { Logger } from '../log/logger.js';
import type { ArticleDraft } from './briefing-writer.js';
import { decodeBody } from './decode-body.js';
import { parseFeedInWorker } from './isolate.js';
import type { parseFeedItems, FeedItem } from './feed-items.js';
import { emptyFeedState, MAX_SEEN_PER_FEED, type FeedState, type FeedStateStore } from './feed-state.js';
import type { Ingester } from './ingester.js';
import { safeFetch, type FetchPolicy } from './safe-fetch.js';

// Polls the configured feeds: conditional GET, a per-feed exponential backoff, a cap per poll and a first-run
// backfill. Each feed is isolated: an error is logged and recorded in its state, never thrown to the others.

export type FeedSettings = Pick<FeedConfig, 'url' | 'every' | 'tags' | 'backfill' | 'maxItemsPerPoll'> & {
  source?: string;
};

export interface PollReport {
  feed: string;
  status: 'ok' | 'not-modified' | 'error';
  ingested: string[];
  /** Items skipped because their URL was already a briefing. */
  duplicates: number;
  /** Items left for a later poll because of the per-poll cap. */
  deferred: number;
  error?: string;
  nextAttemptAt: number;
}

export interface FeedPollerDeps {
  feeds: readonly FeedSettings[];
  ingester: Ingester;
  store: FeedStateStore;
  policy: FetchPolicy;
  logger?: Logger;
  /** The clock and the timer the polling loop waits on (src/core/time.ts); tests step a manual one past an interval. */
  time?: Pick<Time, 'now' | 'setTimeout' | 'clearTimeout'>;
  /**
   * Asked before each round: false skips it (another replica holds the feed-polling lease; its results reach this
   * one through the shared feed state). Absent: always poll.
   */
  mayPoll?: () => boolean;
}

export interface FeedPoller {
  /** Polls one feed now (ignoring its schedule). Never throws. */
  pollFeed(feed: FeedSettings): Promise<PollReport>;
  /** Polls every feed whose time has come (interval elapsed, backoff over). */
  pollDue(): Promise<PollReport[]>;
  start(): void;
  stop(): Promise<void>;
}

/** Below this many characters the feed only carries a summary, so the linked page is fetched for the full text. */
export const MIN_FULL_TEXT_CHARS = 500;
/** An item whose page keeps failing is given up after this many polls (and logged). */
export const MAX_ITEM_ATTEMPTS = 3;
export const MAX_BACKOFF_MS = 24 * 3_600_000;
export const MAX_PARALLEL_FEEDS = 4;

export function parseDuration(every: string): number {
  const m = /^(\d+)\s*(s|m|h)$/.exec(every.trim());
  if (!m) throw new Error(`"${every}" is not a duration such as 90s, 15m or 2h`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

/** Delay before retrying after `failures` consecutive errors: the interval doubled per failure, at most a day. */
export function backoffMs(failures: number, everyMs: number): number {
  return Math.min(MAX_BACKOFF_MS, Math.max(everyMs, 30_000) * 2 ** Math.min(failures, 12));
}

export function createFeedPoller(deps: FeedPollerDeps): FeedPoller {
  const timers = deps.time ?? systemTime;
  const clock = () => timers.now();
  const log = deps.logger;
  const inFlight = new Map<string, Promise<PollReport>>();
  let timer: TimerHandle | undefined;
  let loop: Promise<unknown> | undefined;
  let stopped = false;

  const itemDraft = async (
    feed: FeedSettings,
    item: FeedItem,
    feedTitle: string | undefined,
  ): Promise<ArticleDraft | string> => {
    let body = item.body;
    let author = item.author;
    let published = item.published;
    if (body.length < MIN_FULL_TEXT_CHARS && item.url) {
      const page = await deps.ingester.fetchPage(item.url);
      if (page.ok) {
        body = page.page.body;
        author ??= page.page.author;
        published ??= page.page.published;
      } else if (body.trim() === '') return page.message;
      else
        log?.debug(
          { feed: feed.url, item: item.url, reason: page.message },
          'using the feed summary: the page could not be read',
        );
    }
    if (body.trim() === '') return 'the item has no text';
    const now = clock();
    // A date in the future would hide the item from digests until then.
    const when = published && Date.parse(published) <= now ? published : new Date(now).toISOString();
    const url = item.url ? canonicalUrl(item.url) : undefined;
    return {
      title: item.title,
      source: feed.source ?? feedTitle ?? (url ? new URL(url).hostname.replace(/^www\./, '') : 'feed'),
      ...(url ? { url } : {}),
      published: when,
      tags: [...feed.tags],
      body,
      ...(author ? { author } : {}),
    };
  };

  const poll = async (feed: FeedSettings): Promise<PollReport> => {
    const everyMs = parseDuration(feed.every);
    const state: FeedState = deps.store.get(feed.url) ?? emptyFeedState();
    const now = clock();
    state.lastAttemptAt = now;
    const report: PollReport = {
      feed: feed.url,
      status: 'ok',
      ingested: [],
      duplicates: 0,
      deferred: 0,
      nextAttemptAt: now + everyMs,
    };
    let parsed: ReturnType<typeof parseFeedItems>;
    let etag: string | null = null;
    let lastModified: string | null = null;
    try {
      const headers: Record<string, string> = {
        accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, ' +
          'text/xml;q=0.8, */*;q=0.5',
      };
      if (state.etag) headers['if-none-match'] = state.etag;
      if (state.lastModified) headers['if-modified-since'] = state.lastModified;
      const res = await safeFetch(feed.url, deps.policy, headers);
      if (res.status === 304) {
        Object.assign(state, { failures: 0, lastSuccessAt: now, nextAttemptAt: report.nextAttemptAt });
        delete state.lastError;
        deps.store.set(feed.url, state);
        log?.debug({ feed: feed.url }, 'feed not modified');
        return { ...report, status: 'not-modified' };
      }
      etag = res.headers.get('etag');
      lastModified = res.headers.get('last-modified');
      parsed = await parseFeedInWorker(
        decodeBody(res.body, res.headers.get('content-type')),
        feed.url,
        deps.policy.budget,
      );
    } catch (error) {
      state.failures += 1;
      state.lastError = (error as Error).message;
      state.nextAttemptAt = now + backoffMs(state.failures, everyMs);
      deps.store.set(feed.url, state);
      log?.warn(
        { feed: feed.url, failures: state.failures, retryAt: new Date(state.nextAttemptAt).toISOString() },
        `feed failed: ${state.lastError}`,
      );
      return { ...report, status: 'error', error: state.lastError, nextAttemptAt: state.nextAttemptAt };
    }

    const seen = new Set(state.seen);
    const failures = { ...(state.itemFailures ?? {}) };
    const markSeen = (key: string) => {
      seen.add(key);
      delete failures[key];
    };
    const fresh = parsed.items
      .filter((i) => !seen.has(i.key))
      .sort((a, b) => (Date.parse(b.published ?? '') || 0) - (Date.parse(a.published ?? '') || 0));
    const limit = state.initialized ? feed.maxItemsPerPoll : Math.min(feed.backfill, feed.maxItemsPerPoll);
    const batch = fresh.slice(0, limit);
    // First run: items beyond the backfill are history, marked seen; later, items beyond the cap wait for the next
    // poll.
    if (!state.initialized) for (const i of fresh.slice(limit)) markSeen(i.key);
    else report.deferred = fresh.length - batch.length;
    for (const item of batch) {
      if (stopped) break; // shutting down: the rest waits for the next start
      try {
        if (item.url && deps.ingester.knownUrl(item.url)) {
          markSeen(item.key);
          report.duplicates++;
          continue;
        }
        const draft = await itemDraft(feed, item, parsed.title);
        const result =
          typeof draft === 'string'
            ? ({ ok: false, reason: 'extract', message: draft } as const)
            : await deps.ingester.addDraft(draft);
        if (result.ok) {
          markSeen(item.key);
          report.ingested.push(result.briefingId);
        } else if (result.reason === 'duplicate') {
          markSeen(item.key);
          report.duplicates++;
        } else {
          failures[item.key] = (failures[item.key] ?? 0) + 1;
          const gaveUp = failures[item.key]! >= MAX_ITEM_ATTEMPTS;
          if (gaveUp) markSeen(item.key);
          log?.warn(
            { feed: feed.url, item: item.url ?? item.key, attempts: failures[item.key] ?? MAX_ITEM_ATTEMPTS },
            `feed item skipped${gaveUp ? ' for good' : ''}: ${result.message}`,
          );
        }
      } catch (error) {
        failures[item.key] = (failures[item.key] ?? 0) + 1;
        log?.error({ err: error, feed: feed.url, item: item.key }, 'feed item failed unexpectedly');
      }
    }
    // Keep only the newest keys; an item that old has long left the feed.
    state.seen = [...seen].slice(-MAX_SEEN_PER_FEED);
    state.itemFailures = failures;
    state.initialized = true;
    state.failures = 0;
    state.lastSuccessAt = now;
    state.nextAttemptAt = report.deferred > 0 ? now + Math.min(everyMs, 60_000) : report.nextAttemptAt;
    state.itemsIngested = (state.itemsIngested ?? 0) + report.ingested.length;
    // Items still waiting (over the cap, or to be retried) need the full feed next time, not a 304.
    const pending = report.deferred > 0 || batch.some((i) => !seen.has(i.key));
    if (etag && !pending) state.etag = etag;
    else delete state.etag;
    if (lastModified && !pending) state.lastModified = lastModified;
    else delete state.lastModified;
    delete state.lastError;
    deps.store.set(feed.url, state);
    if (report.ingested.length > 0 || report.deferred > 0) {
      log?.info(
        { feed: feed.url, ingested: report.ingested.length, duplicates: report.duplicates, deferred: report.deferred },
        'feed polled',
      );
    }
    return { ...report, nextAttemptAt: state.nextAttemptAt };
  };

  const pollFeed = (feed: FeedSettings): Promise<PollReport> => {
    // One poll per feed at a time: a slow feed is not fetched again by the next tick.
    const running = inFlight.get(feed.url);
    if (running) return running;
    const p = poll(feed)
      .catch((error: unknown): PollReport => {
        log?.error({ err: error, feed: feed.url }, 'feed poll failed unexpectedly');
        return {
          feed: feed.url,
          status: 'error',
          ingested: [],
          duplicates: 0,
          deferred: 0,
          error: (error as Error).message,
          nextAttemptAt: clock() + 60_000,
        };
      })
      .finally(() => inFlight.delete(feed.url));
    inFlight.set(feed.url, p);
    return p;
  };

  const pollDue = async (): Promise<PollReport[]> => {
    if (deps.mayPoll && !deps.mayPoll()) return [];
    const now = clock();
    const due = deps.feeds.filter((f) => (deps.store.get(f.url)?.nextAttemptAt ?? 0) <= now);
    // A few feeds at a time: fifty feeds due at start-up must not open fifty connections at once.
    const reports: PollReport[] = new Array(due.length);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const i = next++;
        reports[i] = await pollFeed(due[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_FEEDS, due.length) }, worker));
    return reports;
  };

  const schedule = () => {
    if (stopped) return;
    const now = clock();
    const next = Math.min(...deps.feeds.map((f) => deps.store.get(f.url)?.nextAttemptAt ?? now));
    timer = timers.setTimeout(tick, Math.min(60_000, Math.max(1_000, next - now)));
    timer.unref?.();
  };
  const tick = () => {
    loop = pollDue().finally(schedule);
  };

  return {
    pollFeed,
    pollDue,
    start() {
      if (deps.feeds.length === 0) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) timers.clearTimeout(timer);
      // A poll in flight is not waited for long: shutdown terminates its workers, and a fetch ends at its timeout.
      let grace: TimerHandle | undefined;
      await Promise.race([
        loop?.catch(() => undefined),
        new Promise<void>((resolve) => {
          grace = timers.setTimeout(resolve, 2_000);
          grace.unref?.();
        }),
      ]);
      timers.clearTimeout(grace);
    },
  };
}
