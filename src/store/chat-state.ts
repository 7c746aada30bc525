import { systemTime } from '../time/system-time.js';
import type { CooldownStore, SeenEvents, ThreadMemory } from '../core/ports.js';
import type { SqlDriver } from './sql.js';

// The core's synchronous ports, backed by the store so a restart (or another replica) neither reopens a cooldown nor
// answers a retried platform event twice.

/** How long an event id is remembered: Slack retries within minutes, gateway replays within a session. */
export const SEEN_EVENT_TTL_MS = 24 * 3_600_000;
export const MAX_THREADS = 50_000;
/** Prune every this many writes rather than on each one. */
const PRUNE_EVERY = 500;

export function sqlCooldowns(sql: SqlDriver, clock: () => number = systemTime.now): CooldownStore {
  let writes = 0;
  return {
    get: (key) => sql.get<{ until_ms: number }>('SELECT until_ms FROM cooldowns WHERE key = ?', [key])?.until_ms,
    set(key, untilMs) {
      sql.run(
        'INSERT INTO cooldowns (key, until_ms) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until_ms = excluded.until_ms',
        [key, untilMs],
      );
      if (++writes % PRUNE_EVERY === 0) sql.run('DELETE FROM cooldowns WHERE until_ms < ?', [clock()]);
    },
  };
}

export function sqlSeenEvents(sql: SqlDriver, ttlMs = SEEN_EVENT_TTL_MS): SeenEvents {
  let writes = 0;
  return {
    firstSeen(id, nowMs) {
      // The primary key decides: on two replicas receiving the same retried event, exactly one insert succeeds.
      const fresh =
        sql.run('INSERT INTO seen_events (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [id, nowMs]) === 1;
      if (fresh && ++writes % PRUNE_EVERY === 0) pruneSeenEvents(sql, nowMs, ttlMs);
      return fresh;
    },
  };
}

/** Removes event ids older than the TTL; called at start-up so the table stays small across restarts. */
export function pruneSeenEvents(sql: SqlDriver, nowMs: number, ttlMs = SEEN_EVENT_TTL_MS): number {
  return sql.run('DELETE FROM seen_events WHERE seen_at < ?', [nowMs - ttlMs]);
}

export function sqlThreads(sql: SqlDriver, clock: () => number = systemTime.now, max = MAX_THREADS): ThreadMemory {
  // SQLite needs a LIMIT before OFFSET (-1: no limit); PostgreSQL takes OFFSET alone.
  const beyond = sql.dialect === 'sqlite' ? 'LIMIT -1 OFFSET ?' : 'OFFSET ?';
  let writes = 0;
  return {
    get: (key) =>
      sql.get<{ briefing_id: string }>('SELECT briefing_id FROM thread_memory WHERE thread_key = ?', [key])
        ?.briefing_id,
    set(key, briefingId) {
      sql.run(
        `INSERT INTO thread_memory (thread_key, briefing_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (thread_key) DO UPDATE SET briefing_id = excluded.briefing_id, updated_at = excluded.updated_at`,
        [key, briefingId, clock()],
      );
      if (++writes % PRUNE_EVERY === 0) {
        sql.run(
          `DELETE FROM thread_memory WHERE thread_key IN (SELECT thread_key FROM thread_memory ORDER BY updated_at DESC ${beyond})`,
          [max],
        );
      }
    },
  };
}
