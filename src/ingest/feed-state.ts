import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonRecords } from '../store/records.js';

// What the poller remembers per feed, so a restart neither re-ingests items nor forgets a backoff.

export interface FeedState {
  /** False until the first successful poll (which applies `backfill`). */
  initialized: boolean;
  etag?: string;
  lastModified?: string;
  /** Item keys already handled (ingested, duplicates or given up), newest last, bounded. */
  seen: string[];
  /** Failed attempts per item key (a page that fails repeatedly is given up after a few polls). */
  itemFailures?: Record<string, number>;
  /** Consecutive failed polls; 0 when healthy. */
  failures: number;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  /** Epoch ms before which the feed is not polled (interval or backoff). */
  nextAttemptAt?: number;
  lastError?: string;
  itemsIngested?: number;
}

/** A small port: the poller's memory. Synchronous so a SQLite table could back it directly. */
export interface FeedStateStore {
  get(feedUrl: string): FeedState | undefined;
  set(feedUrl: string, state: FeedState): void;
  all(): Array<[string, FeedState]>;
}

export const MAX_SEEN_PER_FEED = 2_000;

export function emptyFeedState(): FeedState {
  return { initialized: false, seen: [], failures: 0 };
}

export function memoryFeedState(): FeedStateStore {
  const map = new Map<string, FeedState>();
  return {
    get: (url) => {
      const s = map.get(url);
      return s ? structuredClone(s) : undefined;
    },
    set: (url, state) => void map.set(url, structuredClone(state)),
    all: () => [...map.entries()].map(([k, v]) => [k, structuredClone(v)]),
  };
}

/**
 * A JSON file of feed states, rewritten atomically (temp file + rename) on each change. Small by design (one
 * entry per configured feed); the SQLite store may replace it behind the same port.
 */
export function jsonFileFeedState(file: string, onError?: (error: Error) => void): FeedStateStore {
  let data: Record<string, FeedState> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { feeds?: Record<string, FeedState> };
    if (parsed && typeof parsed.feeds === 'object' && parsed.feeds) data = parsed.feeds;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      onError?.(new Error(`${file} could not be read; feed state starts empty (${(error as Error).message})`));
  }
  const save = () => {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify({ version: 1, feeds: data }, null, 1)}\n`);
      renameSync(temp, file);
    } catch (error) {
      onError?.(error as Error);
    }
  };
  return {
    get: (url) => (data[url] ? structuredClone(data[url]) : undefined),
    set(url, state) {
      data[url] = structuredClone(state);
      save();
    },
    all: () => Object.entries(data).map(([k, v]) => [k, structuredClone(v)]),
  };
}

/**
 * The feed state kept in the store (SQLite or PostgreSQL: every replica sees what the poller recorded). A feed-state
 * JSON file an earlier govai wrote next to GOVAI_DB is imported once when the table has nothing for its feeds, then
 * renamed `feeds-state.json.imported` (kept, not deleted).
 */
export function storeFeedState(
  records: JsonRecords<unknown>,
  legacyFile?: string,
  onImport?: (file: string, feeds: number) => void,
): FeedStateStore {
  if (legacyFile && existsSync(legacyFile)) {
    const legacy = jsonFileFeedState(legacyFile);
    const entries = legacy.all().filter(([url]) => records.get(url) === undefined);
    for (const [url, state] of entries) records.set(url, state);
    try {
      renameSync(legacyFile, `${legacyFile}.imported`);
    } catch {
      // Read-only directory: harmless, the entries are in the store and are not imported over newer ones again.
    }
    onImport?.(legacyFile, entries.length);
  }
  return {
    get: (url) => records.get(url) as FeedState | undefined,
    set: (url, state) => records.set(url, state),
    all: () => records.all() as Array<[string, FeedState]>,
  };
}

/** The feed-state file next to the database (GOVAI_DB), or undefined for an in-memory database. */
export function feedStatePath(dbPath: string): string | undefined {
  if (dbPath === ':memory:') return undefined;
  return path.join(path.dirname(dbPath), 'feeds-state.json');
}
