import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppContext } from '../app/context.js';
import { createFeedPoller } from './feed-poller.js';
import { feedStatePath, memoryFeedState, storeFeedState } from './feed-state.js';
import { terminateAllWorkers } from './isolate.js';
import { fetchPolicyFrom, ingesterFor } from './service.js';
import { startBriefingSync } from './shared-briefings.js';
import { watchBriefings } from './watch-briefings.js';

const FEED_LEASE = 'feed-poller';
/** Longer than the poll loop's longest wait (60 s) plus a slow round. */
const FEED_LEASE_MS = 180_000;

/** Starts hot reload of briefings/ and the feed poller; registered in src/main.ts's PLATFORM_STARTERS. */
export async function startIngest(
  ctx: AppContext,
): Promise<{ name: string; background: boolean; stop(): Promise<void> }> {
  const { config, logger } = ctx;
  const watcher = watchBriefings(ctx.repository, { logger, time: ctx.time });
  // Never hold up start-up on a slow file system: events are caught from here on anyway.
  await Promise.race([watcher.ready, new Promise<void>((resolve) => ctx.time.setTimeout(resolve, 5_000).unref?.())]);
  // Replicas on PostgreSQL: briefings added on another replica are written into this one's briefings/ (hot reload
  // serves them within seconds); a first round now, so a new replica starts with everything added so far.
  const sync =
    ctx.store?.engine === 'postgres'
      ? startBriefingSync({ shared: ctx.store.sharedBriefings, dir: ctx.repository.dir, logger, time: ctx.time })
      : undefined;
  await sync?.syncNow().catch((error: unknown) => logger.warn({ err: error }, 'briefing sync failed; retrying'));
  const feeds = config.file.feeds;
  const legacy = config.databaseUrl ? undefined : feedStatePath(config.dbPath);
  const store = ctx.store
    ? storeFeedState(ctx.store.feedStates, legacy, (file, n) =>
        logger.info({ file, feeds: n }, 'feed state imported into the database; the file was renamed .imported'),
      )
    : memoryFeedState();
  // One replica polls at a time (a lease renewed each round, at most a minute apart); the others read its results.
  const leases = ctx.store?.leases;
  const holder = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  let polling: boolean | undefined;
  const poller = createFeedPoller({
    feeds,
    ingester: ingesterFor(ctx),
    store,
    policy: fetchPolicyFrom(config),
    logger,
    time: ctx.time,
    ...(leases
      ? {
          mayPoll: () => {
            const held = leases.acquire(FEED_LEASE, holder, ctx.time.now(), FEED_LEASE_MS);
            if (held !== polling) {
              logger.info({ holder }, held ? 'this process polls the feeds' : 'another replica polls the feeds');
              polling = held;
            }
            return held;
          },
        }
      : {}),
  });
  poller.start();
  logger.info(
    { dir: ctx.repository.dir, feeds: feeds.length, feedState: ctx.store ? ctx.store.file : 'memory' },
    'watching briefings and feeds',
  );
  return {
    name: 'ingest',
    background: true,
    async stop() {
      // Workers first: an extraction in flight ends now, so the poll loop can finish and SIGTERM takes seconds.
      sync?.stop();
      const stopping = poller.stop();
      await terminateAllWorkers();
      await Promise.allSettled([watcher.close(), stopping]);
      if (polling) leases?.release(FEED_LEASE, holder);
    },
  };
}
