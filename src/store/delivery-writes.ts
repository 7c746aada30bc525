import type { DeliveryRecord } from './delivery-record.js';

// The delivery log's per-send writes, asynchronous. On PostgreSQL they go through a connection pool on the main
// thread (src/store/pg/delivery-writes.ts), so the sends of a fan-out overlap their round trips instead of each
// blocking the process on the synchronous driver; on SQLite (and any log without them) they wrap the synchronous
// methods, which is also what a fault injected at those methods sees. Each is one statement (one commit) on PostgreSQL.

/**
 * The rows a fan-out still means to send, in its order. takeNext takes from the front, so a replica skips the rows
 * others already sent or are sending without a write of its own for each (on PostgreSQL, many in one statement).
 */
export interface TakeQueue {
  /** Removes and returns up to `n` next candidates (fewer when the queue holds fewer). */
  shift(n: number): DeliveryRecord[];
  /** Candidates given back unexamined: they go to the front again, in this order. */
  unshift(records: readonly DeliveryRecord[]): void;
  /** A candidate that was not taken (no longer owed, or another holder's lease or write): the row as it is now. */
  passed(candidate: DeliveryRecord, now: DeliveryRecord | undefined): void;
  /** A candidate whose take failed in the database (nothing was written for it; it stays owed). */
  failed(candidate: DeliveryRecord, error: unknown): void;
}

export interface DeliveryWrites {
  /**
   * Writes issued in the same turn share one statement and commit (PostgreSQL group commit): a sender may start its
   * next send while its "sent" commits, so the two share it. Absent: each write is done when its call returns.
   */
  readonly grouped?: boolean;
  /**
   * Loads what the first send needs (PostgreSQL: node-postgres, imported on first use), so a running bot's first
   * digest does not wait for it; the scheduler calls it when it starts. Absent: nothing to load.
   */
  prepare?(): Promise<void>;
  find(digest: string, slot: string, destination: string): Promise<DeliveryRecord | undefined>;
  /**
   * takeAttempt and startAttempt in one write: takes the row's lease for `holder` and marks a send as begun. Taken:
   * the row as it was before (its inFlightSince says whether an earlier attempt may have posted). Not taken (no longer
   * owed, or another holder's lease is running): the row as it is, read in the same statement.
   */
  takeAndStart(
    record: DeliveryRecord,
    holder: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<{ taken: true; record: DeliveryRecord } | { taken: false; record?: DeliveryRecord }>;
  /**
   * takeAndStart on the first candidate of `queue` that can be taken (each one passed over is reported to the queue):
   * the taken row as it was before, or undefined once the queue is empty.
   */
  takeNext(queue: TakeQueue, holder: string, nowMs: number, leaseMs: number): Promise<DeliveryRecord | undefined>;
  startAttempt(id: number, nowMs: number): Promise<void>;
  settleAttempt(id: number): Promise<void>;
  recordAttempt(id: number, error: string | undefined, nowMs: number): Promise<void>;
  markSent(id: number, messageIds: readonly string[], nowMs: number): Promise<void>;
  markFailed(id: number, error: string, permanent: boolean, nowMs: number): Promise<void>;
}

/** The synchronous methods of the delivery log the wrapper uses (DeliveryLog has them). */
export interface SyncDeliveryMethods {
  readonly writes?: DeliveryWrites;
  find(digest: string, slot: string, destination: string): DeliveryRecord | undefined;
  takeAttempt(id: number, holder: string, nowMs: number, leaseMs: number): boolean;
  startAttempt(id: number, nowMs: number): void;
  settleAttempt(id: number): void;
  recordAttempt(id: number, error: string | undefined, nowMs: number): void;
  markSent(id: number, messageIds: readonly string[], nowMs: number): void;
  markFailed(id: number, error: string, permanent: boolean, nowMs: number): void;
}

const isOwed = (r: DeliveryRecord) => r.status === 'pending' || (r.status === 'failed' && !r.permanent);

/** The writes over the synchronous methods of `log` (SQLite; a wrapped log in tests). */
export function syncDeliveryWrites(log: SyncDeliveryMethods): DeliveryWrites {
  const takeAndStart: DeliveryWrites['takeAndStart'] = async (record, holder, nowMs, leaseMs) => {
    const fresh = log.find(record.digest, record.slot, record.destination);
    if (!fresh || !isOwed(fresh) || !log.takeAttempt(fresh.id, holder, nowMs, leaseMs))
      return { taken: false, ...(fresh ? { record: fresh } : {}) };
    log.startAttempt(fresh.id, nowMs);
    return { taken: true, record: fresh };
  };
  return {
    find: async (digest, slot, destination) => log.find(digest, slot, destination),
    takeAndStart,
    async takeNext(queue, holder, nowMs, leaseMs) {
      // One candidate at a time: each take is its own write here (a commit without a flush on SQLite).
      for (let [candidate] = queue.shift(1); candidate; [candidate] = queue.shift(1)) {
        let take: Awaited<ReturnType<typeof takeAndStart>>;
        try {
          take = await takeAndStart(candidate, holder, nowMs, leaseMs);
        } catch (error) {
          queue.failed(candidate, error);
          continue;
        }
        if (take.taken) return take.record;
        queue.passed(candidate, take.record);
      }
      return undefined;
    },
    startAttempt: async (id, nowMs) => log.startAttempt(id, nowMs),
    settleAttempt: async (id) => log.settleAttempt(id),
    recordAttempt: async (id, error, nowMs) => log.recordAttempt(id, error, nowMs),
    markSent: async (id, messageIds, nowMs) => log.markSent(id, messageIds, nowMs),
    markFailed: async (id, error, permanent, nowMs) => log.markFailed(id, error, permanent, nowMs),
  };
}

const wrapped = new WeakMap<SyncDeliveryMethods, DeliveryWrites>();

/** The log's own asynchronous writes when it has them (PostgreSQL), else its synchronous methods wrapped. */
export function deliveryWrites(log: SyncDeliveryMethods): DeliveryWrites {
  if (log.writes) return log.writes;
  let w = wrapped.get(log);
  if (!w) {
    w = syncDeliveryWrites(log);
    wrapped.set(log, w);
  }
  return w;
}
