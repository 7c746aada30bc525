import type Database from 'better-sqlite3';
import type { CooldownStore, SeenEvents, ThreadMemory } from '../core/ports.js';

// The core's synchronous ports, backed by SQLite so a restart neither reopens a cooldown nor answers a
// retried platform event twice. better-sqlite3 is synchronous, which is why the ports are.

/** How long an event id is remembered: Slack retries within minutes, gateway replays within a session. */
export const SEEN_EVENT_TTL_MS = 24 * 3_600_000;
export const MAX_THREADS = 50_000;
/** Prune every this many writes rather than on each one. */
const PRUNE_EVERY = 500;

export function sqliteCooldowns(db: Database.Database, clock: () => number = Date.now): CooldownStore {
  const get = db.prepare<[string], { until_ms: number }>('SELECT until_ms FROM cooldowns WHERE key = ?');
  const set = db.prepare(
    'INSERT INTO cooldowns (key, until_ms) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until_ms = excluded.until_ms',
  );
  const prune = db.prepare('DELETE FROM cooldowns WHERE until_ms < ?');
  let writes = 0;
  return {
    get: (key) => get.get(key)?.until_ms,
    set(key, untilMs) {
      set.run(key, untilMs);
      if (++writes % PRUNE_EVERY === 0) prune.run(clock());
    },
  };
}

export function sqliteSeenEvents(db: Database.Database, ttlMs = SEEN_EVENT_TTL_MS): SeenEvents {
  const insert = db.prepare('INSERT INTO seen_events (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
  const prune = db.prepare('DELETE FROM seen_events WHERE seen_at < ?');
  let writes = 0;
  return {
    firstSeen(id, nowMs) {
      const fresh = insert.run(id, nowMs).changes === 1;
      if (fresh && ++writes % PRUNE_EVERY === 0) prune.run(nowMs - ttlMs);
      return fresh;
    },
  };
}

/** Removes event ids older than the TTL; called at start-up so the table stays small across restarts. */
export function pruneSeenEvents(db: Database.Database, nowMs: number, ttlMs = SEEN_EVENT_TTL_MS): number {
  return db.prepare('DELETE FROM seen_events WHERE seen_at < ?').run(nowMs - ttlMs).changes;
}

export function sqliteThreads(db: Database.Database, clock: () => number = Date.now, max = MAX_THREADS): ThreadMemory {
  const get = db.prepare<[string], { briefing_id: string }>(
    'SELECT briefing_id FROM thread_memory WHERE thread_key = ?',
  );
  const set = db.prepare(
    `INSERT INTO thread_memory (thread_key, briefing_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (thread_key) DO UPDATE SET briefing_id = excluded.briefing_id, updated_at = excluded.updated_at`,
  );
  const prune = db.prepare(
    'DELETE FROM thread_memory WHERE thread_key IN (SELECT thread_key FROM thread_memory ORDER BY updated_at DESC LIMIT -1 OFFSET ?)',
  );
  let writes = 0;
  return {
    get: (key) => get.get(key)?.briefing_id,
    set(key, briefingId) {
      set.run(key, briefingId, clock());
      if (++writes % PRUNE_EVERY === 0) prune.run(max);
    },
  };
}
