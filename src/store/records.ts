import type { SqlDriver } from './sql.js';

// Small keyed records kept as JSON, and leases: what a replica set needs beyond the delivery log. Both sit on the SQL
// port, so SQLite and PostgreSQL behave the same (tests/store/store-contract.test.ts).

/** Keyed JSON values in one table (feed state: one row per feed URL). The shape is the caller's. */
export interface JsonRecords<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  all(): Array<[string, T]>;
}

export function sqlFeedStates(sql: SqlDriver, clock: () => number = Date.now): JsonRecords<unknown> {
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
