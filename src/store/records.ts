import { systemTime } from '../time/system-time.js';
import type { SqlDriver } from './sql.js';

// Small keyed records kept as JSON, and leases: what a replica set needs beyond the delivery log. Both sit on the SQL
// port, so SQLite and PostgreSQL behave the same (tests/store/store-contract.test.ts).

/** Keyed JSON values in one table (feed state: one row per feed URL). The shape is the caller's. */
export interface JsonRecords<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  all(): Array<[string, T]>;
}

export function sqlFeedStates(sql: SqlDriver, clock: () => number = systemTime.now): JsonRecords<unknown> {
  return {
    get: (key) => {
      const row = sql.get<{ state: string }>('SELECT state FROM feed_state WHERE feed_url = ?', [key]);
      return row ? (JSON.parse(row.state) as unknown) : undefined;
    },
    set: (key, value) =>
      void sql.run(
        `INSERT INTO feed_state (feed_url, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (feed_url) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        [key, JSON.stringify(value), clock()],
      ),
    all: () =>
      sql
        .all<{ feed_url: string; state: string }>('SELECT feed_url, state FROM feed_state ORDER BY feed_url')
        .map((r) => [r.feed_url, JSON.parse(r.state) as unknown]),
  };
}

/** A briefing file added on one replica (`govai add`, `/govai add`, feeds), for every replica to serve. */
export interface SharedBriefing {
  id: string;
  /** The briefing file's text, exactly as written. */
  content: string;
  /** Who added it (replica or process), for the log. */
  origin: string;
  updatedAt: number;
}

export interface SharedBriefings {
  /** Records a briefing; the first version of an id wins (ids are unique across replicas, as in one folder). */
  put(entry: SharedBriefing): boolean;
  /**
   * Every id recorded. Replicas compare it with what they have rather than follow a time cursor, so neither clock
   * skew between replicas nor a transaction committing late can make one miss a briefing.
   */
  ids(): string[];
  get(id: string): SharedBriefing | undefined;
}

export function sqlSharedBriefings(sql: SqlDriver): SharedBriefings {
  return {
    put: (e) =>
      sql.run(
        'INSERT INTO shared_briefings (id, content, origin, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
        [e.id, e.content, e.origin, e.updatedAt],
      ) === 1,
    ids: () => sql.all<{ id: string }>('SELECT id FROM shared_briefings ORDER BY id').map((r) => r.id),
    get: (id) => {
      const r = sql.get<{ id: string; content: string; origin: string; updated_at: number }>(
        'SELECT id, content, origin, updated_at FROM shared_briefings WHERE id = ?',
        [id],
      );
      return r ? { id: r.id, content: r.content, origin: r.origin, updatedAt: r.updated_at } : undefined;
    },
  };
}

/**
 * Named leases: one holder at a time, until it stops renewing. Used for work exactly one replica may do (polling
 * feeds, holding the Discord gateway); a holder that dies loses the lease when it expires.
 */
export interface LeaseStore {
  /** Takes or renews the lease until `nowMs + ttlMs`; false while another holder's lease runs. */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): boolean;
  /** Gives the lease up (shutdown), so another replica takes over at once. */
  release(name: string, holder: string): void;
  /** The current holder, if its lease runs. */
  holder(name: string, nowMs: number): string | undefined;
}

export function sqlLeases(sql: SqlDriver): LeaseStore {
  return {
    acquire(name, holder, nowMs, ttlMs) {
      const changed = sql.run(
        `INSERT INTO leases (name, holder, until_ms) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
         WHERE leases.holder = excluded.holder OR leases.until_ms <= ?`,
        [name, holder, nowMs + ttlMs, nowMs],
      );
      return changed === 1;
    },
    release: (name, holder) => void sql.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]),
    holder: (name, nowMs) =>
      sql.get<{ holder: string }>('SELECT holder FROM leases WHERE name = ? AND until_ms > ?', [name, nowMs])?.holder,
  };
}

/** The last good parsed content of each briefing file (JSON), keyed by path: served while the file is broken. */
export function sqlLastGoodBriefings(sql: SqlDriver, clock: () => number = systemTime.now): JsonRecords<unknown> {
  return {
    get: (file) => {
      const row = sql.get<{ article: string }>('SELECT article FROM last_good_briefings WHERE file = ?', [file]);
      return row ? (JSON.parse(row.article) as unknown) : undefined;
    },
    set: (file, value) =>
      void sql.run(
        `INSERT INTO last_good_briefings (file, article, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (file) DO UPDATE SET article = excluded.article, updated_at = excluded.updated_at`,
        [file, JSON.stringify(value), clock()],
      ),
    all: () =>
      sql
        .all<{ file: string; article: string }>('SELECT file, article FROM last_good_briefings ORDER BY file')
        .map((r) => [r.file, JSON.parse(r.article) as unknown]),
  };
}
