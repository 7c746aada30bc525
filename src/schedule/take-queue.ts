// Sending a slot's rows under a lease: the workers take their rows from one queue in the slot's order (from the
// replica's start point), through the delivery log's takeNext. Rows another replica already sent, or is sending, are
// passed over there (on PostgreSQL many in one statement), so a replica spends its round trips on the rows it sends,
// not on one write per row the others did. Each taken row is then sent as deliver() sends it (digest-run.ts).

import type { Logger } from '../log/logger.js';
import type { DeliveryRecord } from '../store/delivery-log.js';
import type { DeliveryWrites, TakeQueue } from '../store/delivery-writes.js';
import type { DeliveryGuard } from './delivery-guard.js';
import { runPulled, storeFailure } from './map-limit.js';
import { type DestinationOutcome, isOwed } from './outcome.js';

export interface QueueDeps {
  logger: Logger;
  concurrency: number;
  clock: () => number;
  lease: { holder: string; ms: number };
}

/**
 * Sends the rows among `items` (outcomes already decided stay as they are), `concurrency` at a time, each after
 * takeNext took it for this holder; outcomes in the items' order.
 */
export async function sendQueued(
  deps: QueueDeps,
  writes: Pick<DeliveryWrites, 'takeNext'>,
  guard: Pick<DeliveryGuard, 'blocked'>,
  items: ReadonlyArray<DestinationOutcome | DeliveryRecord>,
  start: number,
  send: (record: DeliveryRecord, next: () => void) => Promise<DestinationOutcome>,
): Promise<DestinationOutcome[]> {
  const out = new Array<DestinationOutcome | undefined>(items.length);
  const order: DeliveryRecord[] = [];
  const indexOf = new Map<number, number>();
  for (let k = 0; k < items.length; k++) {
    const i = (start + k) % items.length;
    const item = items[i]!;
    if (!('id' in item)) out[i] = item;
    else {
      order.push(item);
      indexOf.set(item.id, i);
    }
  }
  const at = (r: DeliveryRecord) => indexOf.get(r.id)!;
  const log = (r: DeliveryRecord) => ({ digest: r.digest, destination: r.destination, slot: r.slot });
  let pos = 0;
  let front: DeliveryRecord[] = [];
  const queue: TakeQueue = {
    shift(n) {
      const got: DeliveryRecord[] = [];
      while (got.length < n) {
        const r = front.length > 0 ? front.shift() : order[pos++];
        if (!r) break;
        // As deliver() checks before its take: a destination whose sends are stopped is not taken at all.
        const stopped = guard.blocked(r.destination);
        if (!stopped) got.push(r);
        else {
          deps.logger.error(log(r), stopped);
          out[at(r)] = { destination: r.destination, status: 'failed', permanent: false, error: stopped, attempts: 0 };
        }
      }
      return got;
    },
    unshift(records) {
      front = [...records, ...front];
    },
    passed(candidate, now) {
      const record = now ?? candidate;
      if (isOwed(record))
        deps.logger.info(
          log(candidate),
          'digest delivery already in progress elsewhere (another replica or process); left to it',
        );
      out[at(candidate)] = { destination: candidate.destination, status: 'already', record };
    },
    failed(candidate, error) {
      out[at(candidate)] = storeFailure(deps, candidate.destination, error);
    },
  };
  const { holder, ms } = deps.lease;
  await runPulled(deps, out, Math.min(deps.concurrency, order.length), async () => {
    const record = await writes.takeNext(queue, holder, deps.clock(), ms);
    return record && { index: at(record), destination: record.destination, run: (next) => send(record, next) };
  });
  // A row no worker got to (the queue's source failed): it stays owed, and says so.
  for (const [i, o] of out.entries())
    if (!o) {
      const r = items[i] as DeliveryRecord;
      out[i] = storeFailure(deps, r.destination, new Error('not taken: the fan-out stopped taking rows'));
    }
  return out as DestinationOutcome[];
}
