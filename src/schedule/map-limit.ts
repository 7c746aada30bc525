// The fan-out of one digest slot: every destination's delivery, a bounded number at a time, where one failure
// never stops the others and a delivery whose post is done lets the next one start while its record is written.
import type { Logger } from '../log/logger.js';
import type { DeliveryRecord } from '../store/delivery-log.js';
import { describeStoreError } from './delivery-guard.js';
import type { DestinationOutcome } from './outcome.js';

type Deps = { concurrency: number; logger: Logger };

/** One job a worker pulled: the item at `index`, and what to run for it (`next` releases the worker early). */
export type Pulled = {
  index: number;
  destination: string;
  run: (next: () => void) => Promise<DestinationOutcome>;
};

/** Thrown only by the delivery log (a publisher never throws): say so, never "nothing happened". */
export function storeFailure(deps: { logger: Logger }, destination: string, error: unknown): DestinationOutcome {
  deps.logger.error(
    { err: error, destination, error: describeStoreError(error) },
    'digest delivery stopped: the delivery log could not be read or written',
  );
  return { destination, status: 'failed', permanent: false, error: (error as Error).message, attempts: 0 };
}

/**
 * `workers` workers, each pulling its next job until `pull` has none; one job's failure (e.g. a database error) never
 * stops the others. A job may call `next()` once its post is done and only its record is being written: its worker
 * moves on (at most `workers` posts at a time still; the records being written are awaited before this returns).
 * Writes each outcome at its index in `out`.
 */
export async function runPulled(
  deps: Deps,
  out: Array<DestinationOutcome | undefined>,
  workers: number,
  pull: () => Promise<Pulled | undefined>,
): Promise<void> {
  const finishing: Promise<void>[] = [];
  const one = async (job: Pulled, released: () => void) => {
    try {
      out[job.index] = await job.run(released);
    } catch (error) {
      out[job.index] = storeFailure(deps, job.destination, error);
    }
  };
  const worker = async () => {
    for (;;) {
      let job: Pulled | undefined;
      try {
        job = await pull();
      } catch (error) {
        // The source itself failed (not one item): this worker stops; what it would have sent stays owed.
        deps.logger.error({ err: error, error: describeStoreError(error) }, 'digest fan-out stopped taking rows');
        return;
      }
      if (!job) return;
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const done = one(job, release);
      finishing.push(done);
      await Promise.race([done, released]);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  await Promise.all(finishing);
}

/**
 * Runs `fn` over the items, `limit` at a time (runPulled, in the items' order from `start`, wrapping round); outcomes
 * stay in the items' order.
 */
export async function mapLimit<T extends DestinationOutcome | DeliveryRecord>(
  deps: Deps,
  items: readonly T[],
  fn: (item: T, next: () => void) => Promise<DestinationOutcome>,
  /** The item to begin with (then on, wrapping round); outcomes stay in the items' order. */
  start = 0,
): Promise<DestinationOutcome[]> {
  const out = new Array<DestinationOutcome | undefined>(items.length);
  let next = 0;
  const pull = async (): Promise<Pulled | undefined> => {
    if (next >= items.length) return undefined;
    const index = (start + next++) % items.length;
    const item = items[index]!;
    return { index, destination: item.destination, run: (release) => fn(item, release) };
  };
  await runPulled(deps, out, Math.max(1, Math.min(deps.concurrency, items.length)), pull);
  return out as DestinationOutcome[];
}
