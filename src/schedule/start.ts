import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppContext } from '../app/context.js';
import type { Publisher } from '../app/publisher.js';
import type { RunningAdapter } from '../app/running.js';
import { storeFileCheck } from '../store/file-identity.js';
import { createStatusWriter, statusFileOf } from './bot-status.js';
import { createDeliveryGuard } from './delivery-guard.js';
import { createDestinationRouter, parseDestination, type Platform } from './destinations.js';
import { backgroundSleep } from '../core/time.js';
import { DEFAULT_RETRY } from './retry.js';
import { createScheduler, type Scheduler } from './scheduler.js';

// One stat() of the database file a second: cheap, and a deleted file stops sends within a second, not three.
const STORE_CHECK_MS = 1_000;

export type Publishers = Partial<Record<Platform, Publisher>>;

/** Destinations a digest slot is sent to at the same time (each retries on its own). */
export const DIGEST_CONCURRENCY = 8;

/** How long one send attempt holds its delivery row before another replica may take it over. */
export const DELIVERY_LEASE_MS = 60_000;

/**
 * Who this process is when it holds a delivery row: GOVAI_REPLICA_ID when set (a restarted replica resumes its own
 * sends at once); on SQLite, where one bot process owns the file, a fixed name with the same effect; otherwise a name
 * unique to this process (a dead replica's rows are taken over when their lease expires).
 */
export function leaseHolder(replicaId: string | undefined, engine: 'sqlite' | 'postgres'): string {
  if (replicaId) return replicaId;
  if (engine === 'sqlite') return 'bot';
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

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
  // What the guard holds in memory, where `govai doctor` (another process) can read it: a status file beside the
  // SQLite database (bot-status.ts), written as soon as the guard's state changes (doctor shows a stop at once).
  const status =
    store.engine === 'sqlite' && store.file !== ':memory:'
      ? createStatusWriter(statusFileOf(store.file), ctx.clock())
      : undefined;
  const report = () => {
    const lost = guard.lost();
    status?.update({ ...(lost ? { lost } : {}), stopped: guard.state() }, ctx.clock());
  };
  // Checked before every send and every few seconds: a deleted or replaced database stops sends, loudly.
  const guard = createDeliveryGuard({
    deliveries: store.deliveries,
    clock: ctx.clock,
    logger,
    ...(store.engine === 'sqlite' ? { storeFile: storeFileCheck(store.file) } : {}),
    ...(status ? { onChange: report } : {}),
  });
  const watch = ctx.time.setInterval(() => {
    guard.blocked('');
    report();
  }, STORE_CHECK_MS);
  watch.unref?.();
  const scheduler = createScheduler({
    guard,
    digests,
    deliveries: store.deliveries,
    library: () => ctx.repository.library(),
    router: createDestinationRouter(publishers, logger),
    clock: ctx.clock,
    sleep: backgroundSleep(ctx.time),
    time: ctx.time,
    logger,
    retry: DEFAULT_RETRY,
    digestDays: config.file.digestDays,
    concurrency: DIGEST_CONCURRENCY,
    lease: { holder: leaseHolder(config.env.replicaId, store.engine), ms: DELIVERY_LEASE_MS },
    ...(ctx.model?.summaries ? { summaries: ctx.model.summaries } : {}),
    startTimers: true,
  });
  // node-postgres is imported on first use (a CLI command that never sends does not load it); a bot that sends
  // digests loads it now, not inside its first fan-out.
  store.deliveries.writes?.prepare?.().catch((error: unknown) => {
    logger.warn({ err: error }, 'could not load the PostgreSQL client ahead of the first digest; it loads then');
  });
  scheduler.start();
  logger.info({ digests: digests.map((d) => `${d.id} (${d.cron}, ${d.timezone})`) }, 'digest scheduler started');
  return {
    name: 'scheduler',
    background: true,
    scheduler,
    stop: () => {
      ctx.time.clearInterval(watch);
      status?.close();
      return scheduler.stop();
    },
  };
}
