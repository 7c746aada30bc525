import type { AppContext } from '../app/context.js';
import type { Publisher } from '../app/publisher.js';
import type { RunningAdapter } from '../app/running.js';
import { createDestinationRouter, parseDestination, type Platform } from './destinations.js';
import { backgroundSleep, DEFAULT_RETRY } from './retry.js';
import { createScheduler, type Scheduler } from './scheduler.js';

export type Publishers = Partial<Record<Platform, Publisher>>;

/**
 * Starts the digest scheduler when the config has digests. The composition root (src/main.ts) builds the
 * publishers of the platforms it started and hands them in: the scheduler never knows an adapter.
 */
export async function startDigestScheduler(
  ctx: AppContext,
  publishers: Publishers,
): Promise<(RunningAdapter & { scheduler: Scheduler }) | undefined> {
  const { config, logger, store } = ctx;
  const digests = config.file.digests;
  if (digests.length === 0) return undefined;
  if (!store) throw new Error('scheduled digests need the database (GOVAI_DB), which was not opened');
  for (const digest of digests) {
    for (const destination of digest.to) {
      const platform = parseDestination(destination)?.platform;
      if (platform && !publishers[platform]) {
        logger.error(
          { digest: digest.id, destination },
          `digest destination ${destination} cannot be served: ${platform} is not configured`,
        );
      }
    }
  }
  const scheduler = createScheduler({
    digests,
    deliveries: store.deliveries,
    library: () => ctx.repository.library(),
    router: createDestinationRouter(publishers, logger),
    clock: ctx.clock,
    sleep: backgroundSleep,
    logger,
    retry: DEFAULT_RETRY,
    digestDays: config.file.digestDays,
    concurrency: 8,
    startTimers: true,
  });
  scheduler.start();
  logger.info({ digests: digests.map((d) => `${d.id} (${d.cron}, ${d.timezone})`) }, 'digest scheduler started');
  return { name: 'scheduler', background: true, scheduler, stop: () => scheduler.stop() };
}
