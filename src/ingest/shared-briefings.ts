import type { Time } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import type { SharedBriefings } from '../store/store.js';

// Briefings every replica serves. With PostgreSQL, a briefing added on one replica (govai add, /govai add, a feed)
// is recorded in the database too, and every replica writes the ones it lacks into its own briefings/ folder, where
// hot reload picks them up. The folder stays the source of truth editors work in: a local file is never overwritten.

/** Records a just-written briefing file for the other replicas. */
export async function shareBriefing(
  shared: SharedBriefings,
  written: { id: string; file: string },
  origin: string,
  nowMs: number,
): Promise<void> {
  const content = await readFile(written.file, 'utf8');
  shared.put({ id: written.id, content, origin, updatedAt: nowMs });
}

export interface BriefingSync {
  /** Writes the briefings this replica lacks; returns how many. */
  syncNow(): Promise<number>;
  stop(): void;
}

export function startBriefingSync(options: {
  shared: SharedBriefings;
  dir: string;
  logger: Logger;
  intervalMs?: number;
  time?: Pick<Time, 'setInterval' | 'clearInterval'>;
}): BriefingSync {
  const { shared, dir, logger } = options;
  // Ids already in this folder or already decided (written, or kept as a local file): not looked at again.
  const handled = new Set<string>();
  let running: Promise<number> | undefined;
  const once = async (): Promise<number> => {
    let written = 0;
    for (const id of shared.ids()) {
      if (handled.has(id)) continue;
      handled.add(id);
      // An id is a file name in the folder; anything else is not ours to write.
      if (!/^[a-z0-9][a-z0-9-]{0,199}$/.test(id)) continue;
      const entry = shared.get(id);
      if (!entry) continue;
      const file = path.join(dir, `${id}.md`);
      const temp = path.join(dir, `.${id}.${randomBytes(4).toString('hex')}.sync.tmp`);
      try {
        await writeFile(temp, entry.content, { flag: 'wx' });
        // link() refuses to replace: a local file of that name (an editor's) is kept as it is.
        await link(temp, file);
        written++;
        logger.info({ briefing: id, from: entry.origin }, 'briefing added on another replica written to briefings/');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          handled.delete(id); // retried on the next round
          logger.warn({ err: error, briefing: id }, 'could not write a briefing added on another replica');
        }
      } finally {
        await unlink(temp).catch(() => undefined);
      }
    }
    return written;
  };
  const syncNow = (): Promise<number> => {
    running ??= once().finally(() => {
      running = undefined;
    });
    return running;
  };
  const time = options.time ?? systemTime;
  const timer = time.setInterval(() => {
    syncNow().catch((error: unknown) => logger.warn({ err: error }, 'briefing sync failed; retrying'));
  }, options.intervalMs ?? 2_000);
  timer.unref?.();
  return { syncNow, stop: () => time.clearInterval(timer) };
}
