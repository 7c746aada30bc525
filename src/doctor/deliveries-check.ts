import { systemTime } from '../time/system-time.js';
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { plural } from '../core/plural.js';
import { readBotStatus, statusFileOf } from '../schedule/bot-status.js';
import { isPostgresUrl, openStore, StoreError, storeExists, storeLocation } from '../store/store.js';
import type { DoctorCheck, DoctorFinding } from './types.js';

/** Below this much free space where the database lives, recording "sent" may fail (and the bot stops sending). */
const LOW_SPACE_BYTES = 8 * 1024 * 1024;
const INCIDENT_DAYS = 7;

export interface DeliveriesCheckOptions {
  /** Free bytes on the file system holding `dir` (undefined: unknown). */
  freeBytes?: (dir: string) => number | undefined;
  now?: () => number;
  /** Whether a process id is running (default: signal 0). */
  isAlive?: (pid: number) => boolean;
}

/** An unanswered send older than this is no send in progress: the bot died, got no answer, or stopped sending. */
const STALE_IN_FLIGHT_MS = 5 * 60_000;

function freeBytesOf(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/** The delivery log: can it be opened, and which digest destinations are failing (and why). */
export const deliveriesCheck: DoctorCheck = makeDeliveriesCheck();

export function makeDeliveriesCheck(options: DeliveriesCheckOptions = {}): DoctorCheck {
  const freeBytes = options.freeBytes ?? freeBytesOf;
  const now = options.now ?? systemTime.now;
  return {
    name: 'digests',
    async run(ctx) {
      const { dbPath, file } = ctx.config;
      if (file.digests.length === 0 && !storeExists(ctx.config)) return [];
      if (!storeExists(ctx.config))
        return [
          { area: 'digests', status: 'ok', message: `no delivery log yet (${dbPath} is created on first start)` },
        ];
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
          message:
            `${f.permanent ? 'cannot deliver' : 'still failing, will retry'} (slot ${f.slot}, ` +
            `${plural(f.attempts, 'attempt')}): ${f.error ?? 'unknown error'}`,
          ...(f.permanent ? { fix: fixFor(f.destination, f.error ?? '') } : {}),
        }));
        const configured = new Set(file.digests.flatMap((d) => d.to.map((to) => `${d.id} ${to}`)));
        const owed = store.deliveries
          .retryable()
          .filter((r) => r.status === 'pending' && configured.has(`${r.digest} ${r.destination}`));
        // Store health: a full disk makes recording "sent" fail, and the bot then stops sending (it never re-posts).
        const local = !isPostgresUrl(storeLocation(ctx.config)) && dbPath !== ':memory:';
        const free = local ? freeBytes(path.dirname(path.resolve(dbPath))) : undefined;
        if (free !== undefined && free < LOW_SPACE_BYTES)
          findings.push({
            area: 'database',
            status: 'fail',
            message:
              `only ${Math.floor(free / 1024)} KB free where ${dbPath} lives: recording digests as sent can ` +
              `fail, and the bot then stops sending digests until it can record them`,
            fix: 'Free disk space on that file system (or move GOVAI_DB to one with room); sends resume on their own.',
          });
        // The running bot's in-memory stop (recording "sent" failed, or its database was lost), from its status file.
        const running = local ? readBotStatus(statusFileOf(dbPath), options.isAlive) : undefined;
        if (running?.lost)
          findings.push({
            area: 'database',
            status: 'fail',
            message: `the running bot (pid ${running.pid}) has stopped every digest send: ${running.lost}`,
            fix:
              'Restore the database file and restart the bot (a restart on an empty log would post again what ' +
              'was delivered).',
          });
        for (const s of running?.stopped ?? [])
          findings.push({
            area: `digest -> ${s.destination}`,
            status: 'fail',
            message:
              `the running bot (pid ${running!.pid}) stopped digest sends here at ` +
              `${new Date(s.since).toISOString()}: a digest was posted but recording it as sent failed ` +
              `(${s.error})`,
            fix:
              'Free disk space where the database lives (or fix the file); the bot records what it posted and ' +
              'resumes on its own.',
          });
        for (const incident of store.deliveries.incidents(now() - INCIDENT_DAYS * 86_400_000))
          findings.push({
            area: incident.destination ? `digest -> ${incident.destination}` : 'database',
            status: 'warn',
            message:
              `recording a digest as sent failed (${incident.error}) on ` +
              `${new Date(incident.at).toISOString()}: ${incident.detail}`,
          });
        const unresolved = store.deliveries
          .retryable()
          .filter((r) => r.inFlightSince !== undefined && configured.has(`${r.digest} ${r.destination}`));
        for (const r of unresolved) {
          const minutes = Math.floor((now() - r.inFlightSince!) / 60_000);
          const stale = now() - r.inFlightSince! > STALE_IN_FLIGHT_MS ? `, ${plural(minutes, 'minute')} ago` : '';
          const begun =
            `a send begun ${new Date(r.inFlightSince!).toISOString()}${stale} got no answer (slot ` +
            `${r.slot}${r.partIds.length > 0 ? `, ${plural(r.partIds.length, 'part')} confirmed` : ''})`;
          findings.push(
            r.destination.startsWith('teams:')
              ? {
                  area: `digest ${r.digest} -> ${r.destination}`,
                  status: 'fail',
                  message: `${begun}: Teams cannot be asked whether it arrived, so it is not re-sent automatically`,
                  fix:
                    `Look in the channel: if the digest is there, run govai digest --uncertain delivered --to ` +
                    `${r.destination}; if not, govai digest --uncertain resend --to ${r.destination}.`,
                }
              : {
                  area: `digest ${r.digest} -> ${r.destination}`,
                  status: 'warn',
                  message: `${begun}: the bot looks it up on the platform before posting it again`,
                },
          );
        }
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
}

function fixFor(destination: string, error: string): string {
  if (/not configured/.test(error)) return error.replace(/^.*\(/, '').replace(/\)$/, '');
  if (destination.startsWith('slack:'))
    return 'Check the channel id and invite the bot to the channel (/invite @govai).';
  if (destination.startsWith('discord:'))
    return 'Check the channel id, and give the bot View Channel, Send Messages and Embed Links there.';
  return 'Check the destination in govai.config.yaml.';
}
