// A delivery log row as the stores and the scheduler see it (src/store/delivery-log.ts has the log itself).

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';
export type DeliveryTrigger = 'schedule' | 'catch-up' | 'manual';

export interface DeliveryRecord {
  id: number;
  digest: string;
  /** ISO UTC time of the scheduled slot (manual sends: the time of the request). */
  slot: string;
  destination: string;
  status: DeliveryStatus;
  briefingIds: string[];
  attempts: number;
  /** Failed and retrying cannot help (channel not found, no access). */
  permanent: boolean;
  error?: string;
  messageIds: string[];
  /** Platform message ids of the parts confirmed so far (a multi-part post resumes after the last of them). */
  partIds: string[];
  /**
   * When the current send attempt began; cleared once its outcome is known. Set on a row that is not being sent
   * means the last attempt was interrupted (crash) or timed out: it may have been posted, so it is looked up first.
   */
  inFlightSince?: number;
  trigger: DeliveryTrigger;
  createdAt: number;
  updatedAt: number;
  sentAt?: number;
}

export interface ClaimInput {
  digest: string;
  slot: string;
  destination: string;
  briefingIds: readonly string[];
  trigger: DeliveryTrigger;
  /** `skipped` records an empty slot (whenEmpty: skip) so it is not re-evaluated. */
  status?: 'pending' | 'skipped';
}
