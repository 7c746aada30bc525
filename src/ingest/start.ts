import type { AppContext } from '../app/context.js';
import { createFeedPoller } from './feed-poller.js';
import { feedStatePath, jsonFileFeedState, memoryFeedState } from './feed-state.js';
import { terminateAllWorkers } from './isolate.js';
import { fetchPolicyFrom, ingesterFor } from './service.js';
import { watchBriefings } from './watch-briefings.js';

/** Starts hot reload of briefings/ and the feed poller; registered in src/main.ts's PLATFORM_STARTERS. */
export async function startIngest(
  ctx: AppContext,
): Promise<{ name: string; background: boolean; stop(): Promise<void> }> {
  const { config, logger } = ctx;
  const watcher = watchBriefings(ctx.repository, { logger });
  // Never hold up start-up on a slow file system: events are caught from here on anyway.
  await Promise.race([watcher.ready, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  const feeds = config.file.feeds;
  const statePath = feedStatePath(config.dbPath);
  const store = statePath
    ? jsonFileFeedState(statePath, (error) => logger.warn({ err: error }, 'feed state file problem'))
    : memoryFeedState();
  const poller = createFeedPoller({
    feeds,
    ingester: ingesterFor(ctx),
    store,
    policy: fetchPolicyFrom(config),
    logger,
  });
  poller.start();
  logger.info(
    { dir: ctx.repository.dir, feeds: feeds.length, feedState: statePath ?? 'memory' },
    'watching briefings and feeds',
  );
  return {
    name: 'ingest',
    background: true,
    async stop() {
      // Workers first: an extraction in flight ends now, so the poll loop can finish and SIGTERM takes seconds.
      const stopping = poller.stop();
      await terminateAllWorkers();
      await Promise.allSettled([watcher.close(), stopping]);
    },
  };
}
