import { plural } from '../../core/plural.js';
import { createLogger } from '../../log/logger.js';
import { retryOwed } from '../../schedule/digest-run.js';
import type { DeliveryLog, DeliveryRecord } from '../../store/delivery-log.js';
import { storeLocation } from '../../store/store.js';
import { CliError, type CliIO } from '../io.js';
import { cliSendSettings, type Ctx, openOrFail, openPublishers } from './digest-publishers.js';

// `govai digest --uncertain delivered|resend [--to <destination>] [--digest <id>]`: the operator's answer for digest
// sends that got no answer on a platform that cannot be asked what was posted (Teams). The bot never re-sends those
// on its own; someone who looked at the channel says whether the post arrived.
// - delivered: recorded as sent (with the parts confirmed so far), so nothing is posted again;
// - resend: the unanswered part and those after it are posted now (confirmed parts are not), through the same
//   delivery log the running bot uses.

export type UncertainAction = 'delivered' | 'resend';

export function parseUncertainAction(value: string): UncertainAction {
  if (value === 'delivered' || value === 'resend') return value;
  throw new CliError(
    `govai digest: --uncertain must be "delivered" (the post arrived) or "resend" (it did not) (got "${value}")`,
  );
}

/** Owed rows whose last send got no answer, optionally of one digest and destination. */
export function uncertainDeliveries(
  deliveries: DeliveryLog,
  filter: { digest?: string; destination?: string } = {},
): DeliveryRecord[] {
  return deliveries
    .retryable(filter.digest)
    .filter(
      (r) =>
        r.inFlightSince !== undefined && (filter.destination === undefined || r.destination === filter.destination),
    );
}

export async function resolveUncertain(
  io: CliIO,
  ctx: Ctx,
  action: UncertainAction,
  filter: { digest?: string; destination?: string },
): Promise<number> {
  const store = openOrFail(storeLocation(ctx.config), false);
  try {
    const rows = uncertainDeliveries(store.deliveries, filter);
    if (rows.length === 0) {
      io.stderr.write('no digest send is waiting for an answer (nothing to resolve)\n');
      return 0;
    }
    const now = ctx.clock();
    if (action === 'delivered') {
      for (const r of rows) {
        store.deliveries.markSent(r.id, r.partIds, now);
        io.stderr.write(`recorded ${r.digest} to ${r.destination} (slot ${r.slot}) as delivered; not posted again\n`);
      }
      return 0;
    }
    for (const r of rows) store.deliveries.settleAttempt(r.id);
    const logger = createLogger(ctx.config.env.logLevel ?? 'silent', process.stderr);
    const { publishers, opened } = await openPublishers(
      ctx,
      [...new Set(rows.map((r) => r.destination))],
      logger,
      store,
      io,
    );
    try {
      const outcomes = await retryOwed(
        cliSendSettings(ctx, store, publishers, logger),
        ctx.config.file.digests,
        filter.digest,
      );
      const ids = new Set(rows.map((r) => r.destination));
      let failed = 0;
      for (const o of outcomes.filter((x) => ids.has(x.destination))) {
        if (o.status === 'sent')
          io.stderr.write(`re-sent to ${o.destination}: ${plural(o.briefingIds.length, 'briefing')}\n`);
        else if (o.status === 'failed') {
          failed++;
          io.stderr.write(`FAILED ${o.destination}: ${o.error}\n`);
        } else io.stderr.write(`${o.destination}: ${o.status}\n`);
      }
      return failed > 0 ? 1 : 0;
    } finally {
      await Promise.allSettled(opened.map((p) => p.close()));
    }
  } finally {
    store.close();
  }
}
