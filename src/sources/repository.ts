import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { buildBriefing } from '../core/briefing.js';
import { createLibrary, type Library } from '../core/library.js';
import { createSearchIndex } from '../core/search-index.js';
import type { Article, Briefing } from '../core/model.js';
import type { Logger } from '../log/logger.js';
import { listBriefingFiles, readBriefingFile, type FileProblem } from './briefings-dir.js';

export interface ReloadReport {
  added: string[];
  changed: string[];
  removed: string[];
  problems: FileProblem[];
}

export interface BriefingRepository {
  readonly dir: string;
  /** The current library; replaced (not mutated) on each successful reload. */
  library(): Library;
  /** Problems from the last reload (each names its file and field). */
  problems(): readonly FileProblem[];
  /** Re-reads the directory. A file that fails keeps its last good version, so nothing served is lost. */
  reload(): Promise<ReloadReport>;
  /** Called after every reload that changed the library. */
  onChange(listener: (report: ReloadReport) => void): () => void;
}

interface Entry {
  hash: string;
  /** The file's size, inode and change times when it was read: the same on a later reload means it was not changed. */
  sig?: string;
  briefing: Briefing;
  /** File birth time (mtime where the file system has none): who came first owns a duplicated id. */
  born: number;
}

/** Where the last good parsed content of each file is kept across restarts (the store's last_good_briefings). */
export interface LastGoodStore {
  get(file: string): unknown;
  set(file: string, article: unknown): void;
}

/**
 * Articles longer than this are built by `buildHeavy` when given (the running bot: a worker thread with a time and
 * memory budget), so one huge file never holds up answers; shorter ones are built here (a few ms each).
 */
export const HEAVY_ARTICLE_CHARS = 100_000;

/** What identifies this version of a file without reading it (nanosecond times; undefined if it cannot be stat'ed). */
function signature(file: string): string | undefined {
  try {
    const info = statSync(file, { bigint: true, throwIfNoEntry: false });
    return info ? `${info.size}:${info.ino}:${info.mtimeNs}:${info.ctimeNs}` : undefined;
  } catch {
    return undefined; // read as before; readBriefingFile names the problem
  }
}

export function createBriefingRepository(options: {
  dir: string;
  logger?: Logger;
  lastGood?: LastGoodStore;
  /** Builds a long article off the event loop; a rejection (over budget) is reported as the file's problem. */
  buildHeavy?: (article: Article, file: string) => Promise<Briefing>;
  /** Articles longer than this go to `buildHeavy` (default HEAVY_ARTICLE_CHARS; the running bot: 0, every one). */
  heavyChars?: number;
}): BriefingRepository {
  const { dir, logger, lastGood } = options;
  const entries = new Map<string, Entry>();
  // One search index for the repository's lifetime: each reload re-indexes only the briefings that changed.
  const index = createSearchIndex();
  let library = createLibrary([], index);
  let problems: FileProblem[] = [];
  const listeners = new Set<(r: ReloadReport) => void>();
  let running: Promise<ReloadReport> | undefined;
  // Which file serves each id: a later file reusing the id never takes it over, whatever its name.
  const servedBy = new Map<string, string>();

  const doReload = async (): Promise<ReloadReport> => {
    const report: ReloadReport = { added: [], changed: [], removed: [], problems: [] };
    let files: string[];
    try {
      files = await listBriefingFiles(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      report.problems.push({
        file: dir,
        field: 'directory',
        message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`,
      });
      problems = report.problems;
      return report;
    }
    const present = new Set(files);
    for (const file of [...entries.keys()]) {
      if (!present.has(file)) {
        report.removed.push(entries.get(file)!.briefing.id);
        entries.delete(file);
      }
    }
    // Only files changed since they were read are read again: a reload after one file changed at 10,000 briefings
    // costs 10,000 stats, not 10,000 reads and parses. The stats are synchronous on purpose: about 3 us each against
    // 6-25 us through the promise API and libuv's pool (10,000: about 30 ms against 60-250 ms on this machine).
    for (const file of files) {
      const sig = signature(file);
      const known = entries.get(file);
      if (sig !== undefined && known?.sig === sig) continue;
      const result = await readBriefingFile(file);
      let article: Article;
      if (result.ok) article = result.article;
      else {
        const kept = entries.has(file) || safeGet(lastGood, file) !== undefined;
        const note = kept ? ' (its last good version is served meanwhile)' : '';
        report.problems.push(...result.problems.map((p) => ({ ...p, message: p.message + note })));
        // The previous good version (if any) stays in `entries`; after a restart it comes from the store.
        const stored = entries.has(file) ? undefined : (safeGet(lastGood, file) as Article | undefined);
        if (!stored) continue;
        logger?.warn({ file }, `briefing file is broken; serving its last good version from the store: ${file}`);
        article = stored;
      }
      const hash = createHash('sha1').update(JSON.stringify(article)).digest('hex');
      const old = entries.get(file);
      if (old?.hash === hash) {
        // Touched but not changed: remember the new stat so the next reload skips it.
        if (result.ok && sig !== undefined) old.sig = sig;
        continue;
      }
      try {
        const heavy = options.buildHeavy && articleChars(article) > (options.heavyChars ?? HEAVY_ARTICLE_CHARS);
        const briefing = heavy ? await options.buildHeavy!(article, file) : buildBriefing(article);
        if (result.ok) safeSet(lastGood, file, article, logger);
        const info = await stat(file).catch(() => undefined);
        entries.set(file, {
          hash,
          // Only a good read is remembered as such: a broken file serving its last good version is read again.
          ...(result.ok && sig !== undefined ? { sig } : {}),
          briefing,
          born: old?.born ?? (info ? info.birthtimeMs || info.mtimeMs : Number.MAX_SAFE_INTEGER),
        });
        (old ? report.changed : report.added).push(briefing.id);
      } catch (error) {
        // The core should never throw; if it does, the file is reported instead of taking the bot down.
        report.problems.push({
          file,
          field: 'body',
          message: `could not be turned into a briefing (${(error as Error).message})`,
        });
      }
    }
    const seen = new Map<string, string>();
    const unique: Briefing[] = [];
    // The file already serving an id first, then by birth time, the name only breaking ties: stable across restarts
    // (birth order does not change) and not by file name, so `aaa-copy.md` cannot hijack a served briefing.
    const rank = ([file, entry]: [string, Entry]) => (servedBy.get(entry.briefing.id) === file ? -1 : entry.born);
    for (const [file, entry] of [...entries.entries()].sort((a, b) => rank(a) - rank(b) || a[0].localeCompare(b[0]))) {
      const first = seen.get(entry.briefing.id);
      if (first) {
        report.problems.push({ file, field: 'id', message: `"${entry.briefing.id}" is already used by ${first}` });
        continue;
      }
      seen.set(entry.briefing.id, file);
      unique.push(entry.briefing);
    }
    servedBy.clear();
    for (const [id, file] of seen) servedBy.set(id, file);
    problems = report.problems;
    for (const p of report.problems)
      logger?.warn({ file: p.file, field: p.field }, `briefing skipped: ${p.file}: ${p.field} ${p.message}`);
    if (
      report.added.length + report.changed.length + report.removed.length > 0 ||
      library.briefings.length !== unique.length
    ) {
      library = createLibrary(unique, index);
      for (const l of listeners) l(report);
    }
    return report;
  };

  return {
    dir,
    library: () => library,
    problems: () => problems,
    reload() {
      // Serialise reloads: a watcher may fire while one is running.
      const next = (running ?? Promise.resolve()).then(doReload, doReload);
      running = next;
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safeGet(store: LastGoodStore | undefined, file: string): unknown {
  try {
    return store?.get(file);
  } catch {
    return undefined;
  }
}

/** Keeping the last good copy is a safety net: a store that cannot write is logged, never fatal to a reload. */
function safeSet(store: LastGoodStore | undefined, file: string, article: Article, logger?: Logger): void {
  if (!store) return;
  try {
    const known = store.get(file);
    if (JSON.stringify(known) !== JSON.stringify(article)) store.set(file, article);
  } catch (error) {
    logger?.warn({ file }, `could not keep the last good version of ${file}: ${(error as Error).message}`);
  }
}

function articleChars(a: Article): number {
  return a.title.length + a.body.length;
}
