import type { Time, TimerHandle } from '../core/time.js';
import { systemTime } from '../time/system-time.js';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../log/logger.js';
import type { BriefingRepository, ReloadReport } from '../sources/repository.js';

// Hot reload: any change in the briefings directory triggers one debounced reload of the repository. The
// repository keeps the last good version of a file that fails validation; the problem is logged here.

export interface BriefingsWatcher {
  /** Resolves once the watcher is listening. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Quiet period after the last event before reloading (editors write in bursts). */
  debounceMs?: number;
  time?: Pick<Time, 'setTimeout' | 'clearTimeout'>;
  logger?: Logger;
  /** Polling instead of fs events (network file systems, some containers). */
  usePolling?: boolean;
  onReload?: (report: ReloadReport) => void;
}

export function watchBriefings(repository: BriefingRepository, options: WatchOptions = {}): BriefingsWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const log = options.logger;
  const time = options.time ?? systemTime;
  let timer: TimerHandle | undefined;
  let closed = false;
  const reported = new Map<string, string>();

  const reload = async () => {
    timer = undefined;
    if (closed) return;
    try {
      const report = await repository.reload();
      const changed = report.added.length + report.changed.length + report.removed.length;
      if (changed > 0)
        log?.info({ added: report.added, changed: report.changed, removed: report.removed }, 'briefings reloaded');
      // Log a file's problem once per distinct message, not on every unrelated reload.
      const current = new Map(report.problems.map((p) => [p.file, `${p.field} ${p.message}`]));
      for (const [file, message] of current) {
        if (reported.get(file) !== message)
          log?.error(
            { file, problem: message },
            `briefing file rejected (the last good version stays served): ${file}: ${message}`,
          );
      }
      reported.clear();
      for (const [k, v] of current) reported.set(k, v);
      options.onReload?.(report);
    } catch (error) {
      log?.error({ err: error }, 'briefings reload failed');
    }
  };
  const schedule = () => {
    if (closed) return;
    if (timer) time.clearTimeout(timer);
    timer = time.setTimeout(() => void reload(), debounceMs);
  };

  const watcher: FSWatcher = watch(repository.dir, {
    ignoreInitial: true,
    depth: 0,
    usePolling: options.usePolling ?? false,
    interval: 500,
    // Hidden files are editors' swap files and our own temp files.
    ignored: (file) => file !== repository.dir && path.basename(file).startsWith('.'),
  });
  watcher.on('all', (_event, file) => {
    if (/\.(md|markdown)$/i.test(file)) schedule();
  });
  watcher.on('error', (error) => log?.warn({ err: error, dir: repository.dir }, 'briefings watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) time.clearTimeout(timer);
      await watcher.close();
    },
  };
}
