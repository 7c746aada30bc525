// The fan-out of one digest slot: every destination's delivery, a bounded number at a time, where one failure
// never stops the others and a delivery whose post is done lets the next one start while its record is written.
import type { Logger } from '../log/logger.js';
import type { DeliveryRecord } from '../store/delivery-log.js';
import { describeStoreError } from './delivery-guard.js';
import type { DestinationOutcome } from './outcome.js';

/**
 * Runs `fn` over the items, `limit` at a time; one item's failure (e.g. a database error) never stops the others.
 * An item may call `next()` once its post is done and only its record is being written: its worker moves on (at most
 * `limit` posts at a time still; the records being written are awaited before this returns).
 */
export async function mapLimit<T extends DestinationOutcome | DeliveryRecord>(
  deps: { concurrency: number; logger: Logger },
  items: readonly T[],
  fn: (item: T, next: () => void) => Promise<DestinationOutcome>,
  /** The item to begin with (then on, wrapping round); outcomes stay in the items' order. */
  start = 0,
): Promise<DestinationOutcome[]> {
  const limit = deps.concurrency;
  const out = new Array<DestinationOutcome>(items.length);
  const finishing: Promise<void>[] = [];
  let next = 0;
  const one = async (i: number, released: () => void) => {
    const item = items[i]!;
    try {
      out[i] = await fn(item, released);
    } catch (error) {
      const destination = item.destination;
      // Thrown only by the delivery log (a publisher never throws): say so, never "nothing happened".
      deps.logger.error(
        { err: error, destination, error: describeStoreError(error) },
        'digest delivery stopped: the delivery log could not be read or written',
      );
      out[i] = { destination, status: 'failed', permanent: false, error: (error as Error).message, attempts: 0 };
    }
  };
  const worker = async () => {
    while (next < items.length) {
      const i = (start + next++) % items.length;
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const done = one(i, release);
      finishing.push(done);
      await Promise.race([done, released]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  await Promise.all(finishing);
  return out;
}
