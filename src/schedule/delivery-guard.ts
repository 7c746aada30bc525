import type { Clock } from '../core/ports.js';
import type { Logger } from '../log/logger.js';
import type { DeliveryLog, DeliveryRecord } from '../store/delivery-log.js';

// What stops digest sends when the delivery log cannot be trusted to record them:
// - a post went out but recording "sent" failed (disk full, I/O error): that destination (and, for a store-wide
//   error, every destination) gets nothing more until the record is written, which is retried before each send;
// - the database file was deleted or replaced under the running bot: every send stops (a restart would start from an
//   empty log and post again what was delivered), loudly, until the bot is restarted with the file back.

export interface DeliveryGuard {
  /** Why sends to this destination are stopped now, or undefined. Retries writing what is owed to the log first. */
  blocked(destination: string): string | undefined;
  /** A post was confirmed by the platform but could not be recorded as sent. */
  unrecorded(record: DeliveryRecord, messageIds: readonly string[], error: unknown, complete?: boolean): void;
  /** What is stopped, for status output. */
  state(): Array<{ destination: string; error: string; since: number }>;
  /** Why every send is stopped (the database file deleted or replaced), once noticed. */
  lost(): string | undefined;
}

/** Reports whether the database file the bot opened is still the one at its path (undefined: it is). */
export type StoreFileCheck = () => string | undefined;

interface Unrecorded {
  record: DeliveryRecord;
  messageIds: readonly string[];
  /** Every part went out (record "sent"); otherwise only the parts listed are recorded. */
  complete: boolean;
  error: string;
  since: number;
  storeWide: boolean;
}

export function describeStoreError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e?.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e?.message ?? String(error));
}

/** Errors that say the database as a whole cannot take writes, not just this row. */
function isStoreWide(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM|BUSY|LOCKED)/.test(code);
}

export function createDeliveryGuard(deps: {
  deliveries: DeliveryLog;
  clock: Clock;
  logger: Logger;
  storeFile?: StoreFileCheck;
  /** Called when what state() or lost() report changes (the bot writes its status file for govai doctor then). */
  onChange?: () => void;
}): DeliveryGuard {
  const owed = new Map<string, Unrecorded>();
  let lost: string | undefined;

  const changed = () => {
    try {
      deps.onChange?.();
    } catch {
      // A status that cannot be reported never stops a send decision.
    }
  };

  const flush = () => {
    const before = owed.size;
    for (const [destination, u] of owed) {
      try {
        const now = deps.clock();
        if (u.complete) deps.deliveries.markSent(u.record.id, u.messageIds, now);
        else for (const [i, id] of u.messageIds.entries()) if (id) deps.deliveries.recordPart(u.record.id, i, id, now);
        deps.deliveries.recordIncident({
          at: now,
          destination,
          error: u.error,
          detail:
            `posted at ${new Date(u.since).toISOString()} but recording it as sent failed; recorded at ` +
            `${new Date(now).toISOString()}, sends were stopped meanwhile`,
        });
        owed.delete(destination);
        deps.logger.warn(
          { digest: u.record.digest, destination, slot: u.record.slot, error: u.error },
          'the delivery log can be written again: the digest posted while it could not is now recorded as ' +
            'sent; sends resume',
        );
      } catch {
        // Still not writable: stays owed and blocking.
      }
    }
    if (owed.size !== before) changed();
  };

  return {
    blocked(destination) {
      if (!lost && deps.storeFile) {
        lost = deps.storeFile();
        if (lost) {
          deps.logger.fatal(
            { problem: lost },
            `${lost}: digest sends are stopped (a restart on an empty log would post again what was ` +
              `delivered); restore the file and restart the bot`,
          );
          changed();
        }
      }
      if (lost) return `not sent: ${lost}; digest sends are stopped until the bot is restarted with its database`;
      if (owed.size > 0) flush();
      const own = owed.get(destination);
      const wide = [...owed.values()].find((u) => u.storeWide);
      const why = own ?? wide;
      if (!why) return undefined;
      return (
        `not sent: the delivery log cannot be written (${why.error}), and a digest posted to ` +
        `${why.record.destination} is not yet recorded as sent; sends are stopped until the database can be ` +
        `written (free disk space, check the file)`
      );
    },
    unrecorded(record, messageIds, error, complete = true) {
      const message = describeStoreError(error);
      owed.set(record.destination, {
        record,
        messageIds,
        complete,
        error: message,
        since: deps.clock(),
        storeWide: isStoreWide(error),
      });
      deps.logger.error(
        { digest: record.digest, destination: record.destination, slot: record.slot, messageIds, error: message },
        'digest was posted, but recording it as sent failed: sends are stopped until the database can be ' +
          'written (see govai doctor)',
      );
      changed();
    },
    state: () => [...owed].map(([destination, u]) => ({ destination, error: u.error, since: u.since })),
    lost: () => lost,
  };
}
