import type { DeliveryRecord } from '../store/delivery-log.js';

/** What became of one destination in a digest slot (or a retry of what it was owed). */
export type DestinationOutcome =
  | { destination: string; status: 'sent'; briefingIds: string[]; attempts: number; messageIds: string[] }
  | { destination: string; status: 'skipped'; reason: string }
  | { destination: string; status: 'already'; record: DeliveryRecord }
  | { destination: string; status: 'failed'; permanent: boolean; error: string; attempts: number };

/** Still to be delivered: pending, or failed with an error a retry may get past. */
export function isOwed(r: DeliveryRecord): boolean {
  return r.status === 'pending' || (r.status === 'failed' && !r.permanent);
}

/**
 * What each destination of a slot (in order; a repeated one counts once) comes to after planning: its row to send
 * (found owed, or claimed now), or an outcome already decided. `existing`: rows the slot had before; `results`: the
 * claims made now. A row found owed that this run already retried (`alreadyTried`) is not sent again.
 */
export function slotOutcomes(
  destinations: readonly string[],
  existing: ReadonlyMap<string, DeliveryRecord>,
  results: ReadonlyMap<string, { record: DeliveryRecord; created: boolean }>,
  alreadyTried: ReadonlySet<number>,
  skip: (destination: string) => DestinationOutcome,
): Array<DestinationOutcome | DeliveryRecord> {
  const seen = new Set<string>();
  return destinations.map((destination): DestinationOutcome | DeliveryRecord => {
    const first = !seen.has(destination);
    seen.add(destination);
    const found = existing.get(destination);
    if (found)
      return first && isOwed(found) && !alreadyTried.has(found.id)
        ? found
        : { destination, status: 'already', record: found };
    const { record, created } = results.get(destination)!;
    if (!first) return { destination, status: 'already', record };
    if (record.status === 'skipped' && created) return skip(destination);
    return created || isOwed(record) ? record : { destination, status: 'already', record };
  });
}
