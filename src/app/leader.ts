import type { Time } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import type { Logger } from '../log/logger.js';
import type { LeaseStore } from '../store/store.js';
import type { RunningAdapter } from './running.js';

// Work only one replica may do (holding the Discord gateway: two connections would answer every message twice):
// the replica holding a named lease runs it; the others check every third of the lease and take over when the
// holder stops renewing (it died) or gives the lease up (it shut down).

export interface LeaderOptions {
  leases: LeaseStore;
  name: string;
  holder: string;
  ttlMs: number;
  logger: Logger;
  /** The clock and the renewal timer (src/core/time.ts); main passes the context's. */
  time?: Pick<Time, 'now' | 'setInterval' | 'clearInterval'>;
  /** Starts the work; called when this replica becomes the holder. */
  start(): Promise<RunningAdapter>;
}

export interface Leadership {
  /** True while this replica runs the work. */
  readonly leading: boolean;
  stop(): Promise<void>;
}

/**
 * Takes the lease now and starts the work if it is free (a start-up failure then fails start-up, as without
 * replicas); otherwise keeps trying in the background. Losing the lease stops the work.
 */
export async function runAsLeader(options: LeaderOptions): Promise<Leadership> {
  const { leases, name, holder, ttlMs, logger } = options;
  const time = options.time ?? systemTime;
  const clock = () => time.now();
  let running: RunningAdapter | undefined;
  let busy = false;
  let stopped = false;
  const acquire = () => {
    try {
      return leases.acquire(name, holder, clock(), ttlMs);
    } catch (error) {
      logger.error({ err: error, lease: name }, 'could not renew the lease (database unreachable); stopping that work');
      return false;
    }
  };

  const tick = async (first: boolean) => {
    if (busy || stopped) return;
    busy = true;
    try {
      const held = acquire();
      if (held && !running) {
        try {
          running = await options.start();
          logger.info({ lease: name, holder }, `this replica now holds ${name}`);
        } catch (error) {
          leases.release(name, holder);
          if (first) throw error;
          logger.error({ err: error, lease: name }, `could not start ${name}; another replica may take it`);
        }
      } else if (!held && running) {
        logger.warn({ lease: name, holder }, `lost ${name} to another replica; stopping it here`);
        const r = running;
        running = undefined;
        await r.stop();
      } else if (!held && first) {
        logger.info({ lease: name, holder: leases.holder(name, clock()) }, `${name} is held by another replica`);
      }
    } finally {
      busy = false;
    }
  };

  await tick(true);
  const timer = time.setInterval(() => void tick(false).catch(() => undefined), Math.max(200, Math.floor(ttlMs / 3)));
  timer.unref?.();
  return {
    get leading() {
      return running !== undefined;
    },
    async stop() {
      stopped = true;
      time.clearInterval(timer);
      const r = running;
      running = undefined;
      await r?.stop();
      try {
        leases.release(name, holder);
      } catch {
        // The lease expires on its own.
      }
    },
  };
}
