import { systemTime } from '../../time/system-time.js';
import { plural } from '../../core/plural.js';
import { formatInZone, nextRunTimes } from '../../schedule/cron-times.js';
import type { DeliveryRecord } from '../../store/delivery-log.js';
import { openStore, StoreError, storeExists, storeLocation } from '../../store/store.js';
import { CliError, type CliCommand } from '../io.js';
import { loadCliConfig, parseCliArgs } from '../shared.js';

// `govai schedule`: what will be posted when, and what happened last time, per destination. Reads the delivery log
// without changing it (and without creating it).

export const scheduleCommand: CliCommand = {
  name: 'schedule',
  usage: 'schedule [--format text|json]',
  summary: 'List each digest with its next three run times (in its time zone) and the last delivery per destination.',
  async run(args, io) {
    const { values } = parseCliArgs('schedule', args, { format: { type: 'string', short: 'f' } });
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new CliError(`govai schedule: --format must be text or json (got "${format}")`);
    const config = loadCliConfig(io);
    const digests = config.file.digests;
    let last = (_digest: string): DeliveryRecord[] => [];
    let lastSent = (_digest: string): DeliveryRecord[] => [];
    let close = (): void => undefined;
    if (digests.length > 0 && storeExists(config)) {
      try {
        const store = openStore(storeLocation(config), { readonly: true });
        last = (d) => store.deliveries.lastPerDestination(d);
        lastSent = (d) => store.deliveries.lastSentPerDestination(d);
        close = () => store.close();
      } catch (error) {
        if (error instanceof StoreError) throw new CliError(`govai schedule: ${error.message}`, 1);
        throw error;
      }
    }
    try {
      const now = (io.time ?? systemTime).now();
      const rows = digests.map((d) => {
        const byDest = new Map(last(d.id).map((r) => [r.destination, r]));
        const sentByDest = new Map(lastSent(d.id).map((r) => [r.destination, r]));
        return {
          id: d.id,
          cron: d.cron,
          timezone: d.timezone,
          next: nextRunTimes(d.cron, d.timezone, now, 3),
          destinations: d.to.map((to) => ({ destination: to, last: byDest.get(to), lastSent: sentByDest.get(to) })),
        };
      });
      if (format === 'json') {
        io.stdout.write(
          `${JSON.stringify(
            rows.map((r) => ({
              ...r,
              next: r.next.map((n) => n.toISOString()),
              destinations: r.destinations.map((x) => ({
                destination: x.destination,
                last: x.last ?? null,
                lastSent: x.lastSent ?? null,
              })),
            })),
            null,
            2,
          )}\n`,
        );
        return 0;
      }
      if (rows.length === 0) {
        io.stdout.write(
          'No digests configured. Add a `digests:` section to govai.config.yaml (see govai.config.example.yaml).\n',
        );
        return 0;
      }
      for (const r of rows) {
        io.stdout.write(`${r.id}  "${r.cron}"  ${r.timezone}\n  next runs:\n`);
        for (const n of r.next) io.stdout.write(`    ${formatInZone(n, r.timezone)}\n`);
        io.stdout.write('  last delivery:\n');
        const width = Math.max(...r.destinations.map((x) => x.destination.length));
        for (const x of r.destinations)
          io.stdout.write(`    ${x.destination.padEnd(width)}  ${lastDelivery(x.last, x.lastSent, r.timezone)}\n`);
        io.stdout.write('\n');
      }
      return 0;
    } finally {
      close();
    }
  },
};

/**
 * The last delivery a reader cares about: the last one that was sent. A later empty run ("nothing new") is a
 * footnote to it, not a replacement; a later failure or pending send comes first, since it needs attention.
 */
function lastDelivery(latest: DeliveryRecord | undefined, sent: DeliveryRecord | undefined, timezone: string): string {
  if (!latest) return 'never';
  if (!sent || latest.id === sent.id) return describe(latest, timezone);
  const sentText = describe(sent, timezone);
  if (latest.status === 'skipped')
    return `${sentText}; nothing new since (checked ${formatInZone(new Date(latest.slot), timezone)})`;
  return `${describe(latest, timezone)}; last sent: ${sentText}`;
}

function describe(r: DeliveryRecord | undefined, timezone: string): string {
  if (!r) return 'never';
  const slot = `slot ${formatInZone(new Date(r.slot), timezone)}${r.trigger === 'schedule' ? '' : `, ${r.trigger}`}`;
  switch (r.status) {
    case 'sent':
      return `sent ${plural(r.briefingIds.length, 'briefing')} (${slot})`;
    case 'skipped':
      return `skipped, nothing new (${slot})`;
    case 'pending':
      return `pending, ${plural(r.attempts, 'attempt')} so far (${slot})`;
    case 'failed':
      return (
        `FAILED${r.permanent ? '' : ', will retry'} after ${plural(r.attempts, 'attempt')}: ` +
        `${r.error ?? 'unknown error'} (${slot})`
      );
  }
}
