import { createHash } from 'node:crypto';
import type { PublishResult } from '../app/publisher.js';
import type { DigestConfig } from '../config/file-schema.js';
import type { SummaryCachePort } from '../core/grounded/bot-model.js';
import type { Library } from '../core/library.js';
import type { Clock } from '../core/ports.js';
import type { Logger } from '../log/logger.js';
import type { DeliveryLog, DeliveryRecord, DeliveryTrigger } from '../store/delivery-log.js';
import { deliveryWrites } from '../store/delivery-writes.js';
import { digestReply, planSlot, withCachedTldrs } from './digest-plan.js';
import { createDeliveryGuard, type DeliveryGuard } from './delivery-guard.js';
import { mapLimit } from './map-limit.js';
import { type DestinationOutcome, isOwed, slotOutcomes } from './outcome.js';
import type { DestinationRouter } from './destinations.js';
import { publishWithRetry, type RetryPolicy, type Sleep } from './retry.js';
import { sendQueued } from './take-queue.js';

// One digest slot, fanned out: each destination gets the briefings it has not yet received from this digest.
// Order per destination: claim (row `pending` with the chosen briefing ids) -> publish -> `sent` + delivered ids.
// A crash between claim and `sent` leaves a pending row that is re-sent, with the same content and key, on start.
// Exactly once: `in_flight_since` is written before every post and cleared once its outcome is known. A row found
// with it set (a crash mid-send, or a timeout: the platform may have posted) is first looked up on the platform
// (Slack: history by message metadata) and only the parts not found are posted; each confirmed part is recorded.
// A post whose "sent" cannot be recorded stops further sends (DeliveryGuard) instead of being posted again.

export interface DigestRunDeps {
  deliveries: DeliveryLog;
  library: () => Library;
  router: DestinationRouter;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  retry: RetryPolicy;
  /** How far back a destination's first digest reaches. */
  digestDays: number;
  /** Destinations served at the same time (each retries on its own, so a slow one never holds up the rest). */
  concurrency: number;
  /**
   * Who is sending, and for how long an attempt holds its row: replicas sharing a database send a row one at a time
   * (deliveries.takeAttempt). Absent: no lease (tests that own their store alone).
   */
  lease?: { holder: string; ms: number };
  /** Stops sends the delivery log cannot record (one per deliveries log by default). */
  guard?: DeliveryGuard;
  /**
   * The model's cached TL;DRs (src/app/summaries.ts): an item whose summary is ready carries it, the rest keep the
   * offline TL;DR (and are asked for in the background, for the next digest). A send never waits on the model.
   */
  summaries?: SummaryCachePort;
}

const guards = new WeakMap<DeliveryLog, DeliveryGuard>();
function guardOf(deps: DigestRunDeps): DeliveryGuard {
  if (deps.guard) return deps.guard;
  let guard = guards.get(deps.deliveries);
  if (!guard) {
    guard = createDeliveryGuard(deps);
    guards.set(deps.deliveries, guard);
  }
  return guard;
}

export async function runDigestSlot(
  deps: DigestRunDeps,
  digest: DigestConfig,
  slot: Date,
  trigger: DeliveryTrigger,
  destinations: readonly string[] = digest.to,
  /** Owed rows already retried in this run (by retryOwed): not retried a second time. */
  alreadyTried: ReadonlySet<number> = new Set(),
): Promise<DestinationOutcome[]> {
  const slotKey = slot.toISOString();
  const skip = (destination: string): DestinationOutcome => {
    deps.logger.info(
      { digest: digest.id, destination, slot: slotKey },
      'digest skipped: nothing new for this destination',
    );
    return { destination, status: 'skipped', reason: 'nothing new' };
  };
  // Phase 1, one transaction: decide what each destination gets and record it (pending) before anything is sent.
  // Read and claimed in bulk (a few statements for the whole slot, not several per destination).
  let claimed: Array<DestinationOutcome | DeliveryRecord>;
  let createdHere = false;
  const decide = (
    existing: ReadonlyMap<string, DeliveryRecord>,
    results: ReadonlyMap<string, { record: DeliveryRecord; created: boolean }>,
  ) => slotOutcomes(destinations, existing, results, alreadyTried, skip);
  try {
    const unique = [...new Set(destinations)];
    const planned = deps.deliveries.batch(() => {
      // A slot another replica (or run) already claimed for every destination has nothing left to plan: counted under
      // the planning lock (a replica started with the claiming one waits for its commit), its rows read after the
      // lock is released, so replicas that find it claimed do not read 1,000 rows each while holding the lock in turn.
      if (deps.deliveries.claimedCount(digest.id, slotKey, unique) === unique.length) return undefined;
      const { existing, plans } = planSlot(deps, digest, slotKey, destinations, slot.getTime());
      const claims = [...plans].map(([destination, briefingIds]) => ({
        digest: digest.id,
        slot: slotKey,
        destination,
        briefingIds,
        trigger,
        ...(briefingIds.length === 0 && digest.whenEmpty === 'skip' ? { status: 'skipped' as const } : {}),
      }));
      const results = new Map<string, { record: DeliveryRecord; created: boolean }>();
      const made = claims.length > 0 ? deps.deliveries.claimMany(claims, deps.clock()) : [];
      createdHere = made.some((m) => m.created);
      for (const [i, c] of claims.entries()) results.set(c.destination, made[i]!);
      return decide(existing, results);
    });
    claimed =
      planned ??
      decide(
        new Map(
          [...deps.deliveries.planState(digest.id, slotKey, unique)].flatMap(([d, st]) =>
            st.existing ? [[d, st.existing] as const] : [],
          ),
        ),
        new Map(),
      );
  } catch (error) {
    // Nothing was recorded (the transaction rolled back): the next run or restart plans this slot again.
    deps.logger.error(
      { err: error, digest: digest.id, slot: slotKey },
      'could not record the digest run; nothing was sent',
    );
    return destinations.map((destination) => ({
      destination,
      status: 'failed',
      permanent: false,
      error: (error as Error).message,
      attempts: 0,
    }));
  }
  // Phase 2: send, each destination on its own (its retries never hold up the others).
  // Replicas running the same slot: the one that claimed it starts at the first destination, one that found it
  // claimed by another starts at a point of its own (from its lease holder), so they mostly take different rows
  // (each take round full, not a few rows left over by the others) and meet only at the end.
  const start = deps.lease && !createdHere ? startOf(deps.lease.holder, claimed.length) : 0;
  // Under a lease the workers take their rows from one queue (take-queue.ts): the rows others already sent or are
  // sending are passed over in bulk, not one write each.
  const lease = deps.lease;
  if (lease)
    return sendQueued(
      { ...deps, lease },
      deliveryWrites(deps.deliveries),
      guardOf(deps),
      claimed,
      start,
      (record, next) => send(deps, digest, record, next),
    );
  return mapLimit(
    deps,
    claimed,
    async (item, next) =>
      'status' in item && !('id' in item) ? item : deliver(deps, digest, item as DeliveryRecord, next),
    start,
  );
}

/** Re-sends rows left pending by a crash or failed with a transient error. */
export async function retryOwed(
  deps: DigestRunDeps,
  digests: readonly DigestConfig[],
  digestId?: string,
): Promise<DestinationOutcome[]> {
  const byId = new Map(digests.map((d) => [d.id, d]));
  const owed = deps.deliveries.retryable(digestId);
  return mapLimit(deps, owed, async (record, next) => {
    const digest = byId.get(record.digest);
    if (!digest) {
      deps.logger.warn(
        { digest: record.digest, destination: record.destination, slot: record.slot },
        'owed delivery of a digest no longer in the config; left as is',
      );
      return { destination: record.destination, status: 'skipped', reason: 'digest removed from the config' };
    }
    return deliver(deps, digest, record, next);
  });
}

/** Where a replica that did not claim a slot starts through its destinations: spread by its name. */
function startOf(holder: string, count: number): number {
  return count === 0 ? 0 : createHash('sha256').update(holder).digest().readUInt32BE(0) % count;
}

/** Short and stable per (digest, slot, destination): Discord nonces allow 25 characters. */
export function idempotencyKey(record: Pick<DeliveryRecord, 'digest' | 'slot' | 'destination'>): string {
  return `g${createHash('sha256').update(`${record.digest}\n${record.slot}\n${record.destination}`).digest('base64url').slice(0, 24)}`;
}

/** Why an unanswered send to a platform that cannot be asked (Teams) is left to the operator. */
export function unresolvableMessage(destination: string, sinceMs: number, confirmedParts: number): string {
  const done =
    confirmedParts > 0 ? ` (${confirmedParts} earlier part${confirmedParts === 1 ? '' : 's'} confirmed)` : '';
  return (
    `digest send to ${destination} begun ${new Date(sinceMs).toISOString()} got no answer${done}, and Teams ` +
    `cannot be asked whether it arrived: not re-sent automatically. Check the channel, then run govai digest ` +
    `--uncertain delivered (it arrived) or --uncertain resend (it did not) with --to ${destination}`
  );
}

/** A wait longer than any policy's maxDelayMs: ends this round of retries (the row stays owed). */
const STOP_ROUND_MS = Number.MAX_SAFE_INTEGER;

async function deliver(
  deps: DigestRunDeps,
  digest: DigestConfig,
  claimed: DeliveryRecord,
  /** Lets the caller start its next delivery before this one's "sent" is committed (see mapLimit). */
  next?: () => void,
): Promise<DestinationOutcome> {
  const { destination } = claimed;
  const log = { digest: claimed.digest, destination, slot: claimed.slot };
  const guard = guardOf(deps);
  const stopped = guard.blocked(destination);
  if (stopped) {
    deps.logger.error(log, stopped);
    return { destination, status: 'failed', permanent: false, error: stopped, attempts: 0 };
  }
  const writes = deliveryWrites(deps.deliveries);
  const lease = deps.lease;
  // Read again (the guard may just have recorded it; another replica may have sent it); with a lease, that read is
  // the take itself: one write takes the row and marks the send as begun (one round trip less per send).
  let record: DeliveryRecord | undefined;
  if (lease) {
    const take = await writes.takeAndStart(claimed, lease.holder, deps.clock(), lease.ms);
    if (!take.taken) {
      const now = take.record ?? claimed;
      if (isOwed(now))
        deps.logger.info(log, 'digest delivery already in progress elsewhere (another replica or process); left to it');
      return { destination, status: 'already', record: now };
    }
    record = take.record;
  } else {
    const fresh = (await writes.find(claimed.digest, claimed.slot, destination)) ?? claimed;
    if (!isOwed(fresh)) return { destination, status: 'already', record: fresh };
    record = fresh;
  }
  return send(deps, digest, record, next);
}

/**
 * Sends a row this process may send now: taken under its lease (the take marked the send begun; `record` is the row
 * as it was before it), or, without a lease, read again and still owed.
 */
async function send(
  deps: DigestRunDeps,
  digest: DigestConfig,
  record: DeliveryRecord,
  next?: () => void,
): Promise<DestinationOutcome> {
  const { destination } = record;
  const log = { digest: record.digest, destination, slot: record.slot };
  const guard = guardOf(deps);
  const writes = deliveryWrites(deps.deliveries);
  const lease = deps.lease;
  const library = deps.library();
  const reply = withCachedTldrs(deps.summaries, digestReply(library, digest, record.briefingIds), library);
  const key = idempotencyKey(record);
  // The first attempt follows the take, which already marked it begun.
  let renew = false;
  const parts: string[] = record.partIds.filter((id) => typeof id === 'string' && id !== '');
  let inFlightSince = record.inFlightSince;
  let found = false;
  let partRecordFailed: unknown;

  const attempt = async (): Promise<PublishResult> => {
    const blocked = guard.blocked(destination);
    if (blocked) return { ok: false, permanent: false, message: blocked, retryAfterMs: STOP_ROUND_MS };
    // Renew before each retry (the first attempt follows the take at once): retries and their waits must not outlive
    // the lease. One write less per delivery counts on PostgreSQL, where each is a commit.
    if (lease && renew) await writes.takeAndStart(record, lease.holder, deps.clock(), lease.ms);
    renew = true;
    if (inFlightSince !== undefined) {
      // An earlier attempt may have posted (it timed out, or the process died mid-send): look before posting again.
      const look = await deps.router.find(destination, reply, key, { sinceMs: inFlightSince, parts: 1, known: parts });
      if (look && !look.ok)
        return {
          ok: false,
          permanent: false,
          uncertain: true,
          message: `${look.message}; not re-sent until the earlier attempt is resolved`,
          ...(look.retryAfterMs !== undefined ? { retryAfterMs: look.retryAfterMs } : {}),
        };
      if (look?.ok) {
        const known = parts.length;
        for (const [index, id] of look.messageIds.entries()) {
          if (parts[index] === id) continue;
          parts[index] = id;
          deps.deliveries.recordPart(record.id, index, id, deps.clock());
        }
        if (look.messageIds.length > known) {
          found = true;
          deps.logger.info(
            { ...log, parts: look.messageIds.length, messageIds: look.messageIds },
            'earlier digest post found on the platform; not posted again (only missing parts are sent)',
          );
        }
      } else if (!look && deps.router.platformOf(destination) === 'teams') {
        // Teams cannot be asked what was posted and has no idempotency key: never re-sent on a guess (an operator
        // checks the channel and resolves it: `govai digest --uncertain resend|delivered`).
        const message = unresolvableMessage(destination, inFlightSince, parts.length);
        deps.logger.error({ ...log, inFlightSince: new Date(inFlightSince).toISOString() }, message);
        return { ok: false, permanent: false, uncertain: true, message, retryAfterMs: STOP_ROUND_MS };
      } else if (!look && deps.router.platformOf(destination) !== 'discord') {
        // Discord deduplicates a re-send with the same nonce itself; the console is the operator's own terminal.
        deps.logger.warn(
          log,
          'an earlier attempt may have been posted and this platform cannot be asked; sending again',
        );
      }
    }
    const startedAt = deps.clock();
    // With a lease, every attempt's take (above, and in deliver for the first) marked it begun.
    if (!lease) await writes.startAttempt(record.id, startedAt);
    inFlightSince ??= startedAt;
    const r: PublishResult = await deps.router.publish(destination, reply, {
      idempotencyKey: key,
      resumeAfter: parts,
      inFlight: {
        begin: () => deps.deliveries.startAttempt(record.id, deps.clock()),
        settle: () => deps.deliveries.settleAttempt(record.id),
      },
      onPart: (index, id) => {
        parts[index] = id;
        try {
          deps.deliveries.recordPart(record.id, index, id, deps.clock());
          return true;
        } catch (error) {
          partRecordFailed = error;
          return false;
        }
      },
    });
    if (partRecordFailed !== undefined) {
      // Posted but not recorded: recorded (as parts, or as sent if all went) once the log can be written.
      guard.unrecorded(record, [...parts], partRecordFailed, r.ok);
      const message = 'stopped: a posted part could not be recorded in the delivery log';
      return { ok: false, permanent: false, message, retryAfterMs: STOP_ROUND_MS };
    }
    if (!r.ok) {
      if (!r.uncertain) {
        await writes.settleAttempt(record.id);
        inFlightSince = undefined;
      }
      await writes.recordAttempt(record.id, r.message, deps.clock());
    }
    return r;
  };

  const { result, attempts } = await publishWithRetry(attempt, deps.retry, deps.sleep, (failure, n) =>
    deps.logger.warn(
      { ...log, attempt: n, retryAfterMs: failure.retryAfterMs, error: failure.message, uncertain: failure.uncertain },
      failure.uncertain
        ? 'digest send not confirmed (it may have arrived): it is looked up before any re-send'
        : 'digest send failed; will retry',
    ),
  );
  if (result.ok) {
    const recorded = writes.markSent(record.id, result.messageIds, deps.clock());
    // Grouped writes (PostgreSQL): the worker starts its next send now, so that send's take and this "sent" share
    // one statement and one commit; the next post still waits for that commit (its take is in it).
    if (writes.grouped) next?.();
    try {
      await recorded;
    } catch (error) {
      guard.unrecorded(record, result.messageIds, error);
      return { destination, status: 'sent', briefingIds: record.briefingIds, attempts, messageIds: result.messageIds };
    }
    deps.logger.info(
      { ...log, briefings: record.briefingIds.length, attempts, ...(found ? { foundOnPlatform: true } : {}) },
      found ? 'digest sent (confirmed from the platform after an unanswered attempt)' : 'digest sent',
    );
    return { destination, status: 'sent', briefingIds: record.briefingIds, attempts, messageIds: result.messageIds };
  }
  if (partRecordFailed !== undefined || result.retryAfterMs === STOP_ROUND_MS)
    return { destination, status: 'failed', permanent: false, error: result.message, attempts };
  await writes.markFailed(record.id, result.message, result.permanent, deps.clock());
  if (result.permanent)
    deps.logger.error(
      { ...log, error: result.message },
      'digest cannot be delivered to this destination (see govai doctor)',
    );
  else
    deps.logger.error(
      { ...log, attempts, error: result.message, uncertain: result.uncertain },
      result.uncertain
        ? 'digest send still unconfirmed after retries; it stays owed and is looked up before any re-send on ' +
            'the next run or start'
        : 'digest send still failing after retries; it stays owed and is retried on the next run or start',
    );
  return { destination, status: 'failed', permanent: result.permanent, error: result.message, attempts };
}
