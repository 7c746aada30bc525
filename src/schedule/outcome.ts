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
