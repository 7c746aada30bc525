import type { DeliveryRecord } from '../store/delivery-log.js';

/** What became of one destination in a digest slot (or a retry of what it was owed). */
export type DestinationOutcome =
  | { destination: string; status: 'sent'; briefingIds: string[]; attempts: number; messageIds: string[] }
  | { destination: string; status: 'skipped'; reason: string }
  | { destination: string; status: 'already'; record: DeliveryRecord }
  | { destination: string; status: 'failed'; permanent: boolean; error: string; attempts: number };
