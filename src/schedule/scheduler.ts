import type { Time, TimerHandle } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import cron, { type ScheduledTask, type TaskContext } from 'node-cron';
import type { DigestConfig } from '../config/file-schema.js';
import { latestRunAtOrBefore, runsAtOrBefore } from './cron-times.js';
import { type DigestRunDeps, retryOwed, runDigestSlot } from './digest-run.js';
import type { DestinationOutcome } from './outcome.js';

// The digest scheduler: one node-cron task per digest (its own time zone, no overlapping runs), a per-digest queue
// so scheduled runs, catch-up and manual sends never interleave, and recovery on start (owed sends, missed slots).

export interface SchedulerOptions extends DigestRunDeps {
  digests: readonly DigestConfig[];
  /** Arm node-cron's timers (production). Tests leave them off and call `task(id).execute()` with an injected clock. */
  startTimers: boolean;
  /** The stop grace timer (src/core/time.ts); the bot passes its context's time. */
  time?: Pick<Time, 'setTimeout' | 'clearTimeout'>;
}

export interface Scheduler {
  /** Creates the tasks, then retries owed sends and catches up missed slots in the background (see `recovered`). */
  start(): void;
  /** Resolves when start-up recovery has finished. */
  readonly recovered: Promise<DestinationOutcome[]>;
  stop(): Promise<void>;
  /** The node-cron task of a digest (`execute()` runs the slot due at the injected clock's time). */
  task(digestId: string): ScheduledTask | undefined;
  /** Sends now to these destinations, recorded like a scheduled slot (trigger `manual`). */
  runNow(digestId: string, destinations?: readonly string[]): Promise<DestinationOutcome[]>;
  /** Waits for every queued run. */
  idle(): Promise<void>;
}

/** A scheduled run arriving this late (event loop stall) still counts as its slot. */
const DUE_WINDOW_MS = 5 * 60_000;
const STOP_GRACE_MS = 5_000;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { digests, logger, clock } = options;
  const time = options.time ?? systemTime;
  const byId = new Map(digests.map((d) => [d.id, d]));
  const tasks = new Map<string, ScheduledTask>();
  const queues = new Map<string, Promise<unknown>>();
  let stopped = false;
  let resolveRecovered: (o: DestinationOutcome[]) => void = () => undefined;
  const recovered = new Promise<DestinationOutcome[]>((r) => {
    resolveRecovered = r;
  });

  // node-cron's own messages (missed executions, overlaps) go to our structured log, not to stdout.
  const cronLogger = {
    info: (m: string) => logger.debug({ source: 'node-cron' }, m),
    warn: (m: string) => logger.warn({ source: 'node-cron' }, m),
    error: (m: string | Error) => logger.error({ source: 'node-cron', err: m }, 'node-cron error'),
    debug: (m: string | Error) => logger.debug({ source: 'node-cron' }, String(m)),
  };

  const enqueue = <T>(digestId: string, fn: () => Promise<T>): Promise<T> => {
    const previous = queues.get(digestId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    queues.set(
      digestId,
      run.catch(() => undefined),
    );
    return run;
  };

  const runSlot = (digest: DigestConfig, slot: Date, trigger: 'schedule' | 'catch-up') =>
    enqueue(digest.id, async () => {
      if (stopped) return [];
      // Deliveries a crash or an outage left owed go first, so the new slot never competes with them.
      const tried = new Set(options.deliveries.retryable(digest.id).map((r) => r.id));
      const owed = await retryOwed(options, digests, digest.id);
      logger.info({ digest: digest.id, slot: slot.toISOString(), trigger }, 'digest run');
      return [...owed, ...(await runDigestSlot(options, digest, slot, trigger, digest.to, tried))];
    });

  const onTick = (digest: DigestConfig) => async (context: TaskContext) => {
    // A timer run carries its exact slot; a manual execute() (tests, ops) runs the slot due at the clock's time.
    const slot =
      context.execution?.reason === 'scheduled'
        ? context.date
        : latestRunAtOrBefore(
            digest.cron,
            digest.timezone,
            clock(),
            Math.max(DUE_WINDOW_MS, digest.catchUpMinutes * 60_000),
          );
    if (!slot) {
      logger.info({ digest: digest.id }, 'digest run requested but no slot is due now');
      return [];
    }
    return runSlot(digest, slot, 'schedule');
  };

  const catchUp = async (): Promise<DestinationOutcome[]> => {
    const outcomes: DestinationOutcome[] = [];
    for (const digest of digests) {
      const now = clock();
      const last = runsAtOrBefore(digest.cron, digest.timezone, now).next().value as Date | undefined;
      if (!last) continue;
      const ageMinutes = (now - last.getTime()) / 60_000;
      if (ageMinutes <= digest.catchUpMinutes) {
        outcomes.push(...(await runSlot(digest, last, 'catch-up')));
        continue;
      }
      outcomes.push(...(await enqueue(digest.id, () => retryOwed(options, digests, digest.id))));
      const missing = digest.to.filter((d) => !options.deliveries.find(digest.id, last.toISOString(), d));
      if (missing.length > 0) {
        logger.info(
          {
            digest: digest.id,
            slot: last.toISOString(),
            ageMinutes: Math.round(ageMinutes),
            catchUpMinutes: digest.catchUpMinutes,
            destinations: missing,
          },
          'missed digest slot not posted: it is older than catchUpMinutes (the next slot will carry its briefings)',
        );
      }
    }
    return outcomes;
  };

  return {
    recovered,
    start() {
      for (const digest of digests) {
        const taskOptions = {
          timezone: digest.timezone,
          name: `digest:${digest.id}`,
          noOverlap: true,
          logger: cronLogger,
        };
        const task = options.startTimers
          ? cron.schedule(digest.cron, onTick(digest), taskOptions)
          : cron.createTask(digest.cron, onTick(digest), taskOptions);
        tasks.set(digest.id, task);
      }
      catchUp().then(
        (outcomes) => {
          const count = (status: DestinationOutcome['status']) => outcomes.filter((o) => o.status === status).length;
          logger.info(
            { sent: count('sent'), failed: count('failed'), skipped: count('skipped'), already: count('already') },
            'digest start-up recovery finished',
          );
          resolveRecovered(outcomes);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'digest start-up recovery failed');
          resolveRecovered([]);
        },
      );
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...tasks.values()].map((t) => t.destroy()));
      tasks.clear();
      let grace: TimerHandle | undefined;
      // Let in-flight sends finish, but do not sit out a long backoff: owed rows are retried on the next start.
      await Promise.race([
        Promise.allSettled(queues.values()),
        new Promise<void>((r) => {
          grace = time.setTimeout(r, STOP_GRACE_MS);
          grace.unref?.();
        }),
      ]);
      time.clearTimeout(grace);
    },
    task: (id) => tasks.get(id),
    runNow(digestId, destinations) {
      const digest = byId.get(digestId);
      if (!digest) return Promise.reject(new Error(`no digest has the id "${digestId}"`));
      const slot = new Date(Math.floor(clock() / 1000) * 1000);
      return enqueue(digestId, () => runDigestSlot(options, digest, slot, 'manual', destinations ?? digest.to));
    },
    async idle() {
      await Promise.allSettled(queues.values());
    },
  };
}
