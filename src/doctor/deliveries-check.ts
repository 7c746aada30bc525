import { plural } from '../core/plural.js';
import { openStore, StoreError, storeExists, storeLocation } from '../store/store.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

/** The delivery log: can it be opened, and which digest destinations are failing (and why). */
export const deliveriesCheck: DoctorCheck = {
  name: 'digests',
  async run(ctx) {
    const { dbPath, file } = ctx.config;
    if (file.digests.length === 0 && !storeExists(ctx.config)) return [];
    if (!storeExists(ctx.config))
      return [{ area: 'digests', status: 'ok', message: `no delivery log yet (${dbPath} is created on first start)` }];
    let store: ReturnType<typeof openStore>;
    try {
      store = openStore(storeLocation(ctx.config), { readonly: true });
    } catch (error) {
      const message =
        error instanceof StoreError ? error.message : `cannot read ${dbPath}: ${(error as Error).message}`;
      return [
        {
          area: 'database',
          status: 'fail',
          message,
          fix: 'Restore a backup or move the file aside (govai never deletes it), or set GOVAI_DB to another path.',
        },
      ];
    }
    try {
      const failures = store.deliveries.failures();
      const findings: DoctorFinding[] = failures.map((f) => ({
        area: `digest ${f.digest} -> ${f.destination}`,
        status: f.permanent ? 'fail' : 'warn',
        message: `${f.permanent ? 'cannot deliver' : 'still failing, will retry'} (slot ${f.slot}, ${plural(f.attempts, 'attempt')}): ${f.error ?? 'unknown error'}`,
        ...(f.permanent ? { fix: fixFor(f.destination, f.error ?? '') } : {}),
      }));
      const configured = new Set(file.digests.flatMap((d) => d.to.map((to) => `${d.id} ${to}`)));
      const owed = store.deliveries
        .retryable()
        .filter((r) => r.status === 'pending' && configured.has(`${r.digest} ${r.destination}`));
      if (owed.length > 0)
        findings.push({
          area: 'digests',
          status: 'warn',
          message: `${plural(owed.length, 'digest send')} pending; the running bot retries them on start`,
        });
      if (findings.length === 0)
        findings.push({ area: 'digests', status: 'ok', message: `no failing digest destinations (${dbPath})` });
      return findings;
    } finally {
      store.close();
    }
  },
};

function fixFor(destination: string, error: string): string {
  if (/not configured/.test(error)) return error.replace(/^.*\(/, '').replace(/\)$/, '');
  if (destination.startsWith('slack:'))
    return 'Check the channel id and invite the bot to the channel (/invite @govai).';
  if (destination.startsWith('discord:'))
    return 'Check the channel id, and give the bot View Channel, Send Messages and Embed Links there.';
  return 'Check the destination in govai.config.yaml.';
}
